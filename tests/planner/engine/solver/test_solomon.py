"""The routing engines on Solomon VRPTW instances: reading, solving, checking."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from planner.engine.solver import ortools as routes
from planner.engine.solver import pyvrp as hgs
from planner.engine.solver.problem import (
    REQUIRED_PENALTY,
    ProblemError,
    RoutingProblem,
    Stop,
    Vehicle,
)
from planner.engine.solver.solomon import (
    SolomonFormatError,
    check_solution,
    read_solomon,
    route_distance,
    solve_solomon,
    to_problem,
)

TINY = Path(__file__).parents[3] / "data" / "solomon" / "TINY6.txt"
SHARED = Path(__file__).resolve().parents[5] / "shared" / "benchmarks" / "solomon"


def brute_force_best(path: Path) -> float:
    """The optimum of the tiny instance: every split into routes, every order (6 customers)."""
    instance = read_solomon(path)
    numbers = [c.number for c in instance.customers]
    best = float("inf")
    for labels in itertools.product(range(instance.vehicles), repeat=len(numbers)):
        groups = [
            [n for n, label in zip(numbers, labels, strict=True) if label == v]
            for v in range(instance.vehicles)
        ]
        if labels[0] != 0:  # routes are interchangeable: fix the first customer's
            continue
        options = []
        for group in groups:
            feasible = [
                list(p)
                for p in itertools.permutations(group)
                if not check_solution_route(instance, list(p))
            ]
            if not feasible:
                break
            options.append(min(feasible, key=lambda r: route_distance(instance, [r])))
        else:
            best = min(best, route_distance(instance, [r for r in options if r]))
    return best


def check_solution_route(instance, route):  # type: ignore[no-untyped-def]
    return [p for p in check_solution(instance, [route]) if "missing" not in p]


def test_reading_the_tiny_instance() -> None:
    instance = read_solomon(TINY)
    assert (instance.name, instance.vehicles, instance.capacity, len(instance.customers)) == (
        "TINY6",
        3,
        30,
        6,
    )
    assert instance.customers[2].ready == 50 and instance.depot.due == 400


@pytest.mark.parametrize("engine", ["hgs", "ortools"])
def test_each_engine_finds_the_optimum_of_a_tiny_instance(engine: str) -> None:
    instance = read_solomon(TINY)
    found = solve_solomon(instance, seconds=1.0, engine=engine)
    assert check_solution(instance, found) == []
    assert route_distance(instance, found) == pytest.approx(brute_force_best(TINY))


def test_the_checker_notices_each_broken_rule() -> None:
    instance = read_solomon(TINY)
    assert any("capacity" in p for p in check_solution(instance, [[1, 2, 3, 4], [5, 6]]))
    assert any("missing [6]" in p for p in check_solution(instance, [[1, 2, 3], [4, 5]]))
    assert any("twice [1]" in p for p in check_solution(instance, [[1, 2, 3], [4, 5, 6, 1]]))
    assert any("due 100" in p for p in check_solution(instance, [[6, 1], [2, 3], [4, 5]]))
    assert any("fleet" in p for p in check_solution(instance, [[1], [2], [3], [4, 5, 6]]))
    assert check_solution(instance, [[1, 2, 3], [4, 5, 6]]) == []


def test_distances_follow_the_dimacs_convention() -> None:
    instance = read_solomon(TINY)
    # 0 -> 6 is sqrt(20² + 10²) = 22.36..., truncated to 22.3
    assert route_distance(instance, [[6]]) == pytest.approx(2 * 22.3)


@pytest.mark.parametrize(
    "text",
    ["", "C101\nVEHICLE\nNUMBER CAPACITY\n25 200\n", "x\nNUMBER CAPACITY\n1 1\nCUST NO.\n1 2 3\n"],
)
def test_a_file_that_is_not_solomon_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SolomonFormatError):
        read_solomon(path)


@pytest.mark.skipif(
    not SHARED.exists(), reason="the shared benchmark folder is not beside the project"
)
def test_a_real_instance_reaches_its_best_known_distance() -> None:
    instance = read_solomon(SHARED / "C101.txt")
    found = solve_solomon(instance, seconds=2.0)
    assert check_solution(instance, found) == []
    assert route_distance(instance, found) == pytest.approx(827.3)


def test_hgs_never_returns_a_route_that_breaks_a_window() -> None:
    # Two stops at the same far place, both due at once: one vehicle cannot serve both in time.
    matrix = np.array([[0, 50, 50], [50, 0, 0], [50, 0, 0]], dtype=np.int64)
    vehicle = Vehicle(0, 0, "t", "t", 0, 1000, capacity=5)
    stops = [
        Stop(1, 30, ((50, 55),), (0,), REQUIRED_PENALTY, required=True),
        Stop(2, 30, ((50, 55),), (0,), REQUIRED_PENALTY, required=True),
    ]
    problem = RoutingProblem({"t": matrix}, {"t": matrix}, [vehicle], stops)
    for solution in (hgs.solve(problem, time_limit_s=0.3), routes.solve(problem, time_limit_s=0.3)):
        served = [s for r in solution.routes for s in r.stops]
        assert len(served) + len(solution.dropped) == 2
        assert all(50 <= s.start <= 55 for s in served)
        assert len(served) <= 1


def test_a_stop_refuses_overlapping_windows() -> None:
    with pytest.raises(ValueError, match="windows must be sorted and apart"):
        Stop(1, 10, ((0, 100), (10, 20)), (0,), 1)


def test_the_checker_notices_a_late_return_and_the_depot_in_a_route(tmp_path: Path) -> None:
    text = TINY.read_text(encoding="utf-8").replace("0        400", "0        120")
    early_close = tmp_path / "EARLY.txt"
    early_close.write_text(text, encoding="utf-8")
    instance = read_solomon(early_close)
    assert any(
        "returns after the depot closes" in p
        for p in check_solution(instance, [[1, 2, 3], [4, 5, 6]])
    )


def test_a_start_stands_when_the_search_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    # OR-Tools returns no solution when its time runs out before its first move; that cannot be
    # timed reliably in a test, so the search is made to find nothing.
    from ortools.constraint_solver import pywrapcp

    monkeypatch.setattr(
        pywrapcp.RoutingModel, "SolveFromAssignmentWithParameters", lambda *args: None
    )
    instance = read_solomon(TINY)
    problem = to_problem(instance)
    solution = routes.solve(problem, time_limit_s=1.0, initial=[[0, 1, 2], [3, 4, 5]])
    assert solution.dropped == ()
    found = [[problem.stops[s.stop].node for s in r.stops] for r in solution.routes]
    assert sorted(found) == [[1, 2, 3], [4, 5, 6]]
    assert check_solution(instance, found) == []


def test_solomon_customers_are_required_and_said_so() -> None:
    problem = to_problem(read_solomon(TINY))
    assert problem.stops and all(stop.required for stop in problem.stops)


def test_a_required_stop_needs_a_penalty_no_route_outweighs() -> None:
    with pytest.raises(ProblemError, match="required"):
        Stop(1, 30, ((50, 55),), (0,), 10, required=True)
