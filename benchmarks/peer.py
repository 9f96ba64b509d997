"""The planner beside VROOM, a public solver, on the planner's own weeks of home visits.

    make bench-peer       # or: .venv/bin/python -m benchmarks.peer [--instances demo,town]

Three weeks of generated towns: the demo district (3,000 elders, 7 towns), the 600-elder,
30-visitor town of ``benchmarks.town_month`` in its first week, and the 10,000-elder district of
``benchmarks.district_week``. Each town's week is given to the planner (``plan_town``, at the
default policy and with ``usual_visitor_bonus_minutes = 0``) and its home visits to VROOM under the
same rules, places and travel minutes (``benchmarks.peer_vroom``), on one core, town by town:
VROOM knowing nothing of usual visitors, paying the planner's own usual-visitor cost (the same
objective), and made to keep every usual visitor (``SIDES``; ``--sides`` picks some).
Both sides' km are the straight-line length of start → homes → start (``geo.travel.path_km``).

The usual visitor's share counts the home visits they could have made: their elder names them,
they work a day the visit may fall on, serve the village, and the shift holds the way there, the
visit within the elder's hours and the way back. Writes ``benchmarks/results/peer.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from benchmarks.peer_vroom import (
    HomeVisits,
    UsualVisitors,
    elder_could_have_usual_visitor,
    home_visits,
    solve_with_vroom,
)
from geo.crs import LonLat
from geo.travel import path_km
from planner.demo.district import DemoSize, build_demo_district
from planner.engine.town_plan import TownWeek, plan_town
from planner.model import VisitMode
from planner.policy import Policy, load_policy
from planner.usecases.plan import PlanRequest, prepare_week
from planner.usecases.simulate import mondays_covering

RESULTS = Path(__file__).parent / "results"
TOWN_MONTH_SEED = 20231011


@dataclass
class Side:
    """What one solver made of an instance's home visits, summed over its towns."""

    planned: int = 0
    km: float = 0.0
    kept: int = 0
    """Home visits made by the elder's usual visitor, among those the usual visitor could make."""
    seconds: float = 0.0
    problems: int = 0

    def add(self, made: list[tuple[str, str]], paths: Iterable[Sequence[LonLat]]) -> None:
        """``made``: (elder_id, visitor_id) per home visit; ``paths``: start → homes → start."""
        self.planned += len(made)
        self.km += sum(path_km(path) for path in paths)

    def km_per_visit(self) -> float:
        return self.km / self.planned if self.planned else 0.0


SIDES = {
    "planner": "planner (default)",
    "plain": "planner, usual-visitor preference off",
    "vroom": "VROOM",
    "vroom_cost": "VROOM, the planner's usual-visitor cost",
    "vroom_kept": "VROOM, usual visitor kept (a skill)",
}
"""The solvers beside each other: the planner at the defaults and with the preference off; VROOM
knowing nothing of usual visitors, charged the planner's cost for a visit by someone else (the
same objective), and made to give every visit the usual visitor could make to them."""


@dataclass
class Instance:
    name: str
    due: int = 0
    named: int = 0
    """Home visits due whose elder names a usual visitor."""
    could: int = 0
    """Of those, the ones the usual visitor could make."""
    sides: dict[str, Side] = field(default_factory=dict)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", default="town,demo,district", help="comma-separated")
    parser.add_argument("--towns", type=int, default=None, help="only the first N towns of each")
    parser.add_argument("--exploration", type=int, default=5, help="VROOM's level, 1..5")
    parser.add_argument(
        "--sides", default=",".join(SIDES), help="comma-separated, of: " + ", ".join(SIDES)
    )
    args = parser.parse_args()
    rows = []
    sides = args.sides.split(",")
    for name in args.instances.split(","):
        rows.append(measure(name, BUILDERS[name]()[: args.towns], args.exploration, sides))
        print("\n".join(table_rows(rows[-1])), file=sys.stderr, flush=True)
    report = render(rows, args.exploration)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "peer.md").write_text(report, encoding="utf-8")
    print(report)


def demo_district() -> list[TownWeek]:
    return _weeks(DemoSize(), date(2026, 12, 7))


def town_week() -> list[TownWeek]:
    size = DemoSize(elders=600, visitors=30, towns=1, villages=30)
    return _weeks(size, mondays_covering(2026, 9)[0], seed=TOWN_MONTH_SEED)


def district_week() -> list[TownWeek]:
    return _weeks(DemoSize(elders=10_000, visitors=400, towns=7, villages=500), date(2026, 12, 7))


BUILDERS: dict[str, Callable[[], list[TownWeek]]] = {
    "demo": demo_district,
    "town": town_week,
    "district": district_week,
}
TITLES = {
    "demo": "demo district (3,000 elders, 150 visitors, 7 towns), week of 2026-12-07",
    "town": "600-elder, 30-visitor town, week of 2026-08-31",
    "district": "10,000-elder district (400 visitors, 7 towns), week of 2026-12-07",
}


def _weeks(size: DemoSize, monday: date, seed: int | None = None) -> list[TownWeek]:
    policy = load_policy()
    with tempfile.TemporaryDirectory() as folder:
        if seed is None:
            tables = build_demo_district(Path(folder), size, monday, policy)
        else:
            tables = build_demo_district(Path(folder), size, monday, policy, seed)
    request = PlanRequest(tables.elders, tables.visitors, monday, policy, history=tables.history)
    return prepare_week(request).towns


def measure(name: str, weeks: list[TownWeek], exploration: int, sides: list[str]) -> Instance:
    row = Instance(name, sides={side: Side() for side in sides})
    for week in weeks:
        problem = home_visits(week)
        could = _could(problem)
        row.due += len(problem.visits)
        row.named += sum(1 for v in problem.visits if week.elders[v.elder_id].usual_visitor_id)
        row.could += sum(could.values())
        for side, measured in row.sides.items():
            _run(side, measured, problem, could, exploration)
    return row


