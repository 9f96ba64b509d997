"""The routing engines on Solomon VRPTW instances: reading, solving, checking."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from planner import hgs, routes
from planner.solomon import (
    SolomonFormatError,
    check_solution,
    read_solomon,
    route_distance,
    solve_solomon,
    to_problem,
)

TINY = Path(__file__).parent.parent / "data" / "solomon" / "TINY6.txt"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "solomon"


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


def test_hgs_takes_only_what_it_can_express() -> None:
    problem = to_problem(read_solomon(TINY))
    assert hgs.supports(problem)
    stop = problem.stops[0]
    narrowed = routes.RoutingProblem(
        problem.travel_min,
        problem.cost,
        problem.vehicles,
        [
            routes.Stop(stop.node, stop.service_min, stop.windows, (0,), stop.drop_penalty),
            *problem.stops[1:],
        ],
    )
    assert not hgs.supports(narrowed)
    with pytest.raises(ValueError, match="PyVRP needs"):
        hgs.solve(narrowed, time_limit_s=0.1)


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
