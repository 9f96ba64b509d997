"""``visitplan backup`` while a real server serves and records, and ``visitplan restore`` into
a fresh database, on SQLite and on PostgreSQL: every record and account acknowledged before the
backup is found in the restored database."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import httpx2
import pytest
from sqlalchemy import select

from api.service.db import make_engine, session_factory
from api.service.models import User, VisitRecord
from api.service.settings import Settings
from tests.api.service.conftest import _fresh_postgres_database, make_user
from tests.api.service.server import demo_town, running_server, visitplan
from tests.api.service.test_concurrency import _client, _planned_week

WEEK = date(2026, 12, 7)


@pytest.fixture
def fresh_url(database_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A new, empty database of the same kind as ``database_url``: not even migrated."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'restored.db'}"
    return _fresh_postgres_database(request.getfixturevalue("postgres_server"))


def _held(database_url: str) -> tuple[set[str], set[uuid.UUID]]:
    engine = make_engine(database_url)
    with session_factory(engine)() as session:
        users = set(session.scalars(select(User.username)))
        records = set(session.scalars(select(VisitRecord.id)))
    engine.dispose()
    return users, records


def _record(client: httpx2.Client, visit: dict[str, str]) -> uuid.UUID:
    record_id = uuid.uuid4()
    record = {
        "date": visit["date"],
        "elder_id": visit["elder_id"],
        "mode": visit["mode"],
        "duration_minutes": 15,
        "note": "",
    }
    answer = client.put(f"/visits/{record_id}", json=record)
    assert answer.status_code == 201, answer.text
    return record_id


def test_a_backup_taken_while_serving_restores_every_record_and_account(
    tmp_path: Path, settings: Settings, database_url: str, fresh_url: str
) -> None:
    tables = demo_town(tmp_path / "tables", elders=40, visitors=4, week=WEEK)
    make_user(settings, "boss", "coordinator")
    with running_server(database_url, tmp_path / "server.log") as server:
        _, _, roster = _planned_week(server.url, tables)
        visits = roster[:6]
        for visitor_id in {visit["visitor_id"] for visit in visits}:
            make_user(settings, visitor_id, "visitor", visitor_id=visitor_id)
        acknowledged = {_record(_client(server.url, v["visitor_id"]), v) for v in visits}
        backed_up = visitplan("backup", str(tmp_path / "backups"), db=database_url)
        assert backed_up.returncode == 0, backed_up.stderr
        later = _record(_client(server.url, visits[0]["visitor_id"]), visits[0])
    file = Path(backed_up.stdout.strip())
    assert file.parent == tmp_path / "backups"
    assert file.name.startswith("visitplan-")

    restored = visitplan("restore", str(file), db=fresh_url)
    assert restored.returncode == 0, restored.stderr
    users, records = _held(fresh_url)
    # User names are stored case-folded (api.service.accounts.normal_username).
    assert users == {"boss", *(visit["visitor_id"].casefold() for visit in visits)}
    assert records == acknowledged, "what was acknowledged before the backup, nothing after"
    assert later not in records

    again = visitplan("restore", str(file), db=fresh_url)
    assert again.returncode == 2
    assert "not empty" in again.stderr and "--force" in again.stderr
    forced = visitplan("restore", str(file), "--force", db=fresh_url)
    assert forced.returncode == 0, forced.stderr
    assert _held(fresh_url) == (users, records)


def test_restoring_a_file_that_is_no_backup_is_refused_with_why(
    tmp_path: Path, database_url: str, fresh_url: str
) -> None:
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello", encoding="utf-8")
    refused = visitplan("restore", str(not_a_backup), db=fresh_url)
    assert refused.returncode == 2
    assert "notes.txt is not" in refused.stderr
    assert "Traceback" not in refused.stderr
