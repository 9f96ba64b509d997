"""The plan indexed the ways the maps read it, and the path and travel of a visitor's day."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from geo.crs import LonLat
from geo.travel import path_km
from planner.model import DayRoute, Elder, Plan, PlannedVisit, UnassignedVisit, Visitor

DayKey = tuple[str, date]  # (visitor_id, day)


@dataclass(frozen=True)
class PlanLookup:
    """The plan indexed the ways the maps read it, built once for all maps."""

    elders: dict[str, Elder]
    visitors: dict[str, Visitor]
    days: dict[DayKey, tuple[PlannedVisit, ...]]
    """Visits of each visitor and day by sequence; keys sorted by visitor, then date."""
    routes: dict[DayKey, DayRoute]
    visits_by_elder: dict[str, tuple[PlannedVisit, ...]]
    unassigned_by_elder: dict[str, tuple[UnassignedVisit, ...]]

    @classmethod
    def of(cls, plan: Plan) -> PlanLookup:
        """The plan looked up; refused (``ValueError``) when a visit names someone not in it."""
        elders = {elder.elder_id: elder for elder in plan.elders}
        visitors = {visitor.visitor_id: visitor for visitor in plan.visitors}
        _check_references(plan, elders, visitors)
        ordered = sorted(plan.visits, key=lambda v: (v.visitor_id, v.day, v.sequence))
        days: dict[DayKey, list[PlannedVisit]] = defaultdict(list)
        by_elder: dict[str, list[PlannedVisit]] = defaultdict(list)
        for visit in ordered:
            days[visit.visitor_id, visit.day].append(visit)
            by_elder[visit.elder_id].append(visit)
        unassigned: dict[str, list[UnassignedVisit]] = defaultdict(list)
        for item in sorted(plan.unassigned, key=lambda u: (u.elder_id, u.due_by)):
            unassigned[item.elder_id].append(item)
        return cls(
            elders=elders,
            visitors=visitors,
            days={key: tuple(visits) for key, visits in days.items()},
            routes={(route.visitor_id, route.day): route for route in plan.routes},
            visits_by_elder={key: tuple(visits) for key, visits in by_elder.items()},
            unassigned_by_elder={key: tuple(items) for key, items in unassigned.items()},
        )

    def visitor_days(self) -> dict[str, list[tuple[date, tuple[PlannedVisit, ...]]]]:
        """Each visitor's days with visits, by visitor id, dates in order."""
        by_visitor: dict[str, list[tuple[date, tuple[PlannedVisit, ...]]]] = defaultdict(list)
        for (visitor_id, day), visits in self.days.items():
            by_visitor[visitor_id].append((day, visits))
        return dict(by_visitor)


def _check_references(plan: Plan, elders: dict[str, Elder], visitors: dict[str, Visitor]) -> None:
    for visit in plan.visits:
        if visit.elder_id not in elders:
            raise ValueError(
                f"planned visit on {visit.day} names elder {visit.elder_id!r}, "
                "who is not in plan.elders"
            )
        if visit.visitor_id not in visitors:
            raise ValueError(
                f"planned visit on {visit.day} names visitor {visit.visitor_id!r}, "
                "who is not in plan.visitors"
            )
    for item in plan.unassigned:
        if item.elder_id not in elders:
            raise ValueError(
                f"unassigned visit names elder {item.elder_id!r}, who is not in plan.elders"
            )


def day_path(lookup: PlanLookup, key: DayKey, visits: Sequence[PlannedVisit]) -> tuple[LonLat, ...]:
    """The route's path; without a route, straight lines start → homes in order → start."""
    route = lookup.routes.get(key)
    if route is not None and len(route.path) > 1:
        return route.path
    homes = [lookup.elders[v.elder_id].location for v in visits if not v.mode.is_remote]
    if not homes:
        return ()
    start = lookup.visitors[key[0]].start
    return (start, *homes, start)


def day_travel(
    route: DayRoute | None, visits: Sequence[PlannedVisit], path: Sequence[LonLat]
) -> tuple[int, float]:
    """Travel minutes and km of the day: the route's when planned, else from the visits."""
    if route is not None:
        return route.minutes, route.km
    return sum(v.travel_minutes for v in visits), path_km(path)
