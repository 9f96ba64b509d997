"""The use case: a week planned end to end, the one way every face plans.

``load_request`` reads the tables (every problem of every file gathered before stopping);
``plan_week`` derives tiers and who is due, solves each town and checks the plan again from
scratch (a plan that breaks a rule is an internal error, never output); ``write_plan`` writes it
into an output folder whole or not at all. The command line calls these three; the web service
and any distributed runner call the same, with their own pages (maps) passed in as writers.

Towns are independent planning units (the notice makes each town responsible for its elders),
so they are solved in parallel worker processes, one solver per process.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path

from geo.travel import TravelSource
from planner.absences import with_absences
from planner.calendar import WorkCalendar
from planner.checks import check_plan
from planner.demand import Demand, compute_demand, left_out, week_days, while_present
from planner.elder_status import Status, Statuses
from planner.engine.town_plan import TownPlan, TownWeek, plan_town
from planner.followups import FollowUp, followup_visits, for_anyone
from planner.io.output_folder import TABLES_FOLDER, staged_output
from planner.io.outputs import write_plan_files
from planner.io.status_tables import load_status_tables
from planner.io.tables import InputError, Problem, Tables, load_tables, load_warnings
from planner.model import (
    Elder,
    PastVisit,
    Plan,
    Tier,
    Visitor,
    WeatherWarning,
)
from planner.notes import Flag, PlanWarning, WarningCode
from planner.policy import Policy, classify
from planner.usecases.town_weeks import assemble_plan, town_weeks

ProgressCallback = Callable[[str, int, int], None]
"""Called with (what, done, total) as towns finish."""
PageWriter = Callable[[Plan, Path], object]
"""Writes pages of a plan (the maps) into the folder it is given."""
StepRunner = Callable[[str, Callable[[], object]], object]
"""Runs one named step of the writing (the command line shows it as a progress line)."""


class PlanBrokeRulesError(RuntimeError):
    """The plan failed its own check: a defect of the planner, never of the input."""


@dataclass(frozen=True)
class InputFiles:
    """The tables a week is planned from, as files (CSV or XLSX)."""

    elders: Path
    visitors: Path
    history: Path | None = None
    warnings: Path | None = None
    pauses: Path | None = None
    absences: Path | None = None
    followups: Path | None = None

    def paths(self) -> tuple[Path, ...]:
        """The files given, which a plan written next to them must never replace."""
        given = (self.elders, self.visitors, self.history, self.warnings, *self.status_files())
        return tuple(path for path in given if path is not None)

    def status_files(self) -> tuple[Path | None, ...]:
        return (self.pauses, self.absences, self.followups)


@dataclass(frozen=True)
class PlanRequest:
    elders: Sequence[Elder]
    visitors: Sequence[Visitor]
    week_start: date
    policy: Policy
    history: Sequence[PastVisit] = ()
    warnings: Sequence[WeatherWarning] = ()
    flags: Sequence[Flag] = ()
    notices: Sequence[str] = ()
    """What the tables' reading noticed and did (title rows skipped, columns ignored, ...)."""
    travel: TravelSource | None = None
    """Where travel comes from; None: the policy's straight lines (``Policy.straight_line``)."""
    statuses: Sequence[Status] = ()
    """Elders paused or ended (``planner.elder_status``); visitors' leave is in the visitors."""
    followups: Sequence[FollowUp] = ()
    """Open follow-ups, planned as visits with reason ``followup``."""

    @classmethod
    def from_tables(
        cls,
        tables: Tables,
        week_start: date,
        policy: Policy,
        *,
        warnings: Sequence[WeatherWarning] = (),
    ) -> PlanRequest:
        return cls(
            elders=tables.elders,
            visitors=tables.visitors,
            week_start=week_start,
            policy=policy,
            history=tables.history,
            warnings=warnings,
            flags=tables.flags,
            notices=tuple(str(notice) for notice in tables.notices),
        )


