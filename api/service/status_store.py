"""Elders' pauses and endings, visitors' leave and follow-ups in the database, as the planner's
objects (``planner.elder_status``, ``planner.absences``, ``planner.followups``): what the plan
worker reads beside the elders, visitors and history."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.service.models import ElderStatusRow, FollowUpRow, VisitorAbsenceRow
from planner.absences import Absence, AbsenceKind
from planner.elder_status import Ending, EndingKind, Pause, PauseKind, Status
from planner.followups import FollowUp, FollowUpKind, FollowUpStatus
from planner.model import Role

STATUS_KINDS = (*(k.value for k in PauseKind), *(k.value for k in EndingKind))


def status_of(row: ElderStatusRow) -> Status:
    if row.kind in {k.value for k in EndingKind}:
        return Ending(row.elder_id, row.start_day, EndingKind(row.kind))
    return Pause(row.elder_id, row.start_day, row.end_day, PauseKind(row.kind))


def absence_of(row: VisitorAbsenceRow) -> Absence:
    return Absence(row.visitor_id, row.start_day, row.end_day, AbsenceKind(row.kind))


def followup_of(row: FollowUpRow) -> FollowUp:
    return FollowUp(row.elder_id, FollowUpKind(row.kind), Role(row.role), row.opened_on, row.due_by)


def stored_statuses(session: Session, towns: Iterable[str] | None) -> list[Status]:
    query = select(ElderStatusRow).order_by(ElderStatusRow.id)
    if towns is not None:
        query = query.where(ElderStatusRow.town.in_(list(towns)))
    return [status_of(row) for row in session.scalars(query)]


def stored_absences(
    session: Session, towns: Iterable[str] | None, *, overlapping: tuple[date, date] | None = None
) -> list[Absence]:
    query = select(VisitorAbsenceRow).order_by(VisitorAbsenceRow.id)
    if towns is not None:
        query = query.where(VisitorAbsenceRow.town.in_(list(towns)))
    if overlapping is not None:
        first, last = overlapping
        query = query.where(VisitorAbsenceRow.start_day <= last, VisitorAbsenceRow.end_day >= first)
    return [absence_of(row) for row in session.scalars(query)]


def open_followups(session: Session, towns: Iterable[str] | None) -> list[FollowUp]:
    query = (
        select(FollowUpRow)
        .where(FollowUpRow.status == FollowUpStatus.OPEN.value)
        .order_by(FollowUpRow.id)
    )
    if towns is not None:
        query = query.where(FollowUpRow.town.in_(list(towns)))
    return [followup_of(row) for row in session.scalars(query)]
