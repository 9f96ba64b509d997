"""A town's home visits for the week posed to VROOM (pyvroom) exactly as the planner poses them.

``HomeVisits`` is the planner's problem in plain numbers, built from the ``TownWeek`` with the
planner's own rules and travel source: the places (the visitors' starts, then one per home visit),
whole minutes of travel per travel mode (what the planner schedules with) and seconds of travel
(what the planner pays). ``solve_with_vroom`` gives it to VROOM on one time axis, the seconds of
the week:

- a vehicle per (visitor, working day) that makes home visits, from the visitor's start and back,
  its time window the shift on that day, the daily cap as ``max_tasks``, the villages it serves
  (every village of the town when it serves the whole town) as skills, the travel mode as profile;
- a job per home visit at the elder's home, 30 minutes of service (the policy's), the village as
  its skill, the elder's hours (as start-of-service windows, the visit fitting whole) on each day
  the visit may be made as time windows, a priority by tier and urgency proportional to the
  planner's drop penalties;
- durations: the planner's whole minutes × 60; costs: the planner's seconds of travel.

``check_routes`` then checks VROOM's answer independently against the planner's rule
(``can_serve``), the caps, the shifts, the windows and the travel minutes; only a route that
passes counts.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import vroom
from numpy.typing import NDArray

from geo.crs import LonLat
from planner.engine.town_week import TownWeek, can_serve, elder_windows, start_windows
from planner.model import DueVisit, Tier, VisitMode, Visitor

SECONDS_PER_DAY = 24 * 3600
PRIORITY = {Tier.KEY: 50, Tier.SECONDARY: 30, Tier.GENERAL: 15}
"""The planner's drop penalties (10, 6 and 3 million) scaled into VROOM's 0..100; doubled, as
the planner doubles them, for a visit due by the end of the week."""


@dataclass(frozen=True)
class VehicleDay:
    visitor: Visitor
    day_index: int

    def seconds(self, minute_of_day: int) -> int:
        return self.day_index * SECONDS_PER_DAY + minute_of_day * 60


@dataclass(frozen=True)
class HomeVisits:
    """One town's home visits of the week, with the planner's places, travel and vehicles."""

    week: TownWeek
    visits: tuple[DueVisit, ...]
    places: tuple[LonLat, ...]
    """The visitors' starts (in ``week.visitors`` order), then each visit's home."""
    minutes: Mapping[str, NDArray[np.int64]]
    """Travel in whole minutes (rounded up), by travel mode, as the planner schedules."""
    cost_seconds: Mapping[str, NDArray[np.int64]]
    """Travel in whole seconds, by travel mode, as the planner's objective pays."""
    vehicles: tuple[VehicleDay, ...]
    service_min: int

    def visitor_node(self, visitor: Visitor) -> int:
        return self.week.visitors.index(visitor)

    def visit_node(self, index: int) -> int:
        return len(self.week.visitors) + index

    def path(self, visitor: Visitor, visits: Sequence[int]) -> list[LonLat]:
        """Start → the visits' homes in order → start."""
        homes = [self.places[self.visit_node(i)] for i in visits]
        return [visitor.start, *homes, visitor.start]

    def travel_min(self, visitor: Visitor, origin: int, destination: int) -> int:
        return int(self.minutes[visitor.travel_mode.value][origin, destination])

    def windows(self, index: int) -> list[tuple[int, int]]:
        """Start-of-service windows of a visit in seconds of the week, on each allowed day."""
        visit = self.visits[index]
        elder = self.week.elders[visit.elder_id]
        spans = start_windows(list(elder.windows), self.service_min)
        return [
            (d * SECONDS_PER_DAY + start * 60, d * SECONDS_PER_DAY + end * 60)
            for d, day in enumerate(self.week.days)
            if visit.allows(day)
            for start, end in spans
        ]


@dataclass(frozen=True)
class PeerRoute:
    """A checked route: a visitor's day, the visits in order."""

    visitor: Visitor
    day: date
    visits: tuple[int, ...]


@dataclass(frozen=True)
class PeerAnswer:
    routes: tuple[PeerRoute, ...]
    problems: tuple[str, ...]
    """What the independent check found (the routes with a problem are not in ``routes``)."""
    seconds: float


