"""The two engines on the planner's own problems: each visitor's week in the demo district.

    .venv/bin/python -m benchmarks.engines [--ortools-seconds 0.3] [--hgs-seconds 1.0]

PyVRP cannot express two parts of those problems (a visit allowed on some days only, an elder
with two visiting windows a day), so each week is first made expressible: every day allowed,
the first window kept. Both engines then solve the same problem; the table compares the travel
cost of their routes (both serve every visit here). Writes ``benchmarks/results/engines.md``.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from planner.demo.district import DemoSize, build_demo_district
from planner.engine.solver import ortools as routes
from planner.engine.solver import pyvrp as hgs
from planner.engine.solver.problem import REQUIRED_PENALTY, RoutingProblem, RoutingSolution
from planner.engine.town_plan import visitor_week_problems
from planner.policy import load_policy
from planner.usecases.plan import PlanRequest, prepare_week

RESULTS = Path(__file__).parent / "results"


def expressible(problem: RoutingProblem) -> RoutingProblem:
    """Every vehicle allowed everywhere, one window per stop, plain travel costs (no usual
    visitor preference)."""
    everyone = tuple(range(len(problem.vehicles)))
    return replace(
        problem,
        cost=problem.travel_time,
        vehicles=[replace(v, cost_key=v.travel_key, visit_cost_key=None) for v in problem.vehicles],
        # Every visit served, as Solomon's customers are: the comparison is of route lengths.
        stops=[
            replace(
                s,
                allowed_vehicles=everyone,
                windows=s.windows[:1],
                drop_penalty=max(s.drop_penalty, REQUIRED_PENALTY),
                required=True,
            )
            for s in problem.stops
        ],
        visit_cost={},
    )


def route_cost(solution: RoutingSolution) -> int:
    return sum(sum(s.travel for s in r.stops) + r.return_travel for r in solution.routes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ortools-seconds", type=float, default=0.3)
    parser.add_argument("--hgs-seconds", type=float, default=1.0)
    parser.add_argument("--towns", type=int, default=3, help="how many of the demo's towns")
    args = parser.parse_args()
    policy = load_policy()
    monday = date(2026, 12, 7)
    with tempfile.TemporaryDirectory() as folder:
        tables = build_demo_district(Path(folder), DemoSize(), monday, policy)
    request = PlanRequest(tables.elders, tables.visitors, monday, policy, history=tables.history)
    gaps = []
    for week in prepare_week(request).towns[: args.towns]:
        for problem in visitor_week_problems(week):
            same = expressible(problem)
            if len(same.stops) < 2 or not hgs.supports(same):
                continue
            ortools = routes.solve(same, time_limit_s=args.ortools_seconds)
            pyvrp = hgs.solve(same, time_limit_s=args.hgs_seconds)
            if ortools.dropped or pyvrp.dropped:
                continue
            best = route_cost(pyvrp)
            gaps.append(100.0 * (route_cost(ortools) - best) / best if best else 0.0)
    report = "\n".join(
        [
            "## The engines on the planner's own problems",
            "",
            f"Measured {date.today()} on {platform.machine()}: {len(gaps)} visitor-weeks of the "
            f"demo district (its first {args.towns} towns), OR-Tools {args.ortools_seconds:g} s "
            f"against PyVRP {args.hgs_seconds:g} s each, travel minutes of the routes.",
            "",
            "| OR-Tools over PyVRP | mean | median | worst | weeks where OR-Tools is longer |",
            "|---|---|---|---|---|",
            f"| gap % | {statistics.mean(gaps):.2f} | {statistics.median(gaps):.2f} | "
            f"{max(gaps):.2f} | {sum(g > 0 for g in gaps)} |",
        ]
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "engines.md").write_text(report + "\n", encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
