"""The month's visit records as a workbook for coordinators and auditors (``GET
/visits/export.xlsx``): one row per record, the form's section 五 in its own words, the care
services of 六, and the tier in force on the visit's day.

Masked by default: the elder's name, and every ID and phone number in the free text; the
unmasked workbook is for the town's coordinator (the service audits it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

from planner.io.plan_rows import CellValue
from planner.io.words import label
from planner.io.workbook import _new_workbook, _save_reproducibly, _write_table
from planner.model import Tier
from planner.privacy import mask_name, mask_personal_numbers, public_id
from planner.records import CareService, FactChange, VisitEntry

__all__ = ["RECORD_COLUMNS", "RecordLine", "write_records_xlsx"]

RECORD_COLUMNS: Final = (
    "record_id",
    "date",
    "number_in_year",
    "town",
    "village",
    "elder_id",
    "name",
    "visitor_id",
    "mode",
    "duration_minutes",
    "reason",
    "tier",
    "topics",
    "household_change",
    "speech",
    "mobility",
    "illness",
    "illness_name",
    "mood",
    "gas_safety",
    "water_heating_safety",
    "electricity_safety",
    "fire_safety",
    "personal_hygiene",
    "household_hygiene",
    "indoor_environment",
    "needs_kinds",
    "needs",
    "suggested_care",
    "facts",
    "event",
    "hazards",
    "care_services",
    "confirmed_by",
    "entered_by",
    "note",
)

# Which words each observation's choices take (planner.io.record_words).
_OBSERVATION_KINDS: Final = {
    "speech": "condition",
    "mobility": "condition",
    "illness": "illness",
    "mood": "condition",
    "gas_safety": "safety",
    "water_heating_safety": "safety",
    "electricity_safety": "safety",
    "fire_safety": "safety",
    "personal_hygiene": "condition",
    "household_hygiene": "condition",
    "indoor_environment": "condition",
}
_JOIN: Final = "; "


@dataclass(frozen=True)
class RecordLine:
    """One stored record with what the form's row needs besides it."""

    record_id: str
    entry: VisitEntry
    care_services: tuple[CareService, ...]
    town: str
    village: str
    elder_name: str
    duration_minutes: int
    note: str
    topics: tuple[str, ...]
    tier: Tier | None
    """The tier in force on the visit's day (None: the elder was not yet in the tables)."""


def _words(kind: str, values: Sequence[str], lang: str) -> str:
    return _JOIN.join(label(kind, value, lang) for value in values)


def _fact(change: FactChange, lang: str) -> str:
    value = change.value
    shown = value if isinstance(value, str) else ("" if value is None else str(value))
    if isinstance(value, bool):
        shown = ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    return f"{change.fact.value}={shown}"


def _service(service: CareService, lang: str) -> str:
    satisfaction = label("satisfaction", service.satisfaction, lang) if service.satisfaction else ""
    given = f"{service.number_in_year}. {service.day} {service.done} ({service.given_by})"
    return f"{given} {satisfaction}".rstrip()


def _row(line: RecordLine, lang: str, masked: bool) -> tuple[CellValue, ...]:
    entry, seen = line.entry, line.entry.observations
    text = mask_personal_numbers if masked else (lambda value: value)
    values: dict[str, CellValue] = {
        "record_id": line.record_id,
        "date": entry.day.isoformat(),
        "number_in_year": entry.number_in_year,
        "town": line.town,
        "village": line.village,
        "elder_id": public_id(entry.elder_id) if masked else entry.elder_id,
        "name": mask_name(line.elder_name) if masked else line.elder_name,
        "visitor_id": entry.signatures.visitor_id,
        "mode": label("mode", entry.mode, lang),
        "duration_minutes": line.duration_minutes,
        "reason": label("reason", entry.reason, lang),
        "tier": label("tier", line.tier, lang) if line.tier else "",
        "topics": _words("topic", line.topics, lang),
        "household_change": seen.household_change,
        "illness_name": text(seen.illness_name),
        "needs_kinds": _words("need", seen.needs_kinds, lang),
        "needs": text(seen.needs),
        "suggested_care": text(seen.suggested_care),
        "facts": _JOIN.join(_fact(change, lang) for change in entry.facts),
        "event": label("event", entry.event, lang) if entry.event else "",
        "hazards": _words("hazard", entry.hazards, lang),
        "care_services": text(_JOIN.join(_service(s, lang) for s in line.care_services)),
        "confirmed_by": (
            label("confirmer", entry.signatures.confirmed_by, lang)
            if entry.signatures.confirmed_by
            else ""
        ),
        "entered_by": entry.signatures.entered_by,
        "note": text(line.note),
    }
    for name, kind in _OBSERVATION_KINDS.items():
        choice = getattr(seen, name)
        values[name] = label(kind, choice, lang) if choice is not None else ""
    return tuple(values[column] for column in RECORD_COLUMNS)


def write_records_xlsx(
    lines: Sequence[RecordLine],
    path: Path,
    *,
    stamp: datetime,
    lang: str = "zh",
    masked: bool = True,
) -> None:
    """Write the records, in the order given, to ``path``; the same records give the same
    bytes (``stamp`` dates the file, e.g. the month's first day)."""
    workbook = _new_workbook()
    _write_table(
        workbook.create_sheet(label("record_field", "records", lang)),
        [label("record_field", column, lang) for column in RECORD_COLUMNS],
        [_row(line, lang, masked) for line in lines],
    )
    _save_reproducibly(workbook, path, stamp)
