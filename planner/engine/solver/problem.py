"""The routing problem every back end solves: vehicles with their own start, shift, capacity and
travel matrix visit stops with time windows; and the routes that answer it.

Units are written once, here:

- **time** (travel, service, shifts, windows, schedules) in whole **minutes**, as ints: minutes
  of the day for the weekly planner. (The Solomon benchmark poses its tenths of a distance unit
  as minutes: the back ends only ever see whole numbers.)
- **cost** (arc costs, visiting costs, drop penalties) in whole units of the objective, as ints:
  the weekly planner pays seconds of travel, finer than the minutes of its schedule so that the
  search can tell short arcs apart.
- **places** are node indices into the matrices: ``travel_time[key][i, j]`` is the time from
  node i to node j for the vehicles of that travel key.

Every object checks itself when built; ``RoutingProblem.validate`` (run when a problem is built)
checks the references between them. ``ProblemBuilder`` puts a problem together piece by piece,
each ``add_*`` returning what it added, and checks every matrix's values once. A stop that cannot
be served is dropped at its penalty and reported by the back ends, never raised: an infeasible
plan is data.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

MINUTES_PER_DAY = 24 * 60

REQUIRED_PENALTY = 10**9
"""The least drop penalty of a ``required`` stop: no route cost outweighs it."""


Matrix = NDArray[np.int64] | NDArray[np.int32] | NDArray[np.int16]
"""A travel-time or cost matrix: int64, or int32 or int16 where the values fit, at a half or a
quarter of the memory (a town of 5,000 places holds a 25-million-cell matrix per travel mode
and kind)."""

MATRIX_TYPES = (np.dtype(np.int64), np.dtype(np.int32), np.dtype(np.int16))


class ProblemError(ValueError):
    """A routing problem that does not hold together; the message names the part and the fix."""


@dataclass(frozen=True)
class Vehicle:
    start_node: int
    end_node: int
    travel_key: str
    """Which travel-time matrix this vehicle moves by."""
    cost_key: str
    """Which arc-cost matrix this vehicle pays."""
    shift_start: int
    shift_end: int
    capacity: int
    visit_cost_key: str | None = None
    """Which visiting costs (``RoutingProblem.visit_cost``) this vehicle pays on top of its
    arcs: a preference for some stops, such as an elder's usual visitor."""

    def __post_init__(self) -> None:
        if min(self.start_node, self.end_node) < 0:
            raise ProblemError(
                f"vehicle nodes must be >= 0, got {self.start_node}, {self.end_node}"
            )
        if not 0 <= self.shift_start <= self.shift_end:
            raise ProblemError(
                f"vehicle shift must satisfy 0 <= start <= end, got {self.shift_start}-"
                f"{self.shift_end}"
            )
        if self.capacity < 0:
            raise ProblemError(f"vehicle capacity must be >= 0, got {self.capacity}")
        if not self.travel_key or not self.cost_key or self.visit_cost_key == "":
            raise ProblemError("vehicle matrix keys must be non-empty names")


@dataclass(frozen=True)
class Stop:
    node: int
    service: int
    windows: tuple[tuple[int, int], ...]
    """Start-of-service windows, each (earliest, latest), sorted and apart."""
    allowed_vehicles: tuple[int, ...]
    """Indices into ``RoutingProblem.vehicles``; none: the stop can only be dropped."""
    drop_penalty: int
    demand: int = 1
    """What the stop takes of the vehicle's capacity (one home visit, by default)."""
    required: bool = False
    """Must be served (Solomon's customers): a back end that knows the notion (PyVRP) is told so.
    Said outright, never read off the penalty, since the planner's priorities make penalties of
    any size for visits that may still be left out."""

    def __post_init__(self) -> None:
        ordered = all(a[1] < b[0] for a, b in itertools.pairwise(self.windows))
        if not self.windows or not ordered or any(not 0 <= lo <= hi for lo, hi in self.windows):
            raise ProblemError(
                f"stop {self.node}: windows must be sorted and apart, from 0, got {self.windows}"
            )
        if self.node < 0 or self.service < 0 or self.demand < 0 or self.drop_penalty < 0:
            raise ProblemError(
                f"stop {self.node}: node, service, demand and drop_penalty must be >= 0"
            )
        if self.required and self.drop_penalty < REQUIRED_PENALTY:
            raise ProblemError(
                f"stop {self.node}: a required stop needs drop_penalty >= {REQUIRED_PENALTY}"
            )
        vehicles = self.allowed_vehicles
        if len(set(vehicles)) != len(vehicles) or any(v < 0 for v in vehicles):
            raise ProblemError(
                f"stop {self.node}: allowed_vehicles must be distinct indices >= 0, got {vehicles}"
            )


