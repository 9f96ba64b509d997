"""Where a visit goes in a visitor's day as it stands, at what cost, and if nowhere, why: the
one insertion of the engine, on domain objects and the town's travel source.

A home visit is tried at every place of the day's route, in the gaps the calls leave, within
the elder's hours, the daily cap and the shift with the way back; it goes where it adds the
least travel (``Insertion.cheapest``), the day rebuilt around it (``day_rebuild``), so every
published time holds. A call takes the earliest free slot of the shift in the elder's hours
(``VisitorDay.place``). When a home visit fits nowhere, ``what_stopped`` names the rule, the one
classifier of the engine (the search's ``repair.trials`` asks it too): out of reach even alone
in the day, the daily cap full (with room for one more it would fit), or else the day full.

Used after the search (``reinsert``: home visits calls pushed out), by a surge (``surge``,
``surge_room``) and by the room calls make (``room_for_calls``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from planner.engine.day_rebuild import Legs, rebuild_day
from planner.engine.town_week import TownWeek, VisitorDay, can_serve
from planner.model import (
    Blocked,
    DayBlock,
    DayKey,
    DayRoute,
    DueVisit,
    PlannedVisit,
    TimeWindow,
    VisitMode,
)

_Blocks = tuple[DayBlock, ...]


@dataclass(frozen=True)
class Placement:
    added_minutes: int
    key: DayKey
    day: VisitorDay
    route: DayRoute | None


def place_home_visit(
    week: TownWeek,
    days: dict[DayKey, VisitorDay],
    routes: dict[DayKey, DayRoute],
    visit: DueVisit,
    *,
    keys: Sequence[DayKey] | None = None,
    legs: Legs | None = None,
) -> bool:
    """Put ``visit`` where it adds the least travel among ``keys`` (default: every day) as the
    days stand; True when it went in (``days`` and ``routes`` updated). No reason is worked
    out when it does not: the caller tries elsewhere."""
    trial = Insertion(week, days, legs)
    return trial.place(visit, sorted(days) if keys is None else keys, routes)


def book_call(week: TownWeek, day: VisitorDay, visit: DueVisit) -> bool:
    """Book ``visit`` as a call in the earliest free slot of ``day`` in the elder's hours;
    False when there is none. A road visit is booked as a phone call (it needs no journey)."""
    duration = week.policy.visit_minutes[visit.mode]
    start = day.place(duration, week.elders[visit.elder_id].windows)
    if start is None:
        return False
    mode = visit.mode if visit.mode.is_remote else VisitMode.PHONE
    day.book(visit, mode, start, start + duration, travel_min=0)
    return True


class Insertion:
    """Visits tried in the days of a town's week as they stand (``days``, updated by ``place``)."""

    def __init__(
        self, week: TownWeek, days: dict[DayKey, VisitorDay], legs: Legs | None = None
    ) -> None:
        self.week = week
        self.days = days
        self.legs = legs or Legs(week)
        self.duration = week.policy.visit_minutes[VisitMode.HOME]

    def place(
        self, visit: DueVisit, keys: Sequence[DayKey], routes: dict[DayKey, DayRoute]
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

    def cheapest_placement(self, visit: DueVisit, keys: Sequence[DayKey]) -> Placement | None:
        best: Placement | None = None
        for key in keys:
            day = self.days[key]
            if not self._may_go(visit, day):
                continue
            if day.home_visits >= day.visitor.max_home_visits_per_day:
                continue
            found = self.into(day, visit, ignore_cap=False)
            if found is not None and (best is None or found[0] < best.added_minutes):
                best = Placement(found[0], key, found[1], found[2])
        return best

    def blocks(self, visit: DueVisit, keys: Sequence[DayKey]) -> _Blocks:
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
                    self.why_not(visit, day),
                    day.home_visits,
                    visitor.max_home_visits_per_day,
                    visitor.shift.start_min + there,
                    visitor.shift.end_min - back - self.duration,
                    visitor.shift.end_min,
                )
            )
        return tuple(found)

    def why_not(self, visit: DueVisit, day: VisitorDay) -> Blocked:
        """What stops ``visit`` in ``day`` (see ``what_stopped``)."""
        visitor = day.visitor
        alone = VisitorDay(visitor, day.day, [(visitor.shift.start_min, visitor.shift.end_min)])
        at_cap = day.home_visits >= visitor.max_home_visits_per_day
        return what_stopped(
            fits_alone=lambda: self.into(alone, visit, ignore_cap=False) is not None,
            fits_without_cap=lambda: self.into(day, visit, ignore_cap=True) is not None,
            at_cap=at_cap,
        )

    def _may_go(self, visit: DueVisit, day: VisitorDay) -> bool:
        return can_serve(self.week, visit, day.visitor, day.day, self.duration)

    def into(
        self, day: VisitorDay, visit: DueVisit, *, ignore_cap: bool
    ) -> tuple[int, VisitorDay, DayRoute | None] | None:
        """The cheapest way to put the home visit ``visit`` into ``day`` as it stands: (added
        travel minutes, the rebuilt day, its route), or None. With ``ignore_cap`` the daily cap
        is left aside (a trial that tells a full cap from a full day, or a caller whose own
        check names the cap)."""
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


def what_stopped(
    *, fits_alone: Callable[[], bool], fits_without_cap: Callable[[], bool], at_cap: bool
) -> Blocked:
    """What stopped a home visit in a day it may be made on and was tried in: out of reach
    when it does not fit even alone in the day; the cap full when the day is at its cap and
    that alone is in the way; else the day full. The trials are asked lazily, in that order."""
    if not fits_alone():
        return Blocked.OUT_OF_REACH
    if at_cap and fits_without_cap():
        return Blocked.CAP_FULL
    return Blocked.DAY_FULL


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
