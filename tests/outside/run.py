"""Plan a generated town with the real command and check it from outside.

    python -m tests.outside.run KIND [--elders N] [--visitors M] [--seed S] [--out DIR]

prints every broken rule and every unassigned visit that fits the roster as it stands, and
exits 1 when there is any (2 when the planner itself failed). KIND is one of
``tests.outside.towns.KINDS``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tests.outside.check import Report, check_folder
from tests.outside.towns import KINDS, WEEK, TownFiles, make_town, write_town


def visitplan_command() -> list[str]:
    """The installed ``visitplan`` script beside this Python, else ``python -m api``."""
    script = Path(sys.executable).with_name("visitplan")
    return [str(script)] if script.exists() else [sys.executable, "-m", "api"]


@dataclass(frozen=True)
class Outcome:
    files: TownFiles
    out: Path
    process: subprocess.CompletedProcess[str]

    def report(self, week: date = WEEK) -> Report:
        files = self.files
        return check_folder(files.elders, files.visitors, files.history, self.out, week)


def plan_town(
    kind: str,
    folder: Path,
    *,
    elders: int | None = None,
    visitors: int | None = None,
    seed: int = 1,
) -> Outcome:
    """Write a town of ``kind`` into ``folder`` and plan the week of ``WEEK`` into folder/out."""
    files = write_town(make_town(kind, elders=elders, visitors=visitors, seed=seed), folder)
    out = folder / "out"
    arguments = ["plan", "--elders", files.elders, "--visitors", files.visitors]
    arguments += ["--history", files.history, "--week", WEEK.isoformat(), "--out", out]
    process = subprocess.run(
        [*visitplan_command(), *map(str, arguments)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return Outcome(files, out, process)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.outside.run", description=__doc__)
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("--elders", type=int, default=None)
    parser.add_argument("--visitors", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="folder kept for the town and plan")
    args = parser.parse_args(argv)
    folder = args.out or Path(tempfile.mkdtemp(prefix=f"outside-{args.kind}-"))
    outcome = plan_town(
        args.kind, folder, elders=args.elders, visitors=args.visitors, seed=args.seed
    )
    if outcome.process.returncode != 0:
        print(outcome.process.stdout, outcome.process.stderr, sep="\n")
        print(f"visitplan exited with {outcome.process.returncode}")
        return 2
    report = outcome.report()
    figures = json.loads((outcome.out / "summary.json").read_text(encoding="utf-8"))
    print(f"town and plan in {folder}")
    print(
        f"{figures['due_visits']} due, {figures['planned_visits']} planned, "
        f"{figures['unassigned']} unassigned in {figures['seconds']} s; "
        f"{len(report.breaches)} broken rules, {len(report.insertions)} insertions that fit"
    )
    for line in report.lines():
        print(line)
    return 1 if report.lines() else 0


if __name__ == "__main__":
    sys.exit(main())
