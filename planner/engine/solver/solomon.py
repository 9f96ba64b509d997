"""Solomon VRPTW instances: reading them, turning them into routing problems, checking answers.

The benchmark convention (see ``shared/benchmarks/solomon/SOURCES.md``): travel time equals the
Euclidean distance; a time window bounds the start of service; waiting is allowed; the fleet is
the instance's vehicle count and capacity. Distances are compared in the DIMACS convention, each
arc truncated to one decimal, so the problems here work in tenths, as integers.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from planner.engine.solver import ortools
from planner.engine.solver.problem import REQUIRED_PENALTY, ProblemBuilder, RoutingProblem

SCALE = 10
"""Tenths: one decimal of the DIMACS convention, as whole numbers."""


class SolomonFormatError(ValueError):
    """A file that is not a Solomon instance; the message says where it stopped making sense."""


@dataclass(frozen=True)
class Customer:
    number: int
    x: float
    y: float
    demand: int
    ready: int
    due: int
    service: int


@dataclass(frozen=True)
class SolomonInstance:
    name: str
    vehicles: int
    capacity: int
    depot: Customer
    customers: tuple[Customer, ...]

    def tenths_matrix(self) -> NDArray[np.int64]:
        """Arc lengths in tenths, truncated (DIMACS); node 0 is the depot."""
        xy = np.array([(c.x, c.y) for c in (self.depot, *self.customers)], dtype=float)
        exact = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
        tenths: NDArray[np.int64] = np.floor(exact * SCALE + 1e-9).astype(np.int64)
        return tenths


def read_solomon(path: Path) -> SolomonInstance:
    lines = [line.split() for line in path.read_text(encoding="utf-8").splitlines()]
    name = next((line[0] for line in lines if line), path.stem)
    try:
        vehicle_row = (
            next(i for i, line in enumerate(lines) if line[:2] == ["NUMBER", "CAPACITY"]) + 1
        )
        vehicles, capacity = (int(v) for v in lines[vehicle_row][:2])
        header = next(i for i, line in enumerate(lines) if line[:2] == ["CUST", "NO."])
    except (StopIteration, ValueError, IndexError):
        raise SolomonFormatError(
            f"{path}: no VEHICLE NUMBER/CAPACITY and CUSTOMER sections"
        ) from None
    rows = []
    for number, line in enumerate(lines[header + 1 :], start=header + 2):
        if not line:
            continue
        try:
            values = [float(v) for v in line[:7]]
        except ValueError:
            raise SolomonFormatError(
                f"{path}, line {number}: {' '.join(line)!r} is not a customer row"
            ) from None
        if len(values) != 7:
            raise SolomonFormatError(f"{path}, line {number}: a customer row has 7 numbers")
        rows.append(
            Customer(
                int(values[0]),
                values[1],
                values[2],
                int(values[3]),
                int(values[4]),
                int(values[5]),
                int(values[6]),
            )
        )
    if not rows or rows[0].number != 0:
        raise SolomonFormatError(f"{path}: the first customer row must be the depot, number 0")
    return SolomonInstance(name, vehicles, capacity, rows[0], tuple(rows[1:]))


def to_problem(instance: SolomonInstance) -> RoutingProblem:
    """The instance as a routing problem in tenths: minimise distance, every customer required.

    The tenths stand in the problem's minutes (the engines need whole numbers, not minutes)."""
    matrix = instance.tenths_matrix()
    depot = instance.depot
    latest = max(c.due for c in (depot, *instance.customers))
    builder = ProblemBuilder(horizon=latest * SCALE)
    builder.add_travel_time("euclid", matrix)
    builder.add_cost("euclid", matrix)
    for _ in range(instance.vehicles):
        builder.add_vehicle(
            start_node=0,
            end_node=0,
            travel_key="euclid",
            cost_key="euclid",
            shift_start=depot.ready * SCALE,
            shift_end=depot.due * SCALE,
            capacity=instance.capacity,
        )
    for i, c in enumerate(instance.customers, start=1):
        builder.add_stop(
            node=i,
            service=c.service * SCALE,
            windows=((c.ready * SCALE, c.due * SCALE),),
            allowed_vehicles=range(instance.vehicles),
            drop_penalty=REQUIRED_PENALTY,
            demand=c.demand,
            required=True,
        )
    return builder.build()


ENGINES = ("hgs", "ortools")


def solve_solomon(
    instance: SolomonInstance, *, seconds: float, engine: str = "hgs", seed: int = 0
) -> list[list[int]]:
    """The routes (customer numbers in visit order, depot left out) found by ``engine``."""
    # PyVRP loads only when asked for, like an optional engine.
    from planner.engine.solver import pyvrp as hgs

    problem = to_problem(instance)
    if engine == "hgs":
        solution = hgs.solve(problem, time_limit_s=seconds, seed=seed)
    elif engine == "ortools":
        solution = ortools.solve(problem, time_limit_s=seconds)
    else:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    return [[problem.stops[s.stop].node for s in route.stops] for route in solution.routes]


def route_distance(instance: SolomonInstance, routes: list[list[int]]) -> float:
    """Total length in the DIMACS convention (arcs truncated to one decimal)."""
    matrix = instance.tenths_matrix()
    total = 0
    for route in routes:
        path = [0, *route, 0]
        total += sum(int(matrix[a, b]) for a, b in itertools.pairwise(path))
    return total / SCALE


def check_solution(instance: SolomonInstance, routes: list[list[int]]) -> list[str]:
    """Every broken rule: fleet size, each customer exactly once, capacity, time windows."""
    problems = []
    used = [r for r in routes if r]
    if len(used) > instance.vehicles:
        problems.append(f"{len(used)} routes for a fleet of {instance.vehicles}")
    if any(0 in r for r in routes):
        problems.append("a route names the depot (0) as a customer")
    served = [c for r in routes for c in r]
    expected = {c.number for c in instance.customers}
    if sorted(served) != sorted(expected):
        missing = expected - set(served)
        twice = {c for c in served if served.count(c) > 1}
        problems.append(
            f"customers missing {sorted(missing)[:10]}, served twice {sorted(twice)[:10]}"
        )
    by_number = {c.number: c for c in instance.customers}
    matrix = instance.tenths_matrix()
    for index, route in enumerate(routes):
        if any(c not in by_number for c in route):
            problems.append(f"route {index} names a customer the instance does not have")
            continue
        load = sum(by_number[c].demand for c in route)
        if load > instance.capacity:
            problems.append(f"route {index} carries {load} > capacity {instance.capacity}")
        time, previous = instance.depot.ready * SCALE, 0
        for number in route:
            customer = by_number[number]
            time = max(time + int(matrix[previous, number]), customer.ready * SCALE)
            if time > customer.due * SCALE:
                problems.append(
                    f"route {index} reaches customer {number} at {time / SCALE} "
                    f"> due {customer.due}"
                )
            time += customer.service * SCALE
            previous = number
        if time + int(matrix[previous, 0]) > instance.depot.due * SCALE:
            problems.append(f"route {index} returns after the depot closes")
    return problems


def gap_percent(distance: float, best_known: float) -> float:
    return 100.0 * (distance - best_known) / best_known if best_known else math.inf
