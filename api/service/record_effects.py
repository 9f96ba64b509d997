"""What a stored visit record sets going (issue 19, "records drive the plan"):

- each hazard and each kind of need it found opens a follow-up (``planner.followups``), routed
  to the kind of visitor the policy names and due in the policy's days; a record sent again
  replaces the follow-ups it opened that are still open, and a kind already open for the elder
  is not opened twice;
- each care service (section 六) with the elder's satisfaction closes the elder's follow-ups
  opened by earlier records: those for the recording visitor's kind, or, when none is for
  their kind (the plan gave it to whoever could go), every one open;
- a major event (bereavement, disaster, a fall, a discharge from hospital) queues a surge
  re-plan of the week under way (``api.service.surges``): an urgent home visit within 24 hours.

``take_record`` is called in the transaction that stores the record, so all of it stands or
falls with the record.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api.service.clock import utcnow
from api.service.models import FollowUpRow
from api.service.store import audit
from api.service.surges import queue_event_surge
from planner.followups import FollowUpStatus, opened_by
from planner.model import Role
from planner.policy import Policy
from planner.records import CareService, VisitEntry

OPEN, CLOSED = FollowUpStatus.OPEN.value, FollowUpStatus.CLOSED.value


@dataclass(frozen=True)
class Effects:
    opened: tuple[int, ...] = ()
    closed: tuple[int, ...] = ()
    surge_plan_id: int | None = None


def take_record(
    session: Session,
    record_id: uuid.UUID,
    entry: VisitEntry,
    services: Sequence[CareService],
    *,
    town: str,
    visitor_role: Role | None,
    username: str,
    policy: Policy,
) -> Effects:
    """Open, close and re-plan for one stored record (see the module's docstring)."""
    opened = _open(session, record_id, entry, town, username, policy)
    closed = _close(session, record_id, entry.elder_id, services, visitor_role, username)
    surge = None
    if entry.event is not None:
        surge = queue_event_surge(session, entry.elder_id, town, entry.event, username)
    return Effects(opened, closed, surge)


def _open(
    session: Session,
    record_id: uuid.UUID,
    entry: VisitEntry,
    town: str,
    username: str,
    policy: Policy,
) -> tuple[int, ...]:
    session.execute(
        delete(FollowUpRow).where(
            FollowUpRow.opened_by_record == record_id, FollowUpRow.status == OPEN
        )
    )
    already = set(
        session.scalars(
            select(FollowUpRow.kind).where(
                FollowUpRow.elder_id == entry.elder_id, FollowUpRow.status == OPEN
            )
        )
    )
    found = opened_by(
        entry.elder_id, entry.day, entry.hazards, entry.observations.needs_kinds, policy
    )
    rows = [
        FollowUpRow(
            elder_id=followup.elder_id,
            town=town,
            kind=followup.kind.value,
            role=followup.role.value,
            opened_on=followup.opened_on,
            due_by=followup.due_by,
            status=OPEN,
            opened_by_record=record_id,
            created_at=utcnow(),
        )
        for followup in found
        if followup.kind.value not in already
    ]
    session.add_all(rows)
    session.flush()
    for row in rows:
        audit(
            session,
            username,
            "open_followup",
            f"follow-up {row.id}: elder {row.elder_id} {row.kind} for {row.role} by {row.due_by}",
        )
    return tuple(row.id for row in rows)


def _close(
    session: Session,
    record_id: uuid.UUID,
    elder_id: str,
    services: Sequence[CareService],
    visitor_role: Role | None,
    username: str,
) -> tuple[int, ...]:
    rated = [service for service in services if service.satisfaction is not None]
    if not rated:
        return ()
    last = max(rated, key=lambda service: service.day)
    assert last.satisfaction is not None
    open_rows = list(
        session.scalars(
            select(FollowUpRow).where(
                FollowUpRow.elder_id == elder_id,
                FollowUpRow.status == OPEN,
                FollowUpRow.opened_by_record != record_id,
                FollowUpRow.opened_on <= last.day,
            )
        )
    )
    mine = [row for row in open_rows if visitor_role is not None and row.role == visitor_role]
    closing = mine or open_rows
    for row in closing:
        row.status = CLOSED
        row.closed_by_record = record_id
        row.closed_on = last.day
        row.satisfaction = last.satisfaction.value
        audit(
            session,
            username,
            "close_followup",
            f"follow-up {row.id}: elder {elder_id} {row.kind}, {row.satisfaction}",
        )
    return tuple(row.id for row in closing)
