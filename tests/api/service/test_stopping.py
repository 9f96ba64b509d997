"""Stopping a real ``visitplan serve`` and its worker with signals, mid-plan: no process left
behind, a stopped plan queued again and planned by the next worker, a hung worker replaced.

The bounds below are generous (a loaded machine); the figures measured are in the README.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from api.service.processes import alive, children, descendants
from tests.api.service.server import (
    Server,
    demo_town,
    running_server,
    visitplan,
    wait_for_plan,
)
from tests.api.service.test_server import import_town, logged_in

WEEK = date(2026, 12, 7)
BOUND_S = 60.0
"""How long a process may take to do what a signal asks before the test calls it a hang."""


def _eventually(check: Callable[[], object]) -> bool:
    deadline = time.monotonic() + BOUND_S
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def _until(what: str, check: Callable[[], object]) -> None:
    if not _eventually(check):
        raise AssertionError(f"not within {BOUND_S:.0f} s: {what}")


def _planning(server: Server, tmp_path: Path) -> str:
    """A plan of a town big enough to be running when the signal comes; its location."""
    tables = demo_town(tmp_path / "tables", elders=1500, visitors=60, week=WEEK)
    client = logged_in(server.url, "boss")
    import_town(client, tables)
    location = str(client.post("/plans", json={"week": WEEK.isoformat()}).headers["location"])
    plan = wait_for_plan(client, location, until={"running", "done", "failed"})
    if plan["status"] != "running":
        pytest.fail(f"the plan was {plan['status']} before the signal: make it bigger")
    # The worker plans in a process of its own: the signal is for when it runs (a worker that
    # plans in its own process, as before, is signalled all the same).
    _eventually(lambda: descendants(_worker(server)))
    return location


def _worker(server: Server) -> int:
    [worker] = children(server.process.pid)
    return worker


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_to_serve_mid_plan_leaves_no_process_behind(
    tmp_path: Path, stop: signal.Signals
) -> None:
    db = tmp_path / "visitplan.db"
    assert visitplan("users", "add", "boss", "--role", "coordinator", db=db).returncode == 0
    with running_server(db, tmp_path / "server.log") as server:
        _planning(server, tmp_path)
        below = descendants(server.process.pid)
        os.kill(server.process.pid, stop)
        server.process.wait(timeout=BOUND_S)
        _until("every process serve started has ended", lambda: not any(map(alive, below)))


def test_a_worker_stopped_mid_plan_queues_it_again_and_the_next_worker_plans_it(
    tmp_path: Path,
) -> None:
    db = tmp_path / "visitplan.db"
    log = tmp_path / "server.log"
    assert visitplan("users", "add", "boss", "--role", "coordinator", db=db).returncode == 0
    with running_server(db, log) as server:
        location = _planning(server, tmp_path)
        worker = _worker(server)
        planning = descendants(worker)
        os.kill(worker, signal.SIGTERM)
        _until("the stopped worker and its planning end", lambda: not alive(worker))
        assert not any(map(alive, planning))
        client = logged_in(server.url, "boss")
        plan = wait_for_plan(client, location, until={"done", "failed"})
        assert plan["status"] == "done", plan
        assert plan["error"] is None
        assert _worker(server) != worker, "serve started a new worker"
    assert "queued again" in log.read_text()


def test_a_hung_worker_is_killed_and_replaced_and_its_plan_failed_with_why(
    tmp_path: Path,
) -> None:
    db = tmp_path / "visitplan.db"
    assert visitplan("users", "add", "boss", "--role", "coordinator", db=db).returncode == 0
    with running_server(db, tmp_path / "server.log", VISITPLAN_WORKER_HANG_S="5") as server:
        location = _planning(server, tmp_path)
        worker = _worker(server)
        planning = descendants(worker)
        os.kill(worker, signal.SIGSTOP)
        _until("the watchdog kills the hung worker", lambda: not alive(worker))
        # Killed with it, but not reaped by it: gone a moment later.
        _until("its planning process ends too", lambda: not any(map(alive, planning)))
        _until("a new worker runs", lambda: children(server.process.pid) not in ([], [worker]))
        client = logged_in(server.url, "boss")
        plan = wait_for_plan(client, location, until={"done", "failed"})
        assert plan["status"] == "failed"
        assert "stopped" in str(plan["error"])
        again = client.post("/plans", json={"week": WEEK.isoformat()})
        plan = wait_for_plan(client, again.headers["location"], until={"done", "failed"})
        assert plan["status"] == "done", "the new worker plans"
