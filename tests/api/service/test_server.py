"""End to end through a real server: ``visitplan users add`` and ``visitplan serve`` (uvicorn
and its worker process) on loopback, and a kill in the middle of a plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import httpx2
import pytest
from sqlalchemy import func, select

from api.service.db import make_engine, session_factory
from api.service.models import ElderRow, PlannedVisitRow, VisitRecord
from tests.api.service.server import (
    PASSWORD,
    demo_town,
    running_server,
    visitplan,
    wait_for_plan,
)

WEEK = date(2026, 12, 7)


def logged_in(url: str, username: str) -> httpx2.Client:
    client = httpx2.Client(base_url=url, timeout=60)
    token = client.post("/auth/token", data={"username": username, "password": PASSWORD})
    assert token.status_code == 200, token.text
    client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
    return client


def import_town(client: httpx2.Client, tables: Path) -> None:
    for kind in ("elders", "visitors", "history"):
        with (tables / f"{kind}.csv").open("rb") as file:
            answer = client.post(f"/imports/{kind}", files={"file": (f"{kind}.csv", file)})
        assert answer.status_code == 200, answer.text


def test_a_coordinator_and_a_visitor_through_a_real_server(tmp_path: Path) -> None:
    db = tmp_path / "visitplan.db"
    tables = demo_town(tmp_path / "tables", elders=40, visitors=4, week=WEEK)
    added = visitplan("users", "add", "coordinator", "--role", "coordinator", db=db)
    assert added.returncode == 0, added.stderr
    with running_server(db, tmp_path / "server.log") as server:
        coordinator = logged_in(server.url, "coordinator")
        import_town(coordinator, tables)
        asked = coordinator.post("/plans", json={"week": WEEK.isoformat()})
        assert asked.status_code == 202
        plan = wait_for_plan(coordinator, asked.headers["location"], until={"done", "failed"})
        assert plan["status"] == "done", plan
        roster = coordinator.get(f"{asked.headers['location']}/roster").json()
        assert roster, "the demo town's week has visits"
        first = roster[0]
        visitor_id, day = first["visitor_id"], first["date"]
        added = visitplan(
            "users", "add", "visitor", "--role", "visitor", "--visitor-id", visitor_id, db=db
        )
        assert added.returncode == 0, added.stderr
        visitor = logged_in(server.url, "visitor")
        routes = visitor.get(f"/visitors/{visitor_id}/routes/{day}")
        assert routes.status_code == 200
        assert routes.json()["type"] == "FeatureCollection"
        other = next((row for row in roster if row["visitor_id"] != visitor_id), None)
        if other is not None:
            theirs = f"/visitors/{other['visitor_id']}/routes/{other['date']}"
            assert visitor.get(theirs).status_code == 404
        assert visitor.get("/plans/1").status_code == 403
        calendar = visitor.get(f"/visitors/{visitor_id}/calendar.ics")
        assert calendar.status_code == 200
        assert calendar.text.startswith("BEGIN:VCALENDAR")
        record = {
            "date": day,
            "elder_id": first["elder_id"],
            "mode": first["mode"],
            "duration_minutes": 20,
            "note": "",
        }
        record_id = "6f1c1f0e-8d0a-4c55-9a57-2b1f7b8e2a10"
        assert visitor.put(f"/visits/{record_id}", json=record).status_code == 201
        assert visitor.put(f"/visits/{record_id}", json=record).status_code == 200
        assert coordinator.get("/docs").status_code == 200


def test_killing_the_server_mid_plan_loses_nothing_committed_and_fails_the_plan(
    tmp_path: Path,
) -> None:
    db = tmp_path / "visitplan.db"
    tables = demo_town(tmp_path / "tables", elders=1500, visitors=60, week=WEEK)
    assert visitplan("users", "add", "boss", "--role", "coordinator", db=db).returncode == 0
    log = tmp_path / "server.log"
    with running_server(db, log) as server:
        client = logged_in(server.url, "boss")
        import_town(client, tables)
        location = client.post("/plans", json={"week": WEEK.isoformat()}).headers["location"]
        plan = wait_for_plan(client, location, until={"running", "done", "failed"})
        if plan["status"] != "running":
            pytest.fail(f"the plan was {plan['status']} before it could be killed: make it bigger")
        server.kill_group()
    sessions = session_factory(make_engine(f"sqlite:///{db}"))
    with sessions() as session:
        elders_before = session.scalar(select(func.count()).select_from(ElderRow))
    assert elders_before == 1500
    with running_server(db, log) as server:
        client = logged_in(server.url, "boss")
        plan = wait_for_plan(client, location, until={"failed", "done", "queued"})
        assert plan["status"] == "failed"
        assert "stopped" in str(plan["error"])
        plan_id = int(location.rsplit("/", 1)[1])
        with sessions() as session:
            half_written = session.scalar(
                select(func.count())
                .select_from(PlannedVisitRow)
                .where(PlannedVisitRow.plan_id == plan_id)
            )
            elders_after = session.scalar(select(func.count()).select_from(ElderRow))
            records = session.scalar(select(func.count()).select_from(VisitRecord))
        assert (half_written, elders_after, records) == (0, 1500, 0)
        again = client.post("/plans", json={"week": WEEK.isoformat()})
        assert again.status_code == 202


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_a_worker_that_dies_is_started_again(tmp_path: Path) -> None:
    import os
    import signal

    db = tmp_path / "visitplan.db"
    tables = demo_town(tmp_path / "tables", elders=40, visitors=4, week=WEEK)
    assert visitplan("users", "add", "boss", "--role", "coordinator", db=db).returncode == 0
    with running_server(db, tmp_path / "server.log") as server:
        [worker] = _children(server.process.pid)
        os.kill(worker, signal.SIGKILL)
        client = logged_in(server.url, "boss")
        import_town(client, tables)
        location = client.post("/plans", json={"week": WEEK.isoformat()}).headers["location"]
        plan = wait_for_plan(client, location, until={"done", "failed"})
        assert plan["status"] == "done"
        assert _children(server.process.pid) != [worker]
