"""Surge re-plans in the service: a record's major event (or, later, any alarm) re-plans the
week under way with the command line's use case (``planner.usecases.replan.replan_week``), as
a job of the plan worker.

``queue_event_surge`` queues the job: a plan row with ``job = surge``, the newest finished plan
of this week that covers the elder's town as ``base_plan_id``, and the alarm (the elder, now,
the event) with ``now`` in ``surge``. The worker (``run_surge``) re-plans the base plan's visits
as published with the current tables, and stores the new plan whole, with its changes against
the base (``GET /plans/{id}/changes``). An event with no finished plan of the week under way
queues nothing: the next plan counts the visit as usual.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from api.service import clock
from api.service.models import PlanRow
from api.service.plan_process import Job, JobResult, plan_job
from api.service.plan_store import QUEUED, latest_done_plan, load_plan, request_for
from planner.io.changes_output import CHANGES_COLUMNS, change_rows
from planner.io.previous import PublishedRoster
from planner.model import Alarm, DueVisit, Plan
from planner.policy import Policy
from planner.records import MajorEvent
from planner.usecases.replan import Replan, replan_week

SURGE, PLAN = "surge", "plan"


def queue_event_surge(
    session: Session, elder_id: str, town: str, event: MajorEvent, username: str
) -> int | None:
    """Queue a re-plan of the week under way for ``event``; its plan id, or None when the week
    has no finished plan of the elder's town."""
    now = clock.china_now()
    base = latest_done_plan(session, now.date(), town)
    if base is None:
        return None
    alarm = {"elder_id": elder_id, "at": now.isoformat(), "kind": event.value}
    row = PlanRow(
        week_start=base.week_start,
        town=base.town,
        status=QUEUED,
        requested_by=username,
        requested_at=clock.utcnow(),
        job=SURGE,
        base_plan_id=base.id,
        surge={"now": now.isoformat(), "alarms": [alarm]},
    )
    session.add(row)
    session.flush()
    return row.id


def job_for(session: Session, plan: PlanRow, policy: Policy, workers: int) -> Job:
    """The work a queued plan asks for, read from the database: a week planned from the
    tables, or a surge re-plan (``surge_job``)."""
    if plan.job == SURGE:
        return surge_job(session, plan, policy)
    return plan_job(request_for(session, plan, policy), workers)


def surge_job(session: Session, plan: PlanRow, policy: Policy) -> Job:
    """The re-plan a queued surge job asks for (``planner.usecases.replan.replan_week``); the
    job raises ``planner.io.problems.InputError`` when ``now`` is outside the week or the base
    plan names someone the tables no longer hold."""
    surge: dict[str, Any] = plan.surge or {}
    base_row = session.get_one(PlanRow, plan.base_plan_id)
    published = published_of(load_plan(session, base_row))
    alarms = [
        Alarm(item["elder_id"], datetime.fromisoformat(item["at"]), item.get("kind", ""))
        for item in surge.get("alarms", [])
    ]
    request = request_for(session, plan, policy)
    now = datetime.fromisoformat(surge["now"])

    def job() -> JobResult:
        replan = replan_week(request, published, now, alarms)
        return JobResult(replan.plan, changes_json(replan))

    return job


def published_of(plan: Plan) -> PublishedRoster:
    """A stored plan as the published roster a surge starts from (what the command line reads
    from the earlier output folder): its visits, and its unassigned visits still due."""
    week_end = plan.week_start + timedelta(days=6)
    left_out = tuple(
        DueVisit(u.elder_id, u.tier, u.mode, u.visit_reason, plan.week_start, week_end, u.due_by)
        for u in plan.unassigned
    )
    # As the command line reads a published roster.csv, which has no due dates: each visit is
    # due on its own day (``planner.io.previous``).
    visits = tuple(replace(visit, due_by=visit.day) for visit in plan.visits)
    rows = {visit: n for n, visit in enumerate(visits, start=2)}
    return PublishedRoster(visits, frozenset(), rows, f"plan of {plan.week_start}", left_out)


def changes_json(replan: Replan) -> list[Any]:
    """The re-plan's changes as ``changes.csv``'s rows (``planner.io.changes_output``)."""
    return [dict(zip(CHANGES_COLUMNS, row, strict=True)) for row in change_rows(replan.changes)]
