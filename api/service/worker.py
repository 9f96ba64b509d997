"""The plan worker: a process of its own that takes queued plans from the database and plans
them, one at a time, with the planner's use case (``planner.planning.plan_week``).

Planning is CPU-bound and takes seconds to minutes, so it never runs in the server's event
loop; ``visitplan serve`` starts this process beside the server and stops it on exit. Run by
hand: ``python -m api.service.worker`` (settings from the environment, as the server's).

A plan the worker was planning when it died stays ``running`` in the database; the next worker
marks it failed when it starts (``plan_store.fail_abandoned`` says why not re-queued).
"""

from __future__ import annotations

import logging
import signal
import time
from types import FrameType

from sqlalchemy.orm import Session, sessionmaker

from api.service.db import make_engine, session_factory, transaction
from api.service.models import PlanRow
from api.service.plan_store import (
    NothingToPlanError,
    claim_next,
    fail_abandoned,
    mark_failed,
    request_for,
    save_result,
)
from api.service.settings import Settings
from planner.planning import PlanBrokeRulesError, plan_week
from planner.policy import Policy, load_policy

logger = logging.getLogger("visitplan.worker")


class WorkerStopped(Exception):
    """SIGTERM or SIGINT arrived: stop, marking the plan in hand failed."""


def work_one(sessions: sessionmaker[Session], policy: Policy, settings: Settings) -> bool:
    """Plan the oldest queued plan, if any; True when one was taken."""
    with transaction(sessions) as session:
        plan_id = claim_next(session)
    if plan_id is None:
        return False
    logger.info("planning plan %s", plan_id)
    try:
        with sessions() as session:
            plan = session.get_one(PlanRow, plan_id)
            request = request_for(session, plan, policy)
        result = plan_week(request, workers=settings.plan_workers)
        with transaction(sessions) as session:
            save_result(session, plan_id, result)
    except NothingToPlanError as error:
        _fail(sessions, plan_id, str(error))
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


def _fail(sessions: sessionmaker[Session], plan_id: int, error: str) -> None:
    with transaction(sessions) as session:
        mark_failed(session, plan_id, error)


def run(settings: Settings) -> None:
    sessions = session_factory(make_engine(settings.database_url))
    with transaction(sessions) as session:
        abandoned = fail_abandoned(session)
    if abandoned:
        logger.warning("%d plan(s) left running by a stopped worker marked failed", abandoned)
    policy = load_policy()
    while True:
        if not work_one(sessions, policy, settings):
            time.sleep(settings.worker_poll_s)


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
