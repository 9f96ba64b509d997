"""``GET /followups?status=open|closed|overdue``: the follow-ups records opened (a hazard or a
need, for the kind of visitor the policy names), with the record that opened them and, once a
care-service record (section 六) with the elder's satisfaction closed one, that record. A
coordinator sees their town's, an auditor all, a visitor those of the elders they are sent to.
Overdue: open and due before today (China time)."""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import select

from api.service import clock
from api.service.access import visits_elder
from api.service.deps import CurrentUser, SessionDep
from api.service.models import FollowUpRow
from api.service.text import Text
from planner.followups import FollowUpStatus

router = APIRouter(prefix="/followups", tags=["followups"])


class Wanted(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    OVERDUE = "overdue"


class FollowUpPublic(BaseModel):
    id: int
    elder_id: str
    kind: str
    role: str
    """The kind of visitor it is for (``village_staff``, ``family_doctor``, ...)."""
    opened_on: date
    due_by: date
    status: str
    overdue: bool
    opened_by_record: uuid.UUID
    closed_by_record: uuid.UUID | None
    closed_on: date | None
    satisfaction: str | None


def public(row: FollowUpRow, today: date) -> FollowUpPublic:
    return FollowUpPublic(
        id=row.id,
        elder_id=row.elder_id,
        kind=row.kind,
        role=row.role,
        opened_on=row.opened_on,
        due_by=row.due_by,
        status=row.status,
        overdue=row.status == FollowUpStatus.OPEN.value and row.due_by < today,
        opened_by_record=row.opened_by_record,
        closed_by_record=row.closed_by_record,
        closed_on=row.closed_on,
        satisfaction=row.satisfaction,
    )


@router.get("", responses={401: {}})
def list_followups(
    user: CurrentUser,
    db: SessionDep,
    status: Annotated[Wanted | None, Query(description="open, closed or overdue")] = None,
    elder_id: Annotated[Text | None, Query()] = None,
) -> list[FollowUpPublic]:
    today = clock.china_today()
    query = select(FollowUpRow).order_by(FollowUpRow.due_by, FollowUpRow.id)
    if status is Wanted.CLOSED:
        query = query.where(FollowUpRow.status == FollowUpStatus.CLOSED.value)
    elif status is not None:
        query = query.where(FollowUpRow.status == FollowUpStatus.OPEN.value)
    if status is Wanted.OVERDUE:
        query = query.where(FollowUpRow.due_by < today)
    if elder_id is not None:
        query = query.where(FollowUpRow.elder_id == elder_id)
    if user.is_visitor:
        rows = [
            row
            for row in db.scalars(query)
            if user.visitor_id is not None and visits_elder(db, user.visitor_id, row.elder_id)
        ]
    else:
        if user.town is not None:
            query = query.where(FollowUpRow.town == user.town)
        rows = list(db.scalars(query))
    return [public(row, today) for row in rows]
