"""The output files of a week's plan: roster.csv, unassigned.csv, routes.geojson, summary.json and
roster.xlsx (CONTRACT.md, "Output of a plan for one week")."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from geo.crs import LonLat
from geo.travel import path_km
from planner.io.outputs import (
    PUBLISHED_COORDINATE_DECIMALS,
    PersonalNumberAsIdError,
    routes_feature_collection,
    summary,
    write_csv,
    write_flags_csv,
    write_plan_files,
    write_roster_csv,
    write_roster_xlsx,
    write_routes_geojson,
    write_summary_json,
    write_unassigned_csv,
)
from planner.io.spreadsheet import FORMULA_LEADS, starts_like_formula
from planner.io.words import LANGUAGES, label, reason_text, weekday_label
from planner.model import (
    DayRoute,
    DueVisit,
    Elder,
    Flag,
    Plan,
    PlannedVisit,
    Role,
    Tier,
    UnassignedVisit,
    VisitMode,
    Visitor,
    VisitReason,
)
from planner.privacy import mask_id_number, mask_name, mask_phone, public_id
from tests.conftest import reason_quoting, rename_ids

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


def _due(visit: PlannedVisit | UnassignedVisit) -> DueVisit:
    reason = visit.reason if isinstance(visit, PlannedVisit) else visit.visit_reason
    return DueVisit(visit.elder_id, visit.tier, visit.mode, reason, MONDAY, FRIDAY, visit.due_by)


@pytest.fixture
def plan() -> Plan:
    return Plan(
        week_start=MONDAY,
        elders=ELDERS,
        visitors=VISITORS,
        tiers={"E1": Tier.KEY, "E2": Tier.SECONDARY, "E3": Tier.GENERAL, "E4": Tier.KEY},
        due=tuple(_due(item) for item in (*VISITS, *UNASSIGNED)),
        visits=VISITS,
        unassigned=UNASSIGNED,
        routes=ROUTES,
        flags=(Flag("E4", "no_visitor", "无人服务北社区"),),
        seconds=1.23456,
        warnings=("河口街道 3月5日 暴雨预警",),
    )


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def _workbook_texts(workbook: Workbook) -> list[str]:
    return [
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


# --- labels ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_enum_value_has_a_label_in_every_language(lang: str) -> None:
    for kind, values in (("tier", Tier), ("mode", VisitMode), ("reason", VisitReason)):
        assert all(label(kind, value, lang) for value in values)


def test_labels_are_chinese_by_contract_words_and_english_on_request() -> None:
    assert [label("tier", tier, "zh") for tier in Tier] == ["重点", "次重点", "一般"]
    assert [label("mode", mode, "zh") for mode in VisitMode] == ["入户", "电话", "网络", "路遇"]
    assert [label("reason", reason, "zh") for reason in VisitReason] == [
        "常规",
        "天气",
        "节日",
        "回访",
        "紧急",
    ]
    assert label("tier", "key", "en") == "key"
    assert weekday_label(MONDAY, "zh") == "周一"
    assert weekday_label(MONDAY + timedelta(days=6), "en") == "Sun"


def test_label_refuses_unknown_language_and_value() -> None:
    with pytest.raises(ValueError, match="lang"):
        label("tier", "key", "fr")
    with pytest.raises(ValueError, match="_LABELS"):
        label("tier", "vip", "zh")


# --- roster.csv and unassigned.csv -----------------------------------------------------------


def test_roster_csv_has_contract_columns_and_rows_by_date_visitor_sequence(
    plan: Plan, tmp_path: Path
) -> None:
    path = tmp_path / "roster.csv"
    write_roster_csv(plan, path)
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    header, *rows = _csv_rows(path)
    assert header == [
        "date",
        "visitor_id",
        "elder_id",
        "tier",
        "mode",
        "sequence",
        "arrival",
        "departure",
        "travel_minutes",
        "reason",
    ]
    assert rows == [
        ["2025-03-03", "V1", "E1", "key", "home", "1", "09:00", "09:30", "12", "regular"],
        ["2025-03-03", "V1", "E2", "secondary", "home", "2", "10:00", "10:30", "8", "regular"],
        ["2025-03-03", "V2", "E3", "general", "online", "1", "09:00", "09:30", "0", "regular"],
        ["2025-03-04", "V1", "E2", "secondary", "phone", "1", "09:00", "09:30", "0", "regular"],
    ]


def test_csv_files_hold_ids_and_no_personal_data(plan: Plan, tmp_path: Path) -> None:
    write_roster_csv(plan, tmp_path / "roster.csv")
    write_unassigned_csv(plan, tmp_path / "unassigned.csv")
    text = (tmp_path / "roster.csv").read_text("utf-8") + (tmp_path / "unassigned.csv").read_text(
        "utf-8"
    )
    assert not [raw for raw in RAW_PERSONAL_TEXT if raw in text]


def test_unassigned_csv_starts_with_contract_columns_sorted_by_due_date_tier_elder(
    plan: Plan, tmp_path: Path
) -> None:
    path = tmp_path / "unassigned.csv"
    write_unassigned_csv(plan, path)
    header, *rows = _csv_rows(path)
    assert header[:4] == ["elder_id", "tier", "due_by", "reason"]
    assert [row[0] for row in rows] == UNASSIGNED_ORDER
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_id["E3"]["due_by"] == "2025-03-05"
    assert by_id["E4"]["reason"] == reason_text(UNASSIGNED[1], "en")  # the English words
    assert (by_id["E1"]["mode"], by_id["E1"]["visit_reason"]) == ("phone", "followup")


# --- routes.geojson --------------------------------------------------------------------------


def _geojson(plan: Plan, tmp_path: Path) -> Any:
    path = tmp_path / "routes.geojson"
    write_routes_geojson(plan, path)
    return json.loads(path.read_text("utf-8"))


def test_routes_geojson_is_an_rfc7946_feature_collection(plan: Plan, tmp_path: Path) -> None:
    collection = _geojson(plan, tmp_path)
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    features = collection["features"]
    assert features
    for feature in features:
        assert feature["type"] == "Feature"
        geometry = feature["geometry"]
        positions = (
            geometry["coordinates"]
            if geometry["type"] == "LineString"
            else [geometry["coordinates"]]
        )
        assert geometry["type"] in ("LineString", "Point")
        for lon, lat in positions:
            assert 100 < lon <= 180 and 0 < lat < 90  # lon first: these places are in China
            assert round(lon, 6) == lon and round(lat, 6) == lat
        if geometry["type"] == "LineString":
            assert len(positions) >= 2


def test_routes_geojson_has_a_line_per_route_and_a_point_per_home_visit(
    plan: Plan, tmp_path: Path
) -> None:
    features = _geojson(plan, tmp_path)["features"]
    lines = [f for f in features if f["geometry"]["type"] == "LineString"]
    points = [f for f in features if f["geometry"]["type"] == "Point"]
    assert [line["properties"] for line in lines] == [
        {"visitor_id": "V1", "date": "2025-03-03", "home_visits": 2, "minutes": 45, "km": 6.79},
        {"visitor_id": "V2", "date": "2025-03-03", "home_visits": 0, "minutes": 0, "km": 0.0},
    ]
    assert lines[0]["geometry"]["coordinates"][1] == [117.123457, 36.654321]
    assert lines[0]["geometry"]["coordinates"][0] == lines[0]["geometry"]["coordinates"][-1]
    home_visits = [v for v in VISITS if v.mode is VisitMode.HOME]
    assert len(points) == len(home_visits) == 2
    assert [
        {key: point["properties"][key] for key in ("elder_id", "visitor_id", "date", "sequence")}
        for point in points
    ] == [
        {"elder_id": "E1", "visitor_id": "V1", "date": "2025-03-03", "sequence": 1},
        {"elder_id": "E2", "visitor_id": "V1", "date": "2025-03-03", "sequence": 2},
    ]
    assert points[1]["geometry"]["coordinates"] == [117.15, 36.66]


def test_route_without_movement_is_a_line_of_two_equal_positions(plan: Plan) -> None:
    single_place, no_path = ROUTES[1], replace(ROUTES[1], path=())
    for route in (single_place, no_path):
        collection: Any = routes_feature_collection(replace(plan, routes=(route,), visits=()))
        features = collection["features"]
        start = [VISITORS[1].start.lon, VISITORS[1].start.lat]
        assert features[0]["geometry"] == {"type": "LineString", "coordinates": [start, start]}


def test_home_visit_to_an_elder_missing_from_the_plan_is_an_error(plan: Plan) -> None:
    with pytest.raises(ValueError, match="E1"):
        routes_feature_collection(replace(plan, elders=ELDERS[1:]))


# --- summary.json ----------------------------------------------------------------------------

CONTRACT_SUMMARY_KEYS = (
    "elders",
    "visitors",
    "due_visits",
    "planned_visits",
    "unassigned",
    "home_visits",
    "phone_visits",
    "travel_minutes",
    "seconds",
)


def test_summary_json_has_contract_keys_in_a_stable_order(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "summary.json"
    write_summary_json(plan, path)
    text = path.read_text("utf-8")
    loaded = json.loads(text)
    assert set(CONTRACT_SUMMARY_KEYS) <= loaded.keys()
    assert list(loaded) == list(summary(plan))
    assert text.startswith('{\n  "week_start"')  # indent 2
    assert "暴雨预警" in text  # not \u-escaped


def test_summary_figures_agree_with_the_plan(plan: Plan, tmp_path: Path) -> None:
    write_roster_csv(plan, tmp_path / "roster.csv")
    header, *rows = _csv_rows(tmp_path / "roster.csv")
    roster_travel = sum(int(row[header.index("travel_minutes")]) for row in rows)
    figures = summary(plan)
    straight_km = path_km(ROUTES[0].path)
    assert {key: figures[key] for key in CONTRACT_SUMMARY_KEYS} == {
        "elders": 4,
        "visitors": 2,
        "due_visits": 8,
        "planned_visits": 4,
        "unassigned": 4,
        "home_visits": 2,
        "phone_visits": 1,
        "travel_minutes": roster_travel,
        "seconds": 1.235,
    }
    assert roster_travel == 20
    assert figures["week_start"] == "2025-03-03"
    assert figures["week_end"] == "2025-03-09"
    assert figures["towns"] == 2
    assert figures["online_visits"] == 1
    assert figures["visitors_with_visits"] == 2
    assert figures["route_minutes"] == 45
    assert figures["route_km"] == 6.79
    assert figures["km_per_home_visit"] == round(straight_km / 2, 2)
    assert figures["approximate_locations"] == 1
    assert figures["flags"] == 1
    assert figures["warnings"] == ["河口街道 3月5日 暴雨预警"]
    assert figures["by_tier"] == {
        "key": {"due": 3, "planned": 1, "unassigned": 2},
        "secondary": {"due": 3, "planned": 2, "unassigned": 1},
        "general": {"due": 2, "planned": 1, "unassigned": 1},
    }


def test_summary_has_no_km_per_home_visit_without_home_visits(plan: Plan) -> None:
    phone_only = replace(plan, visits=(VISITS[0],), routes=())
    assert summary(phone_only)["km_per_home_visit"] is None


# --- roster.xlsx -----------------------------------------------------------------------------

ZH_ROSTER_HEADERS = [
    "日期",
    "星期",
    "探访人员编号",
    "探访人员",
    "老人编号",
    "老人姓名",
    "联系电话",
    "身份证号",
    "村居",
    "地址",
    "层级",
    "方式",
    "顺序",
    "到达",
    "离开",
    "路程(分钟)",
    "事由",
    "应完成日期",
]


def _workbook(plan: Plan, tmp_path: Path, *, lang: str = "zh") -> Workbook:
    path = tmp_path / f"roster-{lang}.xlsx"
    write_roster_xlsx(plan, path, lang=lang)
    return load_workbook(path)


def test_xlsx_has_a_sheet_per_town_then_unassigned_and_summary(plan: Plan, tmp_path: Path) -> None:
    workbook = _workbook(plan, tmp_path)
    assert workbook.sheetnames == [TOWN_A, TOWN_B, "未安排", "待核查", "汇总"]
    town_a = workbook[TOWN_A]
    assert [cell.value for cell in town_a[1]] == ZH_ROSTER_HEADERS
    assert [(row[0], row[1], row[2], row[4]) for row in town_a.iter_rows(2, values_only=True)] == [
        ("2025-03-03", "周一", "V1", "E1"),
        ("2025-03-03", "周一", "V1", "E2"),
        ("2025-03-04", "周二", "V1", "E2"),
    ]
    assert [row[4] for row in workbook[TOWN_B].iter_rows(2, values_only=True)] == ["E3"]
    first = next(town_a.iter_rows(2, values_only=True))
    assert first[10:13] == ("重点", "入户", 1)
    unassigned = workbook["未安排"]
    assert [cell.value for cell in unassigned[1]][:6] == [
        "老人编号",
        "姓名",
        "村居",
        "层级",
        "应完成日期",
        "原因",
    ]
    assert [row[0] for row in unassigned.iter_rows(2, values_only=True)] == UNASSIGNED_ORDER
    summary_rows = {row[0]: row[1] for row in workbook["汇总"].iter_rows(2, values_only=True)}
    assert summary_rows["已安排次数"] == 4
    assert summary_rows["重点 · 应探访"] == 3


def test_xlsx_sheets_have_bold_frozen_filtered_header_and_widths(
    plan: Plan, tmp_path: Path
) -> None:
    for sheet in _workbook(plan, tmp_path).worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.column_dimensions["A"].width > 4


def test_xlsx_in_english(plan: Plan, tmp_path: Path) -> None:
    workbook = _workbook(plan, tmp_path, lang="en")
    assert workbook.sheetnames == [TOWN_A, TOWN_B, "Unassigned", "To check", "Summary"]
    headers = [cell.value for cell in workbook[TOWN_A][1]]
    assert headers[:6] == ["Date", "Weekday", "Visitor ID", "Visitor", "Elder ID", "Elder"]
    first = next(workbook[TOWN_A].iter_rows(2, values_only=True))
    assert (first[1], first[10], first[11]) == ("Mon", "key", "home")


def test_xlsx_masks_every_name_phone_and_id_number(plan: Plan, tmp_path: Path) -> None:
    workbook = _workbook(plan, tmp_path)
    texts = _workbook_texts(workbook)
    assert not [raw for raw in RAW_PERSONAL_TEXT if any(raw in text for text in texts)]
    first = next(workbook[TOWN_A].iter_rows(2, values_only=True))
    assert first[3] == mask_name("赵六")
    assert first[5:8] == ("张*丰", "138****5678", "3704**********1234")


def test_xlsx_writes_formula_like_text_as_text(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    write_roster_xlsx(plan, path)
    workbook = load_workbook(path)
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type == "s" for cell in cells if isinstance(cell.value, str))
    values = {cell.value: cell for cell in cells}
    for text in (mask_name(INJECTED_NAME), mask_phone(INJECTED_PHONE), INJECTED_ADDRESS):
        assert text[0] in "=+-"
        assert values[text].data_type == "s"
        assert values[text].quotePrefix
    assert values[reason_text(UNASSIGNED[1], "zh")].data_type == "s"
    with zipfile.ZipFile(path) as archive:
        sheets_xml = [archive.read(name) for name in archive.namelist() if "worksheets/" in name]
    assert not [xml for xml in sheets_xml if b"<f>" in xml or b"<f " in xml]


_Item = TypeVar("_Item", PlannedVisit, UnassignedVisit)


def _renamed_e1(item: _Item) -> _Item:
    return replace(item, elder_id="007") if item.elder_id == "E1" else item


def test_xlsx_ids_and_phone_numbers_are_text_cells(plan: Plan, tmp_path: Path) -> None:
    numeric_looking = replace(
        plan,
        elders=(replace(ELDERS[0], elder_id="007"), *ELDERS[1:]),
        visits=tuple(_renamed_e1(visit) for visit in plan.visits),
        unassigned=tuple(_renamed_e1(item) for item in plan.unassigned),
    )
    workbook = _workbook(numeric_looking, tmp_path)
    text_columns = ("C", "E", "G", "H")  # visitor id, elder id, phone, ID number
    for town in (TOWN_A, TOWN_B):
        sheet = workbook[town]
        cells = [cell for column in text_columns for cell in sheet[column][1:]]
        assert all(cell.data_type == "s" for cell in cells if cell.value is not None)
    assert workbook[TOWN_A]["E2"].value == "007"


def test_xlsx_sheet_titles_are_valid_and_distinct(plan: Plan, tmp_path: Path) -> None:
    awkward_towns = ("新区/开发区:一[期]*?", "汇总", "很长的名字" * 8, "很长的名字" * 8 + "二")
    elders = tuple(
        replace(ELDERS[2], elder_id=f"X{n}", town=town) for n, town in enumerate(awkward_towns)
    )
    bare = replace(plan, elders=elders, visitors=(), visits=(), unassigned=(), routes=())
    titles = _workbook(bare, tmp_path).sheetnames
    assert titles[0] == "新区开发区一期"
    assert titles[1] == "汇总 (2)"
    assert len(set(titles)) == len(titles)
    assert all(len(title) <= 31 and not set(title) & set("[]:*?/\\") for title in titles)


# --- everything at once ----------------------------------------------------------------------


def test_write_plan_files_writes_every_file(plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "out" / "week"
    write_plan_files(plan, out, lang="en")
    assert sorted(path.name for path in out.iterdir()) == [
        "flags.csv",
        "roster.csv",
        "roster.xlsx",
        "routes.geojson",
        "summary.json",
        "unassigned.csv",
    ]
    assert load_workbook(out / "roster.xlsx").sheetnames[-1] == "Summary"


def test_flags_reach_the_coordinator(plan: Plan, tmp_path: Path) -> None:
    flagged = replace(
        plan,
        flags=(
            Flag("E9", "no_home_visit_consent", "key elder without consent: phone visits"),
            Flag("E1", "approximate_location", "no coordinates: placed at the centre of 东村"),
        ),
    )
    write_plan_files(flagged, tmp_path)
    lines = (tmp_path / "flags.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "subject_id,kind,detail"
    assert lines[1].startswith("E1,approximate_location,")
    sheet = load_workbook(tmp_path / "roster.xlsx")["待核查"]
    assert [c.value for c in sheet[2]][:2] == ["E1", "位置为村居中心(估计)"]


# --- formulas: every CSV cell and every spreadsheet cell stays text ---------------------------

INJECTION = "cmd|' /C calc'!A0"
CSV_WRITERS: dict[str, Callable[[Plan, Path], None]] = {
    "roster.csv": write_roster_csv,
    "unassigned.csv": write_unassigned_csv,
    "flags.csv": write_flags_csv,
}


def _formula_plan(plan: Plan, lead: str) -> Plan:
    """The plan with E1, V1 and a flag opening with ``lead`` (a reason opens with its words)."""
    renamed = rename_ids(plan, {"E1": lead + INJECTION}, {"V1": lead + "V1"})
    return replace(
        renamed,
        flags=(Flag(lead + INJECTION, lead + "kind", lead + "detail"),),
    )


def _expected_neutralised(file_name: str, lead: str) -> set[str]:
    texts = {
        "roster.csv": {INJECTION, "V1"},
        "unassigned.csv": {INJECTION},
        "flags.csv": {INJECTION, "kind", "detail"},
    }[file_name]
    return {"'" + lead + text for text in texts}


@pytest.mark.parametrize("lead", FORMULA_LEADS)
@pytest.mark.parametrize("file_name", CSV_WRITERS)
def test_every_csv_writer_neutralises_every_formula_lead(
    plan: Plan, tmp_path: Path, file_name: str, lead: str
) -> None:
    path = tmp_path / file_name
    CSV_WRITERS[file_name](_formula_plan(plan, lead), path)
    cells = [cell for row in _csv_rows(path)[1:] for cell in row]
    assert _expected_neutralised(file_name, lead) <= set(cells)
    assert not [cell for cell in cells if starts_like_formula(cell)]
    quoted = [cell for cell in cells if cell.startswith("'")]
    assert all(starts_like_formula(cell[1:]) for cell in quoted)  # only those, nothing else


@pytest.mark.parametrize("file_name", CSV_WRITERS)
def test_csv_writers_leave_ordinary_values_alone(
    plan: Plan, tmp_path: Path, file_name: str
) -> None:
    plain = replace(
        plan, unassigned=tuple(replace(u, reason=reason_quoting("x")) for u in UNASSIGNED)
    )
    path = tmp_path / file_name
    CSV_WRITERS[file_name](plain, path)
    assert not [cell for row in _csv_rows(path) for cell in row if cell.startswith("'")]


@given(st.lists(st.lists(st.text(), min_size=1, max_size=4), max_size=4))
def test_write_csv_round_trips_text_and_neutralises_formula_leads(
    rows: list[list[str]],
) -> None:
    stream = io.StringIO()
    write_csv(stream, ("a",), rows)
    _, *read = csv.reader(io.StringIO(stream.getvalue(), newline=""))
    expected = [
        [f"'{cell}" if cell.startswith(FORMULA_LEADS) else cell for cell in row] for row in rows
    ]
    assert read == expected


def test_write_csv_keeps_numbers_numbers_even_negative_ones() -> None:
    stream = io.StringIO()
    write_csv(stream, ("n",), [(-5,), (2.5,), (0,), ("-5",)])
    assert stream.getvalue().splitlines() == ["n", "-5", "2.5", "0", "'-5"]


@pytest.mark.parametrize("text", [*(lead + "SUM(1)" for lead in FORMULA_LEADS), "\x01=SUM(1)"])
def test_xlsx_marks_as_text_every_cell_the_csv_would_neutralise(
    plan: Plan, tmp_path: Path, text: str
) -> None:
    """One notion of formula lead for both writers, judged on the text as stored."""
    elders = (replace(ELDERS[0], address=text), *ELDERS[1:])
    sheet = _workbook(replace(plan, elders=elders), tmp_path)[TOWN_A]
    cell = sheet.cell(row=2, column=ZH_ROSTER_HEADERS.index("地址") + 1)
    assert cell.data_type == "s" and cell.quotePrefix


# --- --publish: coordinates to about 100 m --------------------------------------------------


def _literal_coordinates(text: str) -> list[str]:
    """Every coordinate of a GeoJSON text as written (parse_float keeps the digits)."""
    collection = json.loads(text, parse_float=str)
    found: list[str] = []
    for feature in collection["features"]:
        coordinates = feature["geometry"]["coordinates"]
        positions = coordinates if feature["geometry"]["type"] == "LineString" else [coordinates]
        found += [str(value) for position in positions for value in position]
    return found


def _decimals(literal: str) -> int:
    return len(literal.partition(".")[2])


def test_publish_rounds_every_coordinate_of_routes_geojson(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "routes.geojson"
    write_routes_geojson(plan, path, publish=True)
    literals = _literal_coordinates(path.read_text("utf-8"))
    assert literals and max(map(_decimals, literals)) <= PUBLISHED_COORDINATE_DECIMALS == 3
    features = json.loads(path.read_text("utf-8"))["features"]
    lines = [f for f in features if f["geometry"]["type"] == "LineString"]
    points = [f for f in features if f["geometry"]["type"] == "Point"]
    assert lines[0]["geometry"]["coordinates"][1] == [117.123, 36.654]  # E1's home, a line
    assert points[0]["geometry"]["coordinates"] == [117.123, 36.654]  # and a point


def test_without_publish_coordinates_keep_six_decimals(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "routes.geojson"
    write_routes_geojson(plan, path)
    assert max(map(_decimals, _literal_coordinates(path.read_text("utf-8")))) == 6


def test_publish_changes_routes_geojson_and_nothing_else(plan: Plan, tmp_path: Path) -> None:
    write_plan_files(plan, tmp_path / "default")
    write_plan_files(plan, tmp_path / "exact", publish=False)
    write_plan_files(plan, tmp_path / "published", publish=True)
    for name in ("roster.csv", "unassigned.csv", "flags.csv", "summary.json", "routes.geojson"):
        default = (tmp_path / "default" / name).read_bytes()
        assert (tmp_path / "exact" / name).read_bytes() == default
        published = (tmp_path / "published" / name).read_bytes()
        assert (published == default) is (name != "routes.geojson"), name


# --- ids that are resident ID numbers or mobile numbers ---------------------------------------

PERSONAL_NUMBERS = ("11010519491231002X", "370402800101123", "13912345678")


def _quoting(plan: Plan, number: str) -> Plan:
    """The plan with texts that quote ``number``: a reason, a flag's detail, a warning."""
    first, *others = plan.unassigned
    return replace(
        plan,
        unassigned=(replace(first, reason=reason_quoting(f"call {number} first")), *others),
        flags=(Flag("E1", "history_unknown_elder", f"rows 2, 3 name elder {number}"),),
        warnings=(f"ask {number}",),
    )


