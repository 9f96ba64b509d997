"""The ``visitplan`` command line: demo, plan and classify (../shared/CONTRACT.md, "Commands").

Exit status: 0 done; 2 bad input (every problem listed: file, row, column, what to do; nothing
written); 1 an internal error (a short message; ``VISITPLAN_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from api.bench_command import add_bench_command
from api.report_command import add_report_command
from api.service_commands import add_service_commands
from planner.io import output_folder
from planner.io.problems import InputError
from planner.policy import PolicyError, classify, load_policy

if TYPE_CHECKING:
    from rich.progress import Progress

    from planner.model import Plan
    from planner.usecases.plan import PageWriter, PlanRequest

# Every command imports what it needs when it runs (the planner's engine, the maps, the service),
# so that `visitplan --help` and `classify` start at once: tests/api/test_fast_start.py.

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1
DEMO_TABLES_FOLDER = output_folder.TABLES_FOLDER
DEMO_TABLE_FILES = tuple(
    f"{DEMO_TABLES_FOLDER}/{name}" for name in ("elders.csv", "visitors.csv", "history.csv")
)


def plan_files() -> tuple[str, ...]:
    """Files every plan writes, checked against the output folder before planning."""
    from maps.plan_maps import INDEX_FILE
    from planner.io.outputs import (
        FLAGS_CSV,
        ROSTER_CSV,
        ROSTER_XLSX,
        ROUTES_GEOJSON,
        SUMMARY_JSON,
        UNASSIGNED_CSV,
    )

    return (
        ROSTER_CSV,
        ROSTER_XLSX,
        UNASSIGNED_CSV,
        FLAGS_CSV,
        ROUTES_GEOJSON,
        SUMMARY_JSON,
        f"maps/{INDEX_FILE}",
    )


app = typer.Typer(
    help="Plan visiting-care rounds for elders with special difficulties.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
stderr = Console(stderr=True)
stdout = Console()

T = TypeVar("T")


class UserError(Exception):
    """A problem the user can fix; printed without a traceback, exit status 2."""


def coming_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def parse_week(value: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise UserError(f"--week {value!r} is not a date: write the Monday as YYYY-MM-DD") from None
    if day.weekday() != 0:
        monday = day - timedelta(days=day.weekday())
        raise UserError(
            f"--week {value} is a {day:%A}: give the Monday that starts the week, e.g. {monday}"
        )
    return day


def check_output_folder(
    out: Path, *, run_inputs: Iterable[Path | None] = (), will_write: Iterable[str] = ()
) -> None:
    """Before planning: refuse an --out that cannot be written or holds a file in the way; it
    will hold the plan's files and ``will_write``."""
    files = (*plan_files(), *will_write)
    try:
        output_folder.check_output_folder(out, inputs=_given(run_inputs), will_write=files)
    except output_folder.OutputFolderError as error:
        raise UserError(f"--out {out}: {error}") from None


def _given(paths: Iterable[Path | None]) -> list[Path]:
    return [path for path in paths if path is not None]


def run_step(progress: Progress, description: str, work: Callable[[], T]) -> T:
    task = progress.add_task(description, total=None)
    result = work()
    progress.update(task, total=1, completed=1)
    return result


def _progress() -> Progress:
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=stderr,
        transient=False,
        disable=not stderr.is_terminal and "VISITPLAN_PROGRESS" not in os.environ,
    )


def make_plan(request: PlanRequest, *, workers: int | None) -> Plan:
    """Plan the week with a progress line per town (the plan comes back checked)."""
    from planner.usecases.plan import plan_week

    with _progress() as progress:
        towns = len({e.town for e in request.elders})
        task = progress.add_task(f"planning {request.week_start} town by town", total=towns)

        def advance(town: str, done: int, total: int) -> None:
            progress.update(task, completed=done, description=f"planned {town}")

        return plan_week(request, workers=workers, progress=advance)


def write_outputs(
    plan: Plan,
    out: Path,
    *,
    lang: str,
    publish: bool = False,
    tables: Path | None = None,
    keep: Iterable[Path | None] = (),
    more: Sequence[tuple[str, PageWriter]] = (),
    marks: Mapping[tuple[str, date, str], str] | None = None,
) -> None:
    """Write the plan and its maps into ``out`` whole or not at all (``planning.write_plan``)."""
    from maps import write_plan_maps
    from planner.usecases.plan import write_plan

    def draw(plan: Plan, folder: Path) -> None:
        if marks is None:  # a plain plan: the maps as they always were
            write_plan_maps(plan, folder / "maps", lang=lang)
        else:
            write_plan_maps(plan, folder / "maps", lang=lang, marks=marks)

    maps = ("drawing maps", draw)
    try:
        with _progress() as progress:
            write_plan(
                plan,
                out,
                lang=lang,
                publish=publish,
                keep=_given(keep),
                tables=tables,
                pages=(maps, *more),
                run_step=lambda description, work: run_step(progress, description, work),
            )
    except output_folder.OutputFolderError as error:
        raise UserError(f"--out {out}: {error}") from None


