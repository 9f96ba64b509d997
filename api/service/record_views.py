"""Stored visit records as people read them: the answer's JSON (free text with ID and phone
numbers masked), the domain's record rebuilt from the row, and the month's workbook with the
tier in force on each visit's day."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated

from pydantic import StringConstraints
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.service.codec import from_json, tuple_from_json
from api.service.elder_history import tiers_on
from api.service.models import ElderHistoryRow, ElderRow, VisitRecord
from api.service.record_schema import (
    CareServiceIn,
    ObservationsIn,
    SignaturesIn,
    VisitRecordPublic,
)
from api.service.records_store import RecordFilter
from planner.io.record_facts import parse_facts
from planner.io.records_workbook import RecordLine, write_records_xlsx
from planner.model import Elder, VisitMode, VisitReason
from planner.policy import Policy
from planner.privacy import mask_personal_numbers
from planner.records import (
    CareService,
    Hazard,
    MajorEvent,
    Observations,
    Signatures,
    VisitEntry,
)
from planner.visit_topics import Topic

_TOPICS = frozenset(topic.value for topic in Topic)
"""Records made before topics were checked may hold others: those are left out."""

Month = Annotated[str, StringConstraints(pattern=r"^20\d{2}-(0[1-9]|1[0-2])$")]
"""YYYY-MM of this century: no record is older (the notice is of 2023), and a workbook's zip
dates cannot be before 1980 or after 2107."""


def month_span(month: str) -> tuple[date, date]:
    first = date.fromisoformat(f"{month}-01")
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)


def records_filter(
    wanted: RecordFilter,
    *,
    month: str | None = None,
    hazard: Hazard | None = None,
    any_hazard: bool = False,
) -> RecordFilter:
    """``wanted`` narrowed to a month and a hazard (``any_hazard``: any of them)."""
    if month is not None:
        first, last = month_span(month)
        start = max(first, wanted.start) if wanted.start else first
        end = min(last, wanted.end) if wanted.end else last
        wanted = replace(wanted, start=start, end=end)
    if hazard is not None:
        wanted = replace(wanted, hazard=hazard.value)
    elif any_hazard:
        wanted = replace(wanted, hazard="any")
    return wanted


def domain_record(row: VisitRecord) -> tuple[VisitEntry, tuple[CareService, ...]]:
    """The stored record as the planner's objects (rows from before the full form have empty
    sections)."""
    signatures = (
        from_json(Signatures, row.signatures)
        if row.signatures
        else Signatures(row.visitor_id, entered_by=row.recorded_by)
    )
    entry = VisitEntry(
        elder_id=row.elder_id,
        number_in_year=row.number_in_year,
        day=row.day,
        mode=VisitMode(row.mode),
        signatures=signatures,
        observations=from_json(Observations, row.observations),
        facts=parse_facts(row.facts),
        event=None if row.event is None else MajorEvent(row.event),
        reason=VisitReason(row.reason),
    )
    return entry, tuple_from_json(CareService, row.care_services)


def public_record(row: VisitRecord) -> VisitRecordPublic:
    entry, services = domain_record(row)
    seen = entry.observations
    observations = {
        **{name: value for name, value in vars(seen).items() if value is not None},
        "illness_name": mask_personal_numbers(seen.illness_name),
        "needs": mask_personal_numbers(seen.needs),
        "suggested_care": mask_personal_numbers(seen.suggested_care),
        "needs_kinds": list(seen.needs_kinds),
    }
    return VisitRecordPublic(
        id=row.id,
        visitor_id=row.visitor_id,
        town=row.town,
        village=row.village,
        number_in_year=row.number_in_year,
        hazards=[hazard.value for hazard in entry.hazards],
        date=row.day,
        elder_id=row.elder_id,
        mode=entry.mode,
        duration_minutes=row.duration_minutes,
        note=mask_personal_numbers(row.note),
        topics=[topic for topic in row.details.get("topics", []) if topic in _TOPICS],
        reason=entry.reason,
        observations=ObservationsIn(**observations),
        facts=dict(row.facts),
        event=entry.event,
        care_services=[
            CareServiceIn(
                date=service.day,
                done=mask_personal_numbers(service.done),
                given_by=service.given_by,
                satisfaction=service.satisfaction,
            )
            for service in services
        ],
        signatures=SignaturesIn(
            elder_confirmed=entry.signatures.elder_confirmed,
            confirmed_by=entry.signatures.confirmed_by,
        ),
    )


def export_workbook(
    session: Session,
    rows: Sequence[VisitRecord],
    policy: Policy,
    month: str,
    *,
    lang: str,
    masked: bool,
) -> bytes:
    """The records' workbook, each with the tier in force on its day."""
    elder_ids = sorted({row.elder_id for row in rows})
    elders = {
        stored.elder_id: from_json(Elder, stored.facts)
        for stored in session.scalars(select(ElderRow).where(ElderRow.elder_id.in_(elder_ids)))
    }
    history: dict[str, list[ElderHistoryRow]] = {}
    changes = select(ElderHistoryRow).where(ElderHistoryRow.elder_id.in_(elder_ids))
    for change in session.scalars(changes.order_by(ElderHistoryRow.id)):
        history.setdefault(change.elder_id, []).append(change)
    lines = []
    for row in rows:
        entry, services = domain_record(row)
        elder = elders.get(row.elder_id)
        lines.append(
            RecordLine(
                record_id=str(row.id),
                entry=entry,
                care_services=services,
                town=row.town,
                village=row.village,
                elder_name=elder.name if elder else "",
                duration_minutes=row.duration_minutes,
                note=row.note,
                topics=tuple(row.details.get("topics", [])),
                tier=None
                if elder is None
                else tiers_on(elder, history.get(row.elder_id, []), policy, row.day),
            )
        )
    stamp = datetime.combine(month_span(month)[0], time())
    with tempfile.TemporaryDirectory(prefix="visitplan-records-") as folder:
        path = Path(folder) / "records.xlsx"
        write_records_xlsx(lines, path, stamp=stamp, lang=lang, masked=masked)
        return path.read_bytes()
