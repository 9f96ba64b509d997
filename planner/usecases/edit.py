"""A coordinator's edit of a finished plan: one visit moved to another day or visitor.

The visit goes into the target day where the engine's one insertion puts a visit
(``planner.engine.insertion``): a home visit where it adds the least travel, the day's other
visits keeping their times (a visitor and the elders already told keep them); a call in the
earliest free slot. The day it leaves is rebuilt without it, its times kept. Travel comes from
the source the plan was made with. The edited plan then passes the same independent checks as
every plan (``planner.checks``), so a move can never break a rule: area, working day, daily
cap, the days the visit is due on, hours, shift. A move that does not fit is refused with why
(``MoveRefusedError``); it is never squeezed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from geo.travel import TravelSource
from planner.checks import check_plan
from planner.engine.day_rebuild import Legs, rebuild_day
from planner.engine.insertion import Insertion, book_call
from planner.engine.town_week import TownWeek, VisitorDay
from planner.model import DayKey, DayRoute, DueVisit, Plan, PlannedVisit, VisitMode, Visitor
from planner.policy import Policy


class MoveRefusedError(ValueError):
    """The move breaks a rule; ``reasons`` says which, in words."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = tuple(reasons)
        super().__init__("; ".join(self.reasons))


@dataclass(frozen=True)
class Move:
    """The edited plan, and for each re-timed visitor-day its visits before and after."""

    plan: Plan
    days: dict[DayKey, list[tuple[PlannedVisit, PlannedVisit]]]


def move_visit(
    plan: Plan,
    visit: PlannedVisit,
    *,
    day: date,
    visitor_id: str,
    policy: Policy,
    travel: TravelSource | None = None,
) -> Move:
    """``plan`` with ``visit`` moved to ``visitor_id`` on ``day``, travel from ``travel``: the
    source the plan was made with (by default the policy's straight lines).

    Raises
    ------
    MoveRefusedError
        When the moved visit or a changed day would break a rule.
    """
    visitors = {v.visitor_id: v for v in plan.visitors}
    if visitor_id not in visitors:
        raise MoveRefusedError([f"visitor {visitor_id} is not in this plan"])
    if not plan.week_start <= day < plan.week_start + timedelta(days=7):
        raise MoveRefusedError([f"{day} is outside the plan's week of {plan.week_start}"])
    week = TownWeek(
        town=visitors[visitor_id].town,
        days=tuple(plan.week_start + timedelta(days=n) for n in range(7)),
        elders={e.elder_id: e for e in plan.elders},
        visitors=tuple(plan.visitors),
        due=(),
        working=frozenset(),
        policy=policy,
        travel=travel,
    )
    legs = Legs(week)
    source = DayKey(visit.visitor_id, visit.day)
    target = DayKey(visitor_id, day)
    by_day = _days(plan.visits)
    left = [v for v in by_day.get(source, []) if v != visit]
    into = left if target == source else by_day.get(target, [])
    placed = _placed(week, legs, visitors[visitor_id], day, into, visit)
    if placed is None:
        raise MoveRefusedError(
            [
                f"the visit does not fit into {visitor_id}'s day on {day}: with the travel, the "
                "elder's hours and the visits already there it would end after the shift; pick "
                "another day or visitor"
            ]
        )
    days = {target: _pairs(into, placed[0], moved=visit)}
    routes = {target: placed[1]}
    if target != source:
        emptied = _rebuilt(week, legs, visitors[visit.visitor_id], visit.day, left)
        if emptied is None:
            raise MoveRefusedError([f"{visit.visitor_id}'s day on {visit.day} cannot be re-timed"])
        days[source] = _pairs(left, emptied[0])
        routes[source] = emptied[1]
    edited = _edited(plan, days, routes)
    problems = check_plan(edited, policy)
    if problems:
        raise MoveRefusedError(problems)
    return Move(edited, days)


def _days(visits: Sequence[PlannedVisit]) -> dict[DayKey, list[PlannedVisit]]:
    days: dict[DayKey, list[PlannedVisit]] = {}
    for visit in sorted(visits, key=lambda v: v.sequence):
        days.setdefault(DayKey(visit.visitor_id, visit.day), []).append(visit)
    return days


Rebuilt = tuple[VisitorDay, DayRoute | None]


def _rebuilt(
    week: TownWeek, legs: Legs, visitor: Visitor, day: date, rows: Sequence[PlannedVisit]
) -> Rebuilt | None:
    """The visitor's day holding ``rows`` at their times, travel recomputed."""
    empty = VisitorDay(visitor, day, [(visitor.shift.start_min, visitor.shift.end_min)])
    return rebuild_day(week, empty, rows, legs)


def _placed(
    week: TownWeek,
    legs: Legs,
    visitor: Visitor,
    day: date,
    rows: Sequence[PlannedVisit],
    visit: PlannedVisit,
) -> Rebuilt | None:
    """The target day with ``visit`` put in by the engine's insertion; the daily cap is left to
    the plan's check, which names it."""
    rebuilt = _rebuilt(week, legs, visitor, day, rows)
    if rebuilt is None:
        return None
    due = DueVisit(visit.elder_id, visit.tier, visit.mode, visit.reason, day, day, visit.due_by)
    if visit.mode is not VisitMode.HOME:
        fresh, route = rebuilt
        return (fresh, route) if book_call(week, fresh, due) else None
    found = Insertion(week, {}, legs).into(rebuilt[0], due, ignore_cap=True)
    return None if found is None else (found[1], found[2])


def _pairs(
    before: Sequence[PlannedVisit], after: VisitorDay, moved: PlannedVisit | None = None
) -> list[tuple[PlannedVisit, PlannedVisit]]:
    """Each visit of the day as it was and as it is now, numbered in order of arrival."""
    was = {(v.elder_id, v.mode, v.arrival_min): v for v in before}
    pairs = []
    rows = sorted(after.rows, key=lambda r: r.arrival_min)
    for sequence, row in enumerate(rows, start=1):
        old = was.get((row.elder_id, row.mode, row.arrival_min), moved)
        if old is None:  # every row of a rebuilt day is one of its visits or the moved one
            raise ValueError(f"{row.elder_id} at {row.arrival_min} is not in the day")
        pairs.append((old, replace(row, sequence=sequence)))
    return pairs


def _edited(
    plan: Plan,
    days: dict[DayKey, list[tuple[PlannedVisit, PlannedVisit]]],
    routes: dict[DayKey, DayRoute | None],
) -> Plan:
    visits = [v for v in plan.visits if (v.visitor_id, v.day) not in days]
    visits += [new for pairs in days.values() for _, new in pairs]
    kept_routes = [r for r in plan.routes if (r.visitor_id, r.day) not in routes]
    kept_routes += [route for route in routes.values() if route is not None]
    return replace(
        plan,
        visits=tuple(sorted(visits, key=lambda v: (v.day, v.visitor_id, v.sequence))),
        routes=tuple(sorted(kept_routes, key=lambda r: (r.day, r.visitor_id))),
    )
