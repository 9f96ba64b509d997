"""Report a month: the rates, who is at risk and the work done, from the visits made.

The one way in for the command line (``visitplan report``) and the service
(``GET /reports/monthly``), so that both give the same report from the same data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from planner.calendar import WorkCalendar
from planner.model import Elder, PastVisit, PlannedVisit, Role
from planner.month_risks import AtRisk, FollowUp, at_risk, last_working_day
from planner.month_work import VisitKey, Work, month_work
from planner.policy import Policy
from planner.rates import MonthRates, Pause, month_end, month_rates


@dataclass(frozen=True)
class MonthReport:
    rates: MonthRates
    at_risk: tuple[AtRisk, ...]
    work_by_visitor: tuple[Work, ...]
    work_by_role: tuple[Work, ...]
    town: str | None = None
    """The town the report is for; None: every town of the elders given."""
    plan_given: bool = False
    followups: tuple[FollowUp, ...] = ()


def report_month(
    elders: Sequence[Elder],
    history: Sequence[PastVisit],
    first: date,
    as_of: date,
    policy: Policy,
    *,
    town: str | None = None,
    pauses: Sequence[Pause] = (),
    plan: Sequence[PlannedVisit] | None = None,
    roles: Mapping[str, Role] | None = None,
    travel: Mapping[VisitKey, int] | None = None,
    recorded: Mapping[VisitKey, int] | None = None,
    followups: Sequence[FollowUp] = (),
) -> MonthReport:
    """The month of ``first`` as of ``as_of``; ``town`` keeps that town's elders only."""
    if town is not None:
        elders = [e for e in elders if e.town == town]
        ids = {e.elder_id for e in elders}
        history = [v for v in history if v.elder_id in ids]
        followups = [f for f in followups if f.elder_id in ids]
    rates = month_rates(elders, history, first, as_of, policy, pauses=pauses)
    work_calendar = WorkCalendar(policy)
    last = month_end(first)
    days = [first + timedelta(days=n) for n in range(last.day)]
    workdays = {day: work_calendar.is_official_workday(day) for day in days}
    risks = at_risk(
        rates,
        elders,
        history,
        policy,
        plan=plan,
        last_workday=last_working_day(first, last, workdays),
        followups=followups,
    )
    per_visitor, per_role = month_work(
        history, first, as_of, policy, roles=roles, travel=travel, recorded=recorded
    )
    return MonthReport(
        rates,
        risks,
        per_visitor,
        per_role,
        town=town,
        plan_given=plan is not None,
        followups=tuple(followups),
    )
