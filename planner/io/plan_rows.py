"""A plan as the writers list it: the order of its rows and the people its rows name.

Every output lists the planned visits by date, visitor and sequence, the unassigned visits by
due date, tier (key first) and elder, and the flags by kind and subject, so that the CSV files,
the GeoJSON and the workbook agree row for row. A row's elder or visitor is looked up by id
(``member``), and a flag's detail is published with any ID or mobile number in it masked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, TypeVar

from planner.model import Elder, PlannedVisit, Tier, UnassignedVisit, Visitor
from planner.notes import Flag

__all__ = [
    "KM_DECIMALS",
    "CellValue",
    "flag_order",
    "member",
    "sorted_unassigned",
    "sorted_visits",
]

KM_DECIMALS: Final = 2
"""How every output rounds kilometres."""

CellValue = str | int | float | None
"""A value as the writers put it in a cell (of the workbook, or of a summary figure)."""

_TIER_ORDER: Final = {tier: rank for rank, tier in enumerate(Tier)}


def sorted_visits(visits: Iterable[PlannedVisit]) -> list[PlannedVisit]:
    """Planned visits by date, visitor and sequence: the roster's order."""
    return sorted(visits, key=lambda visit: (visit.day, visit.visitor_id, visit.sequence))


def sorted_unassigned(unassigned: Iterable[UnassignedVisit]) -> list[UnassignedVisit]:
    """Unassigned visits by due date, tier (key first) and elder."""
    return sorted(unassigned, key=lambda item: (item.due_by, _TIER_ORDER[item.tier], item.elder_id))


_Member = TypeVar("_Member", Elder, Visitor)


def member(members: dict[str, _Member], member_id: str, kind: str) -> _Member:
    """``members[member_id]``, or an error that names the broken reference."""
    try:
        return members[member_id]
    except KeyError:
        message = f"the plan names {kind} {member_id!r}, who is not in plan.{kind}s"
        raise ValueError(message) from None


def flag_order(flag: Flag) -> tuple[str, str]:
    """The sort key of flags: by kind, then subject."""
    return (flag.kind, flag.subject_id)
