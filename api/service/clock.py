"""The service's one clock: naive UTC datetimes, as both SQLite and PostgreSQL keep them."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
