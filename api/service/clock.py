"""The service's one clock: naive UTC datetimes, as both SQLite and PostgreSQL keep them, and
the day it is where the visitors work."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def china_today() -> date:
    """Today where the visitors are (a visitor's "today" starts at midnight China time)."""
    return datetime.now(CHINA).date()


def china_now() -> datetime:
    """The time now where the visitors are, naive, to the minute: the ``now`` of a re-plan."""
    return datetime.now(CHINA).replace(tzinfo=None, second=0, microsecond=0)
