"""A visitor's day rebuilt from its roster rows: the legs between home visits timed on the
travel source, each leg and visit and call occupying the shift, the way back included.

Used when a day changes after the search (a home visit dropped for a call, a left-out home
visit put in): the rebuild is the check that the changed day still holds, because any overlap,
or anything outside the shift, stops it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from geo.crs import LonLat
from geo.travel import path_km
from planner.engine.town import TownWeek, VisitorDay
from planner.model import DayRoute, PlannedVisit, VisitMode


class Legs:
    """Whole minutes of travel between two places in a travel mode, each pair asked of the
    town's travel source once (a day is rebuilt many times while visits are tried in it)."""

    def __init__(self, week: TownWeek) -> None:
        self._source = week.travel_source()
        self._known: dict[tuple[str, LonLat, LonLat], int] = {}

    def minutes(self, day: VisitorDay, path: Sequence[LonLat]) -> list[int]:
        """The minutes of each leg of ``path`` in the visitor's travel mode."""
        mode = day.visitor.travel_mode.value
        legs = []
        for start, end in pairwise(path):
            key = (mode, start, end)
            if key not in self._known:
                matrix = self._source.matrices([start, end], mode).minutes
                self._known[key] = int(matrix[0][1])
            legs.append(self._known[key])
        return legs


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
    path = [visitor.start, *(week.elders[r.elder_id].location for r in homes), visitor.start]
    minutes = legs.minutes(day, path)
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
    route = DayRoute(
        visitor.visitor_id,
        day.day,
        tuple(path),
        tuple(r.elder_id for r in homes),
        sum(minutes),
        round(path_km(path), 3),
    )
    return fresh, route
