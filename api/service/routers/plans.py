"""Plans: ``POST /plans`` queues one for the worker (202 and ``Location``), ``GET /plans/{id}``
follows it, and the roster and unassigned visits of a finished plan are read here.

A coordinator of one town sees only plans of that town (or of the district, cut to their town);
another town's plan answers 404. Auditors read everything and change nothing.
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import select

from api.service.db import transaction
from api.service.deps import Coordinator, Principal, Reader, RowId, ServicesDep, SessionDep
from api.service.models import PlannedVisitRow, PlanRow, UnassignedVisitRow
from api.service.plan_store import DONE, load_plan, queue_plan, restricted
from api.service.problems import ProblemError, not_found
from api.service.store import audit
from api.service.text import Text
from planner.io.outputs import ROSTER_CSV, write_roster_csv
from planner.io.workbook import write_roster_xlsx
from planner.model import Plan, format_hhmm

router = APIRouter(prefix="/plans", tags=["plans"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PlanAsked(BaseModel):
    week: date = Field(description="The Monday that starts the week, YYYY-MM-DD.")
    town: Text | None = Field(default=None, description="One town; empty: every town.")

    @field_validator("week")
    @classmethod
    def _a_monday(cls, week: date) -> date:
        if week.weekday() != 0:
            monday = week - timedelta(days=week.weekday())
            raise ValueError(
                f"{week} is not a Monday: give the Monday that starts the week, e.g. {monday}"
            )
        return week


class PlanStatus(BaseModel):
    id: int
    week: date
    town: str | None
    status: Literal["queued", "running", "done", "failed"]
    error: str | None = None
    summary: dict[str, Any] | None = None
    version: int


class RosterRow(BaseModel):
    id: int
    date: date
    visitor_id: str
    elder_id: str
    town: str
    tier: str
    mode: str
    sequence: int
    arrival: str
    departure: str
    travel_minutes: int
    reason: str


class UnassignedRow(BaseModel):
    elder_id: str
    town: str
    tier: str
    due_by: date
    reason: str


@router.post("", status_code=202, responses={401: {}, 403: {}, 404: {}, 422: {}})
def ask_for_plan(
    asked: PlanAsked, user: Coordinator, found: ServicesDep, response: Response
) -> PlanStatus:
    """Queue the week's plan; follow ``Location`` until ``status`` is done or failed."""
    town = asked.town if asked.town is not None else user.town
    if user.town is not None and town != user.town:
        raise not_found(f"town {town}")
    with transaction(found.sessions) as session:
        plan = queue_plan(session, asked.week, town, user.username)
        audit(
            session,
            user.username,
            "plan",
            f"plan {plan.id}: week {asked.week}, {town or 'all towns'}",
        )
    response.headers["Location"] = f"/plans/{plan.id}"
    return _status(plan)


@router.get("", responses={401: {}, 403: {}})
def list_plans(
    user: Reader,
    db: SessionDep,
    week: Annotated[date | None, Query(description="Only this week's plans.")] = None,
) -> list[PlanStatus]:
    """The plans the caller may read, newest first (at most 200), without their summaries."""
    query = select(PlanRow).order_by(PlanRow.id.desc()).limit(200)
    if user.town is not None:
        query = query.where((PlanRow.town == user.town) | PlanRow.town.is_(None))
    if week is not None:
        query = query.where(PlanRow.week_start == week)
    return [_status(plan).model_copy(update={"summary": None}) for plan in db.scalars(query)]


def visible_plan(db: SessionDep, user: Principal, plan_id: int) -> PlanRow:
    plan = db.get(PlanRow, plan_id)
    if plan is None or not (user.town is None or plan.town in (None, user.town)):
        raise not_found(f"plan {plan_id}")
    return plan


def _status(plan: PlanRow) -> PlanStatus:
    return PlanStatus(
        id=plan.id,
        week=plan.week_start,
        town=plan.town,
        status=plan.status,  # type: ignore[arg-type]
        error=plan.error,
        summary=plan.summary,
        version=plan.version,
    )


@router.get("/{plan_id}", responses={401: {}, 403: {}, 404: {}})
def plan_status(plan_id: RowId, user: Reader, db: SessionDep, response: Response) -> PlanStatus:
    plan = visible_plan(db, user, plan_id)
    response.headers["ETag"] = etag(plan)
    return _status(plan)


def etag(plan: PlanRow) -> str:
    return f'"{plan.id}-{plan.version}"'


def finished_plan(db: SessionDep, user: Principal, plan_id: int) -> PlanRow:
    plan = visible_plan(db, user, plan_id)
    if plan.status != DONE:
        raise ProblemError(409, f"plan {plan_id} is {plan.status}, not done: wait for it")
    return plan


