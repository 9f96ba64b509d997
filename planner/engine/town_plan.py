"""The weekly assignment of one town: every due visit gets a visitor, a day, a time and an order.

Home visits are one routing problem for the whole town and week: each (visitor, working day)
is a vehicle that leaves the visitor's start inside the shift and is back by its end, carries
at most the daily cap of home visits, and may take only the visits of its area and of days the
visit is allowed on. The search starts from territories (``territories``: each elder to one
visitor, usual visitor first, within ``max_load_share`` times each visitor's share of the
town's visits by capacity: the policy's load balance) and then minimises travel, which keeps
each visitor's day in one or two villages but may move visits past that share (only the daily
caps bound a visitor's load); an elder's usual visitor is preferred over a little
extra travel. Travel comes from the week's ``TravelSource`` (straight lines unless another is
given). Phone and online visits then take the free slots of the shifts (``calls``). What cannot
be planned gets a reason (``reasons``): a code and its facts, which ``planner.io.words`` renders.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from geo.crs import LonLat
from geo.travel import TravelSource, path_km, route_line, whole_minutes
from planner.engine.calls import plan_calls
from planner.engine.penalties import drop_penalties
from planner.engine.reasons import day_blocks, explain
from planner.engine.reinsert import reinsert_home_visits
from planner.engine.repair import repair, trials
from planner.engine.room_for_calls import make_room_for_calls
from planner.engine.solver import ortools
from planner.engine.solver.limits import TownSearchLimits
from planner.engine.solver.problem import (
    MINUTES_PER_DAY,
    Matrix,
    ProblemBuilder,
    RoutingProblem,
    VehicleRoute,
)
from planner.engine.territories import (
    cluster_first_start,
    stops_by_vehicle,
    usual_visitor_costs,
    visitor_weeks,
)
from planner.engine.town_week import (
    TownWeek,
    VisitorDay,
    can_serve,
    number_visits,
    start_windows,
    visitor_days,
)
from planner.model import (
    DayBlock,
    DayKey,
    DayRoute,
    DueVisit,
    PlannedVisit,
    UnassignedVisit,
    VisitMode,
)

__all__ = [
    "TOWN_SEARCH_MAX_VISITS",
    "TownPlan",
    "TownWeek",
    "can_serve",
    "plan_town",
    "visitor_week_problems",
]

TOWN_SEARCH_MAX_VISITS = 1500
"""Above this many home visits in a town's week, the visitors' own routes are the plan: the
town-wide search adds a few per cent of travel at most (about 5% on the 600-elder town month,
measured with and without it), and on a town of thousands of visits it would spend its whole
time limit loading the model and making its first moves."""


@dataclass(frozen=True)
class TownPlan:
    visits: tuple[PlannedVisit, ...]
    unassigned: tuple[UnassignedVisit, ...]
    routes: tuple[DayRoute, ...]
    time_cap_hit: bool = False
    """A routing search stopped at the wall-clock cap, not its budget (``limits``)."""


def plan_town(week: TownWeek, *, time_limit_s: float | None = None) -> TownPlan:
    """Assign and route every due visit of one town's week; ``time_limit_s`` overrides the
    policy's wall-clock cap (``max_seconds_per_town``), the searches' budgets stay."""
    days = visitor_days(week)
    home = [v for v in week.due if v.mode is VisitMode.HOME]
    calls = [v for v in week.due if v.mode is not VisitMode.HOME]
    limits = TownSearchLimits.from_policy(week.policy, time_limit_s)
    route_list, unplaced_home, time_cap_hit = _plan_home_visits(week, home, days, limits)
    unplaced_calls = plan_calls(week, calls, days)
    route_list, given_up, unplaced_calls = make_room_for_calls(
        week, days, route_list, home, unplaced_calls
    )
    route_list, still_out = reinsert_home_visits(week, days, route_list, given_up, unplaced_home)
    visits = number_visits(days)
    home_visits = {key: day.home_visits for key, day in days.items()}
    left_out = [*still_out, *((visit, ()) for visit in unplaced_calls)]
    unassigned = tuple(
        UnassignedVisit(
            v.elder_id, v.tier, v.due_by, explain(week, v, home_visits, blocks), v.mode, v.reason
        )
        for v, blocks in left_out
    )
    return TownPlan(visits, unassigned, tuple(route_list), time_cap_hit)


def visitor_week_problems(week: TownWeek) -> list[RoutingProblem]:
    """The routing problems of each visitor's week as the planner poses them (for benchmarks)."""
    home = [v for v in week.due if v.mode is VisitMode.HOME]
    if not home:
        return []
    days = visitor_days(week)
    service = week.policy.visit_minutes[VisitMode.HOME]
    problem, vehicle_days, _ = _build_home_problem(week, home, days, service)
    return [part for _, _, part in visitor_weeks(week, home, problem, vehicle_days)]


