"""Plans in the database: queued as jobs, claimed by the worker, written whole when done, and
read back as the planner's ``Plan`` for the roster, routes and pages.

The result of a plan is written in one transaction together with its status ``done``: a
reader sees a plan queued, running, failed or complete, never half written.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from api.service.clock import utcnow
from api.service.codec import from_json, to_json, tuple_from_json
from api.service.models import DayRouteRow, PlannedVisitRow, PlanRow, UnassignedVisitRow
from api.service.status_store import open_followups, stored_absences, stored_statuses
from api.service.store import past_visits, stored_elders, stored_visitors
from planner.absences import with_absences
from planner.io.summary import summary
from planner.io.words import reason_text
from planner.model import (
    DayRoute,
    DueVisit,
    Elder,
    Plan,
    PlannedVisit,
    Tier,
    UnassignedVisit,
    Visitor,
)
from planner.notes import Flag, PlanWarning
from planner.policy import Policy
from planner.usecases.plan import PlanRequest

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
WORKER_DIED = (
    "the worker stopped while planning (the service was stopped or killed); nothing of this "
    "plan was kept: ask for the plan again"
)


class NothingToPlanError(ValueError):
    """The database holds no elders or no visitors for the plan's towns."""


def queue_plan(session: Session, week_start: date, town: str | None, username: str) -> PlanRow:
    plan = PlanRow(
        week_start=week_start,
        town=town,
        status=QUEUED,
        requested_by=username,
        requested_at=utcnow(),
    )
    session.add(plan)
    session.flush()
    return plan


def worker_name() -> str:
    """This process as a plan's ``worker``: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def claim_next(session: Session, worker: str) -> int | None:
    """Mark the oldest queued plan running for ``worker`` and return its id; None when none
    is queued.

    The conditional UPDATE is the claim: of two workers racing for one plan, one updates a row
    and the other none."""
    queued = session.scalars(
        select(PlanRow.id).where(PlanRow.status == QUEUED).order_by(PlanRow.id).limit(5)
    ).all()
    for plan_id in queued:
        now = utcnow()
        claimed = session.execute(
            update(PlanRow)
            .where(PlanRow.id == plan_id, PlanRow.status == QUEUED)
            .values(status=RUNNING, started_at=now, worker=worker, heartbeat_at=now)
        )
        if claimed.rowcount == 1:  # type: ignore[attr-defined]
            return plan_id
    return None


def heartbeat(session: Session, plan_id: int, worker: str) -> None:
    """Say that ``worker`` is still planning ``plan_id``."""
    session.execute(
        update(PlanRow)
        .where(PlanRow.id == plan_id, PlanRow.worker == worker, PlanRow.status == RUNNING)
        .values(heartbeat_at=utcnow())
    )


def fail_abandoned(session: Session, *, stale_after: timedelta) -> int:
    """Plans left running by a worker that died: failed, with why (see ``WORKER_DIED``).

    A worker is known dead when it ran on this machine and its process is gone, and taken for
    dead when its heartbeat is older than ``stale_after`` (a worker elsewhere). Failing rather
    than re-queueing: a plan that killed its worker (out of memory, say) would otherwise kill
    every worker after it; asking again is one request for the coordinator."""
    now = utcnow()
    running = session.execute(
        select(PlanRow.id, PlanRow.worker, PlanRow.heartbeat_at).where(PlanRow.status == RUNNING)
    ).all()
    abandoned = [
        plan_id
        for plan_id, worker, beat in running
        if _process_gone(worker) or beat is None or now - beat > stale_after
    ]
    if abandoned:
        session.execute(
            update(PlanRow)
            .where(PlanRow.id.in_(abandoned), PlanRow.status == RUNNING)
            .values(status=FAILED, error=WORKER_DIED, finished_at=now)
        )
    return len(abandoned)


def _process_gone(worker: str | None) -> bool:
    """Whether ``worker`` (``host:pid``) ran on this machine and its process has ended."""
    if worker is None:
        return True
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, someone else's
        return False
    return False


def requeue(session: Session, plan_id: int, worker: str, why: str) -> None:
    """Put a plan ``worker`` was planning back in the queue, with why: it was stopped, not
    broken, so the next worker plans it."""
    session.execute(
        update(PlanRow)
        .where(PlanRow.id == plan_id, PlanRow.worker == worker, PlanRow.status == RUNNING)
        .values(status=QUEUED, error=why, worker=None, started_at=None, heartbeat_at=None)
    )


def mark_failed(session: Session, plan_id: int, error: str) -> None:
    session.execute(
        update(PlanRow)
        .where(PlanRow.id == plan_id)
        .values(status=FAILED, error=error, finished_at=utcnow())
    )


def request_for(session: Session, plan: PlanRow, policy: Policy) -> PlanRequest:
    """The planner's request for a queued plan, from the database's current tables."""
    towns = None if plan.town is None else [plan.town]
    elders = stored_elders(session, towns)
    visitors = stored_visitors(session, towns)
    where = f"town {plan.town}" if plan.town else "the district"
    if not elders:
        raise NothingToPlanError(f"no elders are imported for {where}: import them first")
    if not visitors:
        raise NothingToPlanError(f"no visitors are imported for {where}: import them first")
    history = past_visits(session, (elder.elder_id for elder in elders), plan.week_start)
    week = (plan.week_start, plan.week_start + timedelta(days=6))
    return PlanRequest(
        elders=elders,
        visitors=with_absences(visitors, stored_absences(session, towns, overlapping=week)),
        week_start=plan.week_start,
        policy=policy,
        history=history,
        statuses=stored_statuses(session, towns),
        followups=open_followups(session, towns),
    )


def save_result(
    session: Session, plan_id: int, result: Plan, *, changes: list[Any] | None = None
) -> None:
    """Write the plan's visits, unassigned visits and routes, and mark it done: the caller's
    one transaction. ``changes``: a surge re-plan's differences from the plan it started from."""
    town_of = {elder.elder_id: elder.town for elder in result.elders}
    elders = {elder.elder_id: elder for elder in result.elders}
    session.add_all(
        PlannedVisitRow(
            plan_id=plan_id,
            town=town_of[visit.elder_id],
            day=visit.day,
            visitor_id=visit.visitor_id,
            elder_id=visit.elder_id,
            sequence=visit.sequence,
            facts=to_json(visit),
        )
        for visit in result.visits
    )
    session.add_all(
        UnassignedVisitRow(
            plan_id=plan_id,
            town=town_of[item.elder_id],
            elder_id=item.elder_id,
            due_by=item.due_by,
            reason_zh=reason_text(item, "zh", elders),
            reason_en=reason_text(item, "en", elders),
            facts=to_json(item),
        )
        for item in result.unassigned
    )
    session.add_all(route_row(plan_id, route) for route in result.routes)
    details = {
        "elders": to_json(result.elders),
        "visitors": to_json(result.visitors),
        "tiers": to_json(result.tiers),
        "due": to_json(result.due),
        "flags": to_json(result.flags),
        "warnings": to_json(result.warnings),
        "time_cap_hit": list(result.time_cap_hit),
        "seconds": result.seconds,
    }
    if changes is not None:
        details["changes"] = changes
    session.execute(
        update(PlanRow)
        .where(PlanRow.id == plan_id)
        .values(
            status=DONE,
            error=None,  # a stop's note, from when it was queued again
            summary=to_json(summary(result)),
            details=details,
            finished_at=utcnow(),
        )
    )