def load_request(files: InputFiles, week_start: date, policy: Policy) -> PlanRequest:
    """Read every table of ``files``; raise ``InputError`` with the problems of all of them."""
    problems: list[Problem] = []
    tables: Tables | None = None
    try:
        tables = load_tables(files.elders, files.visitors, files.history)
    except InputError as error:
        problems += error.problems
    weather: tuple[WeatherWarning, ...] = ()
    if files.warnings is not None:
        try:
            weather = load_warnings(files.warnings, places=_places(tables))
        except InputError as error:
            problems += error.problems
    if tables is None:
        raise InputError(tuple(problems))
    request = PlanRequest.from_tables(tables, week_start, policy, warnings=weather)
    try:
        request = with_status_tables(request, files)
    except InputError as error:
        problems += error.problems
    if problems:
        raise InputError(tuple(problems))
    return request


def with_status_tables(request: PlanRequest, files: InputFiles) -> PlanRequest:
    """The request with the pauses, the visitors' leave and the follow-ups of ``files``."""
    found = load_status_tables(
        files.pauses,
        files.absences,
        files.followups,
        request.elders,
        request.visitors,
        request.policy,
    )
    return replace(
        request,
        visitors=with_absences(request.visitors, found.absences),
        statuses=found.statuses,
        followups=found.followups,
    )


def _places(tables: Tables | None) -> dict[str, set[str]] | None:
    """Each town's villages, against which warnings are checked (None: the elders are unread)."""
    if tables is None:
        return None
    places: dict[str, set[str]] = {}
    for elder in tables.elders:
        places.setdefault(elder.town, set()).add(elder.village)
    return places


def tiers_on(elders: Sequence[Elder], policy: Policy, day: date) -> dict[str, Tier]:
    return {elder.elder_id: classify(elder, policy, day).tier for elder in elders}


@dataclass(frozen=True)
class PreparedWeek:
    """A week made ready for the solvers: tiers, who is due, and one problem per town."""

    tiers: dict[str, Tier]
    demand: Demand
    towns: list[TownWeek]
    warnings: tuple[PlanWarning, ...]


def prepare_week(request: PlanRequest) -> PreparedWeek:
    policy = request.policy
    days = week_days(request.week_start)
    calendar = WorkCalendar(policy)
    official_workdays = frozenset(d for d in days if calendar.is_official_workday(d))
    tiers = tiers_on(request.elders, policy, request.week_start)
    statuses = Statuses.of(request.statuses)
    demand = compute_demand(
        request.elders,
        tiers,
        request.history,
        request.week_start,
        policy,
        warnings=request.warnings,
        workdays=official_workdays,
        statuses=statuses,
    )
    working = frozenset(
        (v.visitor_id, d) for v in request.visitors for d in days if calendar.works(v, d)
    )
    followups = followup_visits(
        request.followups,
        {e.elder_id: e for e in request.elders},
        tiers,
        request.visitors,
        working,
        request.week_start,
        policy,
    )
    demand = replace(demand, due=(*demand.due, *while_present(followups, statuses)))
    towns = town_weeks(request, demand.due, request.travel)
    return PreparedWeek(tiers, demand, towns, tuple(calendar.warnings()))


def plan_week(
    request: PlanRequest,
    *,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    time_limit_s: float | None = None,
) -> Plan:
    """Plan the week that starts on ``request.week_start`` (a Monday), checked.

    The same request gives the same plan on every run, whatever ``workers``, unless a town's
    search hits the wall-clock cap (``time_limit_s`` seconds per town, by default the policy's
    ``max_seconds_per_town``): such towns are named in ``Plan.time_cap_hit``.

    Raises
    ------
    PlanBrokeRulesError
        When the plan breaks a rule of ``planner.checks``: a planner defect, reported as such.
    """
    plan = _plan_unchecked(request, workers=workers, progress=progress, time_limit_s=time_limit_s)
    # A follow-up held to its kind of visitor who had no room goes to anyone: a second pass.
    fallback = for_anyone(request.followups, plan.due, plan.unassigned)
    if fallback is not None:
        request = replace(request, followups=fallback)
        plan = _plan_unchecked(
            request, workers=workers, progress=progress, time_limit_s=time_limit_s
        )
    problems = check_plan(plan, request.policy)
    if problems:
        raise PlanBrokeRulesError("the plan broke its own rules:\n" + "\n".join(problems[:20]))
    return plan


