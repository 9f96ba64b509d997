"""Greedy baselines, to put a number on what optimising the routes is worth.

Both respect area, working days, the days a visit is allowed on and the daily cap, but not
travel time within the shift (which only favours them):

- ``naive``: what a coordinator filling a spreadsheet does: each visit to the least loaded
  visitor-day that may take it, visited in the order the list gives.
- ``nearest``: each visit to the visitor-day whose last stop so far is nearest, capacity
  permitting: a greedy that does look at the map.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from geo.crs import LonLat
from geo.travel import haversine_km, path_km
from planner.assign import TownWeek, can_serve
from planner.model import VisitMode


@dataclass(frozen=True)
class GreedyResult:
    home_visits: int
    km: float

    @property
    def km_per_home_visit(self) -> float:
        return self.km / self.home_visits if self.home_visits else 0.0


def greedy_routes(week: TownWeek, *, nearest: bool) -> GreedyResult:
    service = week.policy.visit_minutes[VisitMode.HOME]
    visitors = {v.visitor_id: v for v in week.visitors}
    stops: dict[tuple[str, date], list[LonLat]] = defaultdict(list)
    home = sorted((v for v in week.due if v.mode is VisitMode.HOME), key=lambda v: v.elder_id)
    for visit in home:
        place = week.elders[visit.elder_id].location
        options = [
            (visitor_id, day)
            for visitor_id, visitor in visitors.items()
            for day in week.days
            if len(stops[(visitor_id, day)]) < visitor.max_home_visits_per_day
            and can_serve(week, visit, visitor, day, service)
        ]
        if not options:
            continue

        def last_place(key: tuple[str, date]) -> LonLat:
            return stops[key][-1] if stops[key] else visitors[key[0]].start

        if nearest:
            pick = min(options, key=lambda k: (haversine_km(last_place(k), place), k))
        else:
            pick = min(options, key=lambda k: (len(stops[k]), k[1], k[0]))
        stops[pick].append(place)
    km = sum(
        path_km([visitors[v].start, *places, visitors[v].start]) for (v, _), places in stops.items()
    )
    return GreedyResult(sum(len(p) for p in stops.values()), km)
