"""``PUT /visits/{uuid}``: a visitor records a visit they made. The uuid is made by the form,
so sending the same record twice (a lost answer on a weak signal) stores one record: 201 the
first time, 200 after. A recorded visit counts in the history of the next plan, so its date may
not be after today (China time) nor more than ``record_days_back`` days ago."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field, field_validator
from sqlalchemy.exc import IntegrityError

from api.service.access import visits_elder
from api.service.clock import china_today, utcnow
from api.service.db import writing
from api.service.deps import ServicesDep, SessionDep, Visitor
from api.service.models import VisitRecord
from api.service.problems import ProblemError, not_found
from api.service.store import audit
from api.service.text import LongText, Text
from planner.model import VisitMode

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
    db: SessionDep,
    found: ServicesDep,
    response: Response,
) -> VisitRecordPublic:
    assert user.visitor_id is not None
    _check_date(record.date, found.settings.record_days_back)
    try:
        with writing(db):
            created = _store(db, record_id, record, user.visitor_id, user.username)
    except IntegrityError:
        # The same uuid sent twice at once: the other request stored it first. Stored again
        # as an update, so that a uuid another visitor holds is still a 404.
        with writing(db):
            created = _store(db, record_id, record, user.visitor_id, user.username)
    response.status_code = 201 if created else 200
    return VisitRecordPublic(id=record_id, visitor_id=user.visitor_id, **record.model_dump())


def _check_date(day: date, days_back: int) -> None:
    """Hard: a visit is recorded once made, so not after today (China time), and while it is
    remembered: at most ``VISITPLAN_RECORD_DAYS_BACK`` days back. A record dated ahead would
    count for the next plan and take a due visit off it."""
    today = china_today()
    if day > today:
        why = f"{day} is after today ({today}, China time): record a visit once it is made"
    elif (today - day).days > days_back:
        why = (
            f"{day} is more than {days_back} days ago: a visit that old is entered by the "
            "coordinator through the history table"
        )
    else:
        return
    error = {"location": ["body", "date"], "message": why}
    raise ProblemError(422, "the visit's date is not possible", errors=[error])


def _store(
    session: Any, record_id: uuid.UUID, record: VisitRecorded, visitor_id: str, username: str
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
    return existing is None
