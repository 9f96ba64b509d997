"""The plan worker: a process of its own that takes queued plans from the database and plans
them, one at a time, with the planner's use case (``planner.usecases.plan.plan_week``).

Planning is CPU-bound and takes seconds to minutes, so it never runs in the server's event
loop; ``visitplan serve`` starts this process beside the server, watches it and stops it on
exit. Run by hand: ``python -m api.service.worker`` (settings from the environment, as the
server's).

Each plan is planned in a process forked for it (``api.service.plan_process``), so that a stop
is at once. What becomes of the plan depends on how its planning ended:

- a stop signal (SIGTERM, SIGINT) to the worker: the planning process is killed, the plan is
  queued again with why, and the worker exits; the next worker plans it.
- the planning process died (killed for memory, say): the plan is failed with why.
- the worker itself died (SIGKILL, a power cut) or hung and was killed by ``serve``'s
  watchdog: the plan stays ``running`` and the next worker marks it failed
  (``plan_store.fail_abandoned``, which also says why not re-queued).

While it lives the worker touches a heartbeat file (``VISITPLAN_WORKER_HEARTBEAT_FILE``, set
by ``serve``) at least every ``BEAT_EVERY_S`` seconds, from its main loop: a worker stopped or
stuck stops touching it, and ``serve`` replaces it.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from types import FrameType

from sqlalchemy.orm import Session, sessionmaker

from api.service.db import make_engine, session_factory, transaction
from api.service.models import PlanRow
from api.service.plan_process import Outcome, PlanProcess
from api.service.plan_store import (
    NothingToPlanError,
    claim_next,
    fail_abandoned,
    heartbeat,
    mark_failed,
    requeue,
    save_result,
    worker_name,
)
from api.service.settings import Settings
from api.service.surges import job_for
from planner.policy import Policy, load_policy

logger = logging.getLogger("visitplan.worker")
HEARTBEAT_FILE = "VISITPLAN_WORKER_HEARTBEAT_FILE"
BEAT_EVERY_S = 1.0
STOPPED = "the worker was stopped ({signal}) while planning; the plan was queued again"


class Life:
    """The worker's side of being stopped and watched: the stop signal it was sent, and the
    heartbeat file it touches while it lives."""

    def __init__(self, heartbeat_file: Path | None = None) -> None:
        self.stop = threading.Event()
        self.signal = "a stop signal"
        self.heartbeat_file = heartbeat_file
        self._last_beat = float("-inf")

    def on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self.signal = signal.Signals(signum).name
        self.stop.set()

    def beat(self) -> None:
        if self.heartbeat_file is None or time.monotonic() - self._last_beat < BEAT_EVERY_S:
            return
        self.heartbeat_file.touch()
        self._last_beat = time.monotonic()

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` or until stopped, beating meanwhile."""
        until = time.monotonic() + seconds
        while not self.stop.is_set() and (left := until - time.monotonic()) > 0:
            self.beat()
            self.stop.wait(min(left, BEAT_EVERY_S))


def work_one(
    sessions: sessionmaker[Session], policy: Policy, settings: Settings, life: Life | None = None
) -> bool:
    """Plan the oldest queued plan, if any; True when one was taken."""
    life = life or Life()
    worker = worker_name()
    with transaction(sessions) as session:
        plan_id = claim_next(session, worker)
    if plan_id is None:
        return False
    logger.info("planning plan %s", plan_id)
    try:
        with sessions() as session:
            job = job_for(session, session.get_one(PlanRow, plan_id), policy, settings.plan_workers)
    except NothingToPlanError as error:
        _fail(sessions, plan_id, str(error))
        return True
    planning = PlanProcess(job)
    with _beating(sessions, plan_id, worker, settings.worker_heartbeat_s):
        outcome = _awaited(planning, life)
    if outcome is None:
        with transaction(sessions) as session:
            requeue(session, plan_id, worker, STOPPED.format(signal=life.signal))
        logger.info("stopped while planning plan %s: queued again", plan_id)
    elif outcome.plan is not None:
        with transaction(sessions) as session:
            save_result(session, plan_id, outcome.plan, changes=outcome.changes)
        logger.info("plan %s done", plan_id)
    else:
        logger.error("plan %s failed: %s", plan_id, outcome.why)
        _fail(sessions, plan_id, outcome.why)
    return True


def _awaited(planning: PlanProcess, life: Life) -> Outcome | None:
    """The planning's outcome; None when the worker was stopped first (the planning killed)."""
    while True:
        life.beat()
        if life.stop.is_set():
            planning.kill()
            return None
        outcome = planning.outcome(wait_s=0.1)
        if outcome is not None:
            return outcome


@contextmanager
def _beating(
    sessions: sessionmaker[Session], plan_id: int, worker: str, every_s: float
) -> Iterator[None]:
    """A heartbeat for the plan while the block runs, so other workers know it is alive."""
    done = threading.Event()

    def beat() -> None:
        while not done.wait(every_s):
            with transaction(sessions) as session:
                heartbeat(session, plan_id, worker)

    thread = threading.Thread(target=beat, name=f"heartbeat-{plan_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def _fail(sessions: sessionmaker[Session], plan_id: int, error: str) -> None:
    with transaction(sessions) as session:
        mark_failed(session, plan_id, error)


def run(settings: Settings, life: Life) -> None:
    """Plan what is queued until stopped."""
    sessions = session_factory(make_engine(settings.database_url))
    policy = load_policy()
    while not life.stop.is_set():
        life.beat()
        fail_abandoned_plans(sessions, settings)
        if not work_one(sessions, policy, settings, life):
            life.sleep(settings.worker_poll_s)


def fail_abandoned_plans(sessions: sessionmaker[Session], settings: Settings) -> None:
    with transaction(sessions) as session:
        abandoned = fail_abandoned(session, stale_after=timedelta(seconds=settings.worker_stale_s))
    if abandoned:
        logger.warning("%d plan(s) left running by a stopped worker marked failed", abandoned)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(levelname)s %(message)s")
    file = os.environ.get(HEARTBEAT_FILE)
    life = Life(Path(file) if file else None)
    signal.signal(signal.SIGTERM, life.on_signal)
    signal.signal(signal.SIGINT, life.on_signal)
    run(Settings(), life)
    logger.info("stopped (%s)", life.signal)
    logging.shutdown()
    # Everything is committed: tearing the interpreter down (the solver's modules and all)
    # would only make the stop slower.
    os._exit(0)


if __name__ == "__main__":
    main()
