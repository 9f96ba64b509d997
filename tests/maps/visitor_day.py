"""A visitor's Monday for the page tests and the README's screenshot.

V001 (陈建华) visits four homes and makes one call, with facts that weigh what each visit should
cover: E1 bedridden and living alone, E3 (called) in an empty nest, E2 with a grade-2
disability, E4 before a storm, E6 in good health. ``hostile_day`` is the same day with names,
villages and ids that try to break out of the page.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from maps.visitor_page import (
    LEAFLET_DIR,
    render_login_page,
    render_record_form,
    render_visitor_day,
)
from planner.io.page_words import page_text
from planner.model import (
    Ability,
    DayRoute,
    Elder,
    PlannedVisit,
    Tier,
    VisitMode,
    Visitor,
    VisitReason,
)
from planner.records import Hazard, NeedKind
from tests.maps.conftest import ELDER_BY_ID, MONDAY, VISITORS

VISITOR = VISITORS[0]
FACTS = {
    "E1": {"bedridden": True, "lives_alone": True, "ability": Ability.UNASSESSED},
    "E2": {"disability_grade": 2, "ability": Ability.MODERATE},
    "E3": {"empty_nest": True, "ability": Ability.INTACT, "birth_date": date(1955, 3, 1)},
    "E4": {"ability": Ability.SEVERE},
    "E6": {"ability": Ability.INTACT, "birth_date": date(1958, 5, 1)},
}
ELDERS = {elder_id: replace(ELDER_BY_ID[elder_id], **facts) for elder_id, facts in FACTS.items()}
# (elder, mode, tier, arrival, departure, travel minutes, reason)
_ROWS = (
    ("E1", VisitMode.HOME, Tier.KEY, "08:50", "09:20", 20, VisitReason.REGULAR),
    ("E3", VisitMode.PHONE, Tier.GENERAL, "09:20", "09:30", 0, VisitReason.REGULAR),
    ("E2", VisitMode.HOME, Tier.KEY, "09:42", "10:12", 12, VisitReason.REGULAR),
    ("E4", VisitMode.HOME, Tier.KEY, "10:30", "11:00", 18, VisitReason.WEATHER),
    ("E6", VisitMode.HOME, Tier.GENERAL, "11:15", "11:45", 15, VisitReason.REGULAR),
)


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


VISITS = tuple(
    PlannedVisit(
        day=MONDAY,
        visitor_id=VISITOR.visitor_id,
        elder_id=elder_id,
        tier=tier,
        mode=mode,
        sequence=sequence,
        arrival_min=_minutes(arrival),
        departure_min=_minutes(departure),
        travel_minutes=travel,
        reason=reason,
        due_by=MONDAY + timedelta(days=6),
    )
    for sequence, (elder_id, mode, tier, arrival, departure, travel, reason) in enumerate(
        _ROWS, start=1
    )
)
HOME_VISITS = tuple(v for v in VISITS if v.mode is VisitMode.HOME)
ROUTE = DayRoute(
    visitor_id=VISITOR.visitor_id,
    day=MONDAY,
    path=(
        VISITOR.start,
        *(ELDERS[v.elder_id].location for v in HOME_VISITS),
        VISITOR.start,
    ),
    elder_ids=tuple(v.elder_id for v in HOME_VISITS),
    minutes=sum(v.travel_minutes for v in HOME_VISITS) + 14,
    km=9.8,
)

HOSTILE_VILLAGE = "<script>window.pwned=1</script>\"' OR 1=1 --"
HOSTILE_NAME = '"><img src=x onerror=window.pwned=2>'
HOSTILE_VISITOR_ID = "V<b>1</b>"


def hostile_day() -> tuple[dict[str, Elder], Visitor, tuple[PlannedVisit, ...], DayRoute]:
    """The same day with a village, names and the visitor's id that try to run a script."""
    elders = {
        elder_id: replace(elder, village=HOSTILE_VILLAGE, name=HOSTILE_NAME)
        for elder_id, elder in ELDERS.items()
    }
    visitor = replace(VISITOR, visitor_id=HOSTILE_VISITOR_ID, name="=cmd|' /C calc'!A0")
    visits = tuple(replace(v, visitor_id=HOSTILE_VISITOR_ID) for v in VISITS)
    route = replace(ROUTE, visitor_id=HOSTILE_VISITOR_ID)
    return elders, visitor, visits, route


DAY_PAGE = "/me/2026-12-07.html"


def _day_page(
    visits: tuple[PlannedVisit, ...],
    elders: dict[str, Elder],
    visitor: Visitor,
    route: DayRoute,
    static_url: str = "/static/leaflet",
    lang: str = "zh",
) -> str:
    return render_visitor_day(
        visits,
        elders,
        visitor,
        MONDAY,
        route,
        lang=lang,
        static_url=static_url,
        record_url=lambda visit: f"/record/{visit.sequence}.html",
        day_url=lambda day: f"/me/{day.isoformat()}.html",
    )


@dataclass(frozen=True)
class LastVisit:
    """The notes of an elder's last visit, as the service's day carries them."""

    elder_id: str
    day: date
    hazards: tuple[Hazard, ...] = ()
    needs_kinds: tuple[NeedKind, ...] = ()
    needs: str = ""
    suggested_care: str = ""


LAST_VISIT = LastVisit(
    "E1",
    MONDAY - timedelta(days=7),
    hazards=(Hazard.GAS,),
    needs_kinds=(NeedKind.CARE,),
    needs="想申请助餐服务",
    suggested_care="联系家庭医生复查血压",
)
"""E1's visit a week before: the gas was unsafe and she asked for meals; her form shows it."""


def write_site(root: Path, lang: str = "zh") -> None:
    """The pages as the service would serve them, Leaflet at /static/leaflet: the day, the
    hostile day, the day without Leaflet, a record form per visit and the login page."""
    shutil.copytree(LEAFLET_DIR, root / "static" / "leaflet")
    (root / "me").mkdir()
    (root / "record").mkdir()
    pages = {
        DAY_PAGE: _day_page(VISITS, ELDERS, VISITOR, ROUTE, lang=lang),
        "/hostile.html": _day_page(*_hostile_visits_first()),
        "/no-leaflet.html": _day_page(VISITS, ELDERS, VISITOR, ROUTE, static_url="/nowhere"),
        "/login.html": render_login_page(
            lang=lang, action="/auth/login", error=page_text("login_failed", lang)
        ),
    }
    for visit in VISITS:
        pages[f"/record/{visit.sequence}.html"] = render_record_form(
            visit,
            ELDERS[visit.elder_id],
            lang=lang,
            submit_url="/visits/{uuid}",
            back_url=DAY_PAGE,
            last=LAST_VISIT if visit.elder_id == LAST_VISIT.elder_id else None,
        )
    for path, text in pages.items():
        (root / path.lstrip("/")).write_text(text, encoding="utf-8")


def _hostile_visits_first() -> tuple[tuple[PlannedVisit, ...], dict[str, Elder], Visitor, DayRoute]:
    elders, visitor, visits, route = hostile_day()
    return visits, elders, visitor, route
