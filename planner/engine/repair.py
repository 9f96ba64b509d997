"""After the search: every stop left out is tried again in every vehicle it allows, and put in
where it fits, moving one other stop to another vehicle if that is what it takes.

A search stopped by its time limit, or one that starts from territories, can leave out stops
that fit the routes as they stand. Here each one is tried, highest drop penalty first, at every
position of every vehicle it allows, with the exact schedule of the route (travel from the
matrices, a start inside one of the stop's windows, the shift including the way back, the
capacity); it goes in at the cheapest position that keeps all of them. Failing that, one stop of
a vehicle it allows is moved to another vehicle where it fits, to make room (an ejection chain
of depth one). What stays out is then tried once more per vehicle (``trials``), so that the reason
given for it names the rule that really stopped it. Deterministic: stable orders, no clocks.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from planner.engine.insertion import what_stopped
from planner.engine.solver.problem import (
    RoutingProblem,
    RoutingSolution,
    ScheduledStop,
    VehicleRoute,
)
from planner.model import Blocked

Routes = dict[int, list[int]]
"""Stops in order, by vehicle index (every vehicle, empty or not)."""


@dataclass(frozen=True)
class Insertion:
    vehicle: int
    stops: tuple[int, ...]
    """The vehicle's whole route with the stop in it."""
    cost: int


@dataclass(frozen=True)
class VehicleTrial:
    """What stopped a stop in one vehicle it allows."""

    vehicle: int
    blocked: Blocked
    load: int
    """What the vehicle carries already (home visits)."""
    earliest_arrival: int
    """Leaving at the start of the shift, when the vehicle could be at the stop."""
    latest_start: int
    """The latest start of service that still gets the vehicle back by the end of the shift."""


def repair(problem: RoutingProblem, solution: RoutingSolution) -> RoutingSolution:
    """``solution`` with every dropped stop that can be placed placed (see the module)."""
    routes: Routes = {v: [] for v in range(len(problem.vehicles))}
    for route in solution.routes:
        routes[route.vehicle] = [s.stop for s in route.stops]
    dropped = sorted(solution.dropped, key=lambda s: (-problem.stops[s].drop_penalty, s))
    moves = _Relocations(problem)
    # Each stop in turn, so that a lower penalty never takes the room a higher one could have
    # had by moving another stop.
    left = [
        s
        for s in dropped
        if not _insert(problem, routes, s, moves)
        and not _insert_moving_one(problem, routes, s, moves)
    ]
    # Moving a stop can open room for one tried before it; an insertion never does, so one
    # more round of insertions leaves nothing that fits the routes as they stand.
    left = [s for s in left if not _insert(problem, routes, s, moves)]
    return _solution(problem, solution, routes, left)


class _Relocations:
    """Where each placed stop could move to (its cheapest other vehicle), remembered until a
    vehicle it allows changes."""

    def __init__(self, problem: RoutingProblem) -> None:
        self.problem = problem
        self.known: dict[int, Insertion | None] = {}

    def best(self, routes: Routes, stop: int, home: int) -> Insertion | None:
        if stop not in self.known:
            self.known[stop] = _cheapest(self.problem, routes, stop, skip=home)
        return self.known[stop]

    def changed(self, vehicles: set[int]) -> None:
        stops = self.problem.stops
        for stop in [s for s in self.known if vehicles & set(stops[s].allowed_vehicles)]:
            del self.known[stop]


def trials(problem: RoutingProblem, solution: RoutingSolution) -> dict[int, list[VehicleTrial]]:
    """Why each dropped stop fits none of the vehicles it allows, vehicle by vehicle, by the
    engine's one classifier (``insertion.what_stopped``): out of reach (even alone in the day
    it cannot be served); the capacity full (the one thing in the way: with room for one more
    it would fit); or else the day full."""
    routes = {r.vehicle: [s.stop for s in r.stops] for r in solution.routes}
    return {stop: _trial(problem, routes, stop) for stop in solution.dropped}


def _trial(problem: RoutingProblem, routes: dict[int, list[int]], stop: int) -> list[VehicleTrial]:
    found = []
    demand = problem.stops[stop].demand
    for vehicle in sorted(problem.stops[stop].allowed_vehicles):
        route = routes.get(vehicle, [])
        load = sum(problem.stops[s].demand for s in route)
        blocked = what_stopped(
            fits_alone=partial(_fits_alone, problem, vehicle, stop),
            fits_without_cap=partial(_fits_in_time, problem, vehicle, route, stop),
            at_cap=load + demand > problem.vehicles[vehicle].capacity,
        )
        arrival, latest = _reach(problem, vehicle, stop)
        found.append(VehicleTrial(vehicle, blocked, load, arrival, latest))
    return found


def _fits_alone(problem: RoutingProblem, vehicle: int, stop: int) -> bool:
    return schedule(problem, vehicle, [stop]) is not None


def _fits_in_time(problem: RoutingProblem, vehicle: int, route: list[int], stop: int) -> bool:
    """Whether ``stop`` fits somewhere in ``route`` when the capacity is left aside."""
    return any(
        schedule(problem, vehicle, [*route[:p], stop, *route[p:]], capacity=False) is not None
        for p in range(len(route) + 1)
    )


