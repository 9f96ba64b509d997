"""A coordinator's edit of a finished plan: one visit moved to another day or visitor.

The two visitor-days it touches are re-timed in their order, the moved visit put where it
ends the day earliest; each visit starts as early as the travel, the elder's hours and the
shift allow, and the round must end back at the start within the shift. The edited plan then
passes the same independent checks as every plan (``planner.checks``), so a move can never
break a rule: area, working day, daily cap, the days the visit is due on, hours, shift. A move
that does not fit is refused with why (``MoveRefusedError``); it is never squeezed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from geo.travel import TravelSource, path_km, route_line
from planner.checks import check_plan
from planner.model import DayRoute, Elder, Plan, PlannedVisit, VisitMode, Visitor
from planner.policy import Policy

DayKey = tuple[str, date]


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
    """``plan`` with ``visit`` moved to ``visitor_id`` on ``day``, the days re-timed on
    ``travel``: the source the plan was made with (by default the policy's straight lines).

    Raises
    ------
    MoveRefusedError
        When the moved visit or a re-timed day would break a rule.
    """
    visitors = {v.visitor_id: v for v in plan.visitors}
    elders = {e.elder_id: e for e in plan.elders}
    if visitor_id not in visitors:
        raise MoveRefusedError([f"visitor {visitor_id} is not in this plan"])
    if not plan.week_start <= day < plan.week_start + timedelta(days=7):
        raise MoveRefusedError([f"{day} is outside the plan's week of {plan.week_start}"])
    source: DayKey = (visit.visitor_id, visit.day)
    target: DayKey = (visitor_id, day)
    by_day = _days(plan.visits)
    travel_source = travel if travel is not None else policy.straight_line()
    left = [v for v in by_day.get(source, []) if v != visit]
    moved = replace(visit, day=day, visitor_id=visitor_id)
    into = left if target == source else by_day.get(target, [])
    placed = _best_insertion(into, moved, visitors[visitor_id], elders, travel_source)
    if placed is None:
        raise MoveRefusedError(
            [
                f"the visit does not fit into {visitor_id}'s day on {day}: with the travel, the "
                "elder's hours and the visits already there it would end after the shift; pick "
                "another day or visitor"
            ]
        )
    order, (times, route) = placed
    days: dict[DayKey, list[tuple[PlannedVisit, PlannedVisit]]] = {
        target: [(visit if v is moved else v, new) for v, new in zip(order, times, strict=True)]
    }
    routes = {target: route}
    if target != source:
        retimed = _retime(left, visitors[visit.visitor_id], elders, travel_source)
        if retimed is None:
            raise MoveRefusedError([f"{visit.visitor_id}'s day on {visit.day} cannot be re-timed"])
        days[source] = list(zip(left, retimed[0], strict=True))
        routes[source] = retimed[1]
    edited = _edited(plan, days, routes)
    problems = check_plan(edited, policy)
    if problems:
        raise MoveRefusedError(problems)
    return Move(edited, days)


def _days(visits: Sequence[PlannedVisit]) -> dict[DayKey, list[PlannedVisit]]:
    days: dict[DayKey, list[PlannedVisit]] = {}
    for visit in sorted(visits, key=lambda v: v.sequence):
        days.setdefault((visit.visitor_id, visit.day), []).append(visit)
    return days


Timed = tuple[list[PlannedVisit], DayRoute | None]


def _best_insertion(
    day_visits: list[PlannedVisit],
    moved: PlannedVisit,
    visitor: Visitor,
    elders: dict[str, Elder],
    source: TravelSource,
) -> tuple[list[PlannedVisit], Timed] | None:
    """The order with ``moved`` inserted that ends the day earliest, re-timed; None if none
    fits."""
    best: tuple[int, list[PlannedVisit], Timed] | None = None
    for position in range(len(day_visits) + 1):
        order = [*day_visits[:position], moved, *day_visits[position:]]
        timed = _retime(order, visitor, elders, source)
        if timed is None:
            continue
        end = timed[0][-1].departure_min + (timed[1].minutes if timed[1] else 0)
        if best is None or end < best[0]:
            best = (end, order, timed)
    return None if best is None else (best[1], best[2])


def _retime(
    order: Sequence[PlannedVisit], visitor: Visitor, elders: dict[str, Elder], source: TravelSource
) -> Timed | None:
    """The visits of one visitor-day in ``order``, each as early as it can be; None when the
    day cannot hold them."""
    homes = [v for v in order if v.mode is VisitMode.HOME]
    places = [visitor.start, *(elders[v.elder_id].location for v in homes)]
    minutes = source.matrices(places, visitor.travel_mode.value).minutes
    now, here, home_index = visitor.shift.start_min, 0, 0
    timed: list[PlannedVisit] = []
    travelled = 0
    for sequence, visit in enumerate(order, start=1):
        travel = 0
        if visit.mode is VisitMode.HOME:
            home_index += 1
            travel = int(minutes[here][home_index])
            here = home_index
        length = visit.departure_min - visit.arrival_min
        arrival = _earliest(now + travel, length, elders[visit.elder_id], visitor)
        if arrival is None:
            return None
        travelled += travel
        timed.append(
            replace(
                visit,
                day=visit.day,
                visitor_id=visitor.visitor_id,
                sequence=sequence,
                arrival_min=arrival,
                departure_min=arrival + length,
                travel_minutes=travel,
            )
        )
        now = arrival + length
    if not homes:
        return timed, None
    back = int(minutes[here][0])
    last_home = max(v.departure_min for v in timed if v.mode is VisitMode.HOME)
    if last_home + back > visitor.shift.end_min:
        return None
    path = route_line(source, [*places, visitor.start], visitor.travel_mode.value)
    route = DayRoute(
        visitor.visitor_id,
        order[0].day,
        path,
        tuple(v.elder_id for v in homes),
        travelled + back,
        round(path_km(path), 3),
    )
    return timed, route


def _earliest(ready: int, length: int, elder: Elder, visitor: Visitor) -> int | None:
    starts = []
    for window in elder.windows:
        start = max(ready, window.start_min, visitor.shift.start_min)
        if start + length <= min(window.end_min, visitor.shift.end_min):
            starts.append(start)
    return min(starts, default=None)


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
