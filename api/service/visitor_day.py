"""One visitor's day of the newest finished plan, read from its rows only (not the whole
plan), since the visitors' pages are the service's most frequent reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.service.codec import from_json, tuple_from_json
from api.service.models import DayRouteRow, ElderRow, PlannedVisitRow, PlanRow, VisitRecord
from api.service.plan_store import DONE, latest_done_plan
from geo.crs import LonLat
from planner.model import DayRoute, Elder, Plan, PlannedVisit, Visitor
from planner.privacy import mask_personal_numbers
from planner.records import Hazard, NeedKind, Observations, hazards


@dataclass(frozen=True)
class LastVisit:
    """What the last recorded visit of an elder left for the next: its needs and hazards."""

    day: date
    needs: str
    needs_kinds: tuple[NeedKind, ...]
    hazards: tuple[Hazard, ...]
    suggested_care: str


def last_visits(db: Session, elder_ids: set[str], before: date) -> dict[str, LastVisit]:
    """The newest record of each elder before ``before`` (by any visitor)."""
    rows = db.scalars(
        select(VisitRecord)
        .where(VisitRecord.elder_id.in_(elder_ids), VisitRecord.day < before)
        .order_by(VisitRecord.day, VisitRecord.recorded_at)
    ).all()
    newest = {row.elder_id: row for row in rows}
    found = {}
    for elder_id, row in newest.items():
        seen = from_json(Observations, row.observations)
        found[elder_id] = LastVisit(
            day=row.day,
            needs=mask_personal_numbers(seen.needs),
            needs_kinds=seen.needs_kinds,
            hazards=hazards(seen),
            suggested_care=mask_personal_numbers(seen.suggested_care),
        )
    return found


@dataclass(frozen=True)
class VisitorDay:
    plan_id: int
    visitor: Visitor
    day: date
    visits: tuple[PlannedVisit, ...]
    visit_ids: tuple[int, ...]
    """The roster rows' ids, in the order of ``visits``."""
    elders: dict[str, Elder]
    route: DayRoute | None
    last_visits: dict[str, LastVisit] = field(default_factory=dict)
    """Each elder's last recorded visit before the day: where the next visit starts."""

    def as_plan(self, week_start: date) -> Plan:
        """A plan holding only this day, for the writers that take a ``Plan``."""
        return Plan(
            week_start=week_start,
            elders=tuple(self.elders.values()),
            visitors=(self.visitor,),
            tiers={},
            due=(),
            visits=self.visits,
            unassigned=(),
            routes=() if self.route is None else (self.route,),
        )


def visitor_day(db: Session, visitor: Visitor, day: date) -> VisitorDay | None:
    """The visitor's visits on ``day`` in the newest finished plan of that week; None when no
    finished plan covers the visitor's town that week."""
    plan = latest_done_plan(db, day, visitor.town)
    if plan is None:
        return None
    rows = db.scalars(
        select(PlannedVisitRow)
        .where(
            PlannedVisitRow.plan_id == plan.id,
            PlannedVisitRow.visitor_id == visitor.visitor_id,
            PlannedVisitRow.day == day,
        )
        .order_by(PlannedVisitRow.sequence)
    ).all()
    visits = tuple(from_json(PlannedVisit, row.facts) for row in rows)
    route_row = db.scalars(
        select(DayRouteRow).where(
            DayRouteRow.plan_id == plan.id,
            DayRouteRow.visitor_id == visitor.visitor_id,
            DayRouteRow.day == day,
        )
    ).first()
    route = None
    if route_row is not None:
        route = DayRoute(
            visitor_id=route_row.visitor_id,
            day=route_row.day,
            path=tuple_from_json(LonLat, route_row.path),
            elder_ids=tuple(route_row.elder_ids),
            minutes=route_row.minutes,
            km=route_row.km,
        )
    elder_ids = {visit.elder_id for visit in visits}
    elders = elders_of(db, plan, elder_ids)
    ids = tuple(row.id for row in rows)
    earlier = last_visits(db, elder_ids, day)
    return VisitorDay(plan.id, visitor, day, visits, ids, elders, route, earlier)


def elders_of(db: Session, plan: PlanRow, elder_ids: set[str]) -> dict[str, Elder]:
    """The elders as the plan knew them: the stored ones, or the plan's own copy for an elder
    re-imported away since."""
    found = {
        row.elder_id: from_json(Elder, row.facts)
        for row in db.scalars(select(ElderRow).where(ElderRow.elder_id.in_(elder_ids)))
    }
    missing = elder_ids - set(found)
    if missing and plan.details:
        for elder in tuple_from_json(Elder, plan.details.get("elders", [])):
            if elder.elder_id in missing:
                found[elder.elder_id] = elder
    return found


def visitor_weeks(db: Session, visitor: Visitor) -> list[PlanRow]:
    """The newest finished plan of each week that covers the visitor's town."""
    plans = db.scalars(
        select(PlanRow)
        .where(PlanRow.status == DONE)
        .where((PlanRow.town == visitor.town) | (PlanRow.town.is_(None)))
        .order_by(PlanRow.id.desc())
    ).all()
    newest: dict[date, PlanRow] = {}
    for plan in plans:
        newest.setdefault(plan.week_start, plan)
    return [newest[week] for week in sorted(newest)]
