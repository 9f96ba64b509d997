"""The difference between a week's published roster and its re-plan, visit by visit.

A visit is the elder's visit for a reason (regular, weather, ...). An elder's visits for one
reason are paired in order of date and arrival between the two rosters: a pair whose day, visitor
or arrival differs is ``moved``, a visit only in the new roster is ``added``, one only in the
published roster is ``cancelled``; a pair that is the same is no change. Applying the changes to
the published roster gives the re-plan's (``apply_changes``), which the tests check.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from planner.model import PlannedVisit, VisitReason


class ChangeKind(StrEnum):
    ADDED = "added"
    MOVED = "moved"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Slot:
    """Where and when a visit is made: the day, the visitor, the arrival (minutes)."""

    day: date
    visitor_id: str
    arrival_min: int


@dataclass(frozen=True)
class RosterChange:
    """One line of ``changes.csv``: ``before`` is None for an added visit, ``after`` for a
    cancelled one."""

    elder_id: str
    kind: ChangeKind
    reason: VisitReason
    before: Slot | None
    after: Slot | None
    why: VisitReason | None = None
    """Why it changed: the visit's own reason when added, the surge's when it made room."""

    @property
    def because(self) -> VisitReason:
        return self.why or self.reason

    @property
    def visitor_id(self) -> str:
        """The visitor the change concerns: the new one, or the one who no longer goes."""
        slot = self.after or self.before
        assert slot is not None  # a change has at least one side
        return slot.visitor_id


def _slot(visit: PlannedVisit) -> Slot:
    return Slot(visit.day, visit.visitor_id, visit.arrival_min)


def _by_visit(visits: Iterable[PlannedVisit]) -> dict[tuple[str, VisitReason], list[Slot]]:
    grouped: dict[tuple[str, VisitReason], list[Slot]] = defaultdict(list)
    for visit in visits:
        grouped[(visit.elder_id, visit.reason)].append(_slot(visit))
    for slots in grouped.values():
        slots.sort(key=lambda s: (s.day, s.arrival_min, s.visitor_id))
    return grouped


def roster_changes(
    published: Sequence[PlannedVisit],
    replanned: Sequence[PlannedVisit],
    made_room_for: Mapping[tuple[str, VisitReason], VisitReason] | None = None,
) -> tuple[RosterChange, ...]:
    """Every difference between the two rosters, by visitor, day and elder; ``made_room_for``
    gives, for an elder's visit that was moved or cancelled to make room, the surge's reason."""
    made_room_for = made_room_for or {}
    before, after = _by_visit(published), _by_visit(replanned)
    changes: list[RosterChange] = []
    for key in sorted(before.keys() | after.keys()):
        elder_id, reason = key
        old, new = before.get(key, []), after.get(key, [])
        unchanged = set(old) & set(new)
        old = [s for s in old if s not in unchanged]
        new = [s for s in new if s not in unchanged]
        for index in range(max(len(old), len(new))):
            was = old[index] if index < len(old) else None
            now = new[index] if index < len(new) else None
            kind = (
                ChangeKind.ADDED
                if was is None
                else ChangeKind.CANCELLED
                if now is None
                else ChangeKind.MOVED
            )
            why = None if kind is ChangeKind.ADDED else made_room_for.get(key)
            changes.append(RosterChange(elder_id, kind, reason, was, now, why))
    return tuple(sorted(changes, key=_order))


def _order(change: RosterChange) -> tuple[str, date, str, str]:
    slot = change.after or change.before
    assert slot is not None
    return (change.visitor_id, slot.day, change.elder_id, change.kind.value)


def apply_changes(
    published: Iterable[tuple[str, VisitReason, Slot]], changes: Iterable[RosterChange]
) -> list[tuple[str, VisitReason, Slot]]:
    """The published visits (elder, reason, slot) with ``changes`` made, sorted."""
    visits = list(published)
    for change in changes:
        if change.before is not None:
            visits.remove((change.elder_id, change.reason, change.before))
        if change.after is not None:
            visits.append((change.elder_id, change.reason, change.after))
    return sorted(visits, key=lambda v: (v[0], v[1].value, v[2].day, v[2].arrival_min))
