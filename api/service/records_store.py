"""Visit records in the database: stored once per uuid, their facts applied to the elder, and
read back by who may read them (a visitor their own, a coordinator their town, an auditor all).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from api.service.clock import china_today, utcnow
from api.service.codec import to_json
from api.service.deps import Principal
from api.service.elder_history import apply_facts
from api.service.models import PlannedVisitRow, PlanRow, VisitRecord
from api.service.plan_store import DONE
from api.service.record_schema import VisitRecorded, field_problem, record_problem, to_entry
from api.service.store import audit, stored_elder
from planner.io.record_facts import parse_facts
from planner.model import Elder
from planner.policy import Policy
from planner.records import CareService, RecordError, VisitEntry


def first_planned_week(session: Session, elder_id: str) -> date | None:
    """The week of the first finished plan that sends a visitor to the elder."""
    query = (
        select(func.min(PlanRow.week_start))
        .join(PlannedVisitRow, PlannedVisitRow.plan_id == PlanRow.id)
        .where(PlanRow.status == DONE, PlannedVisitRow.elder_id == elder_id)
    )
    return session.scalars(query).first()


def check_date(session: Session, record: VisitRecorded) -> None:
    """A visit is made on a day it could have been: not after today in China, not before the
    elder's first plan."""
    today = china_today()
    if record.date > today:
        raise field_problem(["date"], f"{record.date} is after today ({today} in China)")
    first = first_planned_week(session, record.elder_id)
    if first is not None and record.date < first:
        raise field_problem(
            ["date"],
            f"{record.date} is before the elder's first plan (the week of {first}): give the "
            "day the visit was made",
        )


def _number_in_year(session: Session, record_id: uuid.UUID, elder_id: str, day: date) -> int:
    """第 n 次: one more than the elder's other records of the year up to ``day``."""
    query = select(func.count(VisitRecord.id)).where(
        VisitRecord.elder_id == elder_id,
        VisitRecord.id != record_id,
        VisitRecord.day <= day,
        extract("year", VisitRecord.day) == day.year,
    )
    return 1 + (session.scalar(query) or 0)


def _checked(
    session: Session, record_id: uuid.UUID, record: VisitRecorded, visitor_id: str, username: str
) -> tuple[VisitEntry, tuple[CareService, ...]]:
    try:
        facts = parse_facts(record.facts)
        return to_entry(
            record,
            facts,
            visitor_id=visitor_id,
            username=username,
            number_in_year=_number_in_year(session, record_id, record.elder_id, record.date),
        )
    except RecordError as error:
        raise record_problem(error) from None


@dataclass(frozen=True)
class Stored:
    row: VisitRecord
    created: bool


def save_record(
    session: Session,
    record_id: uuid.UUID,
    record: VisitRecorded,
    *,
    visitor_id: str,
    username: str,
    policy: Policy,
) -> Stored:
    """Store the record (the same uuid again replaces its fields) and apply its facts to the
    elder. The caller has checked the elder is the visitor's and the uuid not another's."""
    check_date(session, record)
    entry, services = _checked(session, record_id, record, visitor_id, username)
    elder = stored_elder(session, record.elder_id)
    assert elder is not None  # the visitor is sent to the elder
    existing = session.get(VisitRecord, record_id)
    row = existing or VisitRecord(id=record_id, recorded_by=username, recorded_at=utcnow())
    _fill(row, record, entry, services, elder)
    if existing is None:
        session.add(row)
    apply_facts(
        session,
        record.elder_id,
        entry.facts,
        day=record.date,
        record_id=record_id,
        username=username,
        policy=policy,
    )
    audit(session, username, "record_visit", f"record {record_id}: elder {record.elder_id}")
    return Stored(row, existing is None)


def _fill(
    row: VisitRecord,
    record: VisitRecorded,
    entry: VisitEntry,
    services: Sequence[CareService],
    elder: Elder,
) -> None:
    row.day = record.date
    row.elder_id = record.elder_id
    row.visitor_id = entry.signatures.visitor_id
    row.town, row.village = elder.town, elder.village
    row.mode = record.mode.value
    row.duration_minutes = record.duration_minutes
    row.note = record.note
    row.details = {"topics": [topic.value for topic in record.topics]}
    row.reason = record.reason.value
    row.number_in_year = entry.number_in_year
    row.observations = to_json(entry.observations)
    row.facts = {change.fact.value: to_json(change.value) for change in entry.facts}
    row.event = None if entry.event is None else entry.event.value
    row.care_services = to_json(services)
    row.signatures = to_json(entry.signatures)
    row.hazards = ";".join(hazard.value for hazard in entry.hazards)


@dataclass(frozen=True)
class RecordFilter:
    elder_id: str | None = None
    visitor_id: str | None = None
    town: str | None = None
    village: str | None = None
    start: date | None = None
    end: date | None = None
    hazard: str | None = None
    """A hazard code; ``any``: records with any hazard."""


def visible_records(session: Session, user: Principal, wanted: RecordFilter) -> list[VisitRecord]:
    """The records ``user`` may read that match ``wanted``, by date, elder, uuid."""
    query = select(VisitRecord)
    if user.is_visitor:
        query = query.where(VisitRecord.visitor_id == (user.visitor_id or ""))
    elif user.town is not None:
        query = query.where(VisitRecord.town == user.town)
    for column, value in (
        (VisitRecord.elder_id, wanted.elder_id),
        (VisitRecord.visitor_id, wanted.visitor_id),
        (VisitRecord.town, wanted.town),
        (VisitRecord.village, wanted.village),
    ):
        if value is not None:
            query = query.where(column == value)
    if wanted.start is not None:
        query = query.where(VisitRecord.day >= wanted.start)
    if wanted.end is not None:
        query = query.where(VisitRecord.day <= wanted.end)
    if wanted.hazard == "any":
        query = query.where(VisitRecord.hazards != "")
    elif wanted.hazard is not None:
        query = query.where((";" + VisitRecord.hazards + ";").contains(f";{wanted.hazard};"))
    order = (VisitRecord.day, VisitRecord.elder_id, VisitRecord.recorded_at, VisitRecord.id)
    return list(session.scalars(query.order_by(*order)))


def elders_records(session: Session, elder_id: str) -> list[VisitRecord]:
    """Every record of the elder, by any visitor (a visitor reads the earlier visits of their
    own elders, the access check is the caller's)."""
    query = select(VisitRecord).where(VisitRecord.elder_id == elder_id)
    return list(session.scalars(query.order_by(VisitRecord.day, VisitRecord.recorded_at)))