@pytest.mark.parametrize("number", PERSONAL_NUMBERS)
@pytest.mark.parametrize("where", ["elder", "visitor", "flag"])
def test_a_plan_whose_ids_are_personal_numbers_is_refused_and_nothing_written(
    plan: Plan, tmp_path: Path, number: str, where: str
) -> None:
    renamed = {
        "elder": rename_ids(plan, elders={"E1": number}),
        "visitor": rename_ids(plan, visitors={"V1": number}),
        "flag": replace(plan, flags=(Flag(number, "history_unknown_elder", "ignored"),)),
    }[where]
    out = tmp_path / "out"
    with pytest.raises(PersonalNumberAsIdError, match=re.escape(public_id(number))) as refusal:
        write_plan_files(renamed, out)
    assert number not in str(refusal.value)
    assert not out.exists()


@pytest.mark.parametrize("number", PERSONAL_NUMBERS)
def test_the_workbook_masks_an_elder_id_that_is_a_personal_number(
    plan: Plan, tmp_path: Path, number: str
) -> None:
    """Written on its own, without ``write_plan_files``'s refusal in front of it."""
    renamed = _quoting(rename_ids(plan, elders={"E1": number}), number)
    workbook = _workbook(renamed, tmp_path)
    assert not [text for text in _workbook_texts(workbook) if number in text]
    first = next(workbook[TOWN_A].iter_rows(2, values_only=True))
    assert first[4] == public_id(number) != number
    unassigned_ids = [row[0] for row in workbook["未安排"].iter_rows(2, values_only=True)]
    assert public_id(number) in unassigned_ids


def test_numbers_quoted_in_reasons_flags_and_warnings_are_masked_everywhere(
    plan: Plan, tmp_path: Path
) -> None:
    number = RAW_ID_NUMBER
    write_plan_files(_quoting(plan, number), tmp_path)
    for name in ("unassigned.csv", "flags.csv", "summary.json", "routes.geojson", "roster.csv"):
        assert number not in (tmp_path / name).read_text("utf-8"), name
    assert not [t for t in _workbook_texts(load_workbook(tmp_path / "roster.xlsx")) if number in t]
    assert f"call {mask_id_number(number)} first" in (tmp_path / "unassigned.csv").read_text(
        "utf-8"
    )