def print_summary(plan: Plan, out: Path) -> None:
    from rich.table import Table

    from planner.io.note_words import warning_text
    from planner.io.summary import summary

    figures = summary(plan)
    stdout.print(f"visitplan: week of {plan.week_start}", highlight=False)
    table = Table(show_header=False)
    for key in (
        "elders",
        "visitors",
        "due_visits",
        "planned_visits",
        "unassigned",
        "home_visits",
        "phone_visits",
        "travel_minutes",
        "km_per_home_visit",
        "seconds",
    ):
        table.add_row(key, str(figures.get(key)))
    stdout.print(table)
    for warning in plan.warnings:
        stdout.print(f"[yellow]warning:[/] {escape(warning_text(warning, 'en'))}", highlight=False)
    stdout.print(
        f"written to {out}/: roster.csv, roster.xlsx, unassigned.csv, routes.geojson, "
        "maps/index.html"
    )


def guarded(command: Callable[[], None]) -> None:
    """Run a command turning every failure into a message and an exit status."""
    try:
        command()
    except InputError as error:
        stderr.print(f"[red]bad input[/]: {len(error.problems)} problem(s); nothing was written")
        for problem in error.problems:
            stderr.print(f"  {problem}", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except (UserError, PolicyError) as error:
        _bad_input(error)
    except (typer.Exit, typer.Abort):
        raise
    except Exception as error:
        # Imported here: only a plan being written raises it, and `--help` need not load it.
        from planner.io.outputs import PersonalNumberAsIdError

        if isinstance(error, PersonalNumberAsIdError):
            _bad_input(error)
        if os.environ.get("VISITPLAN_DEBUG"):
            traceback.print_exc()
        stderr.print(
            f"[red]internal error[/]: {escape(str(error))}. Nothing was written. "
            "Please report this with the input."
        )
        raise typer.Exit(EXIT_INTERNAL) from None


def _bad_input(error: Exception) -> NoReturn:
    stderr.print(f"[red]error[/]: {escape(str(error))}", highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_BAD_INPUT) from None


LangOption = Annotated[str, typer.Option(help="Language of what people read: zh or en.")]
PolicyOption = Annotated[
    Path | None, typer.Option(help="A TOML policy file; see planner/default_policy.toml.")
]
WorkersOption = Annotated[
    int | None, typer.Option(help="Worker processes (default: one per core).")
]
PublishOption = Annotated[
    bool,
    typer.Option(
        "--publish",
        help="Round the coordinates of routes.geojson to about 100 m, for files that leave the "
        "town office (the maps keep exact points: visitors need them).",
    ),
]


def _check_lang(lang: str) -> None:
    if lang not in ("zh", "en"):
        raise UserError(f"--lang {lang!r}: use zh or en")


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("out"),
    week: Annotated[
        str | None, typer.Option(help="The Monday to plan (default: the coming one).")
    ] = None,
    elders: Annotated[int, typer.Option(help="Elders in the demo district.")] = 3000,
    visitors: Annotated[int, typer.Option(help="Visitors in the demo district.")] = 150,
    towns: Annotated[int, typer.Option(help="Towns in the demo district.")] = 7,
    seed: Annotated[int, typer.Option(help="Random seed of the demo district.")] = 20231011,
    lang: LangOption = "zh",
    workers: WorkersOption = None,
    publish: PublishOption = False,
) -> None:
    """Build the demo district, plan its coming week and write the output into OUT."""

    def run() -> None:
        from planner.demo.district import DemoSize, build_demo_district
        from planner.usecases.plan import PlanRequest

        _check_lang(lang)
        monday = parse_week(week) if week else coming_monday(date.today())
        check_output_folder(out, will_write=DEMO_TABLE_FILES)
        policy = load_policy()
        try:
            size = DemoSize(
                elders=elders,
                visitors=visitors,
                towns=towns,
                villages=max(towns, round(elders / 20)),
            )
        except ValueError as error:
            raise UserError(str(error)) from None
        with tempfile.TemporaryDirectory() as tables_dir:
            folder = Path(tables_dir)
            with _progress() as progress:
                tables = run_step(
                    progress,
                    f"building the demo district ({elders:,} elders, a quarter of visits made)",
                    lambda: build_demo_district(folder, size, monday, policy, seed),
                )
            request = PlanRequest.from_tables(tables, monday, policy)
            plan = make_plan(request, workers=workers)
            write_outputs(plan, out, lang=lang, publish=publish, tables=Path(tables_dir))
        print_summary(plan, out)

    guarded(run)