def home_visits(week: TownWeek) -> HomeVisits:
    """The town's home visits with the planner's travel source, matrices and vehicle-days."""
    visits = tuple(v for v in week.due if v.mode is VisitMode.HOME)
    places = tuple(v.start for v in week.visitors) + tuple(
        week.elders[v.elder_id].location for v in visits
    )
    source = week.travel_source()
    minutes, cost = {}, {}
    for mode in sorted({v.travel_mode for v in week.visitors}):
        travel = source.matrices(list(places), mode.value)
        minutes[mode.value] = travel.minutes
        cost[mode.value] = np.rint(travel.seconds).astype(np.int64)
    vehicles = tuple(
        VehicleDay(visitor, d)
        for d, day in enumerate(week.days)
        for visitor in week.visitors
        if (visitor.visitor_id, day) in week.working and visitor.max_home_visits_per_day > 0
    )
    service = week.policy.visit_minutes[VisitMode.HOME]
    return HomeVisits(week, visits, places, minutes, cost, vehicles, service)


@dataclass(frozen=True)
class UsualVisitors:
    """What VROOM is told of usual visitors (by default, nothing).

    ``kept``: visits (by index) only their elder's usual visitor may make, through a skill that
    only the usual visitor's vehicles have. ``cost_s``: what a visit costs extra when someone
    other than the usual visitor makes it, as the planner's objective charges it, through a cost
    matrix per visitor; only on the visits in ``preferred`` (index → usual visitor id)."""

    kept: frozenset[int] = frozenset()
    preferred: Mapping[int, str] = field(default_factory=dict)
    cost_s: int = 0


def solve_with_vroom(
    problem: HomeVisits, *, exploration_level: int = 5, usual: UsualVisitors | None = None
) -> PeerAnswer:
    """VROOM on one thread; its routes checked before they count. Seconds include the setup."""
    started = time.perf_counter()
    request = _vroom_input(problem, usual or UsualVisitors())
    solution = request.solve(exploration_level=exploration_level, nb_threads=1)
    answer: dict[str, Any] = solution.to_dict()
    seconds = time.perf_counter() - started
    routes, problems = [], []
    for raw in answer.get("routes", []):
        route, found = check_route(problem, raw)
        problems += found
        if not found:
            routes.append(route)
    return PeerAnswer(tuple(routes), tuple(problems), seconds)


def _vroom_input(problem: HomeVisits, usual: UsualVisitors) -> Any:
    """The problem as a ``vroom.Input`` (pyvroom has no type hints)."""
    request = vroom.Input()
    profile_of = _add_profiles(request, problem, usual)
    skill_of = _village_skills(problem.week)
    own_skill = {v.visitor_id: len(skill_of) + n for n, v in enumerate(problem.week.visitors)}
    for number, vehicle_day in enumerate(problem.vehicles):
        visitor = vehicle_day.visitor
        node = problem.visitor_node(visitor)
        villages = visitor.villages or tuple(skill_of)
        request.add_vehicle(
            vroom.Vehicle(
                number,
                start=node,
                end=node,
                profile=profile_of[visitor.visitor_id],
                skills={skill_of[v] for v in villages if v in skill_of}
                | {own_skill[visitor.visitor_id]},
                time_window=vroom.TimeWindow(
                    vehicle_day.seconds(visitor.shift.start_min),
                    vehicle_day.seconds(visitor.shift.end_min),
                ),
                max_tasks=visitor.max_home_visits_per_day,
            )
        )
    for index, visit in enumerate(problem.visits):
        windows = problem.windows(index)
        if not windows:  # the elder's hours hold no whole visit: the planner drops it too
            continue
        urgent = visit.due_by <= problem.week.days[-1]
        elder = problem.week.elders[visit.elder_id]
        skills = {skill_of[elder.village]}
        if index in usual.kept and elder.usual_visitor_id:
            skills.add(own_skill[elder.usual_visitor_id])
        request.add_job(
            vroom.Job(
                index,
                location=problem.visit_node(index),
                default_service=problem.service_min * 60,
                skills=skills,
                priority=PRIORITY[visit.tier] * (2 if urgent else 1),
                time_windows=[vroom.TimeWindow(start, end) for start, end in windows],
            )
        )
    return request


