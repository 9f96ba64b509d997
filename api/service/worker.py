"""The plan worker: a process of its own that takes queued plans from the database and plans
them, one at a time, with the planner's use case (``planner.planning.plan_week``).

Planning is CPU-bound and takes seconds to minutes, so it never runs in the server's event
loop; ``visitplan serve`` starts this process beside the server and stops it on exit. Run by
hand: ``python -m api.service.worker`` (settings from the environment, as the server's).

A plan the worker was planning when it died stays ``running`` in the database; a worker marks it
failed as soon as it sees that the process is gone (same machine) or its heartbeat stopped
(``plan_store.fail_abandoned``, which also says why not re-queued).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from types import FrameType
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from api.service.db import make_engine, session_factory, transaction
from api.service.models import PlanRow
from api.service.plan_store import (
    NothingToPlanError,
    claim_next,
    fail_abandoned,
    heartbeat,
    mark_failed,
    request_for,
    save_result,
    worker_name,
)
from api.service.settings import Settings
from api.service.surges import SURGE, changes_json, run_surge
from planner.io.problems import InputError
from planner.model import Plan
from planner.planning import PlanBrokeRulesError, plan_week
from planner.policy import Policy, load_policy

logger = logging.getLogger("visitplan.worker")


class WorkerStopped(Exception):
    """SIGTERM or SIGINT arrived: stop, marking the plan in hand failed."""


def work_one(sessions: sessionmaker[Session], policy: Policy, settings: Settings) -> bool:
    """Plan the oldest queued plan, if any; True when one was taken."""
    worker = worker_name()
    with transaction(sessions) as session:
        plan_id = claim_next(session, worker)
    if plan_id is None:
        return False
    logger.info("planning plan %s", plan_id)
    try:
        with _beating(sessions, plan_id, worker, settings.worker_heartbeat_s):
            result, changes = _run_job(sessions, plan_id, policy, settings)
        with transaction(sessions) as session:
            save_result(session, plan_id, result, changes=changes)
    except NothingToPlanError as error:
        _fail(sessions, plan_id, str(error))
    except InputError as error:  # a surge whose base plan no longer fits the tables
        _fail(sessions, plan_id, "; ".join(problem.message for problem in error.problems))
    except PlanBrokeRulesError:
        logger.exception("plan %s broke the planner's rules", plan_id)
        _fail(sessions, plan_id, "internal error: the planner made a plan that broke its rules")
    except WorkerStopped:
        _fail(sessions, plan_id, "the worker was stopped while planning: ask for the plan again")
        raise
    except Exception:
        logger.exception("plan %s failed", plan_id)
        _fail(sessions, plan_id, "internal error while planning; it has been logged")
    else:
        logger.info("plan %s done", plan_id)
    return True


def _run_job(
    sessions: sessionmaker[Session], plan_id: int, policy: Policy, settings: Settings
) -> tuple[Plan, list[Any] | None]:
    """The plan a job asks for: a week planned from the tables, or a surge re-plan (with its
    changes against the plan it started from)."""
    with sessions() as session:
        plan = session.get_one(PlanRow, plan_id)
        if plan.job == SURGE:
            replan = run_surge(session, plan, policy)
            return replan.plan, changes_json(replan)
        request = request_for(session, plan, policy)
    return plan_week(request, workers=settings.plan_workers), None


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


def run(settings: Settings) -> None:
    sessions = session_factory(make_engine(settings.database_url))
    policy = load_policy()
    while True:
        fail_abandoned_plans(sessions, settings)
        if not work_one(sessions, policy, settings):
            time.sleep(settings.worker_poll_s)


def fail_abandoned_plans(sessions: sessionmaker[Session], settings: Settings) -> None:
    with transaction(sessions) as session:
        abandoned = fail_abandoned(session, stale_after=timedelta(seconds=settings.worker_stale_s))
    if abandoned:
        logger.warning("%d plan(s) left running by a stopped worker marked failed", abandoned)


def _stop(_signal: int, _frame: FrameType | None) -> None:
    raise WorkerStopped


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(levelname)s %(message)s")
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        run(Settings())
    except WorkerStopped:
        logger.info("stopped")


if __name__ == "__main__":
    main()
