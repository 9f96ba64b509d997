"""Who is away: an elder's pauses and endings (``/elders/{id}/pauses``) and a visitor's leave
(``/visitors/{id}/absences``). Coordinators of the town add, list and delete them (each change
audited); auditors read. Plans queued afterwards honour them: nothing is planned for an elder
away, nor for a visitor on leave. Another town's elder or visitor answers 404."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field, ValidationInfo, field_validator
from sqlalchemy import select

from api.service.clock import utcnow
from api.service.db import writing
from api.service.deps import Coordinator, IdPath, Principal, Reader, RowId, ServicesDep, SessionDep
from api.service.models import ElderStatusRow, VisitorAbsenceRow
from api.service.problems import not_found
from api.service.store import audit, stored_elder, stored_visitor
from planner.absences import AbsenceKind
from planner.elder_status import EndingKind, PauseKind

router = APIRouter(tags=["away"])

Day = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))]


class PauseCreate(BaseModel):
    """``hospital``, ``with_family``, ``other``: a pause from ``start`` to ``end`` (empty: until
    further notice); ``deceased``, ``moved_away``: the visits end on ``start`` (no ``end``)."""

    start: Day
    kind: PauseKind | EndingKind
    end: Day | None = None

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: date | None, info: ValidationInfo) -> date | None:
        kind, start = info.data.get("kind"), info.data.get("start")
        if isinstance(kind, EndingKind) and end is not None:
            raise ValueError(f"{kind.value} ends the visits for good: leave end out")
        if end is not None and start is not None and end < start:
            raise ValueError(f"{end} is before start {start}")
        return end


class PausePublic(PauseCreate):
    id: int
    elder_id: str


class AbsenceCreate(BaseModel):
    start: Day
    end: Day
    kind: AbsenceKind = AbsenceKind.LEAVE

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: date, info: ValidationInfo) -> date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise ValueError(f"{end} is before start {start}")
        if start is not None and (end - start).days > 366:
            raise ValueError("leave of more than a year: check the dates")
        return end


class AbsencePublic(AbsenceCreate):
    id: int
    visitor_id: str


def _elder_town(db: SessionDep, user: Principal, elder_id: str) -> str:
    elder = stored_elder(db, elder_id)
    if elder is None or not user.sees_town(elder.town):
        raise not_found(f"elder {elder_id}")
    return elder.town


def _visitor_town(db: SessionDep, user: Principal, visitor_id: str) -> str:
    visitor = stored_visitor(db, visitor_id)
    if visitor is None or not user.sees_town(visitor.town):
        raise not_found(f"visitor {visitor_id}")
    return visitor.town


def _pause_public(row: ElderStatusRow) -> PausePublic:
    kind = EndingKind(row.kind) if row.kind in set(EndingKind) else PauseKind(row.kind)
    return PausePublic(
        id=row.id, elder_id=row.elder_id, start=row.start_day, end=row.end_day, kind=kind
    )


def _absence_public(row: VisitorAbsenceRow) -> AbsencePublic:
    return AbsencePublic(
        id=row.id,
        visitor_id=row.visitor_id,
        start=row.start_day,
        end=row.end_day,
        kind=AbsenceKind(row.kind),
    )


@router.post("/elders/{elder_id}/pauses", status_code=201, responses={404: {}, 422: {}})
def add_pause(
    elder_id: IdPath, body: PauseCreate, user: Coordinator, db: SessionDep, found: ServicesDep
) -> PausePublic:
    town = _elder_town(db, user, elder_id)
    with writing(db) as session:
        row = ElderStatusRow(
            elder_id=elder_id,
            town=town,
            start_day=body.start,
            end_day=body.end,
            kind=body.kind.value,
            created_by=user.username,
            created_at=utcnow(),
        )
        session.add(row)
        session.flush()
        audit(
            session,
            user.username,
            "add_pause",
            f"elder {elder_id}: {body.kind.value} {body.start} to {body.end or 'open'} (#{row.id})",
        )
        return _pause_public(row)


@router.get("/elders/{elder_id}/pauses", responses={404: {}})
def list_pauses(elder_id: IdPath, user: Reader, db: SessionDep) -> list[PausePublic]:
    _elder_town(db, user, elder_id)
    query = select(ElderStatusRow).where(ElderStatusRow.elder_id == elder_id)
    return [_pause_public(row) for row in db.scalars(query.order_by(ElderStatusRow.start_day))]


@router.delete("/elders/{elder_id}/pauses/{pause_id}", status_code=204, responses={404: {}})
def delete_pause(
    elder_id: IdPath, pause_id: RowId, user: Coordinator, db: SessionDep, found: ServicesDep
) -> Response:
    _elder_town(db, user, elder_id)
    with writing(db) as session:
        row = session.get(ElderStatusRow, pause_id)
        if row is None or row.elder_id != elder_id:
            raise not_found(f"pause {pause_id} of elder {elder_id}")
        audit(
            session,
            user.username,
            "delete_pause",
            f"elder {elder_id}: {row.kind} {row.start_day} to {row.end_day or 'open'} (#{row.id})",
        )
        session.delete(row)
    return Response(status_code=204)


@router.post("/visitors/{visitor_id}/absences", status_code=201, responses={404: {}, 422: {}})
def add_absence(
    visitor_id: IdPath, body: AbsenceCreate, user: Coordinator, db: SessionDep, found: ServicesDep
) -> AbsencePublic:
    town = _visitor_town(db, user, visitor_id)
    with writing(db) as session:
        row = VisitorAbsenceRow(
            visitor_id=visitor_id,
            town=town,
            start_day=body.start,
            end_day=body.end,
            kind=body.kind.value,
            created_by=user.username,
            created_at=utcnow(),
        )
        session.add(row)
        session.flush()
        audit(
            session,
            user.username,
            "add_absence",
            f"visitor {visitor_id}: {body.kind.value} {body.start} to {body.end} (#{row.id})",
        )
        return _absence_public(row)


@router.get("/visitors/{visitor_id}/absences", responses={404: {}})
def list_absences(visitor_id: IdPath, user: Reader, db: SessionDep) -> list[AbsencePublic]:
    _visitor_town(db, user, visitor_id)
    query = select(VisitorAbsenceRow).where(VisitorAbsenceRow.visitor_id == visitor_id)
    return [_absence_public(r) for r in db.scalars(query.order_by(VisitorAbsenceRow.start_day))]


@router.delete("/visitors/{visitor_id}/absences/{absence_id}", status_code=204, responses={404: {}})
def delete_absence(
    visitor_id: IdPath, absence_id: RowId, user: Coordinator, db: SessionDep, found: ServicesDep
) -> Response:
    _visitor_town(db, user, visitor_id)
    with writing(db) as session:
        row = session.get(VisitorAbsenceRow, absence_id)
        if row is None or row.visitor_id != visitor_id:
            raise not_found(f"absence {absence_id} of visitor {visitor_id}")
        audit(
            session,
            user.username,
            "delete_absence",
            f"visitor {visitor_id}: {row.kind} {row.start_day} to {row.end_day} (#{row.id})",
        )
        session.delete(row)
    return Response(status_code=204)