def _plan_unchecked(
    request: PlanRequest,
    *,
    workers: int | None,
    progress: ProgressCallback | None,
    time_limit_s: float | None,
) -> Plan:
    started = time.perf_counter()
    prepared = prepare_week(request)
    demand, weeks, tiers = prepared.demand, prepared.towns, prepared.tiers
    town_plans = _solve_towns(weeks, workers=workers, progress=progress, time_limit_s=time_limit_s)
    capped = tuple(
        week.town for week, plan in zip(weeks, town_plans, strict=True) if plan.time_cap_hit
    )
    return assemble_plan(
        request,
        tiers=tiers,
        due=(*demand.due, *demand.unplannable),
        visits=(v for p in town_plans for v in p.visits),
        unassigned=[
            *(left_out(v) for v in demand.unplannable),
            *(u for p in town_plans for u in p.unassigned),
        ],
        routes=(r for p in town_plans for r in p.routes),
        flags=(*request.flags, *demand.flags),
        seconds=round(time.perf_counter() - started, 2),
        warnings=(*prepared.warnings, *_time_cap_warnings(capped, request.policy)),
        time_cap_hit=capped,
    )


def _time_cap_warnings(towns: Sequence[str], policy: Policy) -> list[PlanWarning]:
    """A warning per town whose search the wall clock stopped: its plan may not come out the
    same on another run, which a coordinator comparing two runs must know."""
    cap_s = policy.max_seconds_per_town
    return [PlanWarning(WarningCode.TIME_CAP_HIT, town=town, cap_s=cap_s) for town in towns]


def _solve_towns(
    weeks: list[TownWeek],
    *,
    workers: int | None,
    progress: ProgressCallback | None,
    time_limit_s: float | None,
) -> list[TownPlan]:
    worker_count = min(len(weeks), workers if workers is not None else (os.cpu_count() or 1))
    # Biggest towns first, so that the last worker to finish is not the one with the largest town.
    order = sorted(range(len(weeks)), key=lambda i: -len(weeks[i].due))
    results: dict[int, TownPlan] = {}
    if worker_count <= 1:
        for done, i in enumerate(order, start=1):
            results[i] = plan_town(weeks[i], time_limit_s=time_limit_s)
            if progress:
                progress(weeks[i].town, done, len(weeks))
        return [results[i] for i in range(len(weeks))]
    with ProcessPoolExecutor(max_workers=worker_count) as pool:
        futures = {i: pool.submit(plan_town, weeks[i], time_limit_s=time_limit_s) for i in order}
        for done, i in enumerate(order, start=1):
            results[i] = futures[i].result()
            if progress:
                progress(weeks[i].town, done, len(weeks))
    return [results[i] for i in range(len(weeks))]


def write_plan(
    plan: Plan,
    folder: Path,
    *,
    lang: str,
    publish: bool = False,
    keep: Sequence[Path] = (),
    tables: Path | None = None,
    pages: Sequence[tuple[str, PageWriter]] = (),
    run_step: StepRunner = lambda _description, work: work(),
) -> None:
    """Write ``plan`` into ``folder`` whole or not at all (``planner.io.output_folder``).

    Parameters
    ----------
    keep
        Files the run read: never replaced nor removed, even inside ``folder``.
    tables
        A folder of input tables to copy into ``folder/input`` (the demo's).
    pages
        ``(description, writer)`` pairs for what other layers draw (the maps), each called with
        the plan and the scratch folder.
    run_step
        Runs each named step; the command line shows them as progress.

    Raises
    ------
    planner.io.output_folder.OutputFolderError
        When the folder cannot take the plan; nothing in it was changed.
    """
    with staged_output(folder, inputs=keep) as scratch:
        if tables is not None:
            shutil.copytree(tables, scratch / TABLES_FOLDER)
        run_step(
            "writing roster, routes and summary",
            lambda: write_plan_files(plan, scratch, lang=lang, publish=publish),
        )
        for description, writer in pages:
            run_step(description, partial(writer, plan, scratch))