@dataclass(frozen=True, eq=False)
class RoutingProblem:
    """What every back end solves; checked as a whole when built (``validate``)."""

    travel_time: Mapping[str, Matrix]
    """Per travel key, minutes from node to node (n × n)."""
    cost: Mapping[str, Matrix]
    """Per cost key, what each arc costs (n × n)."""
    vehicles: Sequence[Vehicle]
    stops: Sequence[Stop]
    visit_cost: Mapping[str, NDArray[np.int64]] = field(default_factory=dict)
    """Per visit-cost key, what serving a stop at each node costs (a vector of n)."""
    horizon: int = MINUTES_PER_DAY
    """The latest time anything may happen; every shift and window lies in ``[0, horizon]``."""

    def __post_init__(self) -> None:
        self.validate()

    @property
    def nodes(self) -> int | None:
        """How many places the matrices hold; None without matrices (then no vehicle can move,
        and every stop is dropped)."""
        return next(iter(self.travel_time.values())).shape[0] if self.travel_time else None

    def validate(self) -> None:
        """Check the references between the parts: matrix shapes and keys, node indices, allowed
        vehicles, shifts and windows within the horizon. Matrix values are the builder's to
        check (once: a subproblem shares its parent's matrices)."""
        n = self.nodes
        if n is None and (self.cost or self.visit_cost or self.vehicles):
            raise ProblemError("a problem with vehicles or costs needs travel_time matrices")
        for name, matrices in (("travel_time", self.travel_time), ("cost", self.cost)):
            for key, matrix in matrices.items():
                if matrix.shape != (n, n) or matrix.dtype not in MATRIX_TYPES:
                    raise ProblemError(
                        f"{name}[{key!r}] must be an int64 {n} × {n} matrix (or int32, int16), got "
                        f"{matrix.dtype} {matrix.shape}"
                    )
        for key, vector in self.visit_cost.items():
            if vector.shape != (n,) or vector.dtype != np.int64:
                raise ProblemError(
                    f"visit_cost[{key!r}] must be an int64 vector of {n}, got {vector.dtype} "
                    f"{vector.shape}"
                )
        for index, vehicle in enumerate(self.vehicles):
            self._check_vehicle(index, vehicle, n or 0)
        for index, stop in enumerate(self.stops):
            self._check_stop(index, stop, n)

    def _check_vehicle(self, index: int, vehicle: Vehicle, n: int) -> None:
        where = f"vehicle {index}"
        for name, key, matrices in (
            ("travel_key", vehicle.travel_key, self.travel_time),
            ("cost_key", vehicle.cost_key, self.cost),
            ("visit_cost_key", vehicle.visit_cost_key, self.visit_cost),
        ):
            if key is not None and key not in matrices:
                known = ", ".join(sorted(matrices)) or "none"
                raise ProblemError(f"{where}: {name} {key!r} names no matrix (known: {known})")
        if max(vehicle.start_node, vehicle.end_node) >= n:
            raise ProblemError(f"{where}: nodes {vehicle.start_node}, {vehicle.end_node} not < {n}")
        if vehicle.shift_end > self.horizon:
            raise ProblemError(
                f"{where}: shift ends at {vehicle.shift_end}, after the horizon {self.horizon}"
            )

    def _check_stop(self, index: int, stop: Stop, n: int | None) -> None:
        where = f"stop {index}"
        if n is not None and stop.node >= n:
            raise ProblemError(f"{where}: node {stop.node} is not < {n}, the matrices' size")
        unknown = [v for v in stop.allowed_vehicles if v >= len(self.vehicles)]
        if unknown:
            raise ProblemError(
                f"{where}: allowed vehicles {unknown} do not exist ({len(self.vehicles)} vehicles)"
            )
        if stop.windows[-1][1] > self.horizon:
            raise ProblemError(
                f"{where}: window {stop.windows[-1]} ends after the horizon {self.horizon}"
            )


@dataclass(frozen=True)
class ScheduledStop:
    stop: int
    """Index into ``RoutingProblem.stops``."""
    start: int
    """When service begins."""
    travel: int
    """From the previous node of the route."""


@dataclass(frozen=True)
class VehicleRoute:
    vehicle: int
    stops: tuple[ScheduledStop, ...]
    return_travel: int
    """From the last stop back to the vehicle's end."""


@dataclass(frozen=True)
class RoutingSolution:
    """Routes that keep every constraint, and the stops left out (indices into the stops)."""

    routes: tuple[VehicleRoute, ...]
    dropped: tuple[int, ...]
    stopped_by_clock: bool = False
    """The search was stopped by its wall-clock cap, not its budget: another run may differ."""


