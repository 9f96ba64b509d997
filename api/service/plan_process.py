"""One plan in a process of its own, forked by the worker, so that the worker can end it at
once: a stop signal cannot reach Python code while the solver runs (OR-Tools swallows what its
callbacks raise), and a killed process gives its memory back.

The process only plans: the worker read the request from the database before, and writes the
result after. It ignores SIGTERM and SIGINT (the worker decides what a stop means for the plan)
and dies with the worker.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Literal

from api.service.processes import die_with_parent, kill_tree
from planner.io.problems import InputError
from planner.model import Plan
from planner.usecases.plan import PlanBrokeRulesError, PlanRequest, plan_week

logger = logging.getLogger("visitplan.worker")


@dataclass(frozen=True)
class JobResult:
    """What a job made: the plan, and for a surge re-plan its changes (``changes.csv``'s rows)."""

    plan: Plan
    changes: list[Any] | None = None


Job = Callable[[], JobResult]
"""A plan's work, everything it needs read from the database before: run in the process."""


def plan_job(request: PlanRequest, workers: int) -> Job:
    """A week planned from the tables (``planner.usecases.plan.plan_week``)."""
    return lambda: JobResult(plan_week(request, workers=workers))


@dataclass(frozen=True)
class Outcome:
    """How the planning ended: ``plan`` when done, else ``why`` it failed in words."""

    kind: Literal["done", "failed", "died"]
    plan: Plan | None = None
    why: str = ""
    changes: list[Any] | None = None


class PlanProcess:
    def __init__(self, job: Job) -> None:
        # Forked: the child starts at once, with the planner already imported.
        context = multiprocessing.get_context("fork")
        self._answers, sending = context.Pipe(duplex=False)
        self._process = context.Process(target=_plan, args=(job, sending), name="visitplan-plan")
        self._process.start()
        sending.close()

    def outcome(self, wait_s: float) -> Outcome | None:
        """The outcome if the planning ended within ``wait_s`` seconds, else None."""
        if not self._answers.poll(wait_s):
            return None
        try:
            outcome: Outcome = self._answers.recv()
        except EOFError:  # it died without a word: killed (out of memory, say) or crashed
            self._process.join()
            return Outcome("died", why=_death(self._process.exitcode))
        self._process.join()
        return outcome

    def kill(self) -> None:
        if self._process.pid is not None:
            kill_tree(self._process.pid)
        self._process.join()
        self._answers.close()


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        return f"the planning process was killed ({name}; out of memory?)"
    return f"the planning process ended without a plan (status {exitcode})"


def _plan(job: Job, sending: Connection) -> None:
    die_with_parent()
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        result = job()
        outcome = Outcome("done", plan=result.plan, changes=result.changes)
    except InputError as error:  # a surge whose base plan no longer fits the tables
        outcome = Outcome("failed", why="; ".join(problem.message for problem in error.problems))
    except PlanBrokeRulesError:
        logger.exception("the plan broke the planner's rules")
        why = "internal error: the planner made a plan that broke its rules"
        outcome = Outcome("failed", why=why)
    except Exception:
        logger.exception("planning failed")
        outcome = Outcome("failed", why="internal error while planning; it has been logged")
    sending.send(outcome)
    sending.close()
