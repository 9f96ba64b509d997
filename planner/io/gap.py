"""How far a plan falls short of the month's floor, and what would close the gap.

``elders_missing_month``: elders whose month-floor visit (their first contact of the month,
``Priority.MONTH_FLOOR``) is due this week and left unassigned. At this week's staffing they
miss the month, unless a later week of the same month makes up for it.

``visitor_days_to_close_gap``: an estimate of the extra visitor-days that would take those
visits: their minutes (each at the time the plan's own visits of that mode take, home visits
with the plan's mean travel per home visit) over a standard visitor-day (the median shift),
and their home visits over the median daily cap; the larger, rounded up.
"""

from __future__ import annotations

import math
from statistics import mean, median

from planner.model import Plan, PlannedVisit, Priority, UnassignedVisit, VisitMode
from planner.policy import load_policy

__all__ = ["elders_missing_month", "visitor_days_to_close_gap"]


def _floor_left_out(plan: Plan) -> list[UnassignedVisit]:
    floor = {
        (v.elder_id, v.reason, v.due_by)
        for v in plan.due
        if v.priority_class is Priority.MONTH_FLOOR
    }
    return [u for u in plan.unassigned if (u.elder_id, u.visit_reason, u.due_by) in floor]


def elders_missing_month(plan: Plan) -> int:
    return len({u.elder_id for u in _floor_left_out(plan)})


def visitor_days_to_close_gap(plan: Plan) -> int:
    missing = _floor_left_out(plan)
    if not missing or not plan.visitors:
        return 0
    per_mode = {mode: _minutes_of(plan.visits, mode) for mode in {u.mode for u in missing}}
    minutes = sum(per_mode[u.mode] for u in missing)
    home = sum(1 for u in missing if u.mode is VisitMode.HOME)
    shift = median(v.shift.end_min - v.shift.start_min for v in plan.visitors)
    cap = median(v.max_home_visits_per_day for v in plan.visitors)
    by_time = math.ceil(minutes / shift)
    by_cap = math.ceil(home / cap) if cap > 0 else by_time
    return max(by_time, by_cap, 1)


def _minutes_of(visits: tuple[PlannedVisit, ...], mode: VisitMode) -> float:
    """What a visit of ``mode`` takes in this plan, travel to a home included."""
    same = [v for v in visits if v.mode is mode]
    if not same:  # nothing of the kind planned: the default policy's time, no travel known
        return float(load_policy().visit_minutes[mode])
    duration = mean(v.departure_min - v.arrival_min for v in same)
    return duration + (mean(v.travel_minutes for v in same) if mode is VisitMode.HOME else 0.0)
