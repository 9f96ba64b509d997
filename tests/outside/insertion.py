"""Does a visit left out fit into the roster as it stands, nothing else moved?

For each row of unassigned.csv, every visitor who serves the elder's village and every day of the
week up to its ``due_by`` that the visitor works and that keeps the spacing from the elder's other
visits (in the roster and the history) is tried. A call needs a free slot of its length in the
shift and the elder's hours, away from every journey. A home visit needs the elder's consent, a
day under the cap, and a place between two home visits (or the start and the way back) where the
journey there, the visit and the journey on to the next stop (which keeps its arrival) or back to
the start (before the shift ends) all fall in free time, the visit in the elder's hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tests.outside.days import (
    WEEK_DAYS,
    Busy,
    busy_spans,
    days_of,
    inside_some,
    overlaps,
    visit_dates,
    works,
)
from tests.outside.tables import Elder, Left, Plan, Rules, Town, Visit, Visitor, hhmm


@dataclass(frozen=True)
class Insertion:
    left: Left
    visitor_id: str
    day: date
    arrival: int
    departure: int
    travel: int
    """From the previous stop (0 for a call)."""
    after: str
    """What comes before: ``start`` or the previous home visit's elder id (home visits)."""
    then: str
    """What comes after: the next home visit's elder id, ``back to start HH:MM`` (home visits)."""
    hours: str
    """The elder's hours, for the report."""

    def describe(self) -> str:
        left = self.left
        trip = (
            f", {self.travel} min from {self.after}, then {self.then}"
            if left.mode == "home"
            else ""
        )
        return (
            f"[fits] unassigned row {left.row}: {left.tier} elder {left.elder_id} "
            f"({left.mode}, due by {left.due_by}) fits {self.visitor_id} "
            f"on {self.day} {self.day:%a} "
            f"{hhmm(self.arrival)}-{hhmm(self.departure)}{trip}; elder's hours {self.hours}"
        )


def insertions(town: Town, rules: Rules, plan: Plan, week_start: date) -> list[Insertion]:
    """Every (unassigned visit, visitor, day) where the visit fits, at its earliest time."""
    days = days_of(plan)
    dates = visit_dates(town, plan)
    found = []
    for left in plan.unassigned:
        elder = town.elders.get(left.elder_id)
        if elder is None:
            continue
        others = [d for d, _, _ in dates.get(left.elder_id, [])]
        for day in _allowed_days(left, others, week_start, rules.min_days_between_visits):
            for visitor in sorted(town.visitors.values(), key=lambda v: v.visitor_id):
                if not visitor.serves(elder) or not works(visitor, day):
                    continue
                visits = days.get((visitor.visitor_id, day), [])
                fit = _fit(town, rules, visitor, visits, elder, left)
                if fit is not None:
                    found.append(
                        Insertion(left, visitor.visitor_id, day, *fit, hours=_hours(elder))
                    )
    return found


def _hours(elder: Elder) -> str:
    return ";".join(f"{hhmm(a)}-{hhmm(b)}" for a, b in elder.windows)


def _allowed_days(left: Left, others: list[date], week_start: date, gap: int) -> list[date]:
    """The week up to the due date (the whole week for a visit already overdue), the spacing
    kept from the elder's other visits."""
    week = [week_start + timedelta(days=i) for i in range(WEEK_DAYS)]
    last = left.due_by if left.due_by >= week_start else week[-1]
    return [
        day
        for day in week
        if day <= last and all(abs((day - other).days) >= gap for other in others)
    ]


Fit = tuple[int, int, int, str, str]
"""arrival, departure, travel, after, then"""


def _fit(
    town: Town, rules: Rules, visitor: Visitor, visits: list[Visit], elder: Elder, left: Left
) -> Fit | None:
    if left.mode not in rules.visit_minutes:
        return None
    busy = busy_spans(town, rules, visitor, visits)
    if left.mode != "home":
        start = _earliest(
            visitor, elder, busy, rules.visit_minutes[left.mode], 0, 0, [visitor.shift[0]]
        )
        return None if start is None else (start, start + rules.visit_minutes[left.mode], 0, "", "")
    homes = [v for v in visits if v.mode == "home"]
    if not elder.consent or len(homes) >= visitor.cap:
        return None
    for position in range(len(homes) + 1):
        fit = _fit_home(town, rules, visitor, homes, busy, elder, position)
        if fit is not None:
            return fit
    return None


def _fit_home(
    town: Town,
    rules: Rules,
    visitor: Visitor,
    homes: list[Visit],
    busy: list[Busy],
    elder: Elder,
    position: int,
) -> Fit | None:
    """The new home visit between ``homes[position - 1]`` (or the start) and ``homes[position]``
    (or the way back)."""
    service = rules.visit_minutes["home"]
    mode = visitor.travel_mode
    before = homes[position - 1] if position else None
    after = homes[position] if position < len(homes) else None
    here = town.elders[before.elder_id].home if before else visitor.start
    leave = before.departure if before else visitor.shift[0]
    travel_in = rules.travel_minutes(here, elder.home, mode)
    if after is None:
        back = rules.travel_minutes(elder.home, visitor.start, mode)
        others = [b for b in busy if b.what != "return"]
        start = _earliest(visitor, elder, others, service, travel_in, back, [leave + travel_in])
        if start is None:
            return None
        then = f"back to the start at {hhmm(start + service + back)}"
        return (start, start + service, travel_in, before.elder_id if before else "start", then)
    onward = rules.travel_minutes(elder.home, town.elders[after.elder_id].home, mode)
    journey = (after.arrival - onward, after.arrival)
    others = [b for b in busy if b.what != f"journey:{after.elder_id}"]
    if any(overlaps(journey, (b.start, b.end)) for b in others):
        return None
    latest_end = journey[0]
    start = _earliest(
        visitor, elder, others, service, travel_in, 0, [leave + travel_in], latest_end
    )
    if start is None:
        return None
    then = f"{after.elder_id} at {hhmm(after.arrival)} ({onward} min on)"
    return (start, start + service, travel_in, before.elder_id if before else "start", then)


def _earliest(
    visitor: Visitor,
    elder: Elder,
    busy: list[Busy],
    service: int,
    travel_in: int,
    travel_back: int,
    lows: list[int],
    latest_end: int | None = None,
) -> int | None:
    """The earliest arrival whose block (journey there, visit, way back) is free, in the shift,
    the visit in the elder's hours, the visit over by ``latest_end``; None if there is none."""
    low = max(lows)
    candidates = {low, *(w[0] for w in elder.windows), *(b.end + travel_in for b in busy)}
    for arrival in sorted(c for c in candidates if c >= low):
        block = (arrival - travel_in, arrival + service + travel_back)
        if block[0] < visitor.shift[0] or block[1] > visitor.shift[1]:
            continue
        if latest_end is not None and arrival + service > latest_end:
            continue
        if not inside_some((arrival, arrival + service), elder.windows):
            continue
        if any(overlaps(block, (b.start, b.end)) for b in busy):
            continue
        return arrival
    return None
