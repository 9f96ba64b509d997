"""``visitplan report``: the monthly visit rate and the reports a district asks for.

The heavy parts (the workbook, the PDF, the map) are imported when the command runs, so that
``visitplan --help`` does not load them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from planner.model import PlannedVisit

MISSED_SHOWN = 20
"""Elders without a contact named on the terminal; at_risk.csv has them all."""
REPORT_HELP = "Report a month: the visit rate, who is at risk, the work done."


def add_report_command(app: typer.Typer) -> None:
    app.command("report", help=REPORT_HELP)(report)


def report(
    elders: Annotated[Path, typer.Option(help="The elders table (CSV or XLSX).")],
    history: Annotated[Path, typer.Option(help="The visits made (CSV or XLSX).")],
    month: Annotated[str, typer.Option(help="The month, YYYY-MM.")],
    on: Annotated[
        str | None,
        typer.Option(
            help="Count the visits made up to this day (default: today, or the month's end)."
        ),
    ] = None,
    plan: Annotated[
        Path | None,
        typer.Option(help="A plan's output folder: its roster.csv says who is still planned."),
    ] = None,
    visitors: Annotated[
        Path | None, typer.Option(help="The visitors table: their kinds, for pay and points.")
    ] = None,
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("report"),
    policy: Annotated[
        Path | None, typer.Option(help="A TOML policy file; see planner/default_policy.toml.")
    ] = None,
    lang: Annotated[str, typer.Option(help="Language of what people read: zh or en.")] = "zh",
    national: Annotated[
        bool,
        typer.Option(
            "--national",
            help="Also write national.csv and national.xlsx, the flat export for the national "
            "system (金民工程), ID numbers masked.",
        ),
    ] = False,
) -> None:
    """Write report.json, at_risk.csv, report.xlsx, report.pdf and a map of the villages."""
    from api.cli import guarded

    guarded(lambda: _run(elders, history, month, on, plan, visitors, out, policy, lang, national))


def _run(
    elders_file: Path,
    history_file: Path,
    month: str,
    on: str | None,
    plan_folder: Path | None,
    visitors_file: Path | None,
    out: Path,
    policy_file: Path | None,
    lang: str,
    national: bool,
) -> None:
    from api.cli import UserError, stdout
    from maps.report_map import write_rate_map
    from planner.io.report_output import REPORT_FILES, write_report_files
    from planner.io.tables import load_tables
    from planner.monthly_report import report_month
    from planner.policy import load_policy
    from planner.rates import default_as_of

    if lang not in ("zh", "en"):
        raise UserError(f"--lang {lang!r}: use zh or en")
    first = _parse_month(month, UserError)
    as_of = _parse_day(on, first, UserError) if on else default_as_of(first, date.today())
    rules = load_policy(policy_file)
    tables = load_tables(elders_file, visitors_file, history_file)
    planned = _read_plan(plan_folder) if plan_folder else None
    travel = {(v.day, v.visitor_id, v.elder_id): v.travel_minutes for v in planned or ()}
    result = report_month(
        tables.elders,
        tables.history,
        first,
        as_of,
        rules,
        plan=planned,
        roles={v.visitor_id: v.role for v in tables.visitors},
        travel=travel,
    )
    with _staged(out) as folder:
        write_report_files(
            result, tables.elders, tables.history, rules, folder, lang=lang, national=national
        )
        write_rate_map(result, tables.elders, folder / "maps", lang=lang)
    total = result.rates.total()
    rate = f"{total.floor_rate:.1%}" if total.floor_rate is not None else "-"
    stdout.print(
        f"visitplan: {first:%Y-%m} as of {result.rates.as_of}: floor rate {rate} "
        f"({total.floor_met:,} of {total.owed:,} elders), {len(result.at_risk)} at risk",
        highlight=False,
    )
    missed = [e.elder_id for e in result.rates.elders if e.standing == "owed" and not e.floor_met]
    if missed:
        shown = ", ".join(missed[:MISSED_SHOWN]) + (", ..." if len(missed) > MISSED_SHOWN else "")
        stdout.print(f"not contacted in the month so far: {shown}", highlight=False)
    stdout.print(f"written to {out}/: {', '.join(REPORT_FILES)}, maps/", highlight=False)


def _parse_month(text: str, error: type[Exception]) -> date:
    from planner.rates import parse_month

    try:
        return parse_month(text)
    except ValueError as problem:
        raise error(f"--month {problem}") from None


def _parse_day(text: str, first: date, error: type[Exception]) -> date:
    from planner.rates import month_end

    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise error(f"--on {text!r} is not a date: write YYYY-MM-DD") from None
    if not first <= day <= month_end(first):
        raise error(f"--on {text} is not in --month {first:%Y-%m}: give a day of that month")
    return day


def _read_plan(folder: Path) -> tuple[PlannedVisit, ...]:
    from planner.io.report_files import read_plan_visits

    return read_plan_visits(folder)


class _staged:
    """A scratch folder inside ``out`` whose files are moved in when all are written.

    Only the report's own files are replaced: a plan's files in the same folder stay.
    """

    def __init__(self, out: Path) -> None:
        self.out = out

    def __enter__(self) -> Path:
        from api.cli import UserError

        try:
            self.out.mkdir(parents=True, exist_ok=True)
            self.scratch = Path(tempfile.mkdtemp(prefix=".report-", dir=self.out))
        except OSError as error:
            raise UserError(f"--out {self.out}: cannot write there ({error.strerror})") from None
        return self.scratch

    def __exit__(self, kind: object, *_: object) -> None:
        try:
            if kind is None:
                for path in sorted(self.scratch.rglob("*")):
                    if path.is_file():
                        target = self.out / path.relative_to(self.scratch)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        os.replace(path, target)
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)
