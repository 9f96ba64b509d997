"""Many requests at once on a real server, on SQLite and on PostgreSQL: visitors recording
visits (each record sent twice at the same moment, as a phone on a weak signal does) while a
coordinator reads elders and the roster. Every request is answered, none with an error, and
every acknowledged record is stored exactly once.

Before one session per request, each write held two connections of a pool of 15: at 20
concurrent writes the pool ran dry and every waiting request failed with a 500."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import httpx2
from sqlalchemy import func, select

from api.service.db import make_engine, session_factory
from api.service.models import VisitRecord
from api.service.settings import Settings
from tests.api.service.conftest import make_user
from tests.api.service.server import PASSWORD, demo_town, running_server, wait_for_plan

WEEK = date(2026, 12, 7)
RECORDS = 20
COPIES = 2
READERS = 20


def _client(url: str, username: str) -> httpx2.Client:
    client = httpx2.Client(base_url=url, timeout=120)
    answer = client.post("/auth/token", data={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    client.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"
    return client


def _planned_week(url: str, tables: Path) -> tuple[httpx2.Client, str, list[dict[str, str]]]:
    boss = _client(url, "boss")
    for kind in ("elders", "visitors", "history"):
        with (tables / f"{kind}.csv").open("rb") as file:
            answer = boss.post(f"/imports/{kind}", files={"file": (f"{kind}.csv", file)})
        assert answer.status_code == 200, answer.text
    location = boss.post("/plans", json={"week": WEEK.isoformat()}).headers["location"]
    assert wait_for_plan(boss, location, until={"done", "failed"})["status"] == "done"
    roster: list[dict[str, str]] = boss.get(f"{location}/roster").json()
    return boss, location, roster


def _at_once(calls: list[Callable[[], int]]) -> list[int]:
    """Run every call in a thread of its own, released together; their status codes."""
    start = threading.Barrier(len(calls))
    statuses: list[int] = [0] * len(calls)

    def run(index: int) -> None:
        start.wait()
        try:
            statuses[index] = calls[index]()
        except httpx2.HTTPError:
            statuses[index] = -1

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_sixty_requests_at_once_all_answered_and_each_record_stored_once(
    tmp_path: Path, settings: Settings, database_url: str
) -> None:
    tables = demo_town(tmp_path / "tables", elders=80, visitors=6, week=WEEK)
    make_user(settings, "boss", "coordinator")
    with running_server(database_url, tmp_path / "server.log") as server:
        boss, location, roster = _planned_week(server.url, tables)
        visits = roster[:RECORDS]
        assert len(visits) == RECORDS, "the demo town's week has enough visits"
        for visitor_id in {visit["visitor_id"] for visit in visits}:
            make_user(settings, visitor_id, "visitor", visitor_id=visitor_id)
        # One client per thread: each request on a connection of its own.
        writers = [_client(server.url, visit["visitor_id"]) for visit in visits for _ in "ab"]
        readers = [_client(server.url, "boss") for _ in range(READERS)]
        record_ids = [uuid.uuid4() for _ in visits]

        def write(index: int) -> Callable[[], int]:
            visit, record_id = visits[index // COPIES], record_ids[index // COPIES]
            record = {
                "date": visit["date"],
                "elder_id": visit["elder_id"],
                "mode": visit["mode"],
                "duration_minutes": 20,
                "note": "",
            }
            return lambda: writers[index].put(f"/visits/{record_id}", json=record).status_code

        def read(index: int) -> Callable[[], int]:
            if index % 2:
                elder_id = visits[index % RECORDS]["elder_id"]
                return lambda: readers[index].get(f"/elders/{elder_id}").status_code
            return lambda: readers[index].get(f"{location}/roster").status_code

        calls = [write(index) for index in range(len(writers))]
        calls += [read(index) for index in range(READERS)]
        statuses = _at_once(calls)
        for client in [boss, *writers, *readers]:
            client.close()

    written, read_ = statuses[: len(writers)], statuses[len(writers) :]
    assert Counter(read_) == {200: READERS}
    assert Counter(written) == {201: RECORDS, 200: RECORDS * (COPIES - 1)}
    sessions = session_factory(make_engine(database_url))
    with sessions() as session:
        stored = Counter(session.scalars(select(VisitRecord.id)))
        total = session.scalar(select(func.count()).select_from(VisitRecord))
    assert stored == Counter(record_ids)
    assert total == RECORDS