def load_plan(session: Session, plan: PlanRow) -> Plan:
    """The stored plan as the planner's ``Plan`` (its visits as edited since)."""
    details = plan.details or {}
    visits = session.scalars(
        select(PlannedVisitRow).where(PlannedVisitRow.plan_id == plan.id)
    ).all()
    unassigned = session.scalars(
        select(UnassignedVisitRow).where(UnassignedVisitRow.plan_id == plan.id)
    ).all()
    routes = session.scalars(select(DayRouteRow).where(DayRouteRow.plan_id == plan.id)).all()
    return Plan(
        week_start=plan.week_start,
        elders=tuple_from_json(Elder, details.get("elders", [])),
        visitors=tuple_from_json(Visitor, details.get("visitors", [])),
        tiers={key: Tier(value) for key, value in details.get("tiers", {}).items()},
        due=tuple_from_json(DueVisit, details.get("due", [])),
        visits=tuple(
            sorted(
                (from_json(PlannedVisit, row.facts) for row in visits),
                key=lambda v: (v.day, v.visitor_id, v.sequence),
            )
        ),
        unassigned=tuple(from_json(UnassignedVisit, row.facts) for row in unassigned),
        routes=tuple(_route(row) for row in routes),
        flags=tuple_from_json(Flag, details.get("flags", [])),
        seconds=float(details.get("seconds", 0.0)),
        warnings=tuple_from_json(PlanWarning, details.get("warnings", [])),
        time_cap_hit=tuple(details.get("time_cap_hit", ())),
    )


def _route(row: DayRouteRow) -> DayRoute:
    return from_json(
        DayRoute,
        {
            "visitor_id": row.visitor_id,
            "day": row.day.isoformat(),
            "path": row.path,
            "elder_ids": row.elder_ids,
            "minutes": row.minutes,
            "km": row.km,
        },
    )


def restricted(
    plan: Plan,
    *,
    towns: Sequence[str] | None = None,
    visitor_id: str | None = None,
    day: date | None = None,
) -> Plan:
    """The part of a plan about some towns, one visitor and/or one day."""
    elders = tuple(e for e in plan.elders if towns is None or e.town in towns)
    elder_ids = {e.elder_id for e in elders}
    visitors = tuple(
        v
        for v in plan.visitors
        if (towns is None or v.town in towns) and visitor_id in (None, v.visitor_id)
    )
    visitor_ids = {v.visitor_id for v in visitors}

    def kept(item_visitor: str, item_day: date) -> bool:
        return item_visitor in visitor_ids and day in (None, item_day)

    return replace(
        plan,
        elders=elders,
        visitors=visitors,
        tiers={k: t for k, t in plan.tiers.items() if k in elder_ids},
        due=tuple(d for d in plan.due if d.elder_id in elder_ids),
        visits=tuple(
            v for v in plan.visits if v.elder_id in elder_ids and kept(v.visitor_id, v.day)
        ),
        unassigned=tuple(u for u in plan.unassigned if u.elder_id in elder_ids),
        routes=tuple(r for r in plan.routes if kept(r.visitor_id, r.day)),
        flags=tuple(f for f in plan.flags if f.subject_id in elder_ids | visitor_ids),
    )


def latest_done_plan(session: Session, day: date, town: str) -> PlanRow | None:
    """The newest finished plan of the week holding ``day`` that covers ``town``."""
    monday = day - timedelta(days=day.weekday())
    query = (
        select(PlanRow)
        .where(PlanRow.status == DONE, PlanRow.week_start == monday)
        .where((PlanRow.town == town) | (PlanRow.town.is_(None)))
        .order_by(PlanRow.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def route_row(plan_id: int, route: DayRoute) -> DayRouteRow:
    """The database row of one visitor's day route in a plan."""
    return DayRouteRow(
        plan_id=plan_id,
        visitor_id=route.visitor_id,
        day=route.day,
        path=to_json(route.path),
        elder_ids=list(route.elder_ids),
        km=route.km,
        minutes=route.minutes,
    )