class ProblemBuilder:
    """Puts a ``RoutingProblem`` together: matrices, vehicles and stops in any order, each
    ``add_*`` returning what it added; ``build`` checks the whole.

    Vehicles are numbered in the order they are added (``Stop.allowed_vehicles`` names them so).
    """

    def __init__(self, *, horizon: int = MINUTES_PER_DAY) -> None:
        self.horizon = horizon
        self.travel_time: dict[str, Matrix] = {}
        self.cost: dict[str, Matrix] = {}
        self.visit_cost: dict[str, NDArray[np.int64]] = {}
        self.vehicles: list[Vehicle] = []
        self.stops: list[Stop] = []

    def add_travel_time(self, key: str, minutes: Matrix) -> Matrix:
        """The minutes from node to node for vehicles whose ``travel_key`` is ``key``."""
        self.travel_time[key] = _checked_matrix("travel_time", key, minutes)
        return minutes

    def add_cost(self, key: str, cost: Matrix) -> Matrix:
        """What each arc costs vehicles whose ``cost_key`` is ``key``."""
        self.cost[key] = _checked_matrix("cost", key, cost)
        return cost

    def add_visit_cost(self, key: str, per_node: NDArray[np.int64]) -> NDArray[np.int64]:
        """What serving a stop at each node costs vehicles whose ``visit_cost_key`` is ``key``."""
        self.visit_cost[key] = _checked("visit_cost", key, per_node, dimensions=1)
        return per_node

    def add_vehicle(
        self,
        *,
        start_node: int,
        end_node: int,
        travel_key: str,
        cost_key: str,
        shift_start: int,
        shift_end: int,
        capacity: int,
        visit_cost_key: str | None = None,
    ) -> Vehicle:
        vehicle = Vehicle(
            start_node,
            end_node,
            travel_key,
            cost_key,
            shift_start,
            shift_end,
            capacity,
            visit_cost_key,
        )
        self.vehicles.append(vehicle)
        return vehicle

    def add_stop(
        self,
        *,
        node: int,
        service: int,
        windows: Sequence[tuple[int, int]],
        allowed_vehicles: Sequence[int],
        drop_penalty: int,
        demand: int = 1,
        required: bool = False,
    ) -> Stop:
        stop = Stop(
            node, service, tuple(windows), tuple(allowed_vehicles), drop_penalty, demand, required
        )
        self.stops.append(stop)
        return stop

    def build(self) -> RoutingProblem:
        """The problem, checked as a whole (``RoutingProblem.validate``)."""
        return RoutingProblem(
            dict(self.travel_time),
            dict(self.cost),
            tuple(self.vehicles),
            tuple(self.stops),
            dict(self.visit_cost),
            self.horizon,
        )


def _checked_matrix(name: str, key: str, values: Matrix) -> Matrix:
    _check_values(name, key, values, dimensions=2, types=MATRIX_TYPES)
    return values


def _checked(
    name: str, key: str, values: NDArray[np.int64], *, dimensions: int
) -> NDArray[np.int64]:
    _check_values(name, key, values, dimensions=dimensions, types=(np.dtype(np.int64),))
    return values


def _check_values(
    name: str,
    key: str,
    values: NDArray[np.signedinteger[Any]],
    *,
    dimensions: int,
    types: tuple[np.dtype[Any], ...],
) -> None:
    if not key:
        raise ProblemError(f"{name}: a key must be a non-empty name")
    if values.dtype not in types or values.ndim != dimensions:
        also = " (or int32, int16)" if np.dtype(np.int32) in types else ""
        raise ProblemError(
            f"{name}[{key!r}] must be an int64 array of {dimensions} dimensions{also}, got "
            f"{values.dtype} {values.shape}: convert with np.rint(...).astype(np.int64)"
        )
    if values.size and values.min() < 0:
        raise ProblemError(f"{name}[{key!r}] must not be negative")


def subproblem(
    problem: RoutingProblem, vehicles: Sequence[int], stops: Sequence[int]
) -> RoutingProblem:
    """The same problem restricted to some vehicles and stops (renumbered in the given order)."""
    new_vehicle = {old: new for new, old in enumerate(vehicles)}
    kept_stops = []
    for old in stops:
        stop = problem.stops[old]
        allowed = tuple(new_vehicle[v] for v in stop.allowed_vehicles if v in new_vehicle)
        kept_stops.append(replace(stop, allowed_vehicles=allowed))
    return replace(problem, vehicles=[problem.vehicles[v] for v in vehicles], stops=kept_stops)
