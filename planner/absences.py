"""A visitor's leave (sick days, training, holidays of their own): dated absences the planner
honours like a public holiday: the visitor-day is not worked, so nothing is planned on it, and a
visit that only that visitor could make is reported with the days nobody works.

The absence becomes the visitor's ``days_off`` (``with_absences``), so every part of the planner
that asks whether a visitor works a day (``planner.calendar.WorkCalendar.works``: the plan, the
surge re-plan, the reasons for what is left out and the final check) sees it the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from planner.elder_status import StatusError, days_from
from planner.model import Visitor


class AbsenceKind(StrEnum):
    SICK = "sick"
    TRAINING = "training"
    LEAVE = "leave"
    OTHER = "other"


@dataclass(frozen=True)
class Absence:
    """The visitor does not work from ``start`` to ``end``, both included."""

    visitor_id: str
    start: date
    end: date
    kind: AbsenceKind

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise StatusError("end", f"{self.end} is before the start {self.start}")

    def days(self) -> list[date]:
        return days_from(self.start, self.end)


def with_absences(visitors: Sequence[Visitor], absences: Iterable[Absence]) -> tuple[Visitor, ...]:
    """The visitors with their days of leave added to ``days_off``."""
    off: dict[str, set[date]] = defaultdict(set)
    for absence in absences:
        off[absence.visitor_id].update(absence.days())
    return tuple(
        replace(v, days_off=v.days_off | frozenset(off[v.visitor_id])) if v.visitor_id in off else v
        for v in visitors
    )
