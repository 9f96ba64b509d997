"""One town's week as the engine sees it: what it is given (``TownWeek``), the visitor-days being
filled (``VisitorDay``), and the hard rule of who may make which visit when (``can_serve``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from geo.travel import TravelSource
from planner.model import DayKey, DueVisit, Elder, PlannedVisit, TimeWindow, VisitMode, Visitor
from planner.policy import Policy


@dataclass(frozen=True)
class TownWeek:
    """Everything the assignment of one town needs; picklable, for worker processes."""

    town: str
    days: tuple[date, ...]
    elders: dict[str, Elder]
    visitors: tuple[Visitor, ...]
    due: tuple[DueVisit, ...]
    working: frozenset[tuple[str, date]]
    """(visitor_id, day) pairs the visitor works."""
    policy: Policy
    travel: TravelSource | None = None
    """Where travel times come from; None: straight lines, from the policy's ``[travel]``."""

    def travel_source(self) -> TravelSource:
        return self.travel if self.travel is not None else self.policy.straight_line()


@dataclass
class VisitorDay:
    """A visitor's day while it is being filled: home visits first, then calls in the gaps."""

    visitor: Visitor
    day: date
    free: list[tuple[int, int]]
    home_visits: int = 0
    busy_min: int = 0
    rows: list[PlannedVisit] = field(default_factory=list)

    def place(self, duration_min: int, windows: Sequence[TimeWindow]) -> int | None:
        """Book the earliest free slot of ``duration_min`` in ``windows``; its start or None."""
        for position, (free_start, free_end) in enumerate(self.free):
            for window in windows:
                start = max(free_start, window.start_min)
                if start + duration_min <= min(free_end, window.end_min):
                    self._carve(position, start, start + duration_min)
                    return start
        return None

    def book(
        self, visit: DueVisit, mode: VisitMode, arrival: int, departure: int, travel_min: int
    ) -> None:
        """Add a roster row (numbered later, when the day is complete)."""
        self.rows.append(
            PlannedVisit(
                day=self.day,
                visitor_id=self.visitor.visitor_id,
                elder_id=visit.elder_id,
                tier=visit.tier,
                mode=mode,
                sequence=0,
                arrival_min=arrival,
                departure_min=departure,
                travel_minutes=travel_min,
                reason=visit.reason,
                due_by=visit.due_by,
            )
        )
        if mode is VisitMode.HOME:
            self.home_visits += 1

    def occupy(self, start: int, end: int) -> None:
        if end <= start:
            return
        for position, (free_start, free_end) in enumerate(self.free):
            if free_start <= start and end <= free_end:
                self._carve(position, start, end)
                return
        raise ValueError(f"{self.visitor.visitor_id} {self.day}: {start}-{end} is not free")

    def _carve(self, position: int, start: int, end: int) -> None:
        free_start, free_end = self.free.pop(position)
        pieces = [(free_start, start), (end, free_end)]
        for piece in reversed(pieces):
            if piece[0] < piece[1]:
                self.free.insert(position, piece)
        self.busy_min += end - start


def visitor_days(week: TownWeek) -> dict[DayKey, VisitorDay]:
    """Every day each visitor works, empty, by (visitor_id, day)."""
    return {
        DayKey(v.visitor_id, d): VisitorDay(v, d, [(v.shift.start_min, v.shift.end_min)])
        for v in week.visitors
        for d in week.days
        if (v.visitor_id, d) in week.working
    }


def number_visits(days: dict[DayKey, VisitorDay]) -> tuple[PlannedVisit, ...]:
    """Every booked row, numbered in order of arrival within its visitor's day."""
    numbered: list[PlannedVisit] = []
    for key in sorted(days):
        rows = sorted(days[key].rows, key=lambda r: r.arrival_min)
        numbered.extend(replace(row, sequence=n) for n, row in enumerate(rows, start=1))
    return tuple(numbered)


def elder_windows(elder: Elder, shift: TimeWindow) -> list[TimeWindow]:
    return [w for w in (window.intersect(shift) for window in elder.windows) if w is not None]


def start_windows(windows: Sequence[TimeWindow], service: int) -> tuple[tuple[int, int], ...]:
    """Merged start-of-service windows in which the whole visit fits."""
    spans = sorted(
        (w.start_min, w.end_min - service) for w in windows if w.end_min - w.start_min >= service
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def can_serve(
    week: TownWeek, visit: DueVisit, visitor: Visitor, day: date, duration_min: int
) -> bool:
    """Hard: area, working day, the visit's allowed days, the visitor's role when the visit
    names one (a follow-up), and the elder's hours within the shift."""
    elder = week.elders[visit.elder_id]
    if visit.role is not None and visitor.role is not visit.role:
        return False
    if not visitor.serves(elder.town, elder.village) or not visit.allows(day):
        return False
    if (visitor.visitor_id, day) not in week.working:
        return False
    return bool(start_windows(elder_windows(elder, visitor.shift), duration_min))
