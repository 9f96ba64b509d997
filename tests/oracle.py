"""An oracle for a town's week, written apart from the planner: it shares none of its feasibility
code, only the domain's plain data (``planner.model``) and the policy's numbers.

Travel is worked out again from the coordinates as ``geo/travel.py`` specifies it: the
great-circle distance times the detour factor, at the travel mode's speed, in minutes rounded up.
``roster_breaches`` checks every home-visit round against the rules; ``insertions`` tries a
left-out home visit in every visitor's day of the final roster, at every position, with nothing
else moved but the times of the round (each stop as early as it can be).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from geo.crs import LonLat
from planner.engine.town_week import TownWeek
from planner.model import DueVisit, Elder, PlannedVisit, VisitMode, Visitor

_EARTH_KM = 6371.0088
_ROUNDING_SLACK = 1e-9
"""A minute computed as 12.000000000001 is 12: the spec's rounding up forgives float noise."""


def travel_minutes(a: LonLat, b: LonLat, *, detour: float, speed_kph: float) -> int:
    lon1, lat1, lon2, lat2 = map(math.radians, (a.lon, a.lat, b.lon, b.lat))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    km = 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h))) * detour
    return max(0, math.ceil(km / speed_kph * 60 - _ROUNDING_SLACK))


def _in_area(visitor: Visitor, elder: Elder) -> bool:
    """The elder's village is one of the visitor's, or the visitor has the whole town."""
    return elder.town == visitor.town and (
        not visitor.villages or elder.village in visitor.villages
    )


@dataclass(frozen=True)
class Oracle:
    week: TownWeek

    @property
    def service(self) -> int:
        return self.week.policy.visit_minutes[VisitMode.HOME]

    def minutes(self, visitor: Visitor, a: LonLat, b: LonLat) -> int:
        policy = self.week.policy
        speed = policy.speed_kph[visitor.travel_mode]
        return travel_minutes(a, b, detour=policy.detour_factor, speed_kph=speed)

    def may_go(self, visitor: Visitor, visit: DueVisit, day: date) -> bool:
        elder = self.week.elders[visit.elder_id]
        works = (visitor.visitor_id, day) in self.week.working
        return _in_area(visitor, elder) and works and visit.earliest <= day <= visit.latest

    def earliest_round(self, visitor: Visitor, elders: Sequence[Elder]) -> list[int] | None:
        """The earliest start of each visit of a round in this order, or None if none fits."""
        if len(elders) > visitor.max_home_visits_per_day:
            return None
        clock, here, starts = visitor.shift.start_min, visitor.start, []
        for elder in elders:
            arrival = clock + self.minutes(visitor, here, elder.location)
            start = next(
                (
                    max(arrival, w.start_min)
                    for w in sorted(elder.windows)
                    if max(arrival, w.start_min) + self.service <= w.end_min
                ),
                None,
            )
            if start is None:
                return None
            starts.append(start)
            clock, here = start + self.service, elder.location
        if clock + self.minutes(visitor, here, visitor.start) > visitor.shift.end_min:
            return None
        return starts

    def rounds(self, visits: Sequence[PlannedVisit]) -> dict[tuple[str, date], list[PlannedVisit]]:
        by_day: dict[tuple[str, date], list[PlannedVisit]] = {}
        for row in sorted(visits, key=lambda r: (r.visitor_id, r.day, r.arrival_min)):
            if row.mode is VisitMode.HOME:
                by_day.setdefault((row.visitor_id, row.day), []).append(row)
        return by_day

    def roster_breaches(self, visits: Sequence[PlannedVisit]) -> list[str]:
        """Every broken rule of the home-visit rounds, in words; empty when there is none."""
        visitors = {v.visitor_id: v for v in self.week.visitors}
        breaches = []
        for (visitor_id, day), rows in self.rounds(visits).items():
            visitor = visitors[visitor_id]
            if (visitor_id, day) not in self.week.working:
                breaches.append(f"{visitor_id} does not work {day}")
            if len(rows) > visitor.max_home_visits_per_day:
                breaches.append(f"{visitor_id} {day}: {len(rows)} home visits over the cap")
            clock, here = visitor.shift.start_min, visitor.start
            for row in rows:
                elder = self.week.elders[row.elder_id]
                leg = self.minutes(visitor, here, elder.location)
                where = f"{visitor_id} {day} {row.elder_id}"
                if not _in_area(visitor, elder):
                    breaches.append(f"{where}: outside the visitor's area")
                if row.travel_minutes != leg:
                    breaches.append(f"{where}: travel {row.travel_minutes}, oracle {leg}")
                if row.arrival_min < clock + leg:
                    breaches.append(f"{where}: arrives before the travel allows")
                if not any(
                    w.start_min <= row.arrival_min and row.departure_min <= w.end_min
                    for w in elder.windows
                ):
                    breaches.append(f"{where}: outside the elder's hours")
                clock, here = row.departure_min, elder.location
            if clock + self.minutes(visitor, here, visitor.start) > visitor.shift.end_min:
                breaches.append(f"{visitor_id} {day}: back after the shift")
        return breaches

    def insertions(
        self, visits: Sequence[PlannedVisit], visit: DueVisit
    ) -> list[tuple[str, date, int]]:
        """Every (visitor, day, position) where ``visit`` fits the roster as it stands."""
        rounds = self.rounds(visits)
        elder = self.week.elders[visit.elder_id]
        found = []
        for visitor in self.week.visitors:
            for day in self.week.days:
                if not self.may_go(visitor, visit, day):
                    continue
                booked = rounds.get((visitor.visitor_id, day), [])
                elders = [self.week.elders[r.elder_id] for r in booked]
                for position in range(len(elders) + 1):
                    trial = [*elders[:position], elder, *elders[position:]]
                    if self.earliest_round(visitor, trial) is not None:
                        found.append((visitor.visitor_id, day, position))
        return found
