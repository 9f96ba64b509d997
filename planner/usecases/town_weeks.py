"""The one way the use cases build the towns' weeks and assemble a plan from what the towns gave.

Towns are independent planning units (the notice makes each town responsible for its elders):
each gets its elders, its visitors, the days they work and the visits due there, with the week's
travel source. A plan lists its visits, unassigned visits and routes in one order, whichever use
case made it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from geo.travel import TravelSource
from planner.calendar import WorkCalendar
from planner.demand import week_days
from planner.engine.town_week import TownWeek
from planner.model import (
    DayRoute,
    DueVisit,
    Elder,
    Plan,
    PlannedVisit,
    Tier,
    UnassignedVisit,
)
from planner.notes import Flag, PlanWarning

if TYPE_CHECKING:
    from planner.usecases.plan import PlanRequest


def town_weeks(
    request: PlanRequest, due: Sequence[DueVisit], travel: TravelSource | None = None
) -> list[TownWeek]:
    """One ``TownWeek`` per town of the elders, in the towns' order, each with the visits of
    ``due`` whose elder lives there and the days its visitors work (``planner.calendar``)."""
    days = tuple(week_days(request.week_start))
    calendar = WorkCalendar(request.policy)
    elders_of: dict[str, dict[str, Elder]] = defaultdict(dict)
    for elder in request.elders:
        elders_of[elder.town][elder.elder_id] = elder
    town_of_elder = {e.elder_id: e.town for e in request.elders}
    due_of: dict[str, list[DueVisit]] = defaultdict(list)
    for visit in due:
        due_of[town_of_elder[visit.elder_id]].append(visit)
    weeks = []
    for town in sorted(elders_of):
        visitors = tuple(v for v in request.visitors if v.town == town)
        working = frozenset(
            (v.visitor_id, d) for v in visitors for d in days if calendar.works(v, d)
        )
        weeks.append(
            TownWeek(
                town,
                days,
                elders_of[town],
                visitors,
                tuple(due_of[town]),
                working,
                request.policy,
                travel,
            )
        )
    return weeks


def assemble_plan(
    request: PlanRequest,
    *,
    tiers: dict[str, Tier],
    due: Iterable[DueVisit],
    visits: Iterable[PlannedVisit],
    unassigned: Iterable[UnassignedVisit],
    routes: Iterable[DayRoute],
    flags: Iterable[Flag],
    seconds: float,
    warnings: Sequence[PlanWarning] = (),
    time_cap_hit: Sequence[str] = (),
) -> Plan:
    """The plan of the request's week: visits by day, visitor and order; unassigned visits by
    due date and elder; routes by day and visitor."""
    return Plan(
        week_start=request.week_start,
        elders=tuple(request.elders),
        visitors=tuple(request.visitors),
        tiers=tiers,
        due=tuple(due),
        visits=tuple(sorted(visits, key=lambda v: (v.day, v.visitor_id, v.sequence))),
        unassigned=tuple(sorted(unassigned, key=lambda u: (u.due_by, u.elder_id))),
        routes=tuple(sorted(routes, key=lambda r: (r.day, r.visitor_id))),
        flags=tuple(flags),
        seconds=seconds,
        warnings=tuple(warnings),
        time_cap_hit=tuple(time_cap_hit),
    )
