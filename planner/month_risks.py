"""Who is at risk of missing the month, and what is late, as of a day (codes only).

- ``contact``: an elder owed the month's visits with no regular contact yet. ``planned_on`` is
  the first visit a plan has for them that can still count: after the day and on or before the
  month's last working day (a visit planned for a weekend or a holiday after it, or in the next
  month, does not keep this month's floor). ``unplanned`` marks the elders without one, when a
  plan was given: the ones to act on first.
- ``home_visits``: a key or secondary elder behind on the home visits of the periods ended so
  far (``behind`` says how many).
- ``quarter_home_visit``: an elder with consent who has had no home visit this quarter and whose
  month of the quarter for it has come (``planner.demand``'s rule for general elders).
- ``followup``: an open follow-up past its due day (``FollowUp``, from the service's records;
  the command line has none).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from planner.demand import general_home_visit_needed
from planner.model import Elder, PastVisit, PlannedVisit, Tier, VisitMode
from planner.policy import Policy
from planner.rates import MonthRates, Standing


class Missing(StrEnum):
    CONTACT = "contact"
    HOME_VISITS = "home_visits"
    QUARTER_HOME_VISIT = "quarter_home_visit"
    FOLLOWUP = "followup"


@dataclass(frozen=True)
class FollowUp:
    """An open follow-up of a visit record (the service's), due by ``due_by``."""

    elder_id: str
    kind: str
    due_by: date


@dataclass(frozen=True)
class AtRisk:
    elder_id: str
    tier: Tier
    town: str
    village: str
    visitor_id: str
    missing: tuple[Missing, ...]
    behind: int = 0
    planned_on: date | None = None
    unplanned: bool = False


def last_working_day(first: date, last: date, is_workday: Mapping[date, bool]) -> date:
    """The month's last working day (``is_workday`` by day; missing days: Monday to Friday)."""
    day = last
    while day > first and not is_workday.get(day, day.weekday() < 5):
        day -= timedelta(days=1)
    return day


def at_risk(
    rates: MonthRates,
    elders: Sequence[Elder],
    history: Sequence[PastVisit],
    policy: Policy,
    *,
    plan: Sequence[PlannedVisit] | None = None,
    last_workday: date | None = None,
    followups: Sequence[FollowUp] = (),
) -> tuple[AtRisk, ...]:
    """The elders owed the month who miss something by ``rates.as_of``, by elder id."""
    last_workday = last_workday or last_working_day(rates.first, rates.last, {})
    planned = _planned(plan or (), rates.as_of, last_workday)
    by_id = {e.elder_id: e for e in elders}
    quarter = _quarter_visits(history, rates.first, rates.as_of)
    overdue = {f.elder_id for f in followups if f.due_by < rates.as_of}
    found = []
    for month in rates.elders:
        if month.standing is not Standing.OWED:
            continue
        missing = []
        if not month.floor_met:
            missing.append(Missing.CONTACT)
        if month.owes_home and month.behind:
            missing.append(Missing.HOME_VISITS)
        elder = by_id[month.elder_id]
        if _quarter_home_visit_late(
            elder, month.tier, quarter.get(elder.elder_id, []), rates, policy
        ):
            missing.append(Missing.QUARTER_HOME_VISIT)
        if month.elder_id in overdue:
            missing.append(Missing.FOLLOWUP)
        if not missing:
            continue
        planned_on = planned.get(month.elder_id)
        found.append(
            AtRisk(
                month.elder_id,
                month.tier,
                month.town,
                month.village,
                month.visitor_id,
                tuple(missing),
                behind=month.behind if month.owes_home else 0,
                planned_on=planned_on,
                unplanned=plan is not None and planned_on is None and not month.floor_met,
            )
        )
    return tuple(sorted(found, key=lambda r: r.elder_id))


def _planned(plan: Sequence[PlannedVisit], as_of: date, last_workday: date) -> dict[str, date]:
    """Each elder's first planned visit that can still count this month."""
    first: dict[str, date] = {}
    for visit in plan:
        if as_of < visit.day <= last_workday:
            known = first.get(visit.elder_id)
            first[visit.elder_id] = visit.day if known is None else min(known, visit.day)
    return first


def _quarter_visits(
    history: Sequence[PastVisit], first: date, as_of: date
) -> dict[str, list[PastVisit]]:
    quarter_first = first.replace(month=(first.month - 1) // 3 * 3 + 1)
    visits: dict[str, list[PastVisit]] = defaultdict(list)
    for visit in history:
        if quarter_first <= visit.day <= as_of:
            visits[visit.elder_id].append(visit)
    return visits


def _quarter_home_visit_late(
    elder: Elder, tier: Tier, past: list[PastVisit], rates: MonthRates, policy: Policy
) -> bool:
    if not elder.home_visit_consent:
        return False
    if policy.regular_mode[tier] is VisitMode.HOME:
        return False  # key and secondary elders: ``home_visits`` says it already
    month = rates.first
    return general_home_visit_needed(elder, tier, past, month.year, month.month, policy)
