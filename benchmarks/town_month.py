"""A 600-elder, 30-visitor town planned week by week through a month, against greedy baselines.

    make bench            # or: .venv/bin/python -m benchmarks.town_month [--month 2026-09]

Prints a Markdown table and writes it to benchmarks/results/town_month.md: per week the visits
due, planned and unassigned, seconds, peak memory, and straight-line km per home visit for the
planner and for the two greedy baselines of ``benchmarks.greedy``; then whether every elder got
the visits the policy asks for in the month, and whether every plan kept every rule.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from benchmarks.greedy import GreedyResult, greedy_routes
from planner.checks import check_plan
from planner.demo.district import DemoSize, build_demo_district
from planner.model import Plan, VisitMode
from planner.policy import load_policy
from planner.usecases.plan import PlanRequest, prepare_week
from planner.usecases.simulate import Shortfall, mondays_covering, run_weeks, shortfalls

RESULTS = Path(__file__).parent / "results"


@dataclass
class WeekRow:
    monday: date
    due: int
    planned: int
    unassigned: int
    home: int
    seconds: float
    km: float
    naive: GreedyResult
    nearest: GreedyResult
    rule_breaks: int


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--month", default="2026-09", help="YYYY-MM (default 2026-09)")
    parser.add_argument("--elders", type=int, default=600)
    parser.add_argument("--visitors", type=int, default=30)
    parser.add_argument("--seed", type=int, default=20231011)
    parser.add_argument("--policy", type=Path, default=None, help="a policy file (TOML)")
    args = parser.parse_args()
    year, month = map(int, args.month.split("-"))
    report = run(
        year,
        month,
        elders=args.elders,
        visitors=args.visitors,
        seed=args.seed,
        policy_file=args.policy,
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "town_month.md").write_text(report, encoding="utf-8")
    print(report)


def run(
    year: int, month: int, *, elders: int, visitors: int, seed: int, policy_file: Path | None = None
) -> str:
    policy = load_policy(policy_file)
    mondays = mondays_covering(year, month)
    size = DemoSize(elders=elders, visitors=visitors, towns=1, villages=max(1, elders // 20))
    with tempfile.TemporaryDirectory() as folder:
        tables = build_demo_district(Path(folder), size, mondays[0], policy, seed)
    rows: list[WeekRow] = []
    clock = [time.perf_counter()]
    balance = [0.0, 0.0]

    def record(plan: Plan, request: PlanRequest) -> None:
        seconds = time.perf_counter() - clock[0]
        (town,) = prepare_week(request).towns
        naive, nearest = greedy_routes(town, nearest=False), greedy_routes(town, nearest=True)
        home = sum(1 for v in plan.visits if v.mode is VisitMode.HOME)
        km = sum(r.km for r in plan.routes)
        rows.append(
            WeekRow(
                plan.week_start,
                len(plan.due),
                len(plan.visits),
                len(plan.unassigned),
                home,
                seconds,
                km,
                naive,
                nearest,
                len(check_plan(plan, policy)),
            )
        )
        loads = Counter(v.visitor_id for v in plan.visits if v.mode is VisitMode.HOME)
        values = [loads.get(v.visitor_id, 0) for v in plan.visitors]
        if statistics.mean(values) > 0 and plan.week_start != mondays[-1]:
            balance[0] = max(balance[0], max(values) / statistics.mean(values))
            balance[1] = max(balance[1], statistics.pstdev(values) / statistics.mean(values))
        clock[0] = time.perf_counter()

    made = run_weeks(
        tables.elders, tables.visitors, mondays, policy, history=tables.history, on_week=record
    )
    short = shortfalls(tables.elders, made, year, month, policy)
    return render(rows, short, year, month, elders, visitors) + (
        f"Largest weekly home-visit load of a visitor over the mean (weeks without holidays): "
        f"{balance[0]:.2f}; its coefficient of variation {balance[1]:.2f}.\n"
    )


def render(
    rows: list[WeekRow], short: list[Shortfall], year: int, month: int, elders: int, visitors: int
) -> str:
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [
        f"## {elders}-elder, {visitors}-visitor town, {year}-{month:02d} week by week",
        "",
        f"Measured {date.today()} on {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, one worker process; peak memory {peak_mb:.0f} MB.",
        "",
        "| week | due | planned | unassigned | home visits | seconds | km/home visit "
        "| naive greedy | nearest greedy | rule breaks |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.monday} | {r.due} | {r.planned} | {r.unassigned} | {r.home} | "
            f"{r.seconds:.1f} | {_per_home(r.km, r.home):.3f} | "
            f"{r.naive.km_per_home_visit:.3f} | {r.nearest.km_per_home_visit:.3f} | "
            f"{r.rule_breaks} |"
        )
    home = sum(r.home for r in rows)
    naive_km, naive_home = sum(r.naive.km for r in rows), sum(r.naive.home_visits for r in rows)
    near_km, near_home = sum(r.nearest.km for r in rows), sum(r.nearest.home_visits for r in rows)
    lines += [
        f"| **month** | {sum(r.due for r in rows)} | {sum(r.planned for r in rows)} | "
        f"{sum(r.unassigned for r in rows)} | {home} | {sum(r.seconds for r in rows):.1f} | "
        f"**{_per_home(sum(r.km for r in rows), home):.3f}** | "
        f"{_per_home(naive_km, naive_home):.3f} | {_per_home(near_km, near_home):.3f} | "
        f"{sum(r.rule_breaks for r in rows)} |",
        "",
        f"Home visits placed: planner {home}, naive greedy {naive_home}, nearest greedy "
        f"{near_home} (the greedy baselines drop what no shift can hold).",
        "",
        f"Elders short of their monthly visits at the end of the month: **{len(short)}**.",
    ]
    return "\n".join(lines) + "\n"


def _per_home(km: float, home_visits: int) -> float:
    return km / home_visits if home_visits else 0.0


if __name__ == "__main__":
    main()
