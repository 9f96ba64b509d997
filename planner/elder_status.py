"""Elders away for a while (a pause) or for good (an ending), and what that does to the visits
they are owed.

An elder in hospital or staying with children elsewhere is *paused* from a day to a day (``end``
None: until further notice): nobody is sent to an empty house, and the month's count is not owed
for the paused part. A deceased or moved-away elder *ends* on a day: nothing is owed from then on.

What the month owes, decided here so that the plan (``planner.demand``) and the monthly rate
agree. A month's visits are cut into periods (``planner.demand.month_periods``); a period is
owed only when the elder is present on at least ``min_days_present`` of its days (the policy's
``[status] min_days_present``, 3 by default), and then its visit is due within the days present:

- paused the whole month: nothing is owed that month, so it is never counted short;
- back on the 29th of a 31-day month (3 days left): the month's visit is still owed, in those
  three days: an elder just home from hospital is the one who most needs the call. Any three
  days in a row hold a weekday, so such a visit can always be planned;
- back on the 30th (2 days left): not owed; the next month's visits are.

Codes and dates only; words are ``planner.io.words``'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol, TypeVar


class PauseKind(StrEnum):
    HOSPITAL = "hospital"
    WITH_FAMILY = "with_family"
    """Staying with children (or other family) elsewhere."""
    OTHER = "other"


class EndingKind(StrEnum):
    DECEASED = "deceased"
    MOVED_AWAY = "moved_away"


class StatusError(ValueError):
    """A pause or ending that cannot be: ``field`` names the bad value."""

    def __init__(self, field_name: str, problem: str) -> None:
        super().__init__(f"{field_name}: {problem}")
        self.field = field_name
        self.problem = problem


@dataclass(frozen=True)
class Pause:
    """The elder is away from ``start`` to ``end``, both included (``end`` None: open-ended)."""

    elder_id: str
    start: date
    end: date | None
    kind: PauseKind

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise StatusError("end", f"{self.end} is before the start {self.start}")

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, first: date, last: date) -> bool:
        return self.start <= last and (self.end is None or self.end >= first)


@dataclass(frozen=True)
class Ending:
    """The elder is no longer served from ``on`` (included): died or moved away."""

    elder_id: str
    on: date
    kind: EndingKind

    def covers(self, day: date) -> bool:
        return day >= self.on

    def overlaps(self, first: date, last: date) -> bool:
        del first
        return self.on <= last


Status = Pause | Ending


class PeriodLike(Protocol):
    @property
    def first(self) -> date: ...
    @property
    def last(self) -> date: ...
    @property
    def target(self) -> date: ...


@dataclass(frozen=True)
class Statuses:
    """Every pause and ending, by elder: the one question the planner asks of them."""

    by_elder: dict[str, tuple[Status, ...]]

    @classmethod
    def of(cls, statuses: Iterable[Status]) -> Statuses:
        grouped: dict[str, list[Status]] = {}
        for status in statuses:
            grouped.setdefault(status.elder_id, []).append(status)
        return cls({elder_id: tuple(items) for elder_id, items in grouped.items()})

    def away(self, elder_id: str, day: date) -> bool:
        """Whether the elder is paused or ended on ``day``."""
        return any(status.covers(day) for status in self.by_elder.get(elder_id, ()))

    def of_elder(self, elder_id: str) -> tuple[Status, ...]:
        return self.by_elder.get(elder_id, ())

    def present_days(self, elder_id: str, days: Iterable[date]) -> list[date]:
        return [day for day in days if not self.away(elder_id, day)]

    def present_run(self, elder_id: str, days: Sequence[date]) -> list[date]:
        """The longest run of consecutive ``days`` the elder is present (ties: the later, for
        an elder coming home is more likely than one leaving to be there)."""
        best: list[date] = []
        run: list[date] = []
        for day in days:
            if self.away(elder_id, day):
                run = []
                continue
            run.append(day)
            if len(run) >= len(best):
                best = list(run)
        return best


P = TypeVar("P", bound=PeriodLike)


def present_periods(
    periods: Sequence[P],
    elder_id: str,
    statuses: Statuses,
    min_days_present: int,
    rebuild: Callable[[date, date, date], P],
) -> list[P]:
    """The periods still owed, each narrowed to the days the elder is present.

    A period with fewer than ``min_days_present`` days present is not owed; an owed one keeps
    its first and last present days and its target moved inside them; ``rebuild(first, last,
    target)`` makes the narrowed period (``planner.demand.Period``).
    """
    if not statuses.of_elder(elder_id):
        return list(periods)
    kept: list[P] = []
    for period in periods:
        present = statuses.present_days(elder_id, days_from(period.first, period.last))
        if len(present) < min_days_present:
            continue
        target = min(max(period.target, present[0]), present[-1])
        kept.append(rebuild(present[0], present[-1], target))
    return kept


def standing_in_month(
    elder_id: str, statuses: Statuses, first: date, last: date, min_days_present: int
) -> str:
    """``owed``, ``paused`` (present fewer than ``min_days_present`` days of the month) or
    ``ended`` (an ending on or before the month's last day and nothing owed before it): how a
    monthly report counts the elder."""
    if len(statuses.present_days(elder_id, days_from(first, last))) >= min_days_present:
        return "owed"
    ended = any(isinstance(s, Ending) and s.on <= last for s in statuses.of_elder(elder_id))
    return "ended" if ended else "paused"


def days_from(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
