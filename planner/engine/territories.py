"""The cluster-first start of a town's search: each elder to one visitor (a territory), by
regret and within a share of each visitor's capacity (``max_load_share``), the usual visitor
preferred; then each visitor's week routed on its own.

Solving the whole town from scratch does not scale (on the demo's largest town, 677 visits and
235 visitor-days, OR-Tools' own start heuristics used up the time limit and planned nothing).
Giving every elder to one visitor splits the town into small problems that solve in a blink;
the town-wide search then only has to improve on them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from planner.engine.solver import ortools
from planner.engine.solver.limits import TownSearchLimits
from planner.engine.solver.problem import RoutingProblem, RoutingSolution, VehicleRoute, subproblem
from planner.engine.town_week import TownWeek
from planner.model import DayKey, DueVisit, Visitor


def cluster_first_start(
    week: TownWeek,
    home: list[DueVisit],
    problem: RoutingProblem,
    vehicle_days: list[DayKey],
    limits: TownSearchLimits,
) -> RoutingSolution:
    """A start for the town's search: each elder to one visitor, then each visitor's week alone,
    each within a budget of search steps in proportion to its visits."""
    found: list[VehicleRoute] = []
    stopped_by_clock = False
    for vehicles, stops, part in visitor_weeks(week, home, problem, vehicle_days):
        solution = ortools.solve(
            part,
            time_limit_s=limits.remaining_s(),
            step_limit=limits.visitor_steps(len(stops)),
        )
        stopped_by_clock = stopped_by_clock or solution.stopped_by_clock
        # Back to the town's numbering of vehicles and stops.
        found += [
            replace(
                route,
                vehicle=vehicles[route.vehicle],
                stops=tuple(replace(s, stop=stops[s.stop]) for s in route.stops),
            )
            for route in solution.routes
        ]
    served = {s.stop for route in found for s in route.stops}
    dropped = tuple(i for i in range(len(home)) if i not in served)
    return RoutingSolution(tuple(found), dropped, stopped_by_clock)


def stops_by_vehicle(solution: RoutingSolution, vehicles: int) -> list[list[int]]:
    """The solution as a start for ``ortools.solve``: each vehicle's stops in order."""
    by_vehicle = {r.vehicle: [s.stop for s in r.stops] for r in solution.routes}
    return [by_vehicle.get(n, []) for n in range(vehicles)]


def visitor_weeks(
    week: TownWeek,
    home: list[DueVisit],
    problem: RoutingProblem,
    vehicle_days: list[DayKey],
) -> list[tuple[list[int], list[int], RoutingProblem]]:
    """Each visitor's week once elders are given to visitors: (its vehicles, its stops, the
    problem of routing just those), in the town problem's numbering."""
    vehicles_of: dict[str, list[int]] = defaultdict(list)
    for n, (visitor_id, _) in enumerate(vehicle_days):
        vehicles_of[visitor_id].append(n)
    stops_of = _assign_elders(week, home, problem, vehicle_days, vehicles_of)
    return [
        (vehicles_of[vid], stops, subproblem(problem, vehicles_of[vid], stops))
        for vid, stops in stops_of.items()
    ]


