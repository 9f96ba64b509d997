"""The OR-Tools back end: a ``RoutingProblem`` translated into OR-Tools' routing model (parallel
cheapest insertion, then guided local search), and its answer read back as a ``RoutingSolution``.

It can say everything the problem holds: per-vehicle matrices and visiting costs, several windows
per stop, the vehicles each stop allows. OR-Tools types stay in this module.

The search is single-threaded and deterministic for a given model and parameters, so a search
that stops after a number of steps (``step_limit``: the times the search checks its limits,
about one per neighbour it tries or branch it makes) gives the same answer on every run and
machine. A count of solutions would too, but guided local search finds its first few dozen
quickly and then a solution may take seconds, so steps measure the work far more evenly. The
time limit is then only a safety cap: when it is what stopped the search, the answer says so
(``stopped_by_clock``).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from planner.engine.solver.problem import (
    Matrix,
    RoutingProblem,
    RoutingSolution,
    ScheduledStop,
    VehicleRoute,
)

READ_START_LIMIT_S = 60
"""Time allowed for loading a given start (about a second for the largest towns measured)."""


class _StepCounter:
    """A search limit counting the solver's checks; it counts only once ``armed``, so that
    loading a start never spends the search's budget. It holds nothing of the model: a callback
    that did would tie model and builder into a cycle the garbage collector cannot see."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.steps = 0
        self.armed = False

    def __call__(self) -> bool:
        if self.armed:
            self.steps += 1
        return self.steps >= self.budget


def solve(
    problem: RoutingProblem,
    *,
    time_limit_s: float,
    step_limit: int | None = None,
    initial: Sequence[Sequence[int]] | None = None,
) -> RoutingSolution:
    """Serve as many stops as possible at the least cost.

    The search stops after ``step_limit`` steps, or after ``time_limit_s`` seconds, whichever
    comes first; without a step limit it runs for the whole time (the benchmark's way). Only
    the step limit gives the same answer on every run.

    ``initial``, when given, is a start: for each vehicle the stops (indices into
    ``problem.stops``) in order; the search improves on it instead of building its own, and
    the answer is never worse than it, however short the time.
    """
    usable = [s for s in range(len(problem.stops)) if problem.stops[s].allowed_vehicles]
    if not usable or not problem.vehicles:
        return RoutingSolution((), tuple(range(len(problem.stops))))
    builder = _ModelBuilder(problem, usable, step_limit)
    started = time.perf_counter()
    assignment = builder.solve(time_limit_s, initial)
    # OR-Tools does not say which limit stopped it; the search cannot outlast its time limit
    # by much, nor reach it unless that limit is what stopped it.
    stopped_by_clock = time.perf_counter() - started >= time_limit_s
    if assignment is None:
        return RoutingSolution((), tuple(range(len(problem.stops))), stopped_by_clock)
    return replace(builder.read(assignment), stopped_by_clock=stopped_by_clock)


