"""A visitor's day rebuilt from its roster rows: the legs between home visits timed on the
travel source (one matrix of the day's places), each leg and visit and call occupying the
shift, the way back included.

Used when a day changes after the search (a home visit dropped for a call, a left-out home
visit put in): the rebuild is the check that the changed day still holds, because any overlap,
or anything outside the shift, stops it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from geo.crs import LonLat
from geo.travel import path_km, route_line
from planner.engine.town_week import TownWeek, VisitorDay
from planner.model import DayRoute, PlannedVisit, VisitMode


class Legs:
    """Whole minutes of travel between places in a travel mode, from the town's travel source.

    A path's places are asked of the source as one matrix, and every pair of them is kept: a
    day is rebuilt many times while visits are tried in it, and its places come back."""

    def __init__(self, week: TownWeek) -> None:
        self.source = week.travel_source()
        self._known: dict[tuple[str, LonLat, LonLat], int] = {}

    def minutes(self, day: VisitorDay, path: Sequence[LonLat]) -> list[int]:
        """The minutes of each leg of ``path`` in the visitor's travel mode."""
        mode = day.visitor.travel_mode.value
        if any((mode, start, end) not in self._known for start, end in pairwise(path)):
            self.ask(mode, path)
        return [self._known[(mode, start, end)] for start, end in pairwise(path)]

    def cover(self, day: VisitorDay, places: Sequence[LonLat]) -> None:
        """Make every pair of ``places`` known, with one matrix if any is not."""
        mode = day.visitor.travel_mode.value
        if any((mode, a, b) not in self._known for a in places for b in places):
            self.ask(mode, places)

    def ask(self, mode: str, places: Sequence[LonLat]) -> None:
        """Ask the source once for the matrix of ``places`` and keep every pair of it."""
        distinct = list(dict.fromkeys(places))
        minutes = self.source.matrices(distinct, mode).minutes
        for i, start in enumerate(distinct):
            for j, end in enumerate(distinct):
                self._known[(mode, start, end)] = int(minutes[i][j])


def rebuild_day(
    week: TownWeek, day: VisitorDay, rows: Sequence[PlannedVisit], legs: Legs
) -> tuple[VisitorDay, DayRoute | None] | None:
    """``day`` holding exactly ``rows`` (times as given, travel recomputed), and its route;
    None when the rows do not fit: a leg, visit or call overlapping another, or outside the
    shift with the way back."""
    visitor = day.visitor
    ordered = sorted(rows, key=lambda r: r.arrival_min)
    homes = [r for r in ordered if r.mode is VisitMode.HOME]
    if len(homes) > visitor.max_home_visits_per_day:
        return None
    stops = [visitor.start, *(week.elders[r.elder_id].location for r in homes), visitor.start]
    minutes = legs.minutes(day, stops)
    fresh = VisitorDay(visitor, day.day, [(visitor.shift.start_min, visitor.shift.end_min)])
    try:
        for i, row in enumerate(homes):
            travel = minutes[i]
            fresh.occupy(row.arrival_min - travel, row.departure_min)
            fresh.rows.append(replace(row, travel_minutes=travel))
            fresh.home_visits += 1
        if homes:
            fresh.occupy(homes[-1].departure_min, homes[-1].departure_min + minutes[-1])
        for row in ordered:
            if row.mode is not VisitMode.HOME:
                fresh.occupy(row.arrival_min, row.departure_min)
                fresh.rows.append(row)
    except ValueError:
        return None
    if not homes:
        return fresh, None
    path = route_line(legs.source, stops, visitor.travel_mode.value)
    route = DayRoute(
        visitor.visitor_id,
        day.day,
        path,
        tuple(r.elder_id for r in homes),
        sum(minutes),
        round(path_km(path), 3),
    )
    return fresh, route
