"""Greedy baselines, to put a number on what optimising the routes is worth.

Both keep what any plan must: the visitor's area, working days, the days a visit is allowed
on, the daily cap, and the length of the shift (travel there and back plus 30 minutes a visit
must fit into it). They leave out the elders' own hours, which only favours them.

- ``naive``: what a coordinator filling a spreadsheet does: each visit to the least loaded
  visitor-day that can still take it, visited in the order the list gives.
- ``nearest``: each visit to the visitor-day whose last stop so far is nearest: a greedy that
  looks at the map and at nothing else (not balance, not the usual visitor).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from geo.crs import LonLat
from geo.travel import haversine_km, path_km
from planner.engine.town_week import TownWeek, can_serve
from planner.model import VisitMode, Visitor


@dataclass(frozen=True)
class GreedyResult:
    home_visits: int
    km: float

    @property
    def km_per_home_visit(self) -> float:
        return self.km / self.home_visits if self.home_visits else 0.0


@dataclass
class _Round:
    visitor: Visitor
    places: list[LonLat] = field(default_factory=list)
    minutes: float = 0.0
    """Travel and visits so far, without the way back."""

    @property
    def last(self) -> LonLat:
        return self.places[-1] if self.places else self.visitor.start


def greedy_routes(week: TownWeek, *, nearest: bool) -> GreedyResult:
    service = week.policy.visit_minutes[VisitMode.HOME]
    rounds = {(v.visitor_id, d): _Round(v) for v in week.visitors for d in week.days}

    def minutes(visitor: Visitor, a: LonLat, b: LonLat) -> float:
        km = haversine_km(a, b) * week.policy.detour_factor
        return km / week.policy.speed_kph[visitor.travel_mode] * 60.0

    def fits(key: tuple[str, date], place: LonLat) -> bool:
        trip = rounds[key]
        visitor = trip.visitor
        after = trip.minutes + minutes(visitor, trip.last, place) + service
        back = minutes(visitor, place, visitor.start)
        shift = visitor.shift.end_min - visitor.shift.start_min
        return len(trip.places) < visitor.max_home_visits_per_day and after + back <= shift

    home = sorted((v for v in week.due if v.mode is VisitMode.HOME), key=lambda v: v.elder_id)
    for visit in home:
        place = week.elders[visit.elder_id].location
        options = [
            key
            for key, trip in rounds.items()
            if can_serve(week, visit, trip.visitor, key[1], service) and fits(key, place)
        ]
        if not options:
            continue
        if nearest:
            pick = min(options, key=lambda k: (haversine_km(rounds[k].last, place), k))
        else:
            pick = min(options, key=lambda k: (len(rounds[k].places), k[1], k[0]))
        trip = rounds[pick]
        trip.minutes += minutes(trip.visitor, trip.last, place) + service
        trip.places.append(place)
    km = sum(
        path_km([t.visitor.start, *t.places, t.visitor.start]) for t in rounds.values() if t.places
    )
    return GreedyResult(sum(len(t.places) for t in rounds.values()), km)
