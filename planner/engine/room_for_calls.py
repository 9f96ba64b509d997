"""The month's floor holds for calls too: calls are placed after the home visits are routed, so a
call the policy ranks higher than a home visit already placed (a general elder's only contact of
the month against a key elder's fourth home visit) may find the shifts full. Such a call takes
the time of the lowest-ranked home visit of a day it could be made on: that home visit is left
out (and explained), the day's route is rebuilt without it, and the call is booked. The time a
home visit leaves is more than one call takes: each call left over first tries the days as they
now stand (the outside checker found key elders' calls left out beside half an hour freed so).
"""

from __future__ import annotations

from datetime import date

from planner.engine.calls import plan_calls
from planner.engine.day_rebuild import Legs, rebuild_day
from planner.engine.insertion import book_call
from planner.engine.town_week import TownWeek, VisitorDay, can_serve
from planner.model import DayKey, DayRoute, DueVisit, PlannedVisit, VisitMode

_Key = tuple[str, str, date]


def make_room_for_calls(
    week: TownWeek,
    days: dict[DayKey, VisitorDay],
    routes: list[DayRoute],
    home: list[DueVisit],
    unplaced_calls: list[DueVisit],
) -> tuple[list[DayRoute], list[DueVisit], list[DueVisit]]:
    """The routes, the home visits given up, and the calls still left out."""
    legs = Legs(week)
    due_of = {_key_of(v.elder_id, v.reason.value, v.due_by): v for v in home}
    by_day = {(r.visitor_id, r.day): r for r in routes}
    given_up: list[DueVisit] = []
    still_out: list[DueVisit] = []
    for call in unplaced_calls:
        # A home visit given up for an earlier call may have left more time than that call
        # took: a later call goes there first, before another home visit is given up for it.
        if not plan_calls(week, [call], days):
            continue
        outcome = _take_lower_home_visit(week, days, due_of, call, legs)
        if outcome is None:
            still_out.append(call)
            continue
        day_key, route, dropped = outcome
        given_up.append(dropped)
        by_day.pop(day_key)
        if route is not None:
            by_day[day_key] = route
    return sorted(by_day.values(), key=lambda r: (r.day, r.visitor_id)), given_up, still_out


def _key_of(elder_id: str, reason: str, due_by: date) -> _Key:
    return (elder_id, reason, due_by)


def _take_lower_home_visit(
    week: TownWeek,
    days: dict[DayKey, VisitorDay],
    due_of: dict[_Key, DueVisit],
    call: DueVisit,
    legs: Legs,
) -> tuple[DayKey, DayRoute | None, DueVisit] | None:
    """Book ``call`` in place of a home visit of a lower class; None when none makes room."""
    rank = week.policy.priority_rank(call.priority_class)
    duration = week.policy.visit_minutes[call.mode]
    candidates: list[tuple[tuple[int, bool, int], DayKey, PlannedVisit]] = []
    for key, day in days.items():
        if not can_serve(week, call, day.visitor, day.day, duration):
            continue
        for row in day.rows:
            due = due_of.get(_key_of(row.elder_id, row.reason.value, row.due_by))
            if row.mode is VisitMode.HOME and due is not None:
                their_rank = week.policy.priority_rank(due.priority_class)
                if their_rank > rank:  # lowest class first, then one that could wait
                    order = (-their_rank, due.due_by <= week.days[-1], -row.arrival_min)
                    candidates.append((order, key, row))
    for _, key, row in sorted(candidates, key=lambda c: (c[0], c[1])):
        rebuilt = _without(week, days[key], row, legs)
        if rebuilt is None:
            continue
        fresh, route = rebuilt
        if not book_call(week, fresh, call):
            continue
        days[key] = fresh
        return key, route, due_of[_key_of(row.elder_id, row.reason.value, row.due_by)]
    return None


def _without(
    week: TownWeek, day: VisitorDay, dropped: PlannedVisit, legs: Legs
) -> tuple[VisitorDay, DayRoute | None] | None:
    """The day rebuilt without one home visit: the next leg goes straight on (never longer than
    the detour through the dropped home, so every time still holds); None if it cannot be."""
    return rebuild_day(week, day, [r for r in day.rows if r is not dropped], legs)
