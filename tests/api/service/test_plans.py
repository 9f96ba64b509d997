"""Plans: queued by the service, planned by the worker, read back whole."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.service.settings import Settings
from tests.api.service.planned import WEEK, run_worker


def test_a_plan_is_queued_planned_by_the_worker_and_read_back(
    client: TestClient, imported: dict[str, str], settings: Settings
) -> None:
    answer = client.post("/plans", json={"week": WEEK}, headers=imported)
    assert answer.status_code == 202, answer.text
    location = answer.headers["location"]
    assert client.get(location, headers=imported).json()["status"] == "queued"
    run_worker(settings)
    plan = client.get(location, headers=imported).json()
    assert plan["status"] == "done", plan
    assert plan["summary"]["planned_visits"] > 0
    roster = client.get(f"{location}/roster", headers=imported)
    assert roster.status_code == 200
    rows = roster.json()
    assert len(rows) == plan["summary"]["planned_visits"]
    assert {row["town"] for row in rows} <= {"城关镇", "北园街道"}
    one_day = client.get(f"{location}/roster", params={"date": rows[0]["date"]}, headers=imported)
    assert {row["date"] for row in one_day.json()} == {rows[0]["date"]}
    workbook = client.get(f"{location}/roster", params={"format": "xlsx"}, headers=imported)
    assert workbook.content.startswith(b"PK")
    unassigned = client.get(f"{location}/unassigned", headers=imported)
    assert unassigned.status_code == 200
    assert len(unassigned.json()) == plan["summary"]["unassigned"]


def test_a_week_that_is_not_a_monday_is_422(client: TestClient, imported: dict[str, str]) -> None:
    answer = client.post("/plans", json={"week": "2024-05-07"}, headers=imported)
    assert answer.status_code == 422
    assert "Monday" in answer.text


def test_a_plan_without_visitors_fails_with_why(
    client: TestClient, coordinator: dict[str, str], settings: Settings
) -> None:
    location = client.post("/plans", json={"week": WEEK}, headers=coordinator).headers["location"]
    run_worker(settings)
    plan = client.get(location, headers=coordinator).json()
    assert plan["status"] == "failed"
    assert "import them first" in plan["error"]


def test_a_town_coordinator_plans_and_reads_only_their_town(
    client: TestClient, imported: dict[str, str], settings: Settings
) -> None:
    from tests.api.service.conftest import login, make_user

    make_user(settings, "chengguan", "coordinator", town="城关镇")
    mine = login(client, "chengguan")
    other_town = client.post("/plans", json={"week": WEEK, "town": "北园街道"}, headers=mine)
    assert other_town.status_code == 404
    location = client.post("/plans", json={"week": WEEK}, headers=mine).headers["location"]
    district = client.post("/plans", json={"week": WEEK}, headers=imported).headers["location"]
    run_worker(settings)
    plan = client.get(location, headers=mine).json()
    assert (plan["status"], plan["town"]) == ("done", "城关镇")
    roster = client.get(f"{district}/roster", headers=mine).json()
    assert {row["town"] for row in roster} == {"城关镇"}
    assert (
        client.get(f"{district}/roster", params={"town": "北园街道"}, headers=mine).status_code
        == 404
    )
    make_user(settings, "beiyuan", "coordinator", town="北园街道")
    assert client.get(location, headers=login(client, "beiyuan")).status_code == 404


def test_an_auditor_reads_plans_and_a_visitor_may_not(
    client: TestClient, imported: dict[str, str], settings: Settings
) -> None:
    from tests.api.service.conftest import login, make_user

    location = client.post("/plans", json={"week": WEEK}, headers=imported).headers["location"]
    run_worker(settings)
    make_user(settings, "audit", "auditor")
    make_user(settings, "v01", "visitor", visitor_id="V01")
    assert client.get(f"{location}/roster", headers=login(client, "audit")).status_code == 200
    assert client.get(f"{location}/roster", headers=login(client, "v01")).status_code == 403


def test_the_plans_a_reader_may_see_are_listed_newest_first(
    client: TestClient, imported: dict[str, str], settings: Settings
) -> None:
    from tests.api.service.conftest import login, make_user

    first = client.post("/plans", json={"week": WEEK}, headers=imported).json()["id"]
    second = client.post(
        "/plans", json={"week": WEEK, "town": "北园街道"}, headers=imported
    ).json()["id"]
    listed = client.get("/plans", headers=imported).json()
    assert [plan["id"] for plan in listed] == [second, first]
    make_user(settings, "chengguan", "coordinator", town="城关镇")
    theirs = client.get("/plans", headers=login(client, "chengguan")).json()
    assert [plan["id"] for plan in theirs] == [first]
    assert client.get("/plans", params={"week": "2024-05-13"}, headers=imported).json() == []


def test_answers_are_not_cached_nor_framed(client: TestClient, imported: dict[str, str]) -> None:
    answer = client.get("/elders/E001", headers=imported)
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["x-content-type-options"] == "nosniff"
    leaflet = client.get("/static/leaflet/leaflet.js")
    assert leaflet.status_code == 200
    assert leaflet.headers.get("cache-control") != "no-store"
