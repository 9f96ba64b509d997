"""A small week's plan built by hand: 2 visitors, 2 days, home and phone visits, one unassigned.

V001 (陈建华) works Monday (home E1, phone E3, home E2, with a route) and Tuesday (one phone call,
no route); V002 (刘洋) works Monday only (home E4). E5 is due but not planned; E6 is not due.

Below the plan, the tests' ways of reading the pages written: the file names of its day maps,
and the shapes each layer hands to Leaflet.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, sync_playwright

from geo.crs import LonLat
from maps import write_plan_maps
from planner.model import (
    DayRoute,
    Elder,
    Plan,
    PlannedVisit,
    Reason,
    ReasonCode,
    Role,
    Tier,
    UnassignedVisit,
    VisitMode,
    Visitor,
    VisitReason,
)
from tests.maps.browser import launch

MONDAY = date(2026, 12, 7)
TUESDAY = MONDAY + timedelta(days=1)
TOWN = "古邵镇"
START_V001 = LonLat(117.4550, 34.8000)
START_V002 = LonLat(117.4700, 34.8100)


def _elder(elder_id: str, name: str, phone: str, id_number: str, lon: float, lat: float) -> Elder:
    return Elder(
        elder_id=elder_id,
        name=name,
        town=TOWN,
        village="王庄村",
        location=LonLat(lon, lat),
        birth_date=date(1940, 1, 1),
        id_number=id_number,
        phone=phone,
        address=f"王庄村{elder_id[1:]}号",
        emergency_contact="钱多多",
        emergency_phone="15866667777",
    )


ELDERS = (
    _elder("E1", "王小明", "13812345678", "370402194001011234", 117.4571, 34.8012),
    _elder("E2", "赵大海", "13900001111", "370402194001012345", 117.4603, 34.8041),
    _elder("E3", "孙丽", "13700002222", "370402194001013456", 117.4520, 34.7985),
    _elder("E4", "周国强", "13600003333", "370402194001014567", 117.4722, 34.8125),
    _elder("E5", "吴芳芳", "13500004444", "370402194001015678", 117.4488, 34.8066),
    _elder("E6", "郑一", "13400005555", "370402194001016789", 117.4650, 34.7950),
)
TIERS = {
    "E1": Tier.KEY,
    "E2": Tier.SECONDARY,
    "E3": Tier.GENERAL,
    "E4": Tier.KEY,
    "E5": Tier.KEY,
    "E6": Tier.GENERAL,
}
VISITORS = (
    Visitor("V001", "陈建华", Role.VILLAGE_STAFF, TOWN, START_V001),
    Visitor("V002", "刘洋", Role.SOCIAL_WORKER, TOWN, START_V002),
)


def _visit(
    day: date,
    visitor_id: str,
    elder_id: str,
    mode: VisitMode,
    sequence: int,
    span: tuple[int, int],
    travel_minutes: int,
) -> PlannedVisit:
    return PlannedVisit(
        day=day,
        visitor_id=visitor_id,
        elder_id=elder_id,
        tier=TIERS[elder_id],
        mode=mode,
        sequence=sequence,
        arrival_min=span[0],
        departure_min=span[1],
        travel_minutes=travel_minutes,
        reason=VisitReason.REGULAR,
        due_by=MONDAY + timedelta(days=6),
    )


VISITS = (
    _visit(MONDAY, "V001", "E1", VisitMode.HOME, 1, (9 * 60, 9 * 60 + 30), 10),
    _visit(MONDAY, "V001", "E3", VisitMode.PHONE, 2, (9 * 60 + 30, 9 * 60 + 40), 0),
    _visit(MONDAY, "V001", "E2", VisitMode.HOME, 3, (9 * 60 + 55, 10 * 60 + 25), 15),
    _visit(TUESDAY, "V001", "E3", VisitMode.PHONE, 1, (8 * 60 + 30, 8 * 60 + 40), 0),
    _visit(MONDAY, "V002", "E4", VisitMode.HOME, 1, (9 * 60, 9 * 60 + 40), 12),
)
ELDER_BY_ID = {elder.elder_id: elder for elder in ELDERS}
ROUTE_V001_MONDAY = DayRoute(
    visitor_id="V001",
    day=MONDAY,
    path=(START_V001, ELDER_BY_ID["E1"].location, ELDER_BY_ID["E2"].location, START_V001),
    elder_ids=("E1", "E2"),
    minutes=42,
    km=11.3,
)
ROUTE_V002_MONDAY = DayRoute(
    visitor_id="V002",
    day=MONDAY,
    path=(START_V002, ELDER_BY_ID["E4"].location, START_V002),
    elder_ids=("E4",),
    minutes=24,
    km=2.6,
)
UNASSIGNED = (
    UnassignedVisit(
        elder_id="E5",
        tier=Tier.KEY,
        due_by=MONDAY + timedelta(days=6),
        reason=Reason(ReasonCode.NO_VISITOR_SERVES_VILLAGE, village="王庄村", town=TOWN),
    ),
)

RAW_PERSONAL_DATA = (
    *(
        value
        for elder in ELDERS
        for value in (elder.name, elder.phone, elder.id_number, elder.emergency_phone)
        if value
    ),
    "钱多多",  # the emergency contact
    *(visitor.name for visitor in VISITORS),
)


@pytest.fixture
def small_plan() -> Plan:
    return build_small_plan()


@pytest.fixture(scope="module")
def small_plan_module() -> Plan:
    return build_small_plan()


def build_small_plan() -> Plan:
    return Plan(
        week_start=MONDAY,
        elders=ELDERS,
        visitors=VISITORS,
        tiers=dict(TIERS),
        due=(),
        visits=VISITS,
        unassigned=UNASSIGNED,
        routes=(ROUTE_V001_MONDAY, ROUTE_V002_MONDAY),
    )


# --- the pages written, read back ---------------------------------------------------------------

V001_MONDAY = "V001_2026-12-07.html"
V001_TUESDAY = "V001_2026-12-08.html"
V002_MONDAY = "V002_2026-12-07.html"
V002_TUESDAY = "V002_2026-12-08.html"


def write_pages(plan: Plan, directory: Path, lang: str = "zh") -> dict[str, str]:
    """Write the maps and read them back, by file name."""
    paths = write_plan_maps(plan, directory, lang=lang)
    return {path.name: path.read_text(encoding="utf-8") for path in paths}


def batches(page: str) -> list[dict[str, Any]]:
    """The shapes each layer draws: the JSON the page hands to Leaflet."""
    return [json.loads(blob) for blob in re.findall(r"var data = (.*);\n", page)]


def shapes(page: str, kind: str) -> list[dict[str, Any]]:
    return [shape for batch in batches(page) for shape in batch[kind]]


def latlng(point: LonLat) -> list[float]:
    return [round(point.lat, 6), round(point.lon, 6)]


# --- a real browser (tests/maps/browser.py) -------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless, for the whole session (each test opens its own context)."""
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
