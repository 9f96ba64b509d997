"""The visitor's own pages: ``/me/today`` and ``/me/{date}`` (the day, phone-sized) and the
record form of a planned visit. A browser that is not logged in is sent to ``/login``."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from api.service.access import visible_visitor
from api.service.clock import china_today, out_of_planning_range
from api.service.codec import from_json
from api.service.deps import Principal, RowId, ServicesDep, SessionDep, current_user
from api.service.models import PlannedVisitRow, PlanRow
from api.service.pages import render_record_form
from api.service.plan_store import DONE
from api.service.problems import ProblemError, not_found
from api.service.routers.visitors import render_day
from api.service.visitor_day import VisitorDay, elders_of, last_visits, visitor_day
from planner.model import PlannedVisit

router = APIRouter(prefix="/me", tags=["me"])
PAGE_RESPONSES: dict[int | str, dict[str, str]] = {
    303: {"description": "Not logged in: to /login"},
    403: {"description": "Not a visitor's account"},
}


def page_user(request: Request, found: ServicesDep, db: SessionDep) -> Principal | None:
    """The logged-in user, or None (the page then redirects to the login form)."""
    try:
        return current_user(request, found, db, None)
    except ProblemError as error:
        if error.status == 401:
            return None
        raise


PageUser = Annotated[Principal | None, Depends(page_user)]


def _to_login() -> RedirectResponse:
    return RedirectResponse("/login", status_code=303)


def _own_visitor_id(user: Principal) -> str:
    if not user.is_visitor or user.visitor_id is None:
        raise ProblemError(403, "these pages are a visitor's own day; you are " + user.role)
    return user.visitor_id


@router.get("/today", response_class=HTMLResponse, responses=PAGE_RESPONSES)
def today(user: PageUser, db: SessionDep, found: ServicesDep) -> Response:
    """Today's visits (China time), in order, with the route map."""
    return _day_page(user, db, found, china_today())


@router.get("/{day}", response_class=HTMLResponse, responses=PAGE_RESPONSES)
def some_day(day: date, user: PageUser, db: SessionDep, found: ServicesDep) -> Response:
    return _day_page(user, db, found, day)


def _day_page(user: Principal | None, db: Session, found: ServicesDep, day: date) -> Response:
    if user is None:
        return _to_login()
    visitor = visible_visitor(db, user, _own_visitor_id(user))
    if out_of_planning_range(day):
        raise not_found(f"the day page of {day}")
    one_day = visitor_day(db, visitor, day) or VisitorDay(0, visitor, day, (), (), {}, None)
    page = render_day(one_day, found.settings.lang, day_url=lambda d: f"/me/{d.isoformat()}")
    return HTMLResponse(page, headers={"Cache-Control": "private, no-store"})


@router.get(
    "/visits/{visit_id}/record", response_class=HTMLResponse, responses={**PAGE_RESPONSES, 404: {}}
)
def record_form(visit_id: RowId, user: PageUser, db: SessionDep, found: ServicesDep) -> Response:
    """The record form of one of the visitor's planned visits."""
    if user is None:
        return _to_login()
    visitor_id = _own_visitor_id(user)
    row = db.get(PlannedVisitRow, visit_id)
    plan = None if row is None else db.get(PlanRow, row.plan_id)
    if row is None or plan is None or plan.status != DONE or row.visitor_id != visitor_id:
        raise not_found(f"planned visit {visit_id}")
    visit = from_json(PlannedVisit, row.facts)
    elder = elders_of(db, plan, {visit.elder_id})[visit.elder_id]
    page = render_record_form(
        visit,
        elder,
        lang=found.settings.lang,
        submit_url="/visits/{uuid}",
        back_url=f"/me/{visit.day.isoformat()}",
        last=last_visits(db, {visit.elder_id}, visit.day).get(visit.elder_id),
    )
    return HTMLResponse(page, headers={"Cache-Control": "private, no-store"})
