"""A visitor's routes (GeoJSON), map page and calendar; the visitor themself, their town's
coordinator and auditors may read them, anyone else gets 404."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import select

from api.service.access import visible_visitor
from api.service.clock import china_today, out_of_planning_range
from api.service.codec import from_json
from api.service.deps import CurrentUser, IdPath, ServicesDep, SessionDep
from api.service.models import PlannedVisitRow
from api.service.pages import STATIC_LEAFLET, render_visitor_day, visitor_calendar
from api.service.problems import not_found
from api.service.visitor_day import VisitorDay, elders_of, visitor_day, visitor_weeks
from planner.io.outputs import routes_feature_collection
from planner.model import Elder, PlannedVisit

router = APIRouter(prefix="/visitors", tags=["visitors"])
GEOJSON = "application/geo+json"
REFUSALS: dict[int | str, dict[str, Any]] = {401: {}, 404: {}}


def day_of(db: SessionDep, user: CurrentUser, visitor_id: str, day: date) -> VisitorDay:
    visitor = visible_visitor(db, user, visitor_id)
    found = None if out_of_planning_range(day) else visitor_day(db, visitor, day)
    if found is None:
        raise not_found(f"a finished plan for {visitor_id} on {day}")
    return found


@router.get(
    "/{visitor_id}/routes/{day}",
    responses={**REFUSALS, 200: {"content": {GEOJSON: {}}}},
)
def routes(visitor_id: IdPath, day: date, user: CurrentUser, db: SessionDep) -> JSONResponse:
    """The day's route and home visits as RFC 7946 GeoJSON (as ``routes.geojson``)."""
    found = day_of(db, user, visitor_id, day)
    collection = routes_feature_collection(found.as_plan(found.day))
    return JSONResponse(collection, media_type=GEOJSON)


@router.get(
    "/{visitor_id}/routes/{day}/map",
    response_class=HTMLResponse,
    responses=REFUSALS,
)
def map_page(
    visitor_id: IdPath, day: date, user: CurrentUser, db: SessionDep, found: ServicesDep
) -> HTMLResponse:
    """The day's page: visits in order, the route map, navigation links."""
    one_day = day_of(db, user, visitor_id, day)
    return HTMLResponse(
        render_day(
            one_day,
            found.settings.lang,
            day_url=lambda d: f"/visitors/{visitor_id}/routes/{d.isoformat()}/map",
        )
    )


@router.get("/{visitor_id}/map", response_class=HTMLResponse, responses=REFUSALS)
def map_of_day(
    visitor_id: IdPath,
    user: CurrentUser,
    db: SessionDep,
    found: ServicesDep,
    day: Annotated[date | None, Query(alias="date", description="Default: today")] = None,
) -> HTMLResponse:
    """The same page for ``?date=`` (today, China time, when not given)."""
    return map_page(visitor_id, day or china_today(), user, db, found)


def render_day(one_day: VisitorDay, lang: str, *, day_url: Any) -> str:
    ids = dict(zip(one_day.visits, one_day.visit_ids, strict=True))
    return render_visitor_day(
        one_day.visits,
        one_day.elders,
        one_day.visitor,
        one_day.day,
        one_day.route,
        lang=lang,
        static_url=STATIC_LEAFLET,
        record_url=lambda visit: f"/me/visits/{ids[visit]}/record",
        day_url=day_url,
        followups=one_day.followups,
    )


@router.get(
    "/{visitor_id}/calendar.ics",
    response_class=Response,
    responses={**REFUSALS, 200: {"content": {"text/calendar": {}}}},
)
def calendar_feed(
    visitor_id: IdPath, user: CurrentUser, db: SessionDep, found: ServicesDep
) -> Response:
    """The visitor's planned visits of every published week, as iCalendar (masked names)."""
    visitor = visible_visitor(db, user, visitor_id)
    visits: list[PlannedVisit] = []
    elder_ids: set[str] = set()
    plans = visitor_weeks(db, visitor)
    for plan in plans:
        rows = db.scalars(
            select(PlannedVisitRow).where(
                PlannedVisitRow.plan_id == plan.id, PlannedVisitRow.visitor_id == visitor_id
            )
        )
        for row in rows:
            visits.append(from_json(PlannedVisit, row.facts))
            elder_ids.add(row.elder_id)
    elders: dict[str, Elder] = {}
    for plan in plans:
        elders.update(elders_of(db, plan, elder_ids - set(elders)))
    body = visitor_calendar(visits, elders, visitor, lang=found.settings.lang)
    return Response(body, media_type="text/calendar; charset=utf-8")