def _plan_home_visits(
    week: TownWeek,
    home: list[DueVisit],
    days: dict[DayKey, VisitorDay],
    limits: TownSearchLimits,
) -> tuple[list[DayRoute], list[tuple[DueVisit, tuple[DayBlock, ...]]], bool]:
    """The routes, each visit left out with what stopped it in each day it was tried in, and
    whether a search stopped at the wall-clock cap."""
    if not home:
        return [], [], False
    service = week.policy.visit_minutes[VisitMode.HOME]
    problem, vehicle_days, locations = _build_home_problem(week, home, days, service)
    start = cluster_first_start(week, home, problem, vehicle_days, limits)
    solution = start
    if len(home) <= TOWN_SEARCH_MAX_VISITS and limits.town_steps_per_home_visit > 0:
        solution = ortools.solve(
            problem,
            time_limit_s=limits.remaining_s(),
            step_limit=limits.town_steps(len(home)),
            initial=stops_by_vehicle(start, len(problem.vehicles)),
        )
    time_cap_hit = start.stopped_by_clock or solution.stopped_by_clock
    # Whatever the search left out that fits the routes as they stand (or after moving one
    # visit) goes in; what is still out was tried in every day it may go on, for its reason.
    solution = repair(problem, solution)
    route_list = []
    for route in solution.routes:
        day = days[vehicle_days[route.vehicle]]
        route_list.append(_book_route(week, day, route, home, locations, service))
    tried = trials(problem, solution)
    left_out = [(home[s], day_blocks(week, tried[s], vehicle_days)) for s in solution.dropped]
    return route_list, left_out, time_cap_hit


def _build_home_problem(
    week: TownWeek, home: list[DueVisit], days: dict[DayKey, VisitorDay], service: int
) -> tuple[RoutingProblem, list[DayKey], list[LonLat]]:
    """The town's home visits as one routing problem: nodes are the visitors' starts, then one
    per visit; a vehicle per (visitor, working day) that makes home visits; minutes of travel
    for the schedule, seconds of travel for the cost."""
    visitors = list(week.visitors)
    locations = [v.start for v in visitors] + [week.elders[v.elder_id].location for v in home]
    builder = ProblemBuilder(horizon=MINUTES_PER_DAY)
    source = week.travel_source()
    modes = sorted({v.travel_mode.value for v in visitors})
    for mode, (minutes, cost) in _travel_matrices(source, locations, modes).items():
        builder.add_travel_time(mode, minutes)
        builder.add_cost(mode, cost)

    vehicle_days = [
        key
        for key in sorted(days, key=lambda k: (k[1], k[0]))
        if days[key].visitor.max_home_visits_per_day > 0
    ]
    first_stop_node = len(visitors)
    allowed_by_stop = []
    penalties = drop_penalties(
        home, week.policy, week.days[-1], _route_cost_bound(week, vehicle_days, days, len(home))
    )
    for i, visit in enumerate(home):
        elder = week.elders[visit.elder_id]
        allowed = [
            n
            for n, (vid, d) in enumerate(vehicle_days)
            if can_serve(week, visit, days[DayKey(vid, d)].visitor, d, service)
        ]
        allowed_by_stop.append(allowed)
        builder.add_stop(
            node=first_stop_node + i,
            service=service,
            windows=start_windows(list(elder.windows), service) or ((0, 0),),
            allowed_vehicles=allowed,
            drop_penalty=penalties[i],
        )

    visit_cost = usual_visitor_costs(week, home, visitors, allowed_by_stop, vehicle_days)
    for key, per_node in visit_cost.items():
        builder.add_visit_cost(key, per_node)
    visitor_index = {v.visitor_id: n for n, v in enumerate(visitors)}
    for vid, _day in vehicle_days:
        visitor = visitors[visitor_index[vid]]
        node = visitor_index[vid]
        builder.add_vehicle(
            start_node=node,
            end_node=node,
            travel_key=visitor.travel_mode.value,
            cost_key=visitor.travel_mode.value,
            shift_start=visitor.shift.start_min,
            shift_end=visitor.shift.end_min,
            capacity=visitor.max_home_visits_per_day,
            visit_cost_key=vid if vid in visit_cost else None,
        )
    return builder.build(), vehicle_days, locations


