"""A small week's plan of two towns for the output tests: given out of order, with formula-like
and personal text in it."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from openpyxl.workbook.workbook import Workbook

from geo.crs import LonLat
from planner.model import (
    DayRoute,
    DueVisit,
    Elder,
    Plan,
    PlannedVisit,
    Role,
    Tier,
    UnassignedVisit,
    VisitMode,
    Visitor,
    VisitReason,
)
from planner.notes import Flag, FlagCode, PlanWarning, WarningCode
from tests.conftest import reason_quoting

MONDAY = date(2025, 3, 3)
TUESDAY = MONDAY + timedelta(days=1)
FRIDAY = MONDAY + timedelta(days=4)
TOWN_A = "城关镇"
TOWN_B = "河口街道"
INJECTED_NAME = '=HYPERLINK("http://evil.example","点我")'
INJECTED_PHONE = "+8613900001111"
INJECTED_ADDRESS = "-2+3 @SUM(1)"
RAW_ID_NUMBER = "370402198001011234"

ELDERS = (
    Elder(
        "E1",
        "张三丰",
        TOWN_A,
        "东村",
        LonLat(117.12345678, 36.65432109),
        phone="13812345678",
        id_number=RAW_ID_NUMBER,
        address="东村3号",
    ),
    Elder(
        "E2",
        INJECTED_NAME,
        TOWN_A,
        "西村",
        LonLat(117.15, 36.66),
        phone=INJECTED_PHONE,
        address=INJECTED_ADDRESS,
    ),
    Elder("E3", "李四", TOWN_B, "南社区", LonLat(117.30, 36.70), approximate_location=True),
    Elder("E4", "王小五", TOWN_B, "北社区", LonLat(117.31, 36.71), phone="13700002222"),
)
VISITORS = (
    Visitor("V1", "赵六", Role.VILLAGE_STAFF, TOWN_A, LonLat(117.10, 36.64)),
    Visitor("V2", "钱七七", Role.SOCIAL_WORKER, TOWN_B, LonLat(117.29, 36.69)),
)
RAW_PERSONAL_TEXT = (
    *(elder.name for elder in ELDERS),
    *(visitor.name for visitor in VISITORS),
    *(elder.phone for elder in ELDERS if elder.phone),
    RAW_ID_NUMBER,
)


def _visit(
    day: date,
    visitor_id: str,
    elder_id: str,
    sequence: int,
    *,
    mode: VisitMode = VisitMode.HOME,
    tier: Tier = Tier.KEY,
    arrival_min: int = 9 * 60,
    travel_minutes: int = 10,
) -> PlannedVisit:
    return PlannedVisit(
        day=day,
        visitor_id=visitor_id,
        elder_id=elder_id,
        tier=tier,
        mode=mode,
        sequence=sequence,
        arrival_min=arrival_min,
        departure_min=arrival_min + 30,
        travel_minutes=0 if mode.is_remote else travel_minutes,
        reason=VisitReason.REGULAR,
        due_by=FRIDAY,
    )


# Given out of roster order on purpose: the writers sort.
VISITS = (
    _visit(TUESDAY, "V1", "E2", 1, mode=VisitMode.PHONE, tier=Tier.SECONDARY),
    _visit(MONDAY, "V2", "E3", 1, mode=VisitMode.ONLINE, tier=Tier.GENERAL),
    _visit(MONDAY, "V1", "E2", 2, tier=Tier.SECONDARY, arrival_min=10 * 60, travel_minutes=8),
    _visit(MONDAY, "V1", "E1", 1, travel_minutes=12),
)
UNASSIGNED = (
    UnassignedVisit("E2", Tier.SECONDARY, FRIDAY, reason_quoting("没有空闲的探访人员")),
    UnassignedVisit("E4", Tier.KEY, FRIDAY, reason_quoting("=不在任何探访人员的服务范围")),
    UnassignedVisit("E3", Tier.GENERAL, MONDAY + timedelta(days=2), reason_quoting("本周无电话")),
    UnassignedVisit(
        "E1", Tier.KEY, FRIDAY, reason_quoting("回访"), VisitMode.PHONE, VisitReason.FOLLOWUP
    ),
)
UNASSIGNED_ORDER = ["E3", "E1", "E4", "E2"]  # due date, then key before secondary, then id
ROUTES = (
    DayRoute(
        "V1",
        MONDAY,
        (VISITORS[0].start, ELDERS[0].location, ELDERS[1].location, VISITORS[0].start),
        ("E1", "E2"),
        minutes=45,
        km=6.789,
    ),
    DayRoute("V2", MONDAY, (VISITORS[1].start,), (), minutes=0, km=0.0),
)


def due_visit(visit: PlannedVisit | UnassignedVisit) -> DueVisit:
    reason = visit.reason if isinstance(visit, PlannedVisit) else visit.visit_reason
    return DueVisit(visit.elder_id, visit.tier, visit.mode, reason, MONDAY, FRIDAY, visit.due_by)


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def workbook_texts(workbook: Workbook) -> list[str]:
    return [
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


# --- ids that are resident ID numbers or mobile numbers ---------------------------------------

PERSONAL_NUMBERS = ("11010519491231002X", "370402800101123", "13912345678")


def quoting(plan: Plan, number: str) -> Plan:
    """The plan with texts that quote ``number``: a reason, a flag's detail, a warning."""
    first, *others = plan.unassigned
    return replace(
        plan,
        unassigned=(replace(first, reason=reason_quoting(f"call {number} first")), *others),
        flags=(Flag("E1", FlagCode.HISTORY_UNKNOWN_ELDER, file=f"{number}.csv", rows=(2, 3)),),
        warnings=(PlanWarning(WarningCode.TIME_CAP_HIT, town=number, cap_s=60),),
    )
