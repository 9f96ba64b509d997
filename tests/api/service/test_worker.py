"""The worker's bookkeeping: a plan whose worker died is failed, a plan whose worker lives is
left alone, and the database moves from the first revision to the latest with its data."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import text

from api.service.clock import utcnow
from api.service.db import make_engine, session_factory, transaction
from api.service.migrate import alembic_config, migrate
from api.service.models import PlanRow
from api.service.plan_store import (
    FAILED,
    RUNNING,
    WORKER_DIED,
    claim_next,
    fail_abandoned,
    heartbeat,
    queue_plan,
    worker_name,
)

STALE = timedelta(minutes=2)


def _dead_pid() -> int:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(finished.stdout)


def _running(database_url: str, worker: str, *, beat_age: timedelta = timedelta(0)) -> int:
    sessions = session_factory(make_engine(database_url))
    with transaction(sessions) as session:
        plan_id = queue_plan(session, date(2024, 5, 6), None, "tester").id
    with transaction(sessions) as session:
        assert claim_next(session, worker) == plan_id
        plan = session.get_one(PlanRow, plan_id)
        plan.heartbeat_at = utcnow() - beat_age
    return plan_id


def _status(database_url: str, plan_id: int) -> tuple[str, str | None]:
    with session_factory(make_engine(database_url))() as session:
        plan = session.get_one(PlanRow, plan_id)
        return plan.status, plan.error


def test_a_plan_whose_worker_process_is_gone_is_failed_with_why(database_url: str) -> None:
    plan_id = _running(database_url, f"{socket.gethostname()}:{_dead_pid()}")
    with transaction(session_factory(make_engine(database_url))) as session:
        assert fail_abandoned(session, stale_after=STALE) == 1
    assert _status(database_url, plan_id) == (FAILED, WORKER_DIED)


def test_a_plan_whose_worker_lives_and_beats_is_left_running(database_url: str) -> None:
    plan_id = _running(database_url, worker_name())
    sessions = session_factory(make_engine(database_url))
    with transaction(sessions) as session:
        heartbeat(session, plan_id, worker_name())
        assert fail_abandoned(session, stale_after=STALE) == 0
    assert _status(database_url, plan_id) == (RUNNING, None)


def test_a_worker_elsewhere_silent_too_long_is_taken_for_dead(database_url: str) -> None:
    silent = _running(database_url, "another-host:4242", beat_age=STALE * 2)
    beating = _running(database_url, "another-host:4343", beat_age=STALE / 2)
    with transaction(session_factory(make_engine(database_url))) as session:
        assert fail_abandoned(session, stale_after=STALE) == 1
    assert _status(database_url, silent)[0] == FAILED
    assert _status(database_url, beating)[0] == RUNNING


def test_the_first_revisions_data_survives_the_upgrade_to_the_latest(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text(
                "INSERT INTO plans (id, week_start, status, requested_by, requested_at, version)"
                " VALUES (7, '2024-05-06', 'done', 'old', '2024-05-01 08:00:00', 3)"
            )
        )
    migrate(engine)
    with session_factory(engine)() as session:
        plan = session.get_one(PlanRow, 7)
    assert (plan.status, plan.version, plan.worker, plan.heartbeat_at) == ("done", 3, None, None)