class _ModelBuilder:
    """Builds the OR-Tools model; one instance per solve."""

    def __init__(
        self, problem: RoutingProblem, usable_stops: list[int], step_limit: int | None
    ) -> None:
        self.problem = problem
        vehicle_nodes = sorted(
            {v.start_node for v in problem.vehicles} | {v.end_node for v in problem.vehicles}
        )
        stop_nodes = [problem.stops[s].node for s in usable_stops]
        # The solver's own node numbering: the vehicles' places first, then one node per stop
        # (two visits to one place are two nodes).
        self.places = vehicle_nodes + stop_nodes
        self.stop_of_node = {len(vehicle_nodes) + i: s for i, s in enumerate(usable_stops)}
        self.usable = usable_stops
        place_index = {node: i for i, node in enumerate(vehicle_nodes)}
        self.manager = pywrapcp.RoutingIndexManager(
            len(self.places),
            len(problem.vehicles),
            [place_index[v.start_node] for v in problem.vehicles],
            [place_index[v.end_node] for v in problem.vehicles],
        )
        self.routing = pywrapcp.RoutingModel(self.manager)
        self._add_costs()
        self._add_visit_costs()
        self._add_time()
        self._add_capacity()
        self._add_stops()
        self.steps = _StepCounter(step_limit) if step_limit is not None else None
        if self.steps is not None:
            self.routing.AddSearchMonitor(self.routing.solver().CustomLimit(self.steps))

    def _node_matrix(
        self, matrix: Matrix, service: NDArray[np.int64] | None = None
    ) -> list[list[int]]:
        places = np.asarray(self.places)
        sub = matrix[np.ix_(places, places)]
        if service is not None:
            sub = sub + service[:, None]
        rows: list[list[int]] = sub.astype(np.int64).tolist()
        return rows

    def _add_costs(self) -> None:
        callbacks: dict[str, int] = {}
        for vehicle_index, vehicle in enumerate(self.problem.vehicles):
            if vehicle.cost_key not in callbacks:
                matrix = self._node_matrix(self.problem.cost[vehicle.cost_key])
                callbacks[vehicle.cost_key] = self.routing.RegisterTransitMatrix(matrix)
            self.routing.SetArcCostEvaluatorOfVehicle(callbacks[vehicle.cost_key], vehicle_index)

    def _add_visit_costs(self) -> None:
        """Visiting costs as a dimension summed into the objective: a vector per key, where a
        matrix per key (an arc cost per vehicle) would be n² numbers for each of them."""
        keys = sorted({v.visit_cost_key for v in self.problem.vehicles if v.visit_cost_key})
        if not keys:
            return
        is_stop = np.array([node in self.stop_of_node for node in range(len(self.places))])
        places = np.asarray(self.places)
        vectors = {
            key: np.where(is_stop, self.problem.visit_cost[key][places], 0).tolist() for key in keys
        }
        callbacks = {key: self.routing.RegisterUnaryTransitVector(v) for key, v in vectors.items()}
        nothing = self.routing.RegisterUnaryTransitVector([0] * len(self.places))
        evaluators = [
            callbacks[v.visit_cost_key] if v.visit_cost_key else nothing
            for v in self.problem.vehicles
        ]
        ceiling = max(1, sum(max(v) for v in vectors.values()) * len(self.stop_of_node))
        self.routing.AddDimensionWithVehicleTransits(evaluators, 0, ceiling, True, "preference")
        self.routing.GetDimensionOrDie("preference").SetSpanCostCoefficientForAllVehicles(1)

    def _service_vector(self) -> NDArray[np.int64]:
        service = np.zeros(len(self.places), dtype=np.int64)
        for node, stop in self.stop_of_node.items():
            service[node] = self.problem.stops[stop].service
        return service

    def _add_time(self) -> None:
        service = self._service_vector()
        transit: dict[str, int] = {}
        evaluators = []
        for vehicle in self.problem.vehicles:
            if vehicle.travel_key not in transit:
                matrix = self._node_matrix(self.problem.travel_time[vehicle.travel_key], service)
                transit[vehicle.travel_key] = self.routing.RegisterTransitMatrix(matrix)
            evaluators.append(transit[vehicle.travel_key])
        self.routing.AddDimensionWithVehicleTransits(
            evaluators, self._horizon(), self._horizon(), False, "time"
        )
        self.time = self.routing.GetDimensionOrDie("time")
        for vehicle_index, vehicle in enumerate(self.problem.vehicles):
            start = self.time.CumulVar(self.routing.Start(vehicle_index))
            end = self.time.CumulVar(self.routing.End(vehicle_index))
            start.SetRange(vehicle.shift_start, vehicle.shift_end)
            end.SetRange(vehicle.shift_start, vehicle.shift_end)
            # Each visit as early as it can be: the day starts with the shift and ends early.
            self.routing.AddVariableMinimizedByFinalizer(end)

    def _horizon(self) -> int:
        """The latest time anything can happen: the end of the last shift or window."""
        ends = [v.shift_end for v in self.problem.vehicles]
        ends += [w[1] + s.service for s in self.problem.stops for w in s.windows]
        return max(ends)

    def _add_capacity(self) -> None:
        # Demands as a vector, not a Python callback: a callback closing over this builder
        # would tie the model and the builder into a cycle the garbage collector cannot see
        # through, and every solve would leak its whole model (measured: 84 MB a town).
        demand = [
            self.problem.stops[self.stop_of_node[node]].demand if node in self.stop_of_node else 0
            for node in range(len(self.places))
        ]
        unit = self.routing.RegisterUnaryTransitVector(demand)
        capacities = [v.capacity for v in self.problem.vehicles]
        self.routing.AddDimensionWithVehicleCapacity(unit, 0, capacities, True, "load")

    def _add_stops(self) -> None:
        for node, stop_index in self.stop_of_node.items():
            stop = self.problem.stops[stop_index]
            index = self.manager.NodeToIndex(node)
            self.routing.AddDisjunction([index], stop.drop_penalty)
            # SetAllowedVehiclesForIndex's binding rejects every Python sequence in OR-Tools 9.15;
            # restricting the vehicle variable is the same constraint (-1: unperformed).
            self.routing.VehicleVar(index).SetValues([-1, *stop.allowed_vehicles])
            windows = sorted(stop.windows)
            cumul = self.time.CumulVar(index)
            self.routing.AddVariableMinimizedByFinalizer(cumul)
            cumul.SetRange(windows[0][0], windows[-1][1])
            for (_, gap_start), (gap_end, _) in itertools.pairwise(windows):
                if gap_start + 1 <= gap_end - 1:
                    cumul.RemoveInterval(gap_start + 1, gap_end - 1)

    def solve(
        self, time_limit_s: float, initial: Sequence[Sequence[int]] | None
    ) -> pywrapcp.Assignment | None:
        parameters = pywrapcp.DefaultRoutingSearchParameters()
        parameters.first_solution_strategy = (
            routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
        )
        parameters.local_search_metaheuristic = (
            routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        )
        parameters.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
        if initial is None:
            start = self._first_solution(parameters)
        else:
            start = self._read_start(parameters, initial)
        if start is None:
            return None
        # Steps count from here: however small the budget, the start is never spent on it.
        self._arm_steps()
        improved = self.routing.SolveFromAssignmentWithParameters(start, parameters)
        # A search stopped before finding anything better leaves the start standing.
        return improved if improved is not None else start

    def _first_solution(
        self, parameters: pywrapcp.RoutingSearchParameters
    ) -> pywrapcp.Assignment | None:
        first = pywrapcp.DefaultRoutingSearchParameters()
        first.CopyFrom(parameters)
        first.solution_limit = 1
        assignment: pywrapcp.Assignment | None = self.routing.SolveWithParameters(first)
        return assignment

    def _read_start(
        self, parameters: pywrapcp.RoutingSearchParameters, initial: Sequence[Sequence[int]]
    ) -> pywrapcp.Assignment:
        node_of_stop = {stop: node for node, stop in self.stop_of_node.items()}
        routes = [
            [self.manager.NodeToIndex(node_of_stop[s]) for s in stops if s in node_of_stop]
            for stops in initial
        ]
        # Reading the start runs under the closed model's limits; with the search's own time
        # limit, a large start could not be read once the limit was nearly used up.
        reading = pywrapcp.DefaultRoutingSearchParameters()
        reading.CopyFrom(parameters)
        reading.time_limit.FromSeconds(READ_START_LIMIT_S)
        self.routing.CloseModelWithParameters(reading)
        start: pywrapcp.Assignment | None = self.routing.ReadAssignmentFromRoutes(routes, True)
        if start is None:
            raise ValueError("the initial routes break the problem's constraints")
        return start

    def _arm_steps(self) -> None:
        if self.steps is not None:
            self.steps.armed = True

    def read(self, assignment: pywrapcp.Assignment) -> RoutingSolution:
        routes: list[VehicleRoute] = []
        served: set[int] = set()
        for vehicle_index, vehicle in enumerate(self.problem.vehicles):
            index = self.routing.Start(vehicle_index)
            travel = self.problem.travel_time[vehicle.travel_key]
            previous_node = self.places[self.manager.IndexToNode(index)]
            scheduled: list[ScheduledStop] = []
            index = assignment.Value(self.routing.NextVar(index))
            while not self.routing.IsEnd(index):
                stop = self.stop_of_node[self.manager.IndexToNode(index)]
                node = self.problem.stops[stop].node
                start = assignment.Value(self.time.CumulVar(index))
                scheduled.append(ScheduledStop(stop, start, int(travel[previous_node, node])))
                served.add(stop)
                previous_node = node
                index = assignment.Value(self.routing.NextVar(index))
            if not scheduled:
                continue
            back = int(travel[previous_node, vehicle.end_node])
            routes.append(VehicleRoute(vehicle_index, tuple(scheduled), back))
        dropped = tuple(s for s in range(len(self.problem.stops)) if s not in served)
        return RoutingSolution(tuple(routes), dropped)