@app.command()
def plan(
    elders: Annotated[Path, typer.Option(help="The elders table (CSV or XLSX).")],
    visitors: Annotated[Path, typer.Option(help="The visitors table (CSV or XLSX).")],
    week: Annotated[str, typer.Option(help="The Monday that starts the week, YYYY-MM-DD.")],
    history: Annotated[Path | None, typer.Option(help="Visits already made (CSV or XLSX).")] = None,
    warnings: Annotated[
        Path | None,
        typer.Option(help="Extreme-weather warnings (CSV or XLSX): town, villages, start, end."),
    ] = None,
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("out"),
    policy: PolicyOption = None,
    lang: LangOption = "zh",
    workers: WorkersOption = None,
    publish: PublishOption = False,
    previous: Annotated[
        Path | None, typer.Option(help="Re-plan this published plan of the week (its folder).")
    ] = None,
    now: Annotated[
        str | None, typer.Option(help="With --previous: the time now, YYYY-MM-DDTHH:MM.")
    ] = None,
    alarms: Annotated[
        Path | None, typer.Option(help="With --previous: alarms (elder_id, at, kind).")
    ] = None,
    pin: Annotated[
        Path | None, typer.Option(help="With --previous: visits that stay (elder_id, date).")
    ] = None,
    pauses: Annotated[
        Path | None,
        typer.Option(help="Elders away or gone: elder_id, start, end, kind (hospital, ...)."),
    ] = None,
    absences: Annotated[
        Path | None, typer.Option(help="Visitors' leave: visitor_id, start, end, kind.")
    ] = None,
    followups: Annotated[
        Path | None, typer.Option(help="Open follow-ups: elder_id, kind, role, due_by.")
    ] = None,
) -> None:
    """Plan the week that starts on WEEK and write roster, routes and maps into OUT."""

    def run() -> None:
        from api.replan_command import changes_writer, replan, stop_marks
        from planner.io.replan_inputs import ReplanFiles, previous_roster_file
        from planner.usecases.plan import InputFiles, load_request

        _check_lang(lang)
        monday = parse_week(week)
        if previous is None and (now or alarms or pin):
            raise UserError("--now, --alarms, --pin re-plan a published week: give --previous DIR")
        read = (
            elders,
            visitors,
            history,
            warnings,
            policy,
            alarms,
            pin,
            pauses,
            absences,
            followups,
        )
        run_inputs = (*read, previous_roster_file(previous))
        check_output_folder(out, run_inputs=run_inputs)
        rules = load_policy(policy)
        files = InputFiles(elders, visitors, history, warnings, pauses, absences, followups)
        request = load_request(files, monday, rules)
        for notice in request.notices:
            stderr.print(f"notice: {notice}", highlight=False, markup=False, soft_wrap=True)
        if previous is not None:
            surge = replan(request, ReplanFiles(previous, now, alarms, pin))
            more, marks = (changes_writer(surge, lang),), stop_marks(surge)
            write_outputs(
                surge.plan, out, lang=lang, publish=publish, keep=run_inputs, more=more, marks=marks
            )
            print_summary(surge.plan, out)
            return
        result = make_plan(request, workers=workers)
        write_outputs(result, out, lang=lang, publish=publish, keep=run_inputs)
        print_summary(result, out)

    guarded(run)


@app.command("classify")
def classify_command(
    elders: Annotated[Path, typer.Option(help="The elders table (CSV or XLSX).")],
    on: Annotated[
        str | None, typer.Option(help="Planning date for ages, YYYY-MM-DD (default: today).")
    ] = None,
    policy: PolicyOption = None,
    lang: Annotated[
        str, typer.Option(help="Language of the reason column: en (the default) or zh.")
    ] = "en",
) -> None:
    """Print each elder's tier and the rule that decided it, as CSV."""

    def run() -> None:
        from planner.io.note_words import tier_rule_text
        from planner.io.outputs import write_csv
        from planner.io.tables import load_tables

        _check_lang(lang)
        try:
            day = date.fromisoformat(on) if on else date.today()
        except ValueError:
            raise UserError(f"--on {on!r} is not a date: write YYYY-MM-DD") from None
        rules = load_policy(policy)
        tables = load_tables(elders)
        decisions = ((elder, classify(elder, rules, day)) for elder in tables.elders)
        rows = ((elder.elder_id, d.tier.value, tier_rule_text(d, lang)) for elder, d in decisions)
        write_csv(sys.stdout, ("elder_id", "tier", "reason"), rows)

    guarded(run)


@app.command("form")
def form_command(
    elders: Annotated[Path, typer.Option(help="The elders table (CSV or XLSX).")],
    records: Annotated[
        Path, typer.Option(help="The visit records table (CSV or XLSX), one row per visit.")
    ],
    elder: Annotated[str, typer.Option(help="The elder's id (elder_id).")],
    year: Annotated[int, typer.Option(help="The year of the visits printed, e.g. 2026.")],
    out: Annotated[Path, typer.Option(help="The PDF to write.")],
) -> None:
    """Print one elder's record form of a year (the notice's attachment) as a PDF, for the
    paper archive. The archive copy is unmasked: keep it as the town keeps the ledger."""

    def run() -> None:
        from api.form_command import print_form

        visits = print_form(elders, records, elder, year, out)
        stdout.print(f"written {out}: {visits} visit(s) of {year}", highlight=False, soft_wrap=True)

    guarded(run)


add_service_commands(app)
add_report_command(app)
add_bench_command(app)


def main() -> None:
    app()
