"""Planning a week end to end: tiers, who is due, then each town's assignment and routes.

Towns are independent planning units (the notice makes each town responsible for its elders),
so they are solved in parallel worker processes, one solver per process.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta

from planner.calendar import WorkCalendar
from planner.demand import Demand, compute_demand, left_out, week_days
from planner.engine.week import TownPlan, TownWeek, plan_town
from planner.model import (
    DueVisit,
    Elder,
    Flag,
    PastVisit,
    Plan,
    Tier,
    Visitor,
    WeatherWarning,
)
from planner.policy import Policy, classify

ProgressCallback = Callable[[str, int, int], None]
"""Called with (what, done, total) as towns finish."""


@dataclass(frozen=True)
class PlanRequest:
    elders: Sequence[Elder]
    visitors: Sequence[Visitor]
    week_start: date
    policy: Policy
    history: Sequence[PastVisit] = ()
    warnings: Sequence[WeatherWarning] = ()
    flags: Sequence[Flag] = ()


def tiers_on(elders: Sequence[Elder], policy: Policy, day: date) -> dict[str, Tier]:
    return {elder.elder_id: classify(elder, policy, day).tier for elder in elders}


@dataclass(frozen=True)
class PreparedWeek:
    """A week made ready for the solvers: tiers, who is due, and one problem per town."""

    tiers: dict[str, Tier]
    demand: Demand
    towns: list[TownWeek]
    warnings: tuple[str, ...]


def prepare_week(request: PlanRequest) -> PreparedWeek:
    policy = request.policy
    days = week_days(request.week_start)
    calendar = WorkCalendar(policy)
    working = frozenset(
        (v.visitor_id, d) for v in request.visitors for d in days if calendar.works(v, d)
    )
    official_workdays = frozenset(d for d in days if calendar.is_official_workday(d))
    tiers = tiers_on(request.elders, policy, request.week_start)
    demand = compute_demand(
        request.elders,
        tiers,
        request.history,
        request.week_start,
        policy,
        warnings=request.warnings,
        workdays=official_workdays,
    )
    towns = _split_by_town(request, tuple(days), demand.due, working)
    return PreparedWeek(tiers, demand, towns, tuple(calendar.warnings()))


def plan_week(
    request: PlanRequest,
    *,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    time_limit_s: float | None = None,
) -> Plan:
    """Plan the week that starts on ``request.week_start`` (a Monday)."""
    started = time.perf_counter()
    prepared = prepare_week(request)
    demand, town_weeks, tiers = prepared.demand, prepared.towns, prepared.tiers
    town_plans = _solve_towns(
        town_weeks, workers=workers, progress=progress, time_limit_s=time_limit_s
    )
    visits = sorted(
        (v for p in town_plans for v in p.visits), key=lambda v: (v.day, v.visitor_id, v.sequence)
    )
    unassigned = [
        *(left_out(v) for v in demand.unplannable),
        *(u for p in town_plans for u in p.unassigned),
    ]
    return Plan(
        week_start=request.week_start,
        elders=tuple(request.elders),
        visitors=tuple(request.visitors),
        tiers=tiers,
        due=(*demand.due, *demand.unplannable),
        visits=tuple(visits),
        unassigned=tuple(sorted(unassigned, key=lambda u: (u.due_by, u.elder_id))),
        routes=tuple(
            sorted((r for p in town_plans for r in p.routes), key=lambda r: (r.day, r.visitor_id))
        ),
        flags=(*request.flags, *demand.flags),
        seconds=round(time.perf_counter() - started, 2),
        warnings=prepared.warnings,
    )


def _split_by_town(
    request: PlanRequest,
    days: tuple[date, ...],
    due: Sequence[DueVisit],
    working: frozenset[tuple[str, date]],
) -> list[TownWeek]:
    town_of_elder = {e.elder_id: e.town for e in request.elders}
    elders_of: dict[str, dict[str, Elder]] = defaultdict(dict)
    for elder in request.elders:
        elders_of[elder.town][elder.elder_id] = elder
    due_of: dict[str, list[DueVisit]] = defaultdict(list)
    for visit in due:
        due_of[town_of_elder[visit.elder_id]].append(visit)
    weeks = []
    for town in sorted(elders_of):
        town_visitors = tuple(v for v in request.visitors if v.town == town)
        ids = {v.visitor_id for v in town_visitors}
        town_working = frozenset(w for w in working if w[0] in ids)
        weeks.append(
            TownWeek(
                town,
                days,
                elders_of[town],
                town_visitors,
                tuple(due_of[town]),
                town_working,
                request.policy,
            )
        )
    return weeks


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


def week_end(week_start: date) -> date:
    return week_start + timedelta(days=6)
