"""Planning week after week, each week's roster fed back as the visits made.

What a town does over a month; the month simulation test and the benchmarks use it to check
that every elder gets what the policy asks when the plans are followed.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from planner.model import Elder, PastVisit, Plan, Visitor, VisitReason
from planner.policy import Policy, classify
from planner.usecases.plan import PlanRequest, plan_week


@dataclass(frozen=True)
class Shortfall:
    elder_id: str
    tier: str
    wanted: int
    made: int


def mondays_covering(year: int, month: int) -> list[date]:
    """The Mondays of the weeks that hold a day of the month."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def run_weeks(
    elders: Sequence[Elder],
    visitors: Sequence[Visitor],
    mondays: Sequence[date],
    policy: Policy,
    *,
    history: Sequence[PastVisit] = (),
    time_limit_s: float | None = None,
    workers: int | None = 1,
    on_week: Callable[[Plan, PlanRequest], None] | None = None,
) -> list[PastVisit]:
    """Plan each week in turn, taking every planned visit as made; the whole history back."""
    made = list(history)
    for monday in mondays:
        request = PlanRequest(elders, visitors, monday, policy, history=tuple(made))
        plan = plan_week(request, workers=workers, time_limit_s=time_limit_s)
        if on_week:
            on_week(plan, request)
        made += [PastVisit(v.day, v.elder_id, v.visitor_id, v.mode, v.reason) for v in plan.visits]
    return made


def shortfalls(
    elders: Sequence[Elder], history: Sequence[PastVisit], year: int, month: int, policy: Policy
) -> list[Shortfall]:
    """Elders who got fewer regular visits in the month than their tier asks for."""
    first = date(year, month, 1)
    made = Counter(
        v.elder_id
        for v in history
        if (v.day.year, v.day.month) == (year, month) and v.reason is VisitReason.REGULAR
    )
    short = []
    for elder in elders:
        tier = classify(elder, policy, first).tier
        wanted = policy.visits_per_month[tier]
        if made[elder.elder_id] < wanted:
            short.append(Shortfall(elder.elder_id, tier.value, wanted, made[elder.elder_id]))
    return short