def schedule(
    problem: RoutingProblem, vehicle: int, stops: Sequence[int], *, capacity: bool = True
) -> VehicleRoute | None:
    """The earliest schedule of ``stops`` in this order, or None when it breaks a window, the
    shift (the way back included) or (unless ``capacity`` is False) the capacity. Waiting for a
    window is allowed, so the earliest schedule is feasible whenever any schedule of this order
    is."""
    car = problem.vehicles[vehicle]
    if capacity and sum(problem.stops[s].demand for s in stops) > car.capacity:
        return None
    travel = problem.travel_time[car.travel_key]
    clock, node = car.shift_start, car.start_node
    scheduled = []
    for index in stops:
        stop = problem.stops[index]
        leg = int(travel[node, stop.node])
        start = _earliest_start(stop.windows, clock + leg)
        if start is None:
            return None
        scheduled.append(ScheduledStop(index, start, leg))
        clock, node = start + stop.service, stop.node
    back = int(travel[node, car.end_node])
    if clock + back > car.shift_end:
        return None
    return VehicleRoute(vehicle, tuple(scheduled), back)


def _earliest_start(windows: Sequence[tuple[int, int]], arrival: int) -> int | None:
    for earliest, latest in windows:
        if arrival <= latest:
            return max(arrival, earliest)
    return None


def _reach(problem: RoutingProblem, vehicle: int, stop: int) -> tuple[int, int]:
    car, target = problem.vehicles[vehicle], problem.stops[stop]
    travel = problem.travel_time[car.travel_key]
    arrival = car.shift_start + int(travel[car.start_node, target.node])
    latest = car.shift_end - int(travel[target.node, car.end_node]) - target.service
    return arrival, latest


def _route_cost(problem: RoutingProblem, vehicle: int, stops: Sequence[int]) -> int:
    car = problem.vehicles[vehicle]
    cost = problem.cost[car.cost_key]
    nodes = [car.start_node, *(problem.stops[s].node for s in stops), car.end_node]
    total = sum(int(cost[a, b]) for a, b in itertools.pairwise(nodes))
    if car.visit_cost_key is not None:
        per_node = problem.visit_cost[car.visit_cost_key]
        total += sum(int(per_node[problem.stops[s].node]) for s in stops)
    return total


def _best_insertion(
    problem: RoutingProblem, vehicle: int, route: Sequence[int], stop: int
) -> Insertion | None:
    """The cheapest position of ``stop`` in ``route`` that keeps every rule, or None."""
    load = sum(problem.stops[s].demand for s in (*route, stop))
    if load > problem.vehicles[vehicle].capacity:
        return None
    before = _route_cost(problem, vehicle, route)
    best: Insertion | None = None
    for position in range(len(route) + 1):
        stops = (*route[:position], stop, *route[position:])
        if schedule(problem, vehicle, stops) is None:
            continue
        cost = _route_cost(problem, vehicle, stops) - before
        if best is None or cost < best.cost:
            best = Insertion(vehicle, stops, cost)
    return best


def _cheapest(
    problem: RoutingProblem, routes: Routes, stop: int, skip: int | None = None
) -> Insertion | None:
    options = [
        found
        for vehicle in sorted(problem.stops[stop].allowed_vehicles)
        if vehicle != skip
        and (found := _best_insertion(problem, vehicle, routes[vehicle], stop)) is not None
    ]
    return min(options, key=lambda o: (o.cost, o.vehicle), default=None)


def _insert(problem: RoutingProblem, routes: Routes, stop: int, moves: _Relocations) -> bool:
    found = _cheapest(problem, routes, stop)
    if found is not None:
        routes[found.vehicle] = list(found.stops)
        moves.changed({found.vehicle})
    return found is not None


def _insert_moving_one(
    problem: RoutingProblem, routes: Routes, stop: int, moves: _Relocations
) -> bool:
    """Make room in a vehicle ``stop`` allows by moving one of its stops to another vehicle."""
    best: tuple[int, Insertion, Insertion] | None = None
    for vehicle in sorted(problem.stops[stop].allowed_vehicles):
        if schedule(problem, vehicle, [stop]) is None:
            continue  # out of reach even alone: no room made there would help
        for other in routes[vehicle]:
            # Where ``other`` could go is remembered across stops: asked first, it spares the
            # trials of a town whose every day is full.
            moved = moves.best(routes, other, vehicle)
            if moved is None:
                continue
            without = [s for s in routes[vehicle] if s != other]
            placed = _best_insertion(problem, vehicle, without, stop)
            if placed is None:
                continue
            cost = placed.cost + moved.cost - _removal_saving(problem, vehicle, routes, other)
            if best is None or cost < best[0]:
                best = (cost, placed, moved)
    if best is None:
        return False
    _, placed, moved = best
    routes[placed.vehicle] = list(placed.stops)
    routes[moved.vehicle] = list(moved.stops)
    moves.changed({placed.vehicle, moved.vehicle})
    return True


def _removal_saving(problem: RoutingProblem, vehicle: int, routes: Routes, stop: int) -> int:
    without = [s for s in routes[vehicle] if s != stop]
    return _route_cost(problem, vehicle, routes[vehicle]) - _route_cost(problem, vehicle, without)


def _solution(
    problem: RoutingProblem, searched: RoutingSolution, routes: Routes, dropped: list[int]
) -> RoutingSolution:
    # A route the repair did not touch keeps the search's schedule.
    untouched = {r.vehicle: r for r in searched.routes}
    scheduled = []
    for vehicle in sorted(routes):
        if not routes[vehicle]:
            continue
        kept = untouched.get(vehicle)
        if kept is not None and [s.stop for s in kept.stops] == routes[vehicle]:
            scheduled.append(kept)
            continue
        route = schedule(problem, vehicle, routes[vehicle])
        if route is None:  # the search's own routes always keep the rules
            raise ValueError(f"vehicle {vehicle}: its route breaks the problem's rules")
        scheduled.append(route)
    return RoutingSolution(tuple(scheduled), tuple(sorted(dropped)))
