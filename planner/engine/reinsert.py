"""Home visits left out after the calls are booked, tried again in every visitor's day as the
days now stand.

A call of a higher class takes the time of a lower home visit (``room_for_calls``); the home
visit it pushed out may still fit another visitor's day, which the search saw before the calls.
Each left-out home visit, most urgent first, is tried in the days the rules allow: at every
place in the route, in the gaps the calls leave, within the elder's hours, the daily cap and the
shift with the way back; it goes where it adds the least travel. A visit the search itself left
out was tried by the search in every day (also moving another visit to make room), so only the
days changed since (a home visit given up there for a call) are tried again; a visit a call
pushed out is tried in every day. What still does not fit comes back with what stopped it in
each day (``DayBlock``), so that its reason is the trial's, of the days as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from planner.engine.day_rebuild import Legs, rebuild_day
from planner.engine.town_week import TownWeek, VisitorDay, can_serve
from planner.model import (
    Blocked,
    DayBlock,
    DayRoute,
    DueVisit,
    PlannedVisit,
    Tier,
    TimeWindow,
    VisitMode,
)

_DayKey = tuple[str, date]
_Blocks = tuple[DayBlock, ...]


@dataclass(frozen=True)
class _Placement:
    added_minutes: int
    key: _DayKey
    day: VisitorDay
    route: DayRoute | None


def reinsert_home_visits(
    week: TownWeek,
    days: dict[_DayKey, VisitorDay],
    routes: Sequence[DayRoute],
    given_up: Sequence[DueVisit],
    searched: Sequence[tuple[DueVisit, _Blocks]],
) -> tuple[list[DayRoute], list[tuple[DueVisit, _Blocks]]]:
    """The routes with every home visit that fits put in (``days`` updated), and the ones still
    out, each with what stopped it in every day it may be made on.

    ``given_up`` are the home visits calls took the place of; ``searched`` the ones the search
    left out, with its trial of every day."""
    trial = _Trial(week, days)
    by_day = {(r.visitor_id, r.day): r for r in routes}
    searched_blocks = dict(searched)
    still_out: list[tuple[DueVisit, _Blocks]] = []
    for visit in sorted([*given_up, *searched_blocks], key=lambda v: _urgency(week, v)):
        blocks = searched_blocks.get(visit)
        keys = trial.changed_days(blocks) if blocks is not None else sorted(days)
        if trial.place(visit, keys, by_day):
            continue
        fresh = {(b.visitor_id, b.day): b for b in trial.blocks(visit, keys)}
        kept = [b for b in blocks or () if (b.visitor_id, b.day) not in fresh]
        still_out.append((visit, tuple(sorted([*kept, *fresh.values()]))))
    ordered = sorted(by_day.values(), key=lambda r: (r.day, r.visitor_id))
    return ordered, still_out


def place_home_visit(
    week: TownWeek,
    days: dict[_DayKey, VisitorDay],
    routes: dict[_DayKey, DayRoute],
    visit: DueVisit,
    *,
    keys: Sequence[_DayKey] | None = None,
    legs: Legs | None = None,
) -> bool:
    """Put ``visit`` where it adds the least travel among ``keys`` (default: every day) as the
    days stand; True when it went in (``days`` and ``routes`` updated). No reason is worked
    out when it does not: the caller tries elsewhere."""
    trial = _Trial(week, days, legs)
    return trial.place(visit, sorted(days) if keys is None else keys, routes)


def _urgency(week: TownWeek, visit: DueVisit) -> tuple[int, date, int, str]:
    rank = week.policy.priority_rank(visit.priority_class)
    return (rank, visit.due_by, list(Tier).index(visit.tier), visit.elder_id)


class _Trial:
    """Home visits tried in the days of a week as they stand."""

    def __init__(
        self, week: TownWeek, days: dict[_DayKey, VisitorDay], legs: Legs | None = None
    ) -> None:
        self.week = week
        self.days = days
        self.legs = legs or Legs(week)
        self.duration = week.policy.visit_minutes[VisitMode.HOME]

    def changed_days(self, blocks: _Blocks) -> list[_DayKey]:
        """The days whose home visits are no longer what the search's trial saw."""
        return sorted(
            (b.visitor_id, b.day)
            for b in blocks
            if self.days[(b.visitor_id, b.day)].home_visits != b.home_visits
        )

    def place(
        self, visit: DueVisit, keys: Sequence[_DayKey], routes: dict[_DayKey, DayRoute]
    ) -> bool:
        """Put ``visit`` in the cheapest of the days ``keys``; False when it fits none."""
        placement = self.cheapest_placement(visit, keys)
        if placement is None:
            return False
        self.days[placement.key] = placement.day
        routes.pop(placement.key, None)
        if placement.route is not None:
            routes[placement.key] = placement.route
        return True

    def cheapest_placement(self, visit: DueVisit, keys: Sequence[_DayKey]) -> _Placement | None:
        best: _Placement | None = None
        for key in keys:
            day = self.days[key]
            if not self._may_go(visit, day):
                continue
            if day.home_visits >= day.visitor.max_home_visits_per_day:
                continue
            found = self._insert(day, visit, ignore_cap=False)
            if found is not None and (best is None or found[0] < best.added_minutes):
                best = _Placement(found[0], key, found[1], found[2])
        return best

    def blocks(self, visit: DueVisit, keys: Sequence[_DayKey]) -> _Blocks:
        """What stopped ``visit`` in each of the days ``keys`` it may be made on."""
        elder = self.week.elders[visit.elder_id]
        found = []
        for key in keys:
            day = self.days[key]
            if not self._may_go(visit, day):
                continue
            visitor = day.visitor
            there, back = self.legs.minutes(day, [visitor.start, elder.location, visitor.start])
            found.append(
                DayBlock(
                    visitor.visitor_id,
                    day.day,
                    self._what_stopped(visit, day),
                    day.home_visits,
                    visitor.max_home_visits_per_day,
                    visitor.shift.start_min + there,
                    visitor.shift.end_min - back - self.duration,
                    visitor.shift.end_min,
                )
            )
        return tuple(found)

    def _what_stopped(self, visit: DueVisit, day: VisitorDay) -> Blocked:
        visitor = day.visitor
        alone = VisitorDay(visitor, day.day, [(visitor.shift.start_min, visitor.shift.end_min)])
        if self._insert(alone, visit, ignore_cap=False) is None:
            return Blocked.OUT_OF_REACH
        at_cap = day.home_visits >= visitor.max_home_visits_per_day
        if at_cap and self._insert(day, visit, ignore_cap=True) is not None:
            return Blocked.CAP_FULL
        return Blocked.DAY_FULL

    def _may_go(self, visit: DueVisit, day: VisitorDay) -> bool:
        return can_serve(self.week, visit, day.visitor, day.day, self.duration)

    def _insert(
        self, day: VisitorDay, visit: DueVisit, *, ignore_cap: bool
    ) -> tuple[int, VisitorDay, DayRoute | None] | None:
        """The cheapest way to put ``visit`` into ``day`` as it stands: (added travel minutes,
        the rebuilt day, its route), or None."""
        elders = self.week.elders
        elder = elders[visit.elder_id]
        homes = sorted(
            (r for r in day.rows if r.mode is VisitMode.HOME), key=lambda r: r.arrival_min
        )
        calls = [r for r in day.rows if r.mode is not VisitMode.HOME]
        start = day.visitor.start
        stops = [start, *(elders[r.elder_id].location for r in homes), start]
        self.legs.cover(day, [*stops, elder.location])
        best: tuple[int, VisitorDay, DayRoute | None] | None = None
        for position in range(len(homes) + 1):
            before, after = stops[position], stops[position + 1]
            to_it, from_it = self.legs.minutes(day, [before, elder.location, after])
            direct = self.legs.minutes(day, [before, after])[0] if homes else 0
            added = to_it + from_it - direct
            if best is not None and added >= best[0]:
                continue
            ready = homes[position - 1].departure_min if position else day.visitor.shift.start_min
            for arrival in _arrivals(ready + to_it, to_it, elder.windows, calls, self.duration):
                row = _row(visit, day, arrival, self.duration)
                rebuilt = self._rebuilt(day, [*day.rows, row], ignore_cap=ignore_cap)
                if rebuilt is not None:
                    best = (added, *rebuilt)
                    break
        return best

    def _rebuilt(
        self, day: VisitorDay, rows: list[PlannedVisit], *, ignore_cap: bool
    ) -> tuple[VisitorDay, DayRoute | None] | None:
        """The day with ``rows``; with ``ignore_cap``, as if the cap had room (a trial only,
        never kept: it tells a full cap from a full day)."""
        if ignore_cap:
            uncapped = replace(day.visitor, max_home_visits_per_day=len(rows))
            day = VisitorDay(uncapped, day.day, list(day.free), day.home_visits, day.busy_min)
        return rebuild_day(self.week, day, rows, self.legs)


def _arrivals(
    earliest: int,
    to_it: int,
    windows: Sequence[TimeWindow],
    calls: Sequence[PlannedVisit],
    duration: int,
) -> list[int]:
    """The arrivals worth trying: as early as possible in each of the elder's windows, and
    right after each call (the way there taken after it)."""
    starts = {earliest, *(call.departure_min + to_it for call in calls)}
    found = set()
    for window in windows:
        for start in starts:
            arrival = max(start, window.start_min, earliest)
            if arrival + duration <= window.end_min:
                found.add(arrival)
    return sorted(found)


def _row(visit: DueVisit, day: VisitorDay, arrival: int, duration: int) -> PlannedVisit:
    return PlannedVisit(
        day=day.day,
        visitor_id=day.visitor.visitor_id,
        elder_id=visit.elder_id,
        tier=visit.tier,
        mode=VisitMode.HOME,
        sequence=0,
        arrival_min=arrival,
        departure_min=arrival + duration,
        travel_minutes=0,
        reason=visit.reason,
        due_by=visit.due_by,
    )
