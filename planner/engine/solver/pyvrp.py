"""The same routing problems solved by PyVRP's hybrid genetic search (iterated local search).

PyVRP is the strongest public VRPTW solver measured on the Solomon benchmark (see the README);
this module hands it a ``problem.RoutingProblem`` and reads its answer back into a
``problem.RoutingSolution``. PyVRP has one time window per client and no per-client choice of
vehicles, so problems that need either stay with the OR-Tools engine (``supports`` says which).
PyVRP types stay in this module.
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from typing import NamedTuple

import numpy as np
import pyvrp
from pyvrp.exceptions import PenaltyBoundWarning
from pyvrp.stop import MaxRuntime

from planner.engine.solver.problem import (
    RoutingProblem,
    RoutingSolution,
    ScheduledStop,
    Vehicle,
    VehicleRoute,
)


class _TypeKey(NamedTuple):
    start_node: int
    end_node: int
    shift_start: int
    shift_end: int
    capacity: int


def _type_key(vehicle: Vehicle) -> _TypeKey:
    return _TypeKey(
        vehicle.start_node,
        vehicle.end_node,
        vehicle.shift_start,
        vehicle.shift_end,
        vehicle.capacity,
    )


def supports(problem: RoutingProblem) -> bool:
    """Whether PyVRP can take the problem as it is (no per-vehicle visiting costs either)."""
    if any(v.visit_cost_key for v in problem.vehicles):
        return False
    everyone = tuple(range(len(problem.vehicles)))
    return all(
        len(s.windows) == 1 and tuple(sorted(s.allowed_vehicles)) == everyone for s in problem.stops
    ) and (len({(v.travel_key, v.cost_key) for v in problem.vehicles}) == 1)


def solve(problem: RoutingProblem, *, time_limit_s: float, seed: int = 0) -> RoutingSolution:
    if not supports(problem):
        raise ValueError(
            "PyVRP needs one time window per stop and every vehicle allowed everywhere"
        )
    model = pyvrp.Model()
    nodes = sorted(
        {v.start_node for v in problem.vehicles} | {v.end_node for v in problem.vehicles}
    )
    nodes += [s.node for s in problem.stops]
    locations = [model.add_location(x=0, y=0) for _ in nodes]
    depot_of = {
        node: model.add_depot(locations[i])
        for i, node in enumerate(nodes[: len(nodes) - len(problem.stops)])
    }
    first_stop = len(nodes) - len(problem.stops)
    for i, stop in enumerate(problem.stops):
        ((early, late),) = stop.windows
        model.add_client(
            locations[first_stop + i],
            delivery=[stop.demand],
            service_duration=stop.service,
            tw_early=early,
            tw_late=late,
            prize=0 if stop.required else stop.drop_penalty,
            required=stop.required,
        )
    # Vehicles that differ in nothing PyVRP sees share one vehicle type.
    type_vehicles: dict[_TypeKey, list[int]] = defaultdict(list)
    for n, vehicle in enumerate(problem.vehicles):
        type_vehicles[_type_key(vehicle)].append(n)
    for key, members in type_vehicles.items():
        model.add_vehicle_type(
            num_available=len(members),
            capacity=[key.capacity],
            start_depot=depot_of[key.start_node],
            end_depot=depot_of[key.end_node],
            tw_early=key.shift_start,
            tw_late=key.shift_end,
        )
    travel = problem.travel_time[problem.vehicles[0].travel_key]
    cost = problem.cost[problem.vehicles[0].cost_key]
    index = np.asarray(nodes)
    sub_travel, sub_cost = travel[np.ix_(index, index)], cost[np.ix_(index, index)]
    for i, frm in enumerate(locations):
        for j, to in enumerate(locations):
            if i != j:
                model.add_edge(
                    frm, to, distance=int(sub_cost[i, j]), duration=int(sub_travel[i, j])
                )
    with warnings.catch_warnings():
        # PyVRP warns when it cannot make a solution feasible; _read drops such routes and
        # reports their stops as dropped, which is how the callers learn of it.
        warnings.simplefilter("ignore", PenaltyBoundWarning)
        result = model.solve(stop=MaxRuntime(time_limit_s), seed=seed, display=False)
    return _read(problem, result.best, first_stop, list(type_vehicles.values()), sub_travel)


def _read(
    problem: RoutingProblem,
    best: pyvrp.Solution,
    first_stop: int,
    type_vehicles: list[list[int]],
    travel: np.ndarray,
) -> RoutingSolution:
    """PyVRP's best solution as routes that keep every constraint.

    PyVRP may return a solution that breaks time windows or capacity (it penalises them in
    the search): such a route is not returned, and its stops count as dropped.
    """
    free = [list(vehicles) for vehicles in type_vehicles]
    routes = []
    served = set()
    for route in best.routes():
        vehicle = free[route.vehicle_type()].pop(0)
        if route.has_time_warp() or route.has_excess_load():
            continue
        scheduled = []
        previous = route.start_depot()
        for activity in route.schedule():
            if not activity.is_client():
                continue
            stop = int(activity.idx)
            location = first_stop + stop  # locations are the depots first, then the stops
            scheduled.append(
                ScheduledStop(stop, int(activity.start_time), int(travel[previous, location]))
            )
            served.add(stop)
            previous = location
        routes.append(
            VehicleRoute(vehicle, tuple(scheduled), int(travel[previous, route.end_depot()]))
        )
    dropped = tuple(s for s in range(len(problem.stops)) if s not in served)
    return RoutingSolution(tuple(routes), dropped)
