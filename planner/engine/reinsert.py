"""Home visits left out after the calls are booked, tried again in every visitor's day as the
days now stand.

A call of a higher class takes the time of a lower home visit (``room_for_calls``); the home
visit it pushed out may still fit another visitor's day, which the search saw before the calls.
Each left-out home visit, most urgent first, is tried in every day the rules allow: at every
place in the route, in the gaps the calls leave, within the elder's hours, the daily cap and the
shift with the way back; it goes where it adds the least travel. What still does not fit comes
back with what stopped it in each day (``DayBlock``), so that its reason is the trial's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from planner.engine.day_rebuild import leg_minutes, rebuild_day
from planner.engine.town import TownWeek, VisitorDay, can_serve
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
    left_out: Sequence[DueVisit],
    search_trials: Mapping[DueVisit, tuple[DayBlock, ...]],
) -> tuple[list[DayRoute], list[tuple[DueVisit, tuple[DayBlock, ...]]]]:
    """The routes with every home visit of ``left_out`` that fits put in (``days`` updated),
    and the ones still out, each with what stopped it in every day it was tried in.

    ``search_trials`` are the search's own trials of the visits it left out; a day's block from
    them stands while the day holds as many home visits as it did then (that trial also tried
    moving another visit to make room), else the block is this trial's, of the day as it is."""
    by_day = {(r.visitor_id, r.day): r for r in routes}
    still_out: list[tuple[DueVisit, tuple[DayBlock, ...]]] = []
    for visit in sorted(left_out, key=lambda v: _urgency(week, v)):
        placement = _cheapest_placement(week, days, visit)
        if placement is None:
            fresh = _blocks(week, days, visit)
            still_out.append((visit, _current(search_trials.get(visit, ()), fresh, days)))
            continue
        days[placement.key] = placement.day
        by_day.pop(placement.key, None)
        if placement.route is not None:
            by_day[placement.key] = placement.route
    ordered = sorted(by_day.values(), key=lambda r: (r.day, r.visitor_id))
    return ordered, still_out


def _current(
    searched: Sequence[DayBlock], fresh: Sequence[DayBlock], days: Mapping[_DayKey, VisitorDay]
) -> tuple[DayBlock, ...]:
    """Per day, the search's block while the day's home visits are as they were, else fresh."""
    kept = {
        (b.visitor_id, b.day): b
        for b in searched
        if days[(b.visitor_id, b.day)].home_visits == b.home_visits
    }
    return tuple(sorted(kept.get((b.visitor_id, b.day), b) for b in fresh))


def _urgency(week: TownWeek, visit: DueVisit) -> tuple[int, date, int, str]:
    rank = week.policy.priority_rank(visit.priority_class)
    return (rank, visit.due_by, list(Tier).index(visit.tier), visit.elder_id)


def _cheapest_placement(
    week: TownWeek, days: dict[_DayKey, VisitorDay], visit: DueVisit
) -> _Placement | None:
    duration = week.policy.visit_minutes[VisitMode.HOME]
    best: _Placement | None = None
    for key in sorted(days):
        day = days[key]
        if not can_serve(week, visit, day.visitor, day.day, duration):
            continue
        if day.home_visits >= day.visitor.max_home_visits_per_day:
            continue
        found = _insert_into_day(week, day, visit, duration, ignore_cap=False)
        if found is not None and (best is None or found[0] < best.added_minutes):
            best = _Placement(found[0], key, found[1], found[2])
    return best


def _insert_into_day(
    week: TownWeek, day: VisitorDay, visit: DueVisit, duration: int, *, ignore_cap: bool
) -> tuple[int, VisitorDay, DayRoute | None] | None:
    """The cheapest way to put ``visit`` into ``day`` as it stands: (added travel minutes, the
    rebuilt day, its route), or None."""
    elder = week.elders[visit.elder_id]
    homes = sorted((r for r in day.rows if r.mode is VisitMode.HOME), key=lambda r: r.arrival_min)
    calls = [r for r in day.rows if r.mode is not VisitMode.HOME]
    visitor = day.visitor
    places = [visitor.start, *(week.elders[r.elder_id].location for r in homes)]
    best: tuple[int, VisitorDay, DayRoute | None] | None = None
    for position in range(len(homes) + 1):
        before, after = (
            places[position],
            (
                week.elders[homes[position].elder_id].location
                if position < len(homes)
                else visitor.start
            ),
        )
        to_it, from_it = leg_minutes(week, day, [before, elder.location, after])
        added = to_it + from_it - (leg_minutes(week, day, [before, after])[0] if homes else 0)
        if best is not None and added >= best[0]:
            continue
        ready = homes[position - 1].departure_min if position else visitor.shift.start_min
        for arrival in _arrivals(ready + to_it, to_it, elder.windows, calls, duration):
            row = _row(visit, day, arrival, duration)
            rebuilt = _rebuilt(week, day, [*day.rows, row], ignore_cap=ignore_cap)
            if rebuilt is not None:
                best = (added, *rebuilt)
                break
    return best


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


def _rebuilt(
    week: TownWeek, day: VisitorDay, rows: list[PlannedVisit], *, ignore_cap: bool
) -> tuple[VisitorDay, DayRoute | None] | None:
    """The day with ``rows``; with ``ignore_cap``, as if the cap had room (a trial only, never
    kept: it tells a full cap from a full day)."""
    if ignore_cap:
        uncapped = replace(day.visitor, max_home_visits_per_day=len(rows))
        day = VisitorDay(uncapped, day.day, list(day.free), day.home_visits, day.busy_min)
    return rebuild_day(week, day, rows)


def _blocks(
    week: TownWeek, days: dict[_DayKey, VisitorDay], visit: DueVisit
) -> tuple[DayBlock, ...]:
    """What stopped ``visit`` in each day it may be made on."""
    duration = week.policy.visit_minutes[VisitMode.HOME]
    elder = week.elders[visit.elder_id]
    blocks = []
    for key in sorted(days):
        day = days[key]
        visitor = day.visitor
        if not can_serve(week, visit, visitor, day.day, duration):
            continue
        there, back = leg_minutes(week, day, [visitor.start, elder.location, visitor.start])
        alone = VisitorDay(visitor, day.day, [(visitor.shift.start_min, visitor.shift.end_min)])
        if _insert_into_day(week, alone, visit, duration, ignore_cap=False) is None:
            blocked = Blocked.OUT_OF_REACH
        elif day.home_visits >= visitor.max_home_visits_per_day and _insert_into_day(
            week, day, visit, duration, ignore_cap=True
        ):
            blocked = Blocked.CAP_FULL
        else:
            blocked = Blocked.DAY_FULL
        blocks.append(
            DayBlock(
                visitor.visitor_id,
                day.day,
                blocked,
                day.home_visits,
                visitor.max_home_visits_per_day,
                visitor.shift.start_min + there,
                visitor.shift.end_min - back - duration,
                visitor.shift.end_min,
            )
        )
    return tuple(blocks)
