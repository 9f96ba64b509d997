"""A whole district's week: seconds, peak memory and route length against greedy baselines.

    .venv/bin/python -m benchmarks.district_week [--elders 10000 --visitors 400 --towns 7]

The demo generator makes the district (with a quarter of visits already made); the week is
planned as `visitplan plan` plans it, towns in parallel worker processes. Peak memory is the
largest resident set of the main process or of any worker. Writes
``benchmarks/results/district_week_<elders>.md``.
"""

from __future__ import annotations

import argparse
import platform
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.greedy import GreedyResult, greedy_routes
from planner.checks import check_plan
from planner.demo.district import DemoSize, build_demo_district
from planner.model import VisitMode
from planner.policy import load_policy
from planner.usecases.plan import PlanRequest, plan_week, prepare_week

RESULTS = Path(__file__).parent / "results"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elders", type=int, default=10_000)
    parser.add_argument("--visitors", type=int, default=400)
    parser.add_argument("--towns", type=int, default=7)
    parser.add_argument("--week", default="2026-12-07")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    report = run(
        args.elders, args.visitors, args.towns, date.fromisoformat(args.week), args.workers
    )
    RESULTS.mkdir(exist_ok=True)
    name = f"district_week_{args.elders}.md"
    (RESULTS / name).write_text(report, encoding="utf-8")
    print(report)


def run(elders: int, visitors: int, towns: int, monday: date, workers: int) -> str:
    policy = load_policy()
    size = DemoSize(
        elders=elders, visitors=visitors, towns=towns, villages=max(towns, elders // 20)
    )
    with tempfile.TemporaryDirectory() as folder:
        tables = build_demo_district(Path(folder), size, monday, policy)
    request = PlanRequest(tables.elders, tables.visitors, monday, policy, history=tables.history)
    started = time.perf_counter()
    plan = plan_week(request, workers=workers)
    seconds = time.perf_counter() - started
    main_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    peak_mb = max(main_mb, worker_mb)
    home = sum(1 for v in plan.visits if v.mode is VisitMode.HOME)
    km = sum(r.km for r in plan.routes)
    town_weeks = prepare_week(request).towns
    naive = [greedy_routes(t, nearest=False) for t in town_weeks]
    nearest = [greedy_routes(t, nearest=True) for t in town_weeks]

    def per_home(results: list[GreedyResult]) -> float:
        visits = sum(r.home_visits for r in results)
        return sum(r.km for r in results) / visits if visits else 0.0

    lines = [
        f"## District week: {elders:,} elders, {visitors:,} visitors, {towns} towns, "
        f"week of {monday}",
        "",
        f"Measured {date.today()} on {platform.machine()}, {workers} worker processes on 2 cores.",
        "",
        "| due | planned | unassigned | home visits | planning seconds | peak memory MB "
        "| km/home visit | naive greedy | nearest greedy | rule breaks |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {len(plan.due)} | {len(plan.visits)} | {len(plan.unassigned)} | {home} | "
        f"{seconds:.1f} | {peak_mb:.0f} | {km / home if home else 0:.3f} | {per_home(naive):.3f} | "
        f"{per_home(nearest):.3f} | {len(check_plan(plan, policy))} |",
        "",
        f"Peak memory of the main process (the whole district's tables, its week prepared, "
        f"the plan gathered) {main_mb:.0f} MB; of the largest worker (towns planned) "
        f"{worker_mb:.0f} MB.",
        "",
        f"Home visits placed: planner {home}, naive greedy "
        f"{sum(r.home_visits for r in naive)}, nearest greedy "
        f"{sum(r.home_visits for r in nearest)} (the greedy baselines drop what no shift can "
        "hold).",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