@router.get(
    "/{plan_id}/roster",
    responses={
        200: {"content": {XLSX: {}, "text/csv": {}}},
        401: {},
        403: {},
        404: {},
        409: {},
    },
    response_model=list[RosterRow],
)
def roster(
    plan_id: RowId,
    user: Reader,
    db: SessionDep,
    found: ServicesDep,
    town: Annotated[Text | None, Query()] = None,
    visitor: Annotated[Text | None, Query()] = None,
    day: Annotated[date | None, Query(alias="date")] = None,
    format: Annotated[Literal["json", "xlsx", "csv"], Query()] = "json",
) -> Response:
    """The planned visits, filtered by town, visitor and date; ``?format=xlsx``: the
    workbook for people (masked personal data, a sheet per town); ``?format=csv``: the
    command line's ``roster.csv``, byte for byte the same writer."""
    row = finished_plan(db, user, plan_id)
    towns = _towns_seen(user, town)
    plan = restricted(load_plan(db, row), towns=towns, visitor_id=visitor, day=day)
    headers = {"ETag": etag(row)}
    if format == "csv":
        return Response(_roster_csv(plan), media_type="text/csv; charset=utf-8", headers=headers)
    if format == "xlsx":
        return Response(
            _workbook(plan, found.settings.lang),
            media_type=XLSX,
            headers={
                **headers,
                "Content-Disposition": f'attachment; filename="roster-{plan_id}.xlsx"',
            },
        )
    ids = _visit_ids(db, plan_id)
    town_of = {elder.elder_id: elder.town for elder in plan.elders}
    rows = [
        RosterRow(
            id=ids[(v.day, v.visitor_id, v.sequence)],
            date=v.day,
            visitor_id=v.visitor_id,
            elder_id=v.elder_id,
            town=town_of[v.elder_id],
            tier=v.tier.value,
            mode=v.mode.value,
            sequence=v.sequence,
            arrival=format_hhmm(v.arrival_min),
            departure=format_hhmm(v.departure_min),
            travel_minutes=v.travel_minutes,
            reason=v.reason.value,
        ).model_dump(mode="json")
        for v in plan.visits
    ]
    return JSONResponse(rows, headers=headers)


@router.get("/{plan_id}/unassigned", responses={401: {}, 403: {}, 404: {}, 409: {}})
def unassigned(
    plan_id: RowId,
    user: Reader,
    db: SessionDep,
    found: ServicesDep,
    town: Annotated[Text | None, Query()] = None,
) -> list[UnassignedRow]:
    """Every visit due in the week that is not planned, with why in words."""
    finished_plan(db, user, plan_id)
    towns = _towns_seen(user, town)
    query = select(UnassignedVisitRow).where(UnassignedVisitRow.plan_id == plan_id)
    if towns is not None:
        query = query.where(UnassignedVisitRow.town.in_(towns))
    english = found.settings.lang == "en"
    return [
        UnassignedRow(
            elder_id=item.elder_id,
            town=item.town,
            tier=str(item.facts["tier"]),
            due_by=item.due_by,
            reason=item.reason_en if english else item.reason_zh,
        )
        for item in db.scalars(query.order_by(UnassignedVisitRow.due_by, UnassignedVisitRow.id))
    ]


def _towns_seen(user: Principal, town: str | None) -> list[str] | None:
    """The towns a reader asked for and may see (None: all)."""
    if user.town is not None:
        if town not in (None, user.town):
            raise not_found(f"town {town}")
        return [user.town]
    return None if town is None else [town]


def _visit_ids(db: SessionDep, plan_id: int) -> dict[tuple[date, str, int], int]:
    rows = db.execute(
        select(
            PlannedVisitRow.id,
            PlannedVisitRow.day,
            PlannedVisitRow.visitor_id,
            PlannedVisitRow.sequence,
        ).where(PlannedVisitRow.plan_id == plan_id)
    )
    return {(day, visitor_id, sequence): row_id for row_id, day, visitor_id, sequence in rows}


def _roster_csv(plan: Plan) -> bytes:
    with tempfile.TemporaryDirectory(prefix="visitplan-roster-") as folder:
        path = Path(folder) / ROSTER_CSV
        write_roster_csv(plan, path)
        return path.read_bytes()


def _workbook(plan: Plan, lang: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="visitplan-roster-") as folder:
        path = Path(folder) / "roster.xlsx"
        write_roster_xlsx(plan, path, lang=lang)
        return path.read_bytes()
