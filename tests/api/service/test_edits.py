"""Moving a planned visit: If-Match on the plan's ETag (412 stale, 428 missing), rules kept
(409 with why), the days re-timed."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.service.db import make_engine, session_factory
from api.service.models import DayRouteRow
from api.service.settings import Settings
from tests.api.service.conftest import login, make_user
from tests.api.service.planned import plan_the_week

WEDNESDAY = "2024-05-08"


def _visit_of(client: TestClient, location: str, headers: dict[str, str], elder_id: str) -> int:
    roster = client.get(f"{location}/roster", headers=headers).json()
    return int(next(row["id"] for row in roster if row["elder_id"] == elder_id))


def test_a_move_with_the_current_etag_re_times_the_days_and_a_stale_one_is_412(
    client: TestClient, imported: dict[str, str], settings: Settings
) -> None:
    location = plan_the_week(client, imported, settings)
    tag = client.get(location, headers=imported).headers["etag"]
    visit_id = _visit_of(client, location, imported, "E004")
    move = {"date": WEDNESDAY, "visitor_id": "V02"}
    answer = client.patch(
        f"{location}/visits/{visit_id}", json=move, headers={**imported, "If-Match": tag}
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["etag"] != tag
    moved = next(row for row in answer.json() if row["id"] == visit_id)
    assert (moved["date"], moved["visitor_id"], moved["sequence"]) == (WEDNESDAY, "V02", 1)
    roster = client.get(f"{location}/roster", params={"visitor": "V02"}, headers=imported).json()
    assert {(row["elder_id"], row["date"], row["sequence"]) for row in roster} == {
        ("E005", "2024-05-06", 1),
        ("E004", WEDNESDAY, 1),
    }
    with session_factory(make_engine(settings.database_url))() as session:
        routes = session.execute(
            select(DayRouteRow.day, DayRouteRow.elder_ids).where(DayRouteRow.visitor_id == "V02")
        ).all()
    assert sorted((str(day), ids) for day, ids in routes) == [
        ("2024-05-06", ["E005"]),
        (WEDNESDAY, ["E004"]),
    ]
    stale = client.patch(
        f"{location}/visits/{visit_id}",
        json={"date": "2024-05-06", "visitor_id": "V02"},
        headers={**imported, "If-Match": tag},
    )
    assert stale.status_code == 412
    assert stale.headers["content-type"] == "application/problem+json"


def test_a_move_without_if_match_is_428(
    client: TestClient, imported: dict[str, str], settings: Settings
) -> None:
    location = plan_the_week(client, imported, settings)
    visit_id = _visit_of(client, location, imported, "E004")
    answer = client.patch(
        f"{location}/visits/{visit_id}",
        json={"date": WEDNESDAY, "visitor_id": "V02"},
        headers=imported,
    )
    assert answer.status_code == 428


def test_a_move_that_breaks_a_rule_is_409_with_why_and_changes_nothing(
    client: TestClient, imported: dict[str, str], settings: Settings
) -> None:
    location = plan_the_week(client, imported, settings)
    tag = client.get(location, headers=imported).headers["etag"]
    visit_id = _visit_of(client, location, imported, "E004")
    answer = client.patch(
        f"{location}/visits/{visit_id}",
        json={"date": "2024-05-07", "visitor_id": "V02"},  # V02 works Mon, Wed, Fri
        headers={**imported, "If-Match": tag},
    )
    assert answer.status_code == 409
    assert "not a working day" in answer.json()["errors"][0]["message"]
    assert client.get(location, headers=imported).headers["etag"] == tag


def test_an_auditor_may_not_move_and_another_town_gets_404(
    client: TestClient, imported: dict[str, str], settings: Settings
) -> None:
    location = plan_the_week(client, imported, settings)
    tag = client.get(location, headers=imported).headers["etag"]
    visit_id = _visit_of(client, location, imported, "E004")
    make_user(settings, "audit", "auditor")
    make_user(settings, "beiyuan", "coordinator", town="北园街道")
    move = {"date": WEDNESDAY, "visitor_id": "V02"}
    for name, status in (("audit", 403), ("beiyuan", 404)):
        headers = {**login(client, name), "If-Match": tag}
        assert (
            client.patch(f"{location}/visits/{visit_id}", json=move, headers=headers).status_code
            == status
        )
