"""How a town's planning time and peak memory grow with its elders.

    .venv/bin/python -m benchmarks.town_growth [--elders 1000,2000,4000,8000]

One town of each size (the demo generator, 25 elders a visitor, 20 a village), its week planned
by ``plan_town`` alone in a fresh worker process, as ``plan_week``'s workers plan a town: the
worker's peak resident memory, before planning (the interpreter, the libraries and the town's
week) and at the end, and the seconds of planning. Writes ``benchmarks/results/town_growth.md``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

from planner.demo.district import DemoSize, build_demo_district
from planner.engine.town_plan import TownWeek, plan_town
from planner.model import VisitMode
from planner.policy import load_policy
from planner.usecases.plan import PlanRequest, prepare_week

RESULTS = Path(__file__).parent / "results"
MONDAY = date(2026, 12, 7)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elders", default="1000,2000,4000,8000", help="comma-separated")
    args = parser.parse_args()
    lines = [
        "## A town's planning time and peak memory by its elders",
        "",
        f"Measured {date.today()}, one town a worker process (2 shared cores: seconds are "
        "wall-clock). Command: `python -m benchmarks.town_growth`.",
        "",
        "| elders | visitors | home visits | planned | seconds | peak MB before planning "
        "| peak MB |",
        "|---|---|---|---|---|---|---|",
    ]
    context = multiprocessing.get_context("spawn")
    for elders in (int(n) for n in args.elders.split(",")):
        week = town_week(elders)
        home = sum(1 for v in week.due if v.mode is VisitMode.HOME)
        with context.Pool(1) as pool:
            planned, seconds, before_mb, peak_mb = pool.apply(measure, (week,))
        line = (
            f"| {elders:,} | {len(week.visitors)} | {home:,} | {planned:,} | {seconds:.1f} | "
            f"{before_mb:.0f} | {peak_mb:.0f} |"
        )
        lines.append(line)
        print(line, flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "town_growth.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def town_week(elders: int) -> TownWeek:
    policy = load_policy()
    size = DemoSize(elders=elders, visitors=elders // 25, towns=1, villages=elders // 20)
    with tempfile.TemporaryDirectory() as folder:
        tables = build_demo_district(Path(folder), size, MONDAY, policy)
    request = PlanRequest(tables.elders, tables.visitors, MONDAY, policy, history=tables.history)
    (week,) = prepare_week(request).towns
    return week


def measure(week: TownWeek) -> tuple[int, float, float, float]:
    """In the worker: visits planned, seconds, peak MB before planning and at the end."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    plan = plan_town(week)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return len(plan.visits), seconds, before, peak


if __name__ == "__main__":
    main()
