"""The OR-Tools back end on tiny problems: what it must keep, what it drops, and how it reads a
start. Places lie on a line, a minute apart per unit, so every answer can be worked out by hand."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pytest

from planner.engine.solver import ortools
from planner.engine.solver.problem import (
    REQUIRED_PENALTY,
    ProblemBuilder,
    RoutingProblem,
    RoutingSolution,
)

SECONDS = 0.3


def line(*positions: int) -> np.ndarray:
    """Minutes between places at these positions on a line."""
    at = np.asarray(positions, dtype=np.int64)
    return np.abs(at[:, None] - at[None, :])


def problem(
    positions: Sequence[int],
    stops: Sequence[dict[str, object]],
    vehicles: Sequence[dict[str, object]] = ({},),
    visit_cost: dict[str, np.ndarray] | None = None,
) -> RoutingProblem:
    """Node 0 (and any node a vehicle names) is a depot; each stop dict overrides the defaults."""
    build = ProblemBuilder()
    matrix = line(*positions)
    build.add_travel_time("t", matrix)
    build.add_cost("t", matrix)
    for key, per_node in (visit_cost or {}).items():
        build.add_visit_cost(key, per_node)
    for changes in vehicles:
        fields: dict[str, object] = {
            "start_node": 0,
            "end_node": 0,
            "travel_key": "t",
            "cost_key": "t",
            "shift_start": 0,
            "shift_end": 600,
            "capacity": 10,
        }
        build.add_vehicle(**(fields | changes))
    for changes in stops:
        fields = {
            "service": 10,
            "windows": ((0, 600),),
            "allowed_vehicles": tuple(range(len(vehicles))),
            "drop_penalty": REQUIRED_PENALTY,
        }
        build.add_stop(**(fields | changes))
    return build.build()


def served(solution: RoutingSolution) -> list[int]:
    return sorted(s.stop for r in solution.routes for s in r.stops)


def cost(problem: RoutingProblem, routes: Sequence[Sequence[int]]) -> int:
    """Arc costs of routes given as stops per vehicle."""
    total = 0
    for vehicle, stops in zip(problem.vehicles, routes, strict=True):
        if not stops:
            continue
        nodes = [vehicle.start_node, *(problem.stops[s].node for s in stops), vehicle.end_node]
        total += sum(
            int(problem.cost[vehicle.cost_key][a, b]) for a, b in itertools.pairwise(nodes)
        )
    return total


def test_windows_are_kept_and_travel_is_read_from_the_matrix() -> None:
    tiny = problem([0, 10, 20], [{"node": 1, "windows": ((100, 110),)}, {"node": 2}])
    solution = ortools.solve(tiny, time_limit_s=SECONDS)
    assert served(solution) == [0, 1] and solution.dropped == ()
    (route,) = solution.routes
    by_stop = {s.stop: s for s in route.stops}
    assert 100 <= by_stop[0].start <= 110
    first, second = route.stops
    assert first.travel == tiny.travel_time["t"][0, tiny.stops[first.stop].node]
    assert second.start >= first.start + 10 + second.travel  # service, then the journey


def test_a_stop_with_two_windows_is_served_in_one_of_them_never_in_the_gap() -> None:
    # The first window closes before the stop can be reached: the second one it is.
    tiny = problem([0, 50], [{"node": 1, "windows": ((0, 20), (200, 220))}])
    (route,) = ortools.solve(tiny, time_limit_s=SECONDS).routes
    assert 200 <= route.stops[0].start <= 220


def test_capacity_is_kept_and_the_cheapest_stop_is_dropped() -> None:
    stops = [
        {"node": 1, "drop_penalty": 1_000},
        {"node": 2, "drop_penalty": 10},
        {"node": 3, "drop_penalty": 1_000},
    ]
    tiny = problem([0, 5, 6, 7], stops, vehicles=({"capacity": 2},))
    solution = ortools.solve(tiny, time_limit_s=SECONDS)
    assert served(solution) == [0, 2] and solution.dropped == (1,)


def test_demand_counts_against_capacity() -> None:
    stops = [{"node": 1, "demand": 3}, {"node": 2, "demand": 3, "drop_penalty": 5}]
    solution = ortools.solve(
        problem([0, 1, 2], stops, vehicles=({"capacity": 4},)), time_limit_s=SECONDS
    )
    assert served(solution) == [0] and solution.dropped == (1,)


def test_a_stop_that_cannot_fit_is_dropped_at_its_penalty_not_raised() -> None:
    # 400 minutes there, 10 of visit and 400 back do not fit a 600-minute shift.
    tiny = problem([0, 1, 400], [{"node": 1}, {"node": 2, "drop_penalty": 1}])
    solution = ortools.solve(tiny, time_limit_s=SECONDS)
    assert served(solution) == [0] and solution.dropped == (1,)


def test_a_stop_dearer_to_reach_than_its_penalty_is_dropped_and_a_required_one_is_not() -> None:
    cheap = problem([0, 100], [{"node": 1, "drop_penalty": 50}])
    required = problem([0, 100], [{"node": 1}])
    assert ortools.solve(cheap, time_limit_s=SECONDS).dropped == (0,)
    assert ortools.solve(required, time_limit_s=SECONDS).dropped == ()


def test_allowed_vehicles_are_honoured_over_a_shorter_route() -> None:
    # Vehicle 0 lives at the stop, vehicle 1 far away; only vehicle 1 is allowed.
    tiny = problem(
        [0, 100, 0],
        [{"node": 2, "allowed_vehicles": (1,)}],
        vehicles=({}, {"start_node": 1, "end_node": 1}),
    )
    (route,) = ortools.solve(tiny, time_limit_s=SECONDS).routes
    assert route.vehicle == 1 and route.return_travel == 100


def test_a_stop_no_vehicle_may_take_is_dropped() -> None:
    tiny = problem([0, 1, 2], [{"node": 1, "allowed_vehicles": ()}, {"node": 2}])
    assert ortools.solve(tiny, time_limit_s=SECONDS).dropped == (0,)


def test_shifts_bound_the_day() -> None:
    tiny = problem([0, 30], [{"node": 1}], vehicles=({"shift_start": 480, "shift_end": 560},))
    (route,) = ortools.solve(tiny, time_limit_s=SECONDS).routes
    assert route.stops[0].start >= 480 + 30
    assert route.stops[0].start + 10 + route.return_travel <= 560


def test_visiting_costs_steer_a_stop_to_the_preferred_vehicle() -> None:
    # Two equal vehicles; serving node 1 costs vehicle 0 extra: vehicle 1 goes.
    extra = {"not_usual": np.array([0, 1_000], dtype=np.int64)}
    tiny = problem(
        [0, 10],
        [{"node": 1}],
        vehicles=({"visit_cost_key": "not_usual"}, {}),
        visit_cost=extra,
    )
    (route,) = ortools.solve(tiny, time_limit_s=SECONDS).routes
    assert route.vehicle == 1


@pytest.mark.parametrize("seconds", [0.05, 0.5])
def test_a_start_is_never_made_worse(seconds: float) -> None:
    positions = [0, 9, 1, 8, 2, 7, 3, 6, 4, 5]
    tiny = problem(positions, [{"node": n} for n in range(1, len(positions))])
    zigzag = [list(range(len(tiny.stops)))]
    solution = ortools.solve(tiny, time_limit_s=seconds, initial=zigzag)
    assert solution.dropped == ()
    found = [[s.stop for s in r.stops] for r in solution.routes]
    assert cost(tiny, found) <= cost(tiny, zigzag)


def test_a_start_that_breaks_the_problem_is_refused() -> None:
    tiny = problem([0, 1, 2], [{"node": 1}, {"node": 2}], vehicles=({"capacity": 1},))
    with pytest.raises(ValueError, match="initial routes break"):
        ortools.solve(tiny, time_limit_s=SECONDS, initial=[[0, 1]])


def test_no_vehicles_means_every_stop_dropped() -> None:
    tiny = problem([0, 1], [{"node": 1}], vehicles=())
    assert ortools.solve(tiny, time_limit_s=SECONDS) == RoutingSolution((), (0,))


def scattered(stops: int) -> RoutingProblem:
    """Stops at scattered places on a line, two vehicles: enough for the search to wander."""
    positions = [0, *((n * 37) % 101 for n in range(1, stops + 1))]
    return problem(
        positions,
        [{"node": n} for n in range(1, stops + 1)],
        vehicles=({"capacity": stops}, {"capacity": stops}),
    )


def test_a_step_budget_gives_the_same_answer_every_run() -> None:
    wide = scattered(30)
    first = ortools.solve(wide, time_limit_s=60, step_limit=20_000)
    second = ortools.solve(wide, time_limit_s=60, step_limit=20_000)
    assert first == second
    assert not first.stopped_by_clock and first.dropped == ()


def test_a_tiny_step_budget_still_gives_a_first_solution() -> None:
    solution = ortools.solve(scattered(30), time_limit_s=60, step_limit=1)
    assert solution.dropped == () and not solution.stopped_by_clock


def test_a_search_stopped_by_the_clock_says_so() -> None:
    assert ortools.solve(scattered(30), time_limit_s=0.05).stopped_by_clock