def _assign_elders(
    week: TownWeek,
    home: list[DueVisit],
    problem: RoutingProblem,
    vehicle_days: list[DayKey],
    vehicles_of: dict[str, list[int]],
) -> dict[str, list[int]]:
    """Each elder's home visits of the week to one visitor (a territory), by regret.

    The cost of a visitor is the travel from their start to the elder, less the usual-visitor
    bonus; elders with the fewest good options choose first; a visitor takes at most
    ``max_load_share`` times their share of the town's visits in proportion to their capacity,
    then up to their capacity. That cap is a load-balance rule, not a saving: at 1.25 (equal
    loads, give or take) it cost the demo about a quarter more km than at 2 (measured with the
    usual-visitor bonus off), which lets most visits go to a visitor near them.
    """
    stops_by_elder: dict[str, list[int]] = defaultdict(list)
    for i, visit in enumerate(home):
        stops_by_elder[visit.elder_id].append(i)
    capacity = {
        vid: sum(problem.vehicles[n].capacity for n in ns) for vid, ns in vehicles_of.items()
    }
    total_capacity = sum(capacity.values()) or 1
    share = min(1.0, week.policy.max_load_share * len(home) / total_capacity)
    fair = {vid: math.ceil(c * share) + 1 for vid, c in capacity.items()}
    first_vehicle = {vid: vehicles[0] for vid, vehicles in vehicles_of.items()}
    options: dict[str, list[tuple[float, str]]] = {}
    for elder_id, stops in stops_by_elder.items():
        options[elder_id] = _visitor_costs_for(
            week, elder_id, stops, problem, vehicle_days, first_vehicle
        )

    def regret(elder_id: str) -> float:
        costs = options[elder_id]
        return math.inf if len(costs) < 2 else costs[1][0] - costs[0][0]

    load: dict[str, int] = defaultdict(int)
    chosen: dict[str, list[int]] = defaultdict(list)
    for elder_id in sorted(options, key=lambda e: (-regret(e), e)):
        stops = stops_by_elder[elder_id]
        costs = options[elder_id]
        if not costs:
            continue
        pick = next((vid for _, vid in costs if load[vid] + len(stops) <= fair[vid]), None)
        pick = pick or next(
            (vid for _, vid in costs if load[vid] + len(stops) <= capacity[vid]), None
        )
        pick = pick or costs[0][1]
        load[pick] += len(stops)
        chosen[pick].extend(stops)
    return chosen


def _visitor_costs_for(
    week: TownWeek,
    elder_id: str,
    stops: list[int],
    problem: RoutingProblem,
    vehicle_days: list[DayKey],
    first_vehicle: dict[str, int],
) -> list[tuple[float, str]]:
    """The visitors who could make all of an elder's visits, cheapest first."""
    allowed_visitors = [
        {vehicle_days[n][0] for n in problem.stops[s].allowed_vehicles} for s in stops
    ]
    able = set.intersection(*allowed_visitors) if allowed_visitors else set()
    usual = week.elders[elder_id].usual_visitor_id
    bonus = week.policy.usual_visitor_bonus_minutes
    node = problem.stops[stops[0]].node
    costs = []
    for visitor_id in able:
        vehicle = problem.vehicles[first_vehicle[visitor_id]]
        minutes = float(problem.travel_time[vehicle.travel_key][vehicle.start_node, node])
        costs.append((minutes - (bonus if visitor_id == usual else 0), visitor_id))
    return sorted(costs)


def usual_visitor_costs(
    week: TownWeek,
    home: list[DueVisit],
    visitors: list[Visitor],
    allowed_by_stop: list[list[int]],
    vehicle_days: list[DayKey],
) -> dict[str, NDArray[np.int64]]:
    """Per visitor, what visiting each node costs extra: the bonus, at the homes of elders whose
    usual visitor is someone else.

    Only where the usual visitor could make the visit at all, so that the preference never
    drops a visit.
    """
    bonus_s = week.policy.usual_visitor_bonus_minutes * 60
    if bonus_s == 0:
        return {}
    preferred: dict[int, str] = {}
    for i, visit in enumerate(home):
        usual = week.elders[visit.elder_id].usual_visitor_id
        if usual and any(vehicle_days[n][0] == usual for n in allowed_by_stop[i]):
            preferred[len(visitors) + i] = usual
    if not preferred:
        return {}
    costs = {}
    nodes = len(visitors) + len(home)
    for visitor in visitors:
        vector = np.zeros(nodes, dtype=np.int64)
        vector[[node for node, usual in preferred.items() if usual != visitor.visitor_id]] = bonus_s
        costs[visitor.visitor_id] = vector
    return costs
