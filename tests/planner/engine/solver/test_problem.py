"""The routing problem checks itself: each part when built, the references between them when the
problem is built; the builder returns what it adds."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from planner.engine.solver.problem import (
    MINUTES_PER_DAY,
    ProblemBuilder,
    ProblemError,
    RoutingProblem,
    Stop,
    Vehicle,
    subproblem,
)

MATRIX = np.array([[0, 10, 20], [10, 0, 15], [20, 15, 0]], dtype=np.int64)


def builder() -> ProblemBuilder:
    """Three places: a depot (node 0) and two stops; one vehicle; 'walk' matrices."""
    build = ProblemBuilder()
    build.add_travel_time("walk", MATRIX)
    build.add_cost("walk", MATRIX * 60)
    build.add_vehicle(
        start_node=0,
        end_node=0,
        travel_key="walk",
        cost_key="walk",
        shift_start=8 * 60,
        shift_end=17 * 60,
        capacity=2,
    )
    for node in (1, 2):
        build.add_stop(
            node=node,
            service=30,
            windows=((9 * 60, 12 * 60),),
            allowed_vehicles=(0,),
            drop_penalty=1,
        )
    return build


def test_the_builder_returns_what_it_adds_and_builds_a_checked_problem() -> None:
    build = builder()
    vehicle = build.add_vehicle(
        start_node=1,
        end_node=2,
        travel_key="walk",
        cost_key="walk",
        shift_start=0,
        shift_end=60,
        capacity=1,
        visit_cost_key="usual",
    )
    per_node = build.add_visit_cost("usual", np.array([0, 5, 0], dtype=np.int64))
    stop = build.add_stop(
        node=2, service=5, windows=[(0, 10), (20, 30)], allowed_vehicles=[1], drop_penalty=7
    )
    problem = build.build()
    assert problem.vehicles[1] is vehicle and problem.stops[-1] is stop
    assert problem.visit_cost["usual"] is per_node and problem.travel_time["walk"] is MATRIX
    assert stop.windows == ((0, 10), (20, 30)) and stop.allowed_vehicles == (1,)
    assert (problem.nodes, problem.horizon) == (3, MINUTES_PER_DAY)


def test_a_good_problem_builds() -> None:
    problem = builder().build()
    assert len(problem.vehicles) == 1 and len(problem.stops) == 2


@pytest.mark.parametrize(
    ("windows", "match"),
    [
        (((0, 100), (10, 20)), "windows must be sorted and apart"),
        (((10, 20), (0, 5)), "windows must be sorted and apart"),
        (((0, 10), (10, 20)), "windows must be sorted and apart"),
        (((20, 10),), "windows must be sorted and apart"),
        (((-5, 10),), "windows must be sorted and apart"),
        ((), "windows must be sorted and apart"),
    ],
)
def test_a_stop_refuses_bad_windows(windows: tuple[tuple[int, int], ...], match: str) -> None:
    with pytest.raises(ProblemError, match=match):
        Stop(1, 10, windows, (0,), 1)


@pytest.mark.parametrize(
    "changes",
    [{"node": -1}, {"service": -1}, {"demand": -1}, {"drop_penalty": -1}],
)
def test_a_stop_refuses_negative_numbers(changes: dict[str, int]) -> None:
    fields: dict[str, Any] = {
        "node": 1,
        "service": 10,
        "windows": ((0, 10),),
        "allowed_vehicles": (0,),
        "drop_penalty": 1,
    }
    with pytest.raises(ProblemError, match="must be >= 0"):
        Stop(**(fields | changes))


def test_a_stop_refuses_an_allowed_vehicle_named_twice() -> None:
    with pytest.raises(ProblemError, match="distinct"):
        Stop(1, 10, ((0, 10),), (0, 0), 1)


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"start_node": -1}, "nodes must be >= 0"),
        ({"shift_start": 600, "shift_end": 500}, "shift"),
        ({"capacity": -1}, "capacity"),
        ({"travel_key": ""}, "non-empty"),
        ({"visit_cost_key": ""}, "non-empty"),
    ],
)
def test_a_vehicle_checks_itself(changes: dict[str, Any], match: str) -> None:
    fields: dict[str, Any] = {
        "start_node": 0,
        "end_node": 0,
        "travel_key": "walk",
        "cost_key": "walk",
        "shift_start": 480,
        "shift_end": 1020,
        "capacity": 8,
    }
    with pytest.raises(ProblemError, match=match):
        Vehicle(**(fields | changes))


def test_a_stop_at_a_node_beyond_the_matrices_is_refused() -> None:
    build = builder()
    build.add_stop(node=3, service=30, windows=((0, 60),), allowed_vehicles=(0,), drop_penalty=1)
    with pytest.raises(ProblemError, match="stop 2: node 3 is not < 3"):
        build.build()


def test_a_vehicle_starting_beyond_the_matrices_is_refused() -> None:
    problem = builder().build()
    with pytest.raises(ProblemError, match="vehicle 0: nodes 5, 0 not < 3"):
        replace(problem, vehicles=[replace(problem.vehicles[0], start_node=5)])


def test_a_stop_allowing_an_unknown_vehicle_is_refused() -> None:
    build = builder()
    build.add_stop(node=1, service=30, windows=((0, 60),), allowed_vehicles=(0, 1), drop_penalty=1)
    with pytest.raises(ProblemError, match=r"allowed vehicles \[1\] do not exist \(1 vehicles\)"):
        build.build()


@pytest.mark.parametrize("key", ["travel_key", "cost_key", "visit_cost_key"])
def test_a_vehicle_naming_an_unknown_matrix_is_refused(key: str) -> None:
    problem = builder().build()
    with pytest.raises(ProblemError, match=f"vehicle 0: {key} 'car' names no matrix"):
        replace(problem, vehicles=[replace(problem.vehicles[0], **{key: "car"})])


def test_windows_and_shifts_stay_within_the_horizon() -> None:
    problem = builder().build()
    late_stop = replace(problem.stops[0], windows=((0, MINUTES_PER_DAY + 1),))
    with pytest.raises(ProblemError, match=r"stop 0: window .* ends after the horizon 1440"):
        replace(problem, stops=[late_stop])
    late_shift = replace(problem.vehicles[0], shift_end=MINUTES_PER_DAY + 1)
    with pytest.raises(ProblemError, match="vehicle 0: shift ends at 1441, after the horizon"):
        replace(problem, vehicles=[late_shift])
    assert replace(problem, stops=[late_stop], horizon=2000).horizon == 2000


@pytest.mark.parametrize(
    ("matrix", "match"),
    [
        (np.zeros((3, 3)), "must be an int64 array"),
        (np.zeros(3, dtype=np.int64), "must be an int64 array of 2 dimensions"),
        (np.array([[0, -1], [1, 0]], dtype=np.int64), "must not be negative"),
    ],
)
def test_the_builder_checks_each_matrix_once(matrix: Any, match: str) -> None:
    with pytest.raises(ProblemError, match=match):
        ProblemBuilder().add_travel_time("walk", matrix)


def test_matrices_of_different_sizes_are_refused() -> None:
    build = builder()
    build.add_cost("walk", np.zeros((4, 4), dtype=np.int64))
    with pytest.raises(ProblemError, match=r"cost\['walk'\] must be an int64 3 × 3 matrix"):
        build.build()


def test_a_visit_cost_of_the_wrong_length_is_refused() -> None:
    build = builder()
    build.add_visit_cost("usual", np.zeros(2, dtype=np.int64))
    with pytest.raises(ProblemError, match=r"visit_cost\['usual'\] must be an int64 vector of 3"):
        build.build()


def test_vehicles_need_matrices_but_stops_alone_do_not() -> None:
    only_stops = RoutingProblem({}, {}, [], [Stop(7, 30, ((0, 60),), (), 1)])
    assert only_stops.nodes is None
    vehicle = Vehicle(0, 0, "walk", "walk", 0, 60, 1)
    with pytest.raises(ProblemError, match="needs travel_time matrices"):
        RoutingProblem({}, {}, [vehicle], [])


def test_a_subproblem_renumbers_vehicles_and_drops_the_others() -> None:
    build = builder()
    build.add_vehicle(
        start_node=1,
        end_node=1,
        travel_key="walk",
        cost_key="walk",
        shift_start=0,
        shift_end=600,
        capacity=1,
    )
    build.add_stop(node=2, service=5, windows=((0, 60),), allowed_vehicles=(0, 1), drop_penalty=1)
    problem = build.build()
    part = subproblem(problem, vehicles=[1], stops=[2, 0])
    assert part.vehicles == [problem.vehicles[1]]
    assert [s.allowed_vehicles for s in part.stops] == [(0,), ()]
    assert part.travel_time is problem.travel_time and part.horizon == problem.horizon