def _run(
    side: str, measured: Side, problem: HomeVisits, could: Counter[str], exploration: int
) -> None:
    week = problem.week
    if side == "planner":
        _run_planner(measured, week, could)
    elif side == "plain":
        _run_planner(measured, _preference_off(week), could)
    else:
        usual = UsualVisitors()
        preferred = {
            i: str(week.elders[v.elder_id].usual_visitor_id)
            for i, v in enumerate(problem.visits)
            if elder_could_have_usual_visitor(problem, i)
        }
        if side == "vroom_cost":
            usual = UsualVisitors(preferred=preferred, cost_s=usual_visitor_cost_s(week.policy))
        elif side == "vroom_kept":
            usual = UsualVisitors(kept=frozenset(preferred))
        _run_vroom(measured, problem, could, exploration, usual)


def usual_visitor_cost_s(policy: Policy) -> int:
    """What the planner's objective charges for a visit made by someone other than the usual
    visitor, in its unit (seconds of travel)."""
    return policy.usual_visitor_bonus_minutes * 60


def _preference_off(week: TownWeek) -> TownWeek:
    return replace(week, policy=replace(week.policy, usual_visitor_bonus_minutes=0))


def _could(problem: HomeVisits) -> Counter[str]:
    """Per elder, how many of their home visits the usual visitor could make."""
    return Counter(
        v.elder_id
        for i, v in enumerate(problem.visits)
        if elder_could_have_usual_visitor(problem, i)
    )


def _run_planner(side: Side, week: TownWeek, could: Counter[str]) -> None:
    started = time.perf_counter()
    plan = plan_town(week)
    side.seconds += time.perf_counter() - started
    made = [(v.elder_id, v.visitor_id) for v in plan.visits if v.mode is VisitMode.HOME]
    side.add(made, [r.path for r in plan.routes])
    side.kept += _kept(week, made, could)


def _run_vroom(
    side: Side,
    problem: HomeVisits,
    could: Counter[str],
    exploration: int,
    usual: UsualVisitors,
) -> None:
    answer = solve_with_vroom(problem, exploration_level=exploration, usual=usual)
    side.seconds += answer.seconds
    side.problems += len(answer.problems)
    week = problem.week
    made = [
        (problem.visits[i].elder_id, r.visitor.visitor_id) for r in answer.routes for i in r.visits
    ]
    side.add(made, [problem.path(r.visitor, r.visits) for r in answer.routes])
    side.kept += _kept(week, made, could)


def _kept(week: TownWeek, made: list[tuple[str, str]], could: Counter[str]) -> int:
    """Home visits made by the usual visitor, at most as many per elder as they could make."""
    by_usual = Counter(
        elder_id
        for elder_id, visitor_id in made
        if week.elders[elder_id].usual_visitor_id == visitor_id
    )
    return sum(min(n, could[elder_id]) for elder_id, n in by_usual.items())


def render(rows: list[Instance], exploration: int) -> str:
    lines = [
        "## The planner beside VROOM on the same weeks' home visits",
        "",
        f"Measured {date.today()} on {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()} ({os.cpu_count()} cores, shared with other work: seconds "
        "are wall-clock), one process, towns one after another; VROOM (pyvroom 1.15.2) at "
        f"exploration level {exploration} on 1 thread; the planner at its own time limit per "
        "town. Command: `make bench-peer` (`python -m benchmarks.peer`).",
        "",
        "| week | home visits due | solver | planned | km / home visit | usual visitor kept "
        "| seconds | rule breaks |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines += table_rows(row)
    lines += ["", *_notes(rows)]
    return "\n".join(lines) + "\n"


def table_rows(row: Instance) -> list[str]:
    lines = []
    for key, side in row.sides.items():
        label = SIDES[key]
        kept = 100.0 * side.kept / row.could if row.could else 0.0
        lines.append(
            f"| {TITLES[row.name]} | {row.due} | {label} | {side.planned} | "
            f"{side.km_per_visit():.3f} | {kept:.1f}% | {side.seconds:.1f} | "
            f"{side.problems if key.startswith('vroom') else '–'} |"
        )
    return lines


def _notes(rows: list[Instance]) -> list[str]:
    notes = [
        "Usual visitor kept: of the home visits the elder's usual visitor could make (they work "
        "a day the visit may fall on, serve the village, and the shift holds the way there, the "
        "visit within the elder's hours and the way back), the share they make.",
        "",
    ]
    for row in rows:
        share = 100.0 * row.could / row.named if row.named else 0.0
        notes.append(
            f"- {TITLES[row.name]}: {row.named} of {row.due} home visits are of elders who name "
            f"a usual visitor; {row.could} ({share:.0f}% of those) are ones the usual visitor "
            "could make."
        )
    notes += [
        "",
        'The VROOM variants: "VROOM" knows nothing of usual visitors; "the planner\'s '
        "usual-visitor cost\" pays what the planner's objective pays (the policy's "
        "`usual_visitor_bonus_minutes` in seconds of travel on each visit the usual visitor "
        "could make but someone else makes: a cost matrix per visitor), so it solves the "
        'planner\'s own objective; "usual visitor kept" gives each such visit only to the '
        "usual visitor (a skill only they have), what keeping them all costs.",
        "",
        "VROOM's rule breaks are those found by the independent check of its routes (area, day, "
        "cap, shift, the elder's hours, travel minutes); a route with one would not be counted. "
        "The planner's routes are checked by `plan_week`'s own checks in the other benchmarks.",
    ]
    return notes


if __name__ == "__main__":
    main()
