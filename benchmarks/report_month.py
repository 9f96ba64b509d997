"""The monthly report of a 10,000-elder district: each step timed, by hand, never in the tests.

    .venv/bin/python -m benchmarks.report_month [--elders 10000] [--month 2026-10]

Builds the demo district at that size (its tables written as a user's and read back with the
command line's readers; its history replayed by the planner's due rule from the quarter's start
to the 7 December 2026), then times reading the tables, computing the month (rates, at risk,
work), and writing each file. Prints a Markdown table and writes it to
benchmarks/results/report_month_<elders>.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from maps.report_map import write_rate_map
from planner.demo.district import DemoSize, build_demo_district
from planner.io.report_files import write_at_risk_csv, write_report_json
from planner.io.report_output import write_report_xlsx
from planner.io.report_pdf import write_report_pdf
from planner.io.tables import load_tables
from planner.monthly_report import MonthReport, report_month
from planner.policy import load_policy
from planner.rates import month_end

RESULTS = Path(__file__).parent / "results"
PLANNING_DATE = date(2026, 12, 7)
T = TypeVar("T")


def timed(rows: list[tuple[str, float, float]], step: str, work: Callable[[], T]) -> T:
    """Run ``work``; note its wall-clock and CPU seconds (on a shared machine the CPU time is
    the one to compare: the wall clock includes waiting for a core)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = work()
    rows.append((step, time.perf_counter() - started, time.process_time() - cpu))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elders", type=int, default=10_000)
    parser.add_argument("--month", default="2026-10")
    args = parser.parse_args()
    year, number = (int(part) for part in args.month.split("-"))
    first = date(year, number, 1)
    policy = load_policy()
    size = DemoSize(
        elders=args.elders,
        visitors=max(10, args.elders // 20),
        towns=max(1, args.elders // 430),
        villages=max(1, args.elders // 20),
    )
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        tables_dir = Path(folder) / "tables"
        tables_dir.mkdir()
        build_demo_district(tables_dir, size, PLANNING_DATE, policy)
        tables = timed(
            rows,
            "read the three tables",
            lambda: load_tables(
                tables_dir / "elders.csv", tables_dir / "visitors.csv", tables_dir / "history.csv"
            ),
        )
        visits = sum(1 for v in tables.history if first <= v.day <= month_end(first))
        report: MonthReport = timed(
            rows,
            "compute the month (rates, at risk, work)",
            lambda: report_month(
                tables.elders,
                tables.history,
                first,
                month_end(first),
                policy,
                roles={v.visitor_id: v.role for v in tables.visitors},
            ),
        )
        out = Path(folder) / "out"
        out.mkdir()
        timed(rows, "report.json", lambda: write_report_json(report, out / "report.json"))
        timed(rows, "at_risk.csv", lambda: write_at_risk_csv(report, out / "at_risk.csv"))
        timed(rows, "report.xlsx", lambda: write_report_xlsx(report, tables.elders, out / "r.xlsx"))
        timed(
            rows, "report.pdf", lambda: write_report_pdf(report, tables.elders, out / "r.pdf", "zh")
        )
        timed(rows, "maps/rate.html", lambda: write_rate_map(report, tables.elders, out / "maps"))
    total = report.rates.total()
    lines = [
        f"# The monthly report of a {args.elders:,}-elder district ({args.month})",
        "",
        f"{len(tables.elders):,} elders, {visits:,} visits in the month, "
        f"{len(report.rates.by('town'))} towns, {len(report.rates.by('village'))} villages; "
        f"floor rate {total.floor_rate:.2%}, {len(report.at_risk)} at risk. "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}.",
        "",
        f"Load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.",
        "",
        "| step | wall seconds | CPU seconds |",
        "|---|---:|---:|",
        *(f"| {step} | {wall:.2f} | {cpu:.2f} |" for step, wall, cpu in rows),
        f"| **all** | **{sum(r[1] for r in rows):.2f}** | **{sum(r[2] for r in rows):.2f}** |",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"report_month_{args.elders}.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
