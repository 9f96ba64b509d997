"""``PUT /visits/{uuid}``: a visitor records a visit they made, with the notice's form
(sections 五 and 六). The uuid is made by the form, so sending the same record twice (a lost
answer on a weak signal) stores one record: 201 the first time, 200 after. A recorded visit
counts in the history of the next plan with its reason; the facts it found changed update the
elder, kept in the elder's dated history.

``GET /visits`` lists records (a visitor their own, a coordinator their town, an auditor all),
``GET /visits/{uuid}`` reads one, ``GET /visits/export.xlsx?month=`` gives the month's records
as a workbook (masked; ``unmasked=true`` for coordinators only, audited).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlalchemy.exc import IntegrityError

from api.service.access import visits_elder
from api.service.db import transaction
from api.service.deps import CurrentUser, Principal, ServicesDep, SessionDep, Visitor
from api.service.models import VisitRecord
from api.service.problems import ProblemError, not_found
from api.service.record_schema import VisitRecorded, VisitRecordPublic
from api.service.record_views import (
    Month,
    export_workbook,
    public_record,
    records_filter,
)
from api.service.records_store import RecordFilter, save_record, visible_records
from api.service.store import audit
from api.service.text import Text
from planner.records import Hazard

router = APIRouter(prefix="/visits", tags=["visits"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HazardFilter = Annotated[Hazard | None, Query(description="a hazard code; see also any_hazard")]


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
            _own(session, record_id, record.elder_id, user.visitor_id)
            stored = save_record(
                session,
                record_id,
                record,
                visitor_id=user.visitor_id,
                username=user.username,
                policy=found.policy,
            )
            created, public = stored.created, public_record(stored.row)
    except IntegrityError:  # the same uuid sent twice at once: the other request stored it
        with found.sessions() as session:
            row = session.get(VisitRecord, record_id)
            if row is None or row.visitor_id != user.visitor_id:
                raise not_found(f"visit record {record_id}") from None
            created, public = False, public_record(row)
    response.status_code = 201 if created else 200
    return public


def _own(session: SessionDep, record_id: uuid.UUID, elder_id: str, visitor_id: str) -> None:
    """An elder not the visitor's, or another visitor's uuid, is 404."""
    if not visits_elder(session, visitor_id, elder_id):
        raise not_found(f"elder {elder_id}")
    existing = session.get(VisitRecord, record_id)
    if existing is not None and existing.visitor_id != visitor_id:
        raise not_found(f"visit record {record_id}")


@router.get("", responses={401: {}, 404: {}, 422: {}})
def list_records(
    user: CurrentUser,
    db: SessionDep,
    elder_id: Annotated[Text | None, Query()] = None,
    visitor_id: Annotated[Text | None, Query()] = None,
    town: Annotated[Text | None, Query()] = None,
    village: Annotated[Text | None, Query()] = None,
    month: Annotated[Month | None, Query(description="YYYY-MM")] = None,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
    hazard: HazardFilter = None,
    any_hazard: Annotated[bool, Query()] = False,
) -> list[VisitRecordPublic]:
    """The records the caller may read, filtered; oldest first."""
    wanted = records_filter(
        RecordFilter(elder_id, visitor_id, town, village, start, end),
        month=month,
        hazard=hazard,
        any_hazard=any_hazard,
    )
    _town_visible(user, town)
    return [public_record(row) for row in visible_records(db, user, wanted)]


@router.get(
    "/export.xlsx",
    responses={200: {"content": {XLSX: {}}}, 401: {}, 403: {}, 404: {}, 422: {}},
    response_class=Response,
)
def export_records(
    user: CurrentUser,
    found: ServicesDep,
    db: SessionDep,
    month: Annotated[Month, Query(description="YYYY-MM")],
    town: Annotated[Text | None, Query()] = None,
    unmasked: Annotated[bool, Query()] = False,
) -> Response:
    """The month's records as a workbook, masked unless a coordinator asks ``unmasked``."""
    if user.is_visitor:
        raise ProblemError(403, "visitors read their own records at GET /visits, not exports")
    if unmasked and not user.is_coordinator:
        raise ProblemError(403, f"only a coordinator may export unmasked; you are {user.role}")
    _town_visible(user, town)
    wanted = records_filter(RecordFilter(town=town), month=month)
    rows = visible_records(db, user, wanted)
    if unmasked:
        with transaction(found.sessions) as session:
            audit(session, user.username, "export_records_unmasked", f"{month}: {len(rows)}")
    body = export_workbook(
        db, rows, found.policy, month, lang=found.settings.lang, masked=not unmasked
    )
    name = f"records-{month}.xlsx"
    return Response(
        body,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/{record_id}", responses={401: {}, 404: {}})
def read_record(record_id: uuid.UUID, user: CurrentUser, db: SessionDep) -> VisitRecordPublic:
    row = db.get(VisitRecord, record_id)
    if row is None or not _may_read(user, row):
        raise not_found(f"visit record {record_id}")
    return public_record(row)


def _may_read(user: Principal, row: VisitRecord) -> bool:
    if user.is_visitor:
        return row.visitor_id == user.visitor_id
    return user.sees_town(row.town)


def _town_visible(user: Principal, town: str | None) -> None:
    if town is not None and not user.is_visitor and not user.sees_town(town):
        raise not_found(f"town {town}")
