"""The coordinator's weekly call-backs (issue 19, spot checks): ``GET /spot-checks?week=``
draws a sample of the visits recorded that week in each town the coordinator sees (5 %, at
least 3; ``planner.proof.spot_check_sample``, seeded by week and town) and keeps it, so the same
visits come back on every read; ``PUT /spot-checks/{id}`` records what the call found.

The list gives the elder's name and phone in full, for the call: each read is audited.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.service.clock import utcnow
from api.service.db import writing
from api.service.deps import Coordinator, Principal, SessionDep
from api.service.models import SpotCheck, VisitRecord
from api.service.problems import ProblemError, not_found
from api.service.store import audit, stored_elder
from api.service.text import LongText
from planner.proof import SpotCheckOutcome, spot_check_sample

router = APIRouter(prefix="/spot-checks", tags=["spot checks"])


class SpotCheckPublic(BaseModel):
    id: int
    week: date
    town: str
    record_id: uuid.UUID
    date: date
    mode: str
    elder_id: str
    elder_name: str
    elder_phone: str | None
    visitor_id: str
    outcome: SpotCheckOutcome | None
    note: str
    checked_by: str | None
    checked_at: datetime | None


class SpotCheckAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: SpotCheckOutcome
    note: LongText = ""


Week = Annotated[date, Query(description="the Monday of the week, YYYY-MM-DD")]


@router.get("", responses={401: {}, 403: {}, 422: {}})
def spot_checks(week: Week, user: Coordinator, db: SessionDep) -> list[SpotCheckPublic]:
    """The visits of ``week`` to call back, town by town, drawn once and kept."""
    if week.weekday() != 0 or not 2000 <= week.year <= 2100:
        raise ProblemError(
            422,
            "the request is not valid",
            errors=[{"location": ["query", "week"], "message": f"{week}: give a Monday"}],
        )
    with writing(db) as session:
        for town in _towns_with_visits(session, user, week):
            _draw(session, week, town)
        query = select(SpotCheck).where(SpotCheck.week == week)
        if user.town is not None:
            query = query.where(SpotCheck.town == user.town)
        checks = session.scalars(query.order_by(SpotCheck.town, SpotCheck.id)).all()
        listed = [_public(session, check) for check in checks]
        audit(session, user.username, "read_spot_checks", f"week {week}: {len(listed)} visits")
    return listed


def _towns_with_visits(session: Session, user: Principal, week: date) -> list[str]:
    query = (
        select(VisitRecord.town)
        .distinct()
        .where(VisitRecord.day >= week, VisitRecord.day <= week + timedelta(days=6))
    )
    if user.town is not None:
        query = query.where(VisitRecord.town == user.town)
    return sorted(session.scalars(query))


def _draw(session: Session, week: date, town: str) -> None:
    """The town's sample of the week, drawn the first time it is asked for."""
    drawn = session.scalars(
        select(SpotCheck.id).where(SpotCheck.week == week, SpotCheck.town == town).limit(1)
    ).first()
    if drawn is not None:
        return
    record_ids = sorted(
        session.scalars(
            select(VisitRecord.id).where(
                VisitRecord.town == town,
                VisitRecord.day >= week,
                VisitRecord.day <= week + timedelta(days=6),
            )
        ),
        key=str,
    )
    for record_id in spot_check_sample(record_ids, week, town):
        session.add(SpotCheck(week=week, town=town, record_id=record_id, note=""))
    session.flush()


def _public(session: Session, check: SpotCheck) -> SpotCheckPublic:
    record = session.get_one(VisitRecord, check.record_id)
    elder = stored_elder(session, record.elder_id)
    return SpotCheckPublic(
        id=check.id,
        week=check.week,
        town=check.town,
        record_id=check.record_id,
        date=record.day,
        mode=record.mode,
        elder_id=record.elder_id,
        elder_name=elder.name if elder else "",
        elder_phone=elder.phone if elder else None,
        visitor_id=record.visitor_id,
        outcome=None if check.outcome is None else SpotCheckOutcome(check.outcome),
        note=check.note,
        checked_by=check.checked_by,
        checked_at=check.checked_at,
    )


@router.put("/{check_id}", responses={401: {}, 403: {}, 404: {}, 422: {}})
def answer_spot_check(
    check_id: Annotated[int, Path(ge=1)],
    answer: SpotCheckAnswer,
    user: Coordinator,
    db: SessionDep,
) -> SpotCheckPublic:
    """What the call back found: confirmed, not_confirmed or unreachable, and a note."""
    with writing(db) as session:
        check = session.get(SpotCheck, check_id)
        if check is None or not user.sees_town(check.town):
            raise not_found(f"spot check {check_id}")
        check.outcome = answer.outcome.value
        check.note = answer.note
        check.checked_by, check.checked_at = user.username, utcnow()
        audit(session, user.username, "answer_spot_check", f"spot check {check_id}")
        return _public(session, check)
