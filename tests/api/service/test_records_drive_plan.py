"""Records that change the plan, through the service: elders' pauses, visitors' absences,
follow-ups opened by a record's hazards and closed by a care-service record, and a major event
that re-plans the week under way."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.service import clock
from api.service.db import make_engine, session_factory
from api.service.models import AuditEntry
from api.service.settings import Settings
from tests.api.service.conftest import login, make_user
from tests.api.service.planned import MONDAY, WEEK, plan_the_week, run_worker

TUESDAY = (date.fromisoformat(MONDAY) + timedelta(days=1)).isoformat()


def roster_of(client: TestClient, location: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    answer = client.get(f"{location}/roster", headers=headers)
    assert answer.status_code == 200, answer.text
    return list(answer.json())


def unassigned_of(
    client: TestClient, location: str, headers: dict[str, str]
) -> list[dict[str, Any]]:
    return list(client.get(f"{location}/unassigned", headers=headers).json())


def audited(settings: Settings, action: str) -> list[str]:
    engine = make_engine(settings.database_url)
    try:
        with session_factory(engine)() as session:
            query = select(AuditEntry.object).where(AuditEntry.action == action)
            return list(session.scalars(query))
    finally:
        engine.dispose()


def test_a_paused_elder_gets_nothing_planned_and_is_not_counted_short(
    client: TestClient, imported: dict[str, str], settings: Settings
) -> None:
    before = roster_of(client, plan_the_week(client, imported, settings), imported)
    assert any(row["elder_id"] == "E004" for row in before)
    added = client.post(
        "/elders/E004/pauses", json={"start": "2024-04-20", "kind": "hospital"}, headers=imported
    )
    assert added.status_code == 201, added.text
    assert added.json()["end"] is None
    listed = client.get("/elders/E004/pauses", headers=imported).json()
    assert [(p["kind"], p["start"]) for p in listed] == [("hospital", "2024-04-20")]
    location = plan_the_week(client, imported, settings)
    assert not any(row["elder_id"] == "E004" for row in roster_of(client, location, imported))
    assert not any(row["elder_id"] == "E004" for row in unassigned_of(client, location, imported))
    pause_id = listed[0]["id"]
    assert client.delete(f"/elders/E004/pauses/{pause_id}", headers=imported).status_code == 204
    assert client.get("/elders/E004/pauses", headers=imported).json() == []
    location = plan_the_week(client, imported, settings)
    assert any(row["elder_id"] == "E004" for row in roster_of(client, location, imported))
    assert len(audited(settings, "add_pause")) == len(audited(settings, "delete_pause")) == 1


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ({"start": "2024-05-10", "end": "2024-05-01", "kind": "hospital"}, "end"),
        ({"start": "2024-05-01", "kind": "on_holiday"}, "kind"),
        ({"start": "2024-05-01", "end": "2024-05-03", "kind": "deceased"}, "end"),
        ({"start": "1024-05-01", "kind": "hospital"}, "start"),
    ],
)
def test_a_bad_pause_is_422_naming_the_field(
    client: TestClient, imported: dict[str, str], body: dict[str, str], said: str
) -> None:
    answer = client.post("/elders/E004/pauses", json=body, headers=imported)
    assert answer.status_code == 422
    assert all(said in error["location"] for error in answer.json()["errors"]), answer.text


def test_another_towns_coordinator_gets_404_for_pauses_and_absences(
    client: TestClient, imported: dict[str, str], settings: Settings
) -> None:
    make_user(settings, "beiyuan", "coordinator", town="北园街道")
    other = login(client, "beiyuan")
    pause = {"start": "2024-05-01", "kind": "hospital"}
    leave = {"start": "2024-05-06", "end": "2024-05-06", "kind": "sick"}
    assert client.post("/elders/E004/pauses", json=pause, headers=other).status_code == 404
    assert client.get("/elders/E004/pauses", headers=other).status_code == 404
    assert client.post("/visitors/V01/absences", json=leave, headers=other).status_code == 404
    assert client.get("/visitors/V01/absences", headers=other).status_code == 404
    added = client.post("/elders/E004/pauses", json=pause, headers=imported).json()
    assert client.delete(f"/elders/E004/pauses/{added['id']}", headers=other).status_code == 404
    assert client.post("/elders/E006/pauses", json=pause, headers=other).status_code == 201


def test_a_visitors_absence_day_gets_no_visits(
    client: TestClient, imported: dict[str, str], settings: Settings
) -> None:
    before = roster_of(client, plan_the_week(client, imported, settings), imported)
    assert any(r["visitor_id"] == "V01" and r["date"] == MONDAY for r in before)
    leave = {"start": MONDAY, "end": MONDAY, "kind": "training"}
    assert client.post("/visitors/V01/absences", json=leave, headers=imported).status_code == 201
    after = roster_of(client, plan_the_week(client, imported, settings), imported)
    assert not any(r["visitor_id"] == "V01" and r["date"] == MONDAY for r in after)
    assert any(r["elder_id"] == "E001" for r in after), "E001's visit moved to another day"
    assert audited(settings, "add_absence")


def record(**form: Any) -> dict[str, Any]:
    """A record of E001's Monday visit with ``form``'s parts of the notice's form (sections 五
    and 六, as ``PUT /visits`` names them)."""
    return {
        "date": MONDAY,
        "elder_id": "E001",
        "mode": "home",
        "duration_minutes": 30,
        **form,
    }


@pytest.fixture
def v01(client: TestClient, imported: dict[str, str], settings: Settings) -> dict[str, str]:
    """V01 (village staff of 城关镇, sent to E001 on the Monday) logged in."""
    plan_the_week(client, imported, settings)
    make_user(settings, "v01", "visitor", visitor_id="V01")
    return login(client, "v01")


def test_a_gas_hazard_opens_a_follow_up_planned_for_village_staff_in_time(
    client: TestClient, imported: dict[str, str], settings: Settings, v01: dict[str, str]
) -> None:
    record_id = str(uuid.uuid4())
    saved = client.put(
        f"/visits/{record_id}", json=record(observations={"gas_safety": "unsafe"}), headers=v01
    )
    assert saved.status_code == 201, saved.text
    (followup,) = client.get("/followups?status=open", headers=imported).json()
    assert (followup["elder_id"], followup["kind"], followup["role"]) == (
        "E001",
        "gas",
        "village_staff",
    )
    assert followup["due_by"] == "2024-05-08" and followup["opened_by_record"] == record_id
    again = client.put(
        f"/visits/{record_id}", json=record(observations={"gas_safety": "unsafe"}), headers=v01
    )
    assert again.status_code == 200
    assert len(client.get("/followups?status=open", headers=imported).json()) == 1
    rows = roster_of(client, plan_the_week(client, imported, settings), imported)
    (visit,) = [r for r in rows if r["reason"] == "followup"]
    assert (visit["elder_id"], visit["visitor_id"], visit["mode"]) == ("E001", "V01", "home")
    assert TUESDAY <= visit["date"] <= followup["due_by"]


def test_a_medical_need_opens_a_follow_up_for_a_family_doctor_due_later_than_a_hazard(
    client: TestClient, imported: dict[str, str], v01: dict[str, str]
) -> None:
    found = record(observations={"needs": "膝盖疼，想看医生", "needs_kinds": ["medical"]})
    assert client.put(f"/visits/{uuid.uuid4()}", json=found, headers=v01).status_code == 201
    (followup,) = client.get("/followups?status=open", headers=imported).json()
    assert (followup["kind"], followup["role"]) == ("medical", "family_doctor")
    assert followup["due_by"] == "2024-05-13"  # a need: 7 days (a hazard: 2)


def test_no_hazard_no_follow_up(
    client: TestClient, imported: dict[str, str], settings: Settings, v01: dict[str, str]
) -> None:
    fine = record(observations={"gas_safety": "fairly_safe", "mood": "better"})
    assert client.put(f"/visits/{uuid.uuid4()}", json=fine, headers=v01).status_code == 201
    assert client.get("/followups", headers=imported).json() == []
    rows = roster_of(client, plan_the_week(client, imported, settings), imported)
    assert not any(r["reason"] == "followup" for r in rows)


def test_a_care_service_record_with_satisfaction_closes_the_follow_up(
    client: TestClient, imported: dict[str, str], v01: dict[str, str]
) -> None:
    hazard = record(observations={"gas_safety": "unsafe"})
    assert client.put(f"/visits/{uuid.uuid4()}", json=hazard, headers=v01).status_code == 201
    unrated = record(care_services=[{"date": TUESDAY, "done": "修好燃气阀", "given_by": "刘一"}])
    unrated["date"] = TUESDAY
    assert client.put(f"/visits/{uuid.uuid4()}", json=unrated, headers=v01).status_code == 201
    assert len(client.get("/followups?status=open", headers=imported).json()) == 1, "not rated"
    closing_id = str(uuid.uuid4())
    rated = record(
        care_services=[
            {"date": TUESDAY, "done": "修好燃气阀", "given_by": "刘一", "satisfaction": "satisfied"}
        ]
    )
    rated["date"] = TUESDAY
    assert client.put(f"/visits/{closing_id}", json=rated, headers=v01).status_code == 201
    assert client.get("/followups?status=open", headers=imported).json() == []
    (closed,) = client.get("/followups?status=closed", headers=imported).json()
    assert closed["closed_by_record"] == closing_id
    assert (closed["closed_on"], closed["satisfaction"]) == (TUESDAY, "satisfied")


def test_follow_ups_are_listed_only_to_their_town_and_overdue_ones_apart(
    client: TestClient, imported: dict[str, str], settings: Settings, v01: dict[str, str]
) -> None:
    hazard = record(observations={"fire_safety": "unsafe"})
    assert client.put(f"/visits/{uuid.uuid4()}", json=hazard, headers=v01).status_code == 201
    make_user(settings, "beiyuan", "coordinator", town="北园街道")
    assert client.get("/followups", headers=login(client, "beiyuan")).json() == []
    assert len(client.get("/followups", headers=v01).json()) == 1, "V01 is sent to E001"
    overdue = client.get("/followups?status=overdue", headers=imported).json()
    assert [f["kind"] for f in overdue] == ["fire"], "due in May 2024: long overdue"


def test_a_fall_yields_an_urgent_home_visit_within_24_hours_in_the_week_under_way(
    client: TestClient,
    imported: dict[str, str],
    settings: Settings,
    v01: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = datetime.fromisoformat(f"{TUESDAY}T08:00")
    monkeypatch.setattr(clock, "china_now", lambda: now)
    plans_before = {p["id"] for p in client.get("/plans", headers=imported).json()}
    fall = record(event="fall")
    fall["date"] = TUESDAY
    assert client.put(f"/visits/{uuid.uuid4()}", json=fall, headers=v01).status_code == 201
    run_worker(settings)
    plans = client.get("/plans", headers=imported).json()
    (surge,) = [p for p in plans if p["id"] not in plans_before]
    assert surge["status"] == "done" and surge["week"] == WEEK
    rows = roster_of(client, f"/plans/{surge['id']}", imported)
    (urgent,) = [r for r in rows if r["reason"] == "urgent"]
    assert (urgent["elder_id"], urgent["mode"]) == ("E001", "home")
    arrival = datetime.fromisoformat(f"{urgent['date']}T{urgent['arrival']}")
    assert now <= arrival <= now + timedelta(hours=24)
    changes = client.get(f"/plans/{surge['id']}/changes", headers=imported).json()
    assert {"elder_id": "E001", "change": "added", "reason": "urgent"}.items() <= next(
        c for c in changes if c["elder_id"] == "E001" and c["change"] == "added"
    ).items()


def test_a_record_without_an_event_queues_no_re_plan(
    client: TestClient, imported: dict[str, str], v01: dict[str, str]
) -> None:
    plans_before = client.get("/plans", headers=imported).json()
    assert client.put(f"/visits/{uuid.uuid4()}", json=record(), headers=v01).status_code == 201
    assert client.get("/plans", headers=imported).json() == plans_before


def test_a_bad_absence_is_422_naming_the_field(
    client: TestClient, imported: dict[str, str]
) -> None:
    backwards = {"start": "2024-05-10", "end": "2024-05-06", "kind": "sick"}
    answer = client.post("/visitors/V01/absences", json=backwards, headers=imported)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["location"] == ["body", "end"]
