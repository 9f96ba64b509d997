"""``GET /reports/monthly`` (JSON, the same as ``visitplan report``'s ``report.json``), its
``.xlsx`` and ``.pdf``, and ``GET /exports/national.xlsx``, the flat export for the national
system. A town's coordinator sees their town; a district coordinator or an auditor every town
(or the one asked for); a visitor is refused (403).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from api.service.clock import china_today
from api.service.db import writing
from api.service.deps import Principal, Reader, ServicesDep, SessionDep, reader
from api.service.problems import ProblemError
from api.service.report_data import MonthData, month_data, planned_after
from api.service.routers.me import PAGE_RESPONSES, PageUser
from api.service.store import audit
from planner.monthly_report import MonthReport, report_month
from planner.rates import default_as_of, month_end, parse_month

router = APIRouter(tags=["reports"])

MonthQuery = Annotated[str, Query(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")]
TownQuery = Annotated[str | None, Query(max_length=200)]
OnQuery = Annotated[date | None, Query(description="count up to this day (default: today)")]
LangQuery = Annotated[str, Query(pattern="^(zh|en)$")]
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REFUSALS: dict[int | str, dict[str, Any]] = {401: {}, 403: {}, 422: {}}


def _month(text: str) -> date:
    try:
        return parse_month(text)
    except ValueError as error:
        raise ProblemError(422, f"month {error}") from None


def _as_of(first: date, on: date | None) -> date:
    if on is None:
        return default_as_of(first, china_today())
    if not first <= on <= month_end(first):
        raise ProblemError(422, f"on {on} is not in the month {first:%Y-%m}: give a day of it")
    return on


def _town(user: Principal, town: str | None) -> str | None:
    """The town the report is for; a town's coordinator gets theirs, asked for or not."""
    if user.town is None:
        return town
    if town is not None and town != user.town:
        raise ProblemError(403, f"you coordinate {user.town}; ask for that town's report")
    return user.town


def month_report(
    db: SessionDep,
    found: ServicesDep,
    user: Principal,
    month: str,
    town: str | None,
    on: date | None,
) -> tuple[MonthReport, MonthData]:
    first = _month(month)
    as_of = _as_of(first, on)
    scope = _town(user, town)
    last = month_end(first)
    data = month_data(db, None if scope is None else [scope], first, last)
    towns = {e.town for e in data.elders}
    planned = planned_after(db, sorted(towns), as_of, last) if as_of < last else []
    report = report_month(
        data.elders,
        data.history,
        first,
        as_of,
        found.policy,
        town=scope,
        pauses=data.pauses,
        roles=data.roles,
        recorded=data.recorded,
        followups=data.followups,
        plan=planned or None,
    )
    return report, data


@router.get("/reports/monthly", responses=REFUSALS)
def monthly(
    user: Reader,
    db: SessionDep,
    found: ServicesDep,
    month: MonthQuery,
    town: TownQuery = None,
    on: OnQuery = None,
) -> dict[str, Any]:
    """The month's rates, who is at risk and the work done (ids and counts, no names)."""
    from planner.io.report_files import report_json

    report, _ = month_report(db, found, user, month, town, on)
    return report_json(report)


def _file_answer(write: Callable[[Path], None], name: str, media_type: str) -> Response:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        write(path)
        content = path.read_bytes()
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(content, media_type=media_type, headers=headers)


@router.get("/reports/monthly.xlsx", response_class=Response, responses=REFUSALS)
def monthly_xlsx(
    user: Reader,
    db: SessionDep,
    found: ServicesDep,
    month: MonthQuery,
    town: TownQuery = None,
    on: OnQuery = None,
    lang: LangQuery = "zh",
) -> Response:
    """``report.xlsx``: a summary sheet, the villages, a sheet per town; names masked."""
    from planner.io.report_output import REPORT_XLSX, write_report_xlsx

    report, data = month_report(db, found, user, month, town, on)
    return _file_answer(
        lambda path: write_report_xlsx(report, data.elders, path, lang=lang), REPORT_XLSX, XLSX
    )


@router.get("/reports/monthly.pdf", response_class=Response, responses=REFUSALS)
def monthly_pdf(
    user: Reader,
    db: SessionDep,
    found: ServicesDep,
    month: MonthQuery,
    town: TownQuery = None,
    on: OnQuery = None,
    lang: LangQuery = "zh",
) -> Response:
    """``report.pdf``: the towns' monthly report for the bureau; names masked."""
    from planner.io.report_output import REPORT_PDF
    from planner.io.report_pdf import write_report_pdf

    report, data = month_report(db, found, user, month, town, on)
    return _file_answer(
        lambda path: write_report_pdf(report, data.elders, path, lang), REPORT_PDF, PDF
    )


@router.get("/exports/national.xlsx", response_class=Response, responses=REFUSALS)
def national_xlsx(
    user: Reader,
    db: SessionDep,
    found: ServicesDep,
    month: MonthQuery,
    town: TownQuery = None,
    on: OnQuery = None,
) -> Response:
    """Elders, tiers and visits for the national system (金民工程). Names and resident ID
    numbers in full for a coordinator, each export written to the audit log; masked for an
    auditor."""
    from planner.io.national import NATIONAL_XLSX, national_tables, write_national_xlsx

    report, data = month_report(db, found, user, month, town, on)
    unmasked = user.is_coordinator
    elder_rows, visit_rows = national_tables(
        report, data.elders, data.history, found.policy, unmasked=unmasked
    )
    if unmasked:
        with writing(db) as session:
            scope = report.town or "every town"
            audit(session, user.username, "export_national", f"{month} {scope}")
    return _file_answer(
        lambda path: write_national_xlsx(path, report, elder_rows, visit_rows),
        NATIONAL_XLSX,
        XLSX,
    )


@router.get("/dashboard", response_class=HTMLResponse, responses=PAGE_RESPONSES)
def dashboard(
    user: PageUser,
    db: SessionDep,
    found: ServicesDep,
    town: TownQuery = None,
) -> Response:
    """The coordinators' page: this month's rate, the elders at risk, the open follow-ups."""
    from maps.dashboard import render_dashboard

    if user is None:
        return RedirectResponse("/login", status_code=303)
    reader(user)
    today = china_today()
    report, data = month_report(db, found, user, f"{today:%Y-%m}", town, today)
    query = urlencode({"month": f"{today:%Y-%m}", **({"town": report.town} if report.town else {})})
    page = render_dashboard(
        report,
        {e.elder_id: e for e in data.elders},
        week=today - timedelta(days=today.weekday()),
        lang=found.settings.lang,
        can_plan=user.is_coordinator,
        plan_url="/plans",
        downloads={
            "report.pdf": f"/reports/monthly.pdf?{query}",
            "report.xlsx": f"/reports/monthly.xlsx?{query}",
        },
    )
    return HTMLResponse(page, headers={"Cache-Control": "private, no-store"})
