"""What keeping the usual visitor costs: kept share against km per home visit, as the cost of a
visit by someone else grows, for the planner and for VROOM charged the same cost.

    .venv/bin/python -m benchmarks.usual_curve [--instances town,demo] [--minutes 0,5,10,15,20]

Also how far the usual visitor starts from their elders, beside the nearest visitor who could
make the visit: what no search can save. Writes ``benchmarks/results/usual_curve.md``.
"""

from __future__ import annotations

import argparse
import statistics
from dataclasses import replace

from benchmarks.peer import BUILDERS, RESULTS, TITLES, measure
from benchmarks.peer_vroom import HomeVisits, elder_could_have_usual_visitor, home_visits
from geo.travel import path_km
from planner.engine.town_week import TownWeek, can_serve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", default="town,demo", help="comma-separated")
    parser.add_argument("--minutes", default="0,5,10,15,20", help="usual-visitor costs to try")
    parser.add_argument("--sides", default="planner,vroom_cost", help="as benchmarks.peer's")
    args = parser.parse_args()
    lines = [
        "| week | cost of a visit by someone else (travel minutes) | solver | planned "
        "| km / home visit | usual visitor kept | seconds |",
        "|---|---|---|---|---|---|---|",
    ]
    notes = []
    for name in args.instances.split(","):
        weeks = BUILDERS[name]()
        notes.append(f"- {TITLES[name]}: {extra_start_km(weeks)}")
        for minutes in (int(m) for m in args.minutes.split(",")):
            priced = [_with_minutes(w, minutes) for w in weeks]
            row = measure(name, priced, 5, args.sides.split(","))
            for key, side in row.sides.items():
                kept = 100.0 * side.kept / row.could if row.could else 0.0
                line = (
                    f"| {TITLES[name]} | {minutes} | {key} | {side.planned} | "
                    f"{side.km_per_visit():.3f} | {kept:.1f}% | {side.seconds:.1f} |"
                )
                lines.append(line)
                print(line, flush=True)
    text = "\n".join(
        [
            "## What keeping the usual visitor costs",
            "",
            "Command: `python -m benchmarks.usual_curve`.",
            "",
            *lines,
            "",
            "How much further the usual visitor starts than the nearest visitor who may make the "
            "visit (straight-line km, over the home visits the usual visitor could make):",
            "",
            *notes,
        ]
    )
    (RESULTS / "usual_curve.md").write_text(text + "\n", encoding="utf-8")


def _with_minutes(week: TownWeek, minutes: int) -> TownWeek:
    return replace(week, policy=replace(week.policy, usual_visitor_bonus_minutes=minutes))


def extra_start_km(weeks: list[TownWeek]) -> str:
    """Quartiles of the usual visitor's extra km from start to home over the nearest able
    visitor's, over the visits the usual visitor could make."""
    extra: list[float] = []
    for week in weeks:
        problem = home_visits(week)
        for i, _ in enumerate(problem.visits):
            if elder_could_have_usual_visitor(problem, i):
                extra.append(_extra_km(problem, i))
    if len(extra) < 4:
        return "too few visits"
    q1, q2, q3 = statistics.quantiles(extra, n=4)
    far = sum(1 for km in extra if km > 1.0) / len(extra)
    return (
        f"{len(extra)} visits; quartiles {q1:.2f} / {q2:.2f} / {q3:.2f} km, mean "
        f"{statistics.fmean(extra):.2f} km; {far:.0%} more than 1 km further"
    )


def _extra_km(problem: HomeVisits, index: int) -> float:
    week, visit = problem.week, problem.visits[index]
    elder = week.elders[visit.elder_id]
    service = problem.service_min
    able = [
        v
        for v in week.visitors
        if v.max_home_visits_per_day > 0
        and any(can_serve(week, visit, v, day, service) for day in week.days)
    ]
    usual = next(v for v in week.visitors if v.visitor_id == elder.usual_visitor_id)
    nearest = min(path_km([v.start, elder.location]) for v in able)
    return path_km([usual.start, elder.location]) - nearest


if __name__ == "__main__":
    main()
