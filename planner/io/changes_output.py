"""What a re-plan changed, for people: ``changes.csv`` (ids only) and the 变更 sheet of
``roster.xlsx`` (masked names, the emergency contact of an urgent visit)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from pathlib import Path
from typing import Final

from planner.changes import RosterChange, Slot
from planner.io.outputs import write_csv
from planner.io.plan_rows import CellValue
from planner.io.words import label
from planner.io.workbook import add_sheet
from planner.model import Plan, VisitReason, format_hhmm
from planner.privacy import mask_name, masked_emergency_contact, public_elder_id

__all__ = ["CHANGES_COLUMNS", "CHANGES_CSV", "write_changes"]

CHANGES_CSV: Final = "changes.csv"
CHANGES_COLUMNS: Final = (
    "visitor_id",
    "elder_id",
    "change",
    "from_date",
    "from_visitor",
    "from_arrival",
    "to_date",
    "to_visitor",
    "to_arrival",
    "reason",
)


def _side(slot: Slot | None) -> tuple[str, str, str]:
    if slot is None:
        return ("", "", "")
    return (slot.day.isoformat(), slot.visitor_id, format_hhmm(slot.arrival_min))


def change_rows(changes: Sequence[RosterChange]) -> list[tuple[str, ...]]:
    """The rows of ``changes.csv``, ids only."""
    return [
        (
            c.visitor_id,
            c.elder_id,
            c.kind.value,
            *_side(c.before),
            *_side(c.after),
            c.because.value,
        )
        for c in changes
    ]


def write_changes(plan: Plan, changes: Sequence[RosterChange], folder: Path, lang: str) -> None:
    """``changes.csv`` and the 变更 sheet, into the folder holding the plan's roster."""
    with (folder / CHANGES_CSV).open("w", encoding="utf-8", newline="") as stream:
        write_csv(stream, CHANGES_COLUMNS, change_rows(changes))
    elders = {e.elder_id: e for e in plan.elders}
    rows: list[tuple[CellValue, ...]] = []
    for change, row in zip(changes, change_rows(changes), strict=True):
        elder = elders[change.elder_id]
        contact = ""
        if change.reason is VisitReason.URGENT:
            contact = masked_emergency_contact(elder)
        rows.append(
            (
                row[0],
                public_elder_id(elder),
                mask_name(elder.name),
                label("change", change.kind.value, lang),
                *row[3:9],
                label("reason", change.because.value, lang),
                contact,
            )
        )
    headers = [
        label("header", key, lang)
        for key in ("visitor_id", "elder_id", "elder_name", *CHANGES_COLUMNS[2:])
    ] + [label("header", "emergency_contact", lang)]
    stamp = datetime.combine(plan.week_start, time())
    add_sheet(folder / "roster.xlsx", label("sheet", "changes", lang), headers, rows, stamp)
