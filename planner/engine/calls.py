"""Phone and online visits: each takes a free slot of a shift, never overlapping a home visit or
its journey; the elder's usual visitor first, otherwise the least loaded visitor. Calls are
placed in the policy's priority order, so when shifts are full the month's floor goes first."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from planner.engine.insertion import book_call
from planner.engine.town_week import TownWeek, VisitorDay, can_serve
from planner.model import DayKey, DueVisit, Tier


def plan_calls(
    week: TownWeek, calls: list[DueVisit], days: dict[DayKey, VisitorDay]
) -> list[DueVisit]:
    """Book every call that finds a slot, most urgent first; the calls left over."""
    by_visitor: dict[str, list[VisitorDay]] = defaultdict(list)
    for (vid, _), day in sorted(days.items()):
        by_visitor[vid].append(day)
    unplaced = []
    ordered = sorted(calls, key=lambda v: _call_order(week, v))
    for visit in ordered:
        if not _place_call(week, visit, by_visitor):
            unplaced.append(visit)
    return unplaced


def _call_order(week: TownWeek, visit: DueVisit) -> tuple[int, date, int, str]:
    """The policy's priority class first (the month's floor before further calls), then the
    most urgent."""
    rank = week.policy.priority_rank(visit.priority_class)
    return (rank, visit.due_by, list(Tier).index(visit.tier), visit.elder_id)


def _place_call(week: TownWeek, visit: DueVisit, by_visitor: dict[str, list[VisitorDay]]) -> bool:
    elder = week.elders[visit.elder_id]
    duration = week.policy.visit_minutes[visit.mode]
    candidates = [v for v in week.visitors if v.serves(elder.town, elder.village)]
    load = {v.visitor_id: sum(d.busy_min for d in by_visitor[v.visitor_id]) for v in candidates}
    candidates.sort(
        key=lambda v: (v.visitor_id != elder.usual_visitor_id, load[v.visitor_id], v.visitor_id)
    )
    for visitor in candidates:
        open_days = [
            d
            for d in by_visitor[visitor.visitor_id]
            if can_serve(week, visit, visitor, d.day, duration)
        ]
        for day in sorted(open_days, key=lambda d: (d.busy_min, d.day)):
            if book_call(week, day, visit):
                return True
    return False
