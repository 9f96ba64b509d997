"""What a visitor reaches: their own routes, map, calendar, elders and records, and nothing
of another visitor's (404, as if it did not exist)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.service.models import AuditEntry, VisitRecord
from api.service.settings import Settings
from api.service.store import past_visits
from planner.model import PastVisit, VisitMode, VisitReason
from tests.api.service.conftest import database, login, make_user
from tests.api.service.planned import MONDAY, plan_the_week


@pytest.fixture
def two_visitors(
    client: TestClient, imported: dict[str, str], settings: Settings
) -> tuple[dict[str, str], dict[str, str]]:
    """V01 and V02 of 城关镇 logged in, after the week is planned."""
    plan_the_week(client, imported, settings)
    make_user(settings, "v01", "visitor", visitor_id="V01")
    make_user(settings, "v02", "visitor", visitor_id="V02")
    return login(client, "v01"), login(client, "v02")


def record(elder_id: str = "E001") -> dict[str, object]:
    return {
        "date": MONDAY,
        "elder_id": elder_id,
        "mode": "home",
        "duration_minutes": 30,
        "note": "血压正常",
        "topics": ["health"],
    }


def test_a_visitor_reads_their_day_as_geojson(
    client: TestClient, two_visitors: tuple[dict[str, str], dict[str, str]]
) -> None:
    mine, _ = two_visitors
    answer = client.get(f"/visitors/V01/routes/{MONDAY}", headers=mine)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/geo+json"
    features = answer.json()["features"]
    kinds = [feature["geometry"]["type"] for feature in features]
    assert kinds == ["LineString", "Point"]
    assert features[1]["properties"]["elder_id"] == "E001"


@pytest.mark.parametrize(
    "path",
    [
        f"/visitors/V02/routes/{MONDAY}",
        f"/visitors/V02/routes/{MONDAY}/map",
        f"/visitors/V02/map?date={MONDAY}",
        "/visitors/V02/calendar.ics",
        "/elders/E004",
        "/elders/E005",
        "/visitors/NOBODY/calendar.ics",
    ],
)
def test_another_visitors_objects_are_404(
    client: TestClient, two_visitors: tuple[dict[str, str], dict[str, str]], path: str
) -> None:
    mine, _ = two_visitors
    answer = client.get(path, headers=mine)
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"


def test_a_visitor_reads_their_own_elder_masked(
    client: TestClient, two_visitors: tuple[dict[str, str], dict[str, str]]
) -> None:
    mine, _ = two_visitors
    elder = client.get("/elders/E001", headers=mine).json()
    assert elder["masked"] is True
    assert elder["name"] == "张*丰"
    assert elder["phone"] == "138****5678"
    assert elder["facts"] is None


def test_a_coordinator_reads_the_elder_in_full_and_it_is_audited(
    client: TestClient, imported: dict[str, str], settings: Settings
) -> None:
    elder = client.get("/elders/E001", headers=imported).json()
    assert elder["masked"] is False
    assert elder["name"] == "张三丰"
    assert elder["facts"]["id_number"] == "370112194005120013"
    with database(settings) as session:
        reads = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "read_personal_data")
        ).all()
    assert [(entry.username, entry.object) for entry in reads] == [("district", "elder E001")]


def test_another_towns_coordinator_gets_404(
    client: TestClient, imported: dict[str, str], settings: Settings
) -> None:
    make_user(settings, "beiyuan", "coordinator", town="北园街道")
    headers = login(client, "beiyuan")
    assert client.get("/elders/E001", headers=headers).status_code == 404
    assert client.get("/elders/E006", headers=headers).status_code == 200


def test_the_same_record_sent_twice_is_stored_once(
    client: TestClient, two_visitors: tuple[dict[str, str], dict[str, str]], settings: Settings
) -> None:
    mine, _ = two_visitors
    record_id = uuid.uuid4()
    first = client.put(f"/visits/{record_id}", json=record(), headers=mine)
    again = client.put(f"/visits/{record_id}", json=record(), headers=mine)
    assert (first.status_code, again.status_code) == (201, 200)
    with database(settings) as session:
        stored = session.scalars(select(VisitRecord)).all()
    assert [(r.id, r.elder_id, r.visitor_id, r.details["topics"]) for r in stored] == [
        (record_id, "E001", "V01", ["health"])
    ]


def test_a_visitor_may_not_record_for_another_visitors_elder_or_uuid(
    client: TestClient, two_visitors: tuple[dict[str, str], dict[str, str]]
) -> None:
    mine, theirs = two_visitors
    assert (
        client.put(f"/visits/{uuid.uuid4()}", json=record("E004"), headers=mine).status_code == 404
    )
    record_id = uuid.uuid4()
    assert (
        client.put(f"/visits/{record_id}", json=record("E004"), headers=theirs).status_code == 201
    )
    assert client.put(f"/visits/{record_id}", json=record(), headers=mine).status_code == 404


def test_a_nul_character_in_a_record_is_422(
    client: TestClient, two_visitors: tuple[dict[str, str], dict[str, str]]
) -> None:
    mine, _ = two_visitors
    bad = {**record(), "note": "a\x00b"}
    answer = client.put(f"/visits/{uuid.uuid4()}", json=bad, headers=mine)
    assert answer.status_code == 422
    assert client.get("/elders/E%00", headers=mine).status_code in (404, 422)


def test_a_recorded_visit_counts_in_the_history_of_the_next_plan(
    client: TestClient, two_visitors: tuple[dict[str, str], dict[str, str]], settings: Settings
) -> None:
    mine, _ = two_visitors
    client.put(f"/visits/{uuid.uuid4()}", json=record(), headers=mine)
    weather = {**record(), "date": "2024-05-07", "reason": "weather", "mode": "phone"}
    assert client.put(f"/visits/{uuid.uuid4()}", json=weather, headers=mine).status_code == 201
    with database(settings) as session:
        history = past_visits(session, ["E001"], date(2024, 5, 13))
    assert history == [
        PastVisit(date(2024, 5, 6), "E001", "V01", VisitMode.HOME),
        PastVisit(date(2024, 5, 7), "E001", "V01", VisitMode.PHONE, VisitReason.WEATHER),
    ]


def test_the_visitors_page_after_logging_in_with_the_form(
    client: TestClient, two_visitors: tuple[dict[str, str], dict[str, str]]
) -> None:
    client.cookies.clear()
    assert client.get("/me/today", follow_redirects=False).status_code == 303
    logged = client.post(
        "/login",
        data={"username": "v01", "password": "correct horse battery"},
        follow_redirects=False,
    )
    assert logged.status_code == 303
    assert "httponly" in logged.headers["set-cookie"].lower()
    assert "samesite=strict" in logged.headers["set-cookie"].lower()
    page = client.get(f"/me/{MONDAY}")
    assert page.status_code == 200
    assert "张*丰" in page.text and "张三丰" not in page.text
    assert client.get("/static/leaflet/leaflet.js").status_code == 200


def test_the_calendar_holds_the_visitors_visits_masked(
    client: TestClient, two_visitors: tuple[dict[str, str], dict[str, str]]
) -> None:
    mine, _ = two_visitors
    answer = client.get("/visitors/V01/calendar.ics", headers=mine)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in answer.content
    assert "张三丰" not in answer.content.decode("utf-8")


def test_a_visitor_opens_their_map_page_by_date(
    client: TestClient, two_visitors: tuple[dict[str, str], dict[str, str]]
) -> None:
    mine, _ = two_visitors
    for path in (f"/visitors/V01/map?date={MONDAY}", f"/visitors/V01/routes/{MONDAY}/map"):
        page = client.get(path, headers=mine)
        assert page.status_code == 200
        assert "张*丰" in page.text and "张三丰" not in page.text
