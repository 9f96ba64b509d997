"""The PyVRP back end (``pyvrp``): it takes only the problems it can express, and solves those
it takes within every rule of the problem."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from planner.engine.solver import pyvrp as hgs
from planner.engine.solver.solomon import check_solution, read_solomon, to_problem

TINY = Path(__file__).parents[3] / "data" / "solomon" / "TINY6.txt"


def test_hgs_takes_only_what_it_can_express() -> None:
    problem = to_problem(read_solomon(TINY))
    assert hgs.supports(problem)
    stop = problem.stops[0]
    narrowed = replace(problem, stops=[replace(stop, allowed_vehicles=(0,)), *problem.stops[1:]])
    assert not hgs.supports(narrowed)
    with pytest.raises(ValueError, match="PyVRP needs"):
        hgs.solve(narrowed, time_limit_s=0.1)


def test_hgs_serves_every_stop_of_a_problem_it_takes_once_within_the_rules() -> None:
    instance = read_solomon(TINY)
    problem = to_problem(instance)
    solution = hgs.solve(problem, time_limit_s=0.5)
    served = [s.stop for route in solution.routes for s in route.stops]
    assert sorted(served) == list(range(len(problem.stops))) and solution.dropped == ()
    numbers = [[instance.customers[s.stop].number for s in r.stops] for r in solution.routes]
    assert check_solution(instance, numbers) == []
