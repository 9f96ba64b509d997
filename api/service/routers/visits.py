"""``PUT /visits/{uuid}``: a visitor records a visit they made. The uuid is made by the form,
so sending the same record twice (a lost answer on a weak signal) stores one record: 201 the
first time, 200 after. A recorded visit counts in the history of the next plan."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field, field_validator
from sqlalchemy.exc import IntegrityError

from api.service.access import visits_elder
from api.service.clock import utcnow
from api.service.codec import from_json
from api.service.db import transaction
from api.service.deps import ServicesDep, Visitor
from api.service.models import VisitRecord
from api.service.problems import ProblemError, not_found
from api.service.record_effects import take_record
from api.service.store import audit, stored_elder, stored_visitor
from api.service.text import LongText, Text
from planner.model import VisitMode
from planner.policy import Policy
from planner.records import (
    CareService,
    MajorEvent,
    Observations,
    RecordError,
    Satisfaction,
    Signatures,
    VisitEntry,
)

router = APIRouter(prefix="/visits", tags=["visits"])


class VisitRecorded(BaseModel):
    """A visit as recorded; ``details`` holds what the notice's full form adds later."""

    date: date
    elder_id: Text
    mode: VisitMode
    duration_minutes: Annotated[int, Field(ge=1, le=600)]
    note: LongText = ""
    topics: list[Text] = Field(default_factory=list, max_length=20)
    """The services the visit covered (the form's ticks)."""
    details: dict[str, Any] = Field(default_factory=dict)

    @field_validator("details")
    @classmethod
    def _storable(cls, details: dict[str, Any]) -> dict[str, Any]:
        text = json.dumps(details)
        if "\\u0000" in text:
            raise ValueError("holds a NUL character (\\0): remove it")
        if len(text) > 20_000:
            raise ValueError("is longer than 20,000 characters as JSON")
        return details


class VisitRecordPublic(VisitRecorded):
    id: uuid.UUID
    visitor_id: str


@router.put("/{record_id}", responses={201: {}, 401: {}, 403: {}, 404: {}, 422: {}})
def record_visit(
    record_id: uuid.UUID,
    record: VisitRecorded,
    user: Visitor,
    found: ServicesDep,
    response: Response,
) -> VisitRecordPublic:
    assert user.visitor_id is not None
    try:
        with transaction(found.sessions) as session:
            created = _store(
                session, record_id, record, user.visitor_id, user.username, found.policy
            )
    except IntegrityError:  # the same uuid sent twice at once: the other request stored it
        created = False
    response.status_code = 201 if created else 200
    return VisitRecordPublic(id=record_id, visitor_id=user.visitor_id, **record.model_dump())


def _store(
    session: Any,
    record_id: uuid.UUID,
    record: VisitRecorded,
    visitor_id: str,
    username: str,
    policy: Policy,
) -> bool:
    """Store the record; True when it is new. Another visitor's uuid, or an elder not
    theirs, is 404."""
    if not visits_elder(session, visitor_id, record.elder_id):
        raise not_found(f"elder {record.elder_id}")
    existing = session.get(VisitRecord, record_id)
    if existing is not None and existing.visitor_id != visitor_id:
        raise not_found(f"visit record {record_id}")
    details = {**record.details, "topics": record.topics}
    if existing is None:
        session.add(
            VisitRecord(
                id=record_id,
                day=record.date,
                elder_id=record.elder_id,
                visitor_id=visitor_id,
                mode=record.mode.value,
                duration_minutes=record.duration_minutes,
                note=record.note,
                details=details,
                recorded_by=username,
                recorded_at=utcnow(),
            )
        )
    else:
        existing.day = record.date
        existing.elder_id = record.elder_id
        existing.mode = record.mode.value
        existing.duration_minutes = record.duration_minutes
        existing.note = record.note
        existing.details = details
    audit(session, username, "record_visit", f"record {record_id}: elder {record.elder_id}")
    entry, services = _form_of(record, visitor_id)
    elder, visitor = stored_elder(session, record.elder_id), stored_visitor(session, visitor_id)
    assert elder is not None and visitor is not None
    take_record(
        session,
        record_id,
        entry,
        services,
        town=elder.town,
        visitor_role=visitor.role,
        username=username,
        policy=policy,
    )
    return existing is None


def _form_of(record: VisitRecorded, visitor_id: str) -> tuple[VisitEntry, tuple[CareService, ...]]:
    """Sections 五 and 六 from ``details`` (``observations``, ``event``, ``care_services``, as
    the records API names them): what ``take_record`` acts on. A value the form does not
    allow is a 422 naming it."""
    details = record.details
    try:
        entry = VisitEntry(
            record.elder_id,
            1,
            record.date,
            record.mode,
            Signatures(visitor_id),
            observations=from_json(Observations, details.get("observations", {})),
            event=None if details.get("event") is None else MajorEvent(details["event"]),
        )
        services = tuple(
            CareService(
                n,
                date.fromisoformat(item["date"]),
                str(item["done"]),
                str(item["given_by"]),
                None if item.get("satisfaction") is None else Satisfaction(item["satisfaction"]),
            )
            for n, item in enumerate(details.get("care_services", []), start=1)
        )
    except RecordError as error:
        raise ProblemError(422, f"details.{error.field}: {error.problem}") from None
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise ProblemError(422, f"details: {error}") from None
    return entry, services