def _travel_matrices(
    source: TravelSource, locations: list[LonLat], modes: list[str]
) -> dict[str, tuple[Matrix, Matrix]]:
    """Per travel mode, whole minutes (the schedule, int16 while they fit: 22 days of travel)
    and whole seconds (the cost, int32) of travel.

    A town's matrices are most of its memory (the largest town of the 50,000-elder district:
    4,874 places, 24 million cells a matrix, three modes): in int64 and through whole matrices
    of floats it took over 2 GB. Straight lines come a block of rows at a time; a source that
    gives its whole matrices, one mode at a time: each source says how (``seconds_by_rows``)."""
    n = len(locations)
    minutes: dict[str, Matrix] = {m: np.empty((n, n), dtype=np.int16) for m in modes}
    cost: dict[str, Matrix] = {m: np.empty((n, n), dtype=np.int32) for m in modes}
    for rows, by_mode in source.seconds_by_rows(locations, modes):
        for mode, seconds in by_mode.items():
            whole = whole_minutes(seconds)
            if whole.size and whole.max() > _INT16_MAX and minutes[mode].dtype == np.int16:
                minutes[mode] = minutes[mode].astype(np.int32)
            minutes[mode][rows] = whole
            cost[mode][rows] = np.rint(seconds)
    return {m: (minutes[m], cost[m]) for m in modes}


_INT16_MAX = int(np.iinfo(np.int16).max)


def _route_cost_bound(
    week: TownWeek,
    vehicle_days: list[DayKey],
    days: dict[DayKey, VisitorDay],
    stops: int,
) -> int:
    """The most the routes can cost: travel (seconds) fits in the shifts, give or take a
    rounded minute a leg, and each stop may pay the usual-visitor bonus."""
    shift_s = sum(
        (days[k].visitor.shift.end_min - days[k].visitor.shift.start_min) * 60 for k in vehicle_days
    )
    rounding_s = 60 * (stops + 2 * len(vehicle_days))
    return shift_s + rounding_s + stops * week.policy.usual_visitor_bonus_minutes * 60


def _book_route(
    week: TownWeek,
    day: VisitorDay,
    route: VehicleRoute,
    home: list[DueVisit],
    locations: list[LonLat],
    service: int,
) -> DayRoute:
    visitor = day.visitor
    start_place = visitor.start
    stops = [start_place]
    elder_ids = []
    for stop in route.stops:
        visit = home[stop.stop]
        arrival = stop.start
        # The visitor waits before setting out, so the leg ends at the arrival.
        day.occupy(arrival - stop.travel, arrival + service)
        day.book(visit, VisitMode.HOME, arrival, arrival + service, stop.travel)
        stops.append(week.elders[visit.elder_id].location)
        elder_ids.append(visit.elder_id)
    last_departure = route.stops[-1].start + service
    day.occupy(last_departure, last_departure + route.return_travel)
    stops.append(start_place)
    path = route_line(week.travel_source(), stops, visitor.travel_mode.value)
    travel_total = sum(s.travel for s in route.stops) + route.return_travel
    return DayRoute(
        visitor.visitor_id,
        day.day,
        tuple(path),
        tuple(elder_ids),
        travel_total,
        round(path_km(path), 3),
    )
