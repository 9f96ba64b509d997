"""The month's data for a report, from the service's database: the elders of the towns asked
for, their imported history (with its reasons) and their recorded visits (with their minutes).

The elders' pauses and endings (``elder_statuses``) leave them out of what the month owes, and
the open follow-ups (``followups``) show as late once past their due date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.service.codec import from_json
from api.service.models import (
    ElderStatusRow,
    FollowUpRow,
    HistoryRow,
    PlannedVisitRow,
    VisitRecord,
)
from api.service.plan_store import latest_done_plan
from api.service.store import stored_elders, stored_visitors
from planner.elder_status import EndingKind
from planner.followups import FollowUpStatus
from planner.model import Elder, PastVisit, PlannedVisit, Role, VisitMode, VisitReason
from planner.month_risks import FollowUp
from planner.month_work import VisitKey
from planner.rates import Pause, PauseKind


@dataclass(frozen=True)
class MonthData:
    elders: list[Elder]
    history: list[PastVisit]
    roles: dict[str, Role]
    recorded: dict[VisitKey, int]
    """The minutes each recorded visit took (a record's ``duration_minutes``)."""
    pauses: tuple[Pause, ...] = ()
    followups: tuple[FollowUp, ...] = ()


def _reason(value: object) -> VisitReason:
    try:
        return VisitReason(str(value))
    except ValueError:
        return VisitReason.REGULAR


def month_data(session: Session, towns: Iterable[str] | None, first: date, last: date) -> MonthData:
    """Everything a report of the month needs; ``towns`` None: every town."""
    town_list = None if towns is None else list(towns)
    elders = stored_elders(session, town_list)
    wanted = {e.elder_id for e in elders}
    # The whole quarter: whether an elder had a home visit this quarter is part of the report.
    quarter_first = first.replace(month=(first.month - 1) // 3 * 3 + 1)
    history = [
        PastVisit(row.day, row.elder_id, row.visitor_id, VisitMode(row.mode), _reason(row.reason))
        for row in session.scalars(
            select(HistoryRow).where(HistoryRow.day >= quarter_first, HistoryRow.day <= last)
        )
        if row.elder_id in wanted
    ]
    recorded: dict[VisitKey, int] = {}
    for record in session.scalars(
        select(VisitRecord).where(VisitRecord.day >= quarter_first, VisitRecord.day <= last)
    ):
        if record.elder_id not in wanted:
            continue
        reason = _reason(record.reason)
        history.append(
            PastVisit(
                record.day, record.elder_id, record.visitor_id, VisitMode(record.mode), reason
            )
        )
        recorded[(record.day, record.visitor_id, record.elder_id)] = record.duration_minutes
    history.sort(key=lambda v: (v.day, v.elder_id, v.visitor_id))
    roles = {v.visitor_id: v.role for v in stored_visitors(session, town_list)}
    return MonthData(
        elders,
        history,
        roles,
        recorded,
        _pauses(session, wanted, first, last),
        _open_followups(session, wanted),
    )


_ENDINGS = frozenset(kind.value for kind in EndingKind)


def _pauses(session: Session, elder_ids: set[str], first: date, last: date) -> tuple[Pause, ...]:
    """The elders' pauses and endings (``planner.elder_status``) that touch the month."""
    rows = session.scalars(
        select(ElderStatusRow).where(ElderStatusRow.start_day <= last).order_by(ElderStatusRow.id)
    )
    found = []
    for row in rows:
        if row.elder_id not in elder_ids or (row.end_day is not None and row.end_day < first):
            continue
        ended = row.kind in _ENDINGS
        kind = PauseKind.ENDED if ended else PauseKind.PAUSED
        found.append(Pause(row.elder_id, row.start_day, None if ended else row.end_day, kind))
    return tuple(found)


def _open_followups(session: Session, elder_ids: set[str]) -> tuple[FollowUp, ...]:
    rows = session.scalars(
        select(FollowUpRow)
        .where(FollowUpRow.status == FollowUpStatus.OPEN.value)
        .order_by(FollowUpRow.due_by, FollowUpRow.id)
    )
    return tuple(
        FollowUp(row.elder_id, row.kind, row.due_by) for row in rows if row.elder_id in elder_ids
    )


def planned_after(
    session: Session, towns: Iterable[str], as_of: date, last: date
) -> list[PlannedVisit]:
    """The visits the newest finished plan of each week still has for the rest of the month."""
    visits: list[PlannedVisit] = []
    monday = as_of - timedelta(days=as_of.weekday())
    while monday <= last:
        plans = {latest_done_plan(session, monday, town) for town in towns}
        for plan in plans:
            if plan is None:
                continue
            rows = session.scalars(
                select(PlannedVisitRow).where(
                    PlannedVisitRow.plan_id == plan.id, PlannedVisitRow.day > as_of
                )
            )
            visits += [from_json(PlannedVisit, row.facts) for row in rows]
        monday += timedelta(days=7)
    return visits
