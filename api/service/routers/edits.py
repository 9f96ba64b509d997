"""``PATCH /plans/{id}/visits/{visit_id}``: a coordinator moves a planned visit to another day
or visitor. The request must carry the plan's ETag in ``If-Match`` (428 without it): when
another coordinator edited the plan since it was read, the ETag is stale and the answer is 412,
so nobody overwrites an edit they have not seen. A move that breaks a rule is 409 with why
(``planner.usecases.edit``); the two visitor-days it touches are re-timed and written in one
transaction with the plan's new version.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Header, Response
from pydantic import BaseModel
from sqlalchemy import delete, select, update

from api.service.codec import from_json, to_json
from api.service.db import writing
from api.service.deps import Coordinator, RowId, ServicesDep, SessionDep
from api.service.models import DayRouteRow, PlannedVisitRow, PlanRow
from api.service.plan_store import load_plan, route_row
from api.service.problems import ProblemError, not_found
from api.service.routers.plans import etag, finished_plan
from api.service.store import audit
from api.service.text import Text
from planner.model import PlannedVisit, format_hhmm
from planner.usecases.edit import Move, MoveRefusedError, move_visit

router = APIRouter(prefix="/plans", tags=["plans"])


class VisitMoved(BaseModel):
    date: date
    visitor_id: Text


class MovedVisitRow(BaseModel):
    id: int
    date: date
    visitor_id: str
    elder_id: str
    sequence: int
    arrival: str
    departure: str
    travel_minutes: int


@router.patch(
    "/{plan_id}/visits/{visit_id}",
    responses={401: {}, 403: {}, 404: {}, 409: {}, 412: {}, 428: {}},
)
def move(
    plan_id: RowId,
    visit_id: RowId,
    moved: VisitMoved,
    user: Coordinator,
    db: SessionDep,
    found: ServicesDep,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> list[MovedVisitRow]:
    """Move the visit; answer the re-timed visits of the days it touched and the new ETag."""
    if if_match is None:
        raise ProblemError(428, "send the plan's ETag (from GET /plans/{id}) in If-Match")
    plan_row = finished_plan(db, user, plan_id)
    if if_match != etag(plan_row):
        raise _stale(plan_id)
    row = db.get(PlannedVisitRow, visit_id)
    if row is None or row.plan_id != plan_id or not user.sees_town(row.town):
        raise not_found(f"visit {visit_id} of plan {plan_id}")
    visit = from_json(PlannedVisit, row.facts)
    try:
        result = move_visit(
            load_plan(db, plan_row),
            visit,
            day=moved.date,
            visitor_id=moved.visitor_id,
            policy=found.policy,
        )
    except MoveRefusedError as error:
        raise ProblemError(
            409,
            "the move breaks a rule of the plan; nothing changed",
            errors=[{"message": reason} for reason in error.reasons],
        ) from None
    version = plan_row.version
    with writing(db) as session:
        bumped = session.execute(
            update(PlanRow)
            .where(PlanRow.id == plan_id, PlanRow.version == version)
            .values(version=version + 1)
        )
        if bumped.rowcount != 1:  # type: ignore[attr-defined]
            raise _stale(plan_id)
        rows = _write(session, plan_id, result)
        audit(
            session,
            user.username,
            "move_visit",
            f"plan {plan_id} visit {visit_id}: {visit.visitor_id} {visit.day} -> "
            f"{moved.visitor_id} {moved.date}",
        )
    response.headers["ETag"] = f'"{plan_id}-{version + 1}"'
    return rows


def _stale(plan_id: int) -> ProblemError:
    return ProblemError(
        412, f"plan {plan_id} was changed since you read it: read it again (GET) and retry"
    )


def _write(session: SessionDep, plan_id: int, result: Move) -> list[MovedVisitRow]:
    # Every row is found before any is changed: a re-ordered day swaps sequence numbers.
    found = [
        (_row_of(session, plan_id, old), new)
        for pairs in result.days.values()
        for old, new in pairs
    ]
    answer = []
    for row, new in found:
        row.visitor_id, row.day, row.sequence = new.visitor_id, new.day, new.sequence
        row.facts = to_json(new)
        answer.append(
            MovedVisitRow(
                id=row.id,
                date=new.day,
                visitor_id=new.visitor_id,
                elder_id=new.elder_id,
                sequence=new.sequence,
                arrival=format_hhmm(new.arrival_min),
                departure=format_hhmm(new.departure_min),
                travel_minutes=new.travel_minutes,
            )
        )
    for visitor_id, day in result.days:
        session.execute(
            delete(DayRouteRow).where(
                DayRouteRow.plan_id == plan_id,
                DayRouteRow.visitor_id == visitor_id,
                DayRouteRow.day == day,
            )
        )
    session.flush()
    session.add_all(
        route_row(plan_id, route)
        for route in result.plan.routes
        if (route.visitor_id, route.day) in result.days
    )
    return answer


def _row_of(session: SessionDep, plan_id: int, visit: PlannedVisit) -> PlannedVisitRow:
    return session.scalars(
        select(PlannedVisitRow).where(
            PlannedVisitRow.plan_id == plan_id,
            PlannedVisitRow.visitor_id == visit.visitor_id,
            PlannedVisitRow.day == visit.day,
            PlannedVisitRow.sequence == visit.sequence,
        )
    ).one()