def _add_profiles(request: Any, problem: HomeVisits, usual: UsualVisitors) -> dict[str, str]:
    """The matrices, one profile per travel mode, or per visitor when visits by someone other
    than the usual visitor cost extra; each visitor's profile."""
    visitors = problem.week.visitors
    if usual.cost_s == 0 or not usual.preferred:
        for mode, minutes in problem.minutes.items():
            request.set_durations_matrix(mode, minutes * 60)
            request.set_costs_matrix(mode, problem.cost_seconds[mode])
        return {v.visitor_id: v.travel_mode.value for v in visitors}
    for visitor in visitors:
        mode = visitor.travel_mode.value
        extra = np.zeros(len(problem.places), dtype=np.int64)
        for index, usual_id in usual.preferred.items():
            if usual_id != visitor.visitor_id:
                extra[problem.visit_node(index)] = usual.cost_s
        request.set_durations_matrix(visitor.visitor_id, problem.minutes[mode] * 60)
        request.set_costs_matrix(visitor.visitor_id, problem.cost_seconds[mode] + extra[None, :])
    return {v.visitor_id: v.visitor_id for v in visitors}


def _village_skills(week: TownWeek) -> dict[str, int]:
    villages = sorted({elder.village for elder in week.elders.values()})
    return {village: number for number, village in enumerate(villages)}


def check_route(problem: HomeVisits, raw: Mapping[str, Any]) -> tuple[PeerRoute, list[str]]:
    """A VROOM route against the planner's rules, recomputed from the planner's matrices."""
    vehicle_day = problem.vehicles[int(raw["vehicle"])]
    visitor, day = vehicle_day.visitor, problem.week.days[vehicle_day.day_index]
    steps: Sequence[Mapping[str, Any]] = raw["steps"]
    jobs = [s for s in steps if s["type"] == "job"]
    label = f"{visitor.visitor_id} {day}"
    problems = []
    if len(jobs) > visitor.max_home_visits_per_day:
        problems.append(f"{label}: {len(jobs)} home visits over the cap")
    here, free_at = problem.visitor_node(visitor), int(steps[0]["arrival"])
    if free_at < vehicle_day.seconds(visitor.shift.start_min):
        problems.append(f"{label}: leaves before the shift")
    for step in jobs:
        index = int(step["id"])
        if not can_serve(problem.week, problem.visits[index], visitor, day, problem.service_min):
            problems.append(f"{label}: may not make visit {index}")
        node = problem.visit_node(index)
        arrival = int(step["arrival"])
        begins = arrival + int(step.get("waiting_time", 0))
        if arrival < free_at + 60 * problem.travel_min(visitor, here, node):
            problems.append(f"{label}: arrives at visit {index} sooner than the travel allows")
        if not any(start <= begins <= end for start, end in problem.windows(index)):
            problems.append(f"{label}: visit {index} outside the elder's hours on an allowed day")
        here, free_at = node, begins + 60 * problem.service_min
    back = free_at + 60 * problem.travel_min(visitor, here, problem.visitor_node(visitor))
    if max(back, int(steps[-1]["arrival"])) > vehicle_day.seconds(visitor.shift.end_min):
        problems.append(f"{label}: back after the shift")
    return PeerRoute(visitor, day, tuple(int(s["id"]) for s in jobs)), problems


def elder_could_have_usual_visitor(problem: HomeVisits, index: int) -> bool:
    """Whether the elder's usual visitor could make this visit: works a day it may fall on, may
    make it (area, day), and the shift holds the way there, the visit within the elder's hours
    and the way back."""
    visit = problem.visits[index]
    elder = problem.week.elders[visit.elder_id]
    usual = next((v for v in problem.week.visitors if v.visitor_id == elder.usual_visitor_id), None)
    if usual is None or usual.max_home_visits_per_day == 0:
        return False
    start, home = problem.visitor_node(usual), problem.visit_node(index)
    out, back = problem.travel_min(usual, start, home), problem.travel_min(usual, home, start)
    spans = start_windows(elder_windows(elder, usual.shift), problem.service_min)
    for day in problem.week.days:
        if not can_serve(problem.week, visit, usual, day, problem.service_min):
            continue
        for earliest, latest in spans:
            begins = max(earliest, usual.shift.start_min + out)
            if begins <= latest and begins + problem.service_min + back <= usual.shift.end_min:
                return True
    return False
