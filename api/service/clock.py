"""The service's one clock: naive UTC datetimes, as both SQLite and PostgreSQL keep them, and
the day it is where the visitors work."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def china_today() -> date:
    """Today where the visitors are (a visitor's "today" starts at midnight China time)."""
    return datetime.now(CHINA).date()


PLAN_YEARS_BACK = 5
PLAN_YEARS_AHEAD = 1


def planning_range() -> tuple[date, date]:
    """The days a plan or a day page may be about: from five years back (re-planning an old
    week, reading an old day) to a year ahead. A week years away is a typo or an attack, and a
    day at the end of the calendar has no next day to link to."""
    today = china_today()
    return today - timedelta(days=365 * PLAN_YEARS_BACK), today + timedelta(
        days=365 * PLAN_YEARS_AHEAD
    )


def out_of_planning_range(day: date) -> str | None:
    """Why ``day`` is outside ``planning_range``, or None."""
    first, last = planning_range()
    if first <= day <= last:
        return None
    return f"{day} is outside the days plans are made for ({first} to {last})"


def china_now() -> datetime:
    """The time now where the visitors are, naive, to the minute: the ``now`` of a re-plan."""
    return datetime.now(CHINA).replace(tzinfo=None, second=0, microsecond=0)
