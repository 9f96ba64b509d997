"""A visitor's day as the roster tells it, and the calendar of working days.

A home visit keeps the visitor busy from the moment they leave for it (``arrival -
travel_minutes``) to its departure; a call from its arrival to its departure, with no travel;
after the last home visit the visitor goes back to the start, busy all the way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

from tests.outside.tables import Plan, Rules, Span, Town, Visit, Visitor

WEEK_DAYS = 7
STANDARD_WEEK = frozenset(range(5))
DayKey = tuple[str, date]


def is_public_holiday(day: date) -> bool:
    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:  # a year the package does not know: weekends only
        return False
    return bool(on_holiday and name is not None)


def works(visitor: Visitor, day: date) -> bool:
    """The visitor's weekdays less public holidays; make-up weekend days for Mon-Fri staff."""
    if is_public_holiday(day):
        return False
    try:
        makeup = day.weekday() >= 5 and bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        makeup = False
    if makeup and visitor.weekdays >= STANDARD_WEEK:
        return True
    return day.weekday() in visitor.weekdays


def week_of(week_start: date) -> list[date]:
    return [week_start + timedelta(days=i) for i in range(WEEK_DAYS)]


def days_of(plan: Plan) -> dict[DayKey, list[Visit]]:
    """Each visitor's day, in order of arrival."""
    days: dict[DayKey, list[Visit]] = defaultdict(list)
    for visit in plan.roster:
        days[(visit.visitor_id, visit.day)].append(visit)
    for visits in days.values():
        visits.sort(key=lambda v: (v.arrival, v.sequence))
    return dict(days)


@dataclass(frozen=True)
class Busy:
    start: int
    end: int
    what: str
    """``journey:E0001`` (to that home), ``visit:E0001``, ``call:E0001`` or ``return``."""


def busy_spans(town: Town, rules: Rules, visitor: Visitor, visits: list[Visit]) -> list[Busy]:
    """What keeps the visitor busy that day, as the roster has it, with the way back."""
    spans = []
    last_home = None
    for visit in visits:
        if visit.mode == "home":
            spans.append(
                Busy(visit.arrival - visit.travel, visit.arrival, f"journey:{visit.elder_id}")
            )
            last_home = visit
        kind = "visit" if visit.mode == "home" else "call"
        spans.append(Busy(visit.arrival, visit.departure, f"{kind}:{visit.elder_id}"))
    if last_home is not None and last_home.elder_id in town.elders:
        home = town.elders[last_home.elder_id].home
        back = rules.travel_minutes(home, visitor.start, visitor.travel_mode)
        spans.append(Busy(last_home.departure, last_home.departure + back, "return"))
    return sorted(spans, key=lambda b: (b.start, b.end))


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def inside_some(visit: Span, windows: tuple[Span, ...]) -> bool:
    return any(w[0] <= visit[0] and visit[1] <= w[1] for w in windows)


def visit_dates(town: Town, plan: Plan) -> dict[str, list[tuple[date, str, str]]]:
    """Each elder's visits: ``(day, "history" or "roster row N", mode)``."""
    dates: dict[str, list[tuple[date, str, str]]] = defaultdict(list)
    for day, elder_id, mode in town.history:
        dates[elder_id].append((day, "history", mode))
    for visit in plan.roster:
        dates[visit.elder_id].append((visit.day, f"roster row {visit.row}", visit.mode))
    return dates
