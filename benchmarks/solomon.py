"""All 56 Solomon VRPTW instances: visitplan's engine beside PyVRP and plain OR-Tools routing.

    .venv/bin/python -m benchmarks.solomon [--seconds 10] [--jobs 2] [--only R1]

Each solver gets the same time on one core per instance (``--jobs`` runs that many instances at
once, one process each). Every solution is checked here (fleet, each customer once, capacity,
time windows) and measured in the DIMACS convention (arcs truncated to one decimal), then
compared with the best-known distance-only result of ``shared/benchmarks/solomon/bks.csv``.
Writes ``benchmarks/results/solomon.md``.
"""

from __future__ import annotations

import argparse
import csv
import math
import platform
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyvrp
from pyvrp.stop import MaxRuntime

from planner.engine.solver.solomon import (
    SCALE,
    SolomonInstance,
    check_solution,
    gap_percent,
    read_solomon,
    route_distance,
    solve_solomon,
)

INSTANCES = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "solomon"
RESULTS = Path(__file__).parent / "results"
SOLVERS = ("visitplan", "pyvrp", "ortools")


@dataclass(frozen=True)
class Outcome:
    instance: str
    solver: str
    distance: float
    vehicles: int
    feasible: bool
    seconds: float


def pyvrp_direct(instance: SolomonInstance, seconds: float) -> list[list[int]]:
    """PyVRP as its own documentation builds a VRPTW: coordinates, required clients, one fleet."""
    model = pyvrp.Model()
    places = [instance.depot, *instance.customers]
    locations = [model.add_location(x=c.x, y=c.y) for c in places]
    depot = model.add_depot(
        locations[0], tw_early=instance.depot.ready * SCALE, tw_late=instance.depot.due * SCALE
    )
    for location, customer in zip(locations[1:], instance.customers, strict=True):
        model.add_client(
            location,
            delivery=[customer.demand],
            service_duration=customer.service * SCALE,
            tw_early=customer.ready * SCALE,
            tw_late=customer.due * SCALE,
        )
    model.add_vehicle_type(
        num_available=instance.vehicles,
        capacity=[instance.capacity],
        start_depot=depot,
        end_depot=depot,
        tw_early=instance.depot.ready * SCALE,
        tw_late=instance.depot.due * SCALE,
    )
    matrix = instance.tenths_matrix()
    for i, frm in enumerate(locations):
        for j, to in enumerate(locations):
            if i != j:
                model.add_edge(frm, to, distance=int(matrix[i, j]), duration=int(matrix[i, j]))
    best = model.solve(stop=MaxRuntime(seconds), seed=0, display=False).best
    return [
        [instance.customers[a.idx].number for a in r.schedule() if a.is_client()]
        for r in best.routes()
    ]


def run_one(path: Path, solver: str, seconds: float) -> Outcome:
    instance = read_solomon(path)
    started = time.perf_counter()
    if solver == "pyvrp":
        routes = pyvrp_direct(instance, seconds)
    else:
        routes = solve_solomon(
            instance, seconds=seconds, engine="hgs" if solver == "visitplan" else "ortools"
        )
    elapsed = time.perf_counter() - started
    feasible = not check_solution(instance, routes)
    return Outcome(
        instance.name, solver, route_distance(instance, routes), len(routes), feasible, elapsed
    )


def best_known() -> dict[str, float]:
    with (INSTANCES / "bks.csv").open(encoding="utf-8") as handle:
        return {
            row["instance"]: float(row["distance_only_dimacs"]) for row in csv.DictReader(handle)
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--only", default="", help="instances whose name starts with this")
    args = parser.parse_args()
    paths = sorted(p for p in INSTANCES.glob("*.txt") if p.stem.startswith(args.only))
    tasks = [(p, solver) for p in paths for solver in SOLVERS]
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        outcomes = list(
            pool.map(
                run_one, [p for p, _ in tasks], [s for _, s in tasks], [args.seconds] * len(tasks)
            )
        )
    report = render(outcomes, best_known(), args.seconds, args.jobs)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "solomon.md").write_text(report, encoding="utf-8")
    print(report)


def render(outcomes: list[Outcome], bks: dict[str, float], seconds: float, jobs: int) -> str:
    by = {(o.instance, o.solver): o for o in outcomes}
    names = sorted({o.instance for o in outcomes})
    lines = [
        f"## Solomon VRPTW, {len(names)} instances, {seconds:g} s each on one core",
        "",
        f"Measured {date.today()} on {platform.machine()} ({jobs} instance(s) at a time on 2 "
        f"cores), PyVRP {_version('pyvrp')}, OR-Tools {_version('ortools')}. Gap to the "
        "best-known distance-only result (DIMACS convention); `infeasible` when the checker "
        "refused the answer.",
        "",
        "| instance | best known | " + " | ".join(f"{s} gap %" for s in SOLVERS) + " |",
        "|---|---|" + "---|" * len(SOLVERS),
    ]
    gaps: dict[str, list[float]] = {s: [] for s in SOLVERS}
    for name in names:
        cells = []
        for solver in SOLVERS:
            outcome = by.get((name, solver))
            if outcome is None or not outcome.feasible:
                cells.append("infeasible")
                gaps[solver].append(math.inf)
                continue
            gap = gap_percent(outcome.distance, bks[name])
            gaps[solver].append(gap)
            cells.append(f"{gap:.2f} ({outcome.vehicles} veh.)")
        lines.append(f"| {name} | {bks[name]} | " + " | ".join(cells) + " |")
    lines += ["", "| solver | mean gap % | median | worst | infeasible |", "|---|---|---|---|---|"]
    for solver in SOLVERS:
        finite = [g for g in gaps[solver] if math.isfinite(g)]
        infeasible = len(gaps[solver]) - len(finite)
        if finite:
            lines.append(
                f"| {solver} | {statistics.mean(finite):.2f} | {statistics.median(finite):.2f} | "
                f"{max(finite):.2f} | {infeasible} |"
            )
    return "\n".join(lines) + "\n"


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


if __name__ == "__main__":
    main()
