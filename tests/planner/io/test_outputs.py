"""The output files for programs: roster.csv, unassigned.csv, flags.csv, routes.geojson, and
write_plan_files with its guards (../shared/CONTRACT.md, "Output of a plan for one week";
``planner.io.outputs``)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from planner.io.outputs import (
    PUBLISHED_COORDINATE_DECIMALS,
    PersonalNumberAsIdError,
    routes_feature_collection,
    write_csv,
    write_flags_csv,
    write_plan_files,
    write_roster_csv,
    write_routes_geojson,
    write_unassigned_csv,
)
from planner.io.spreadsheet import FORMULA_LEADS, starts_like_formula
from planner.io.words import reason_text
from planner.model import Plan, Tier, VisitMode
from planner.notes import Flag, FlagCode
from planner.privacy import mask_id_number, public_id
from tests.conftest import reason_quoting, rename_ids
from tests.planner.io.week_plan import (
    ELDERS,
    PERSONAL_NUMBERS,
    RAW_ID_NUMBER,
    RAW_PERSONAL_TEXT,
    ROUTES,
    UNASSIGNED,
    UNASSIGNED_ORDER,
    VISITORS,
    VISITS,
    csv_rows,
    quoting,
    workbook_texts,
)

# --- roster.csv and unassigned.csv -----------------------------------------------------------


def test_roster_csv_has_contract_columns_and_rows_by_date_visitor_sequence(
    plan: Plan, tmp_path: Path
) -> None:
    path = tmp_path / "roster.csv"
    write_roster_csv(plan, path)
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    header, *rows = csv_rows(path)
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
    header, *rows = csv_rows(path)
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
            Flag("E9", FlagCode.NO_HOME_VISIT_CONSENT, tier=Tier.KEY, mode=VisitMode.PHONE),
            Flag("E1", FlagCode.APPROXIMATE_LOCATION, village="东村", town="城关镇", count=4),
        ),
    )
    write_plan_files(flagged, tmp_path)
    rows = csv_rows(tmp_path / "flags.csv")
    assert rows[0] == ["subject_id", "kind", "detail"]
    assert rows[1] == [  # in English, as the other files for programs
        "E1",
        "approximate_location",
        "no coordinates: placed at the centre of 东村 (城关镇), the mean of 4 located elders; "
        "give lon/lat for better routes",
    ]
    assert rows[2][2] == (
        "key elder without consent to home visits: gets phone visits instead; please review"
    )
    sheet = load_workbook(tmp_path / "roster.xlsx")["待核查"]
    assert [c.value for c in sheet[2]] == [  # the workbook is Chinese, its flags too
        "E1",
        "位置为村居中心(估计)",
        "无坐标：置于东村 (城关镇)的中心（该村居4位已定位老人的平均位置）；"
        "请补充经纬度以便规划路线",
    ]
    assert [c.value for c in sheet[3]][2] == "重点老人不同意入户：改为电话探访，请核查"


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
        flags=(Flag(lead + INJECTION, FlagCode.TOWN_WITHOUT_ELDERS, town="东村"),),
    )


def _expected_neutralised(file_name: str, lead: str) -> set[str]:
    texts = {
        "roster.csv": {INJECTION, "V1"},
        "unassigned.csv": {INJECTION},
        "flags.csv": {INJECTION},  # the kind is a code, the detail opens with its words
    }[file_name]
    return {"'" + lead + text for text in texts}


@pytest.mark.parametrize("lead", FORMULA_LEADS)
@pytest.mark.parametrize("file_name", CSV_WRITERS)
def test_every_csv_writer_neutralises_every_formula_lead(
    plan: Plan, tmp_path: Path, file_name: str, lead: str
) -> None:
    path = tmp_path / file_name
    CSV_WRITERS[file_name](_formula_plan(plan, lead), path)
    cells = [cell for row in csv_rows(path)[1:] for cell in row]
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
    assert not [cell for row in csv_rows(path) for cell in row if cell.startswith("'")]


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


@pytest.mark.parametrize("number", PERSONAL_NUMBERS)
@pytest.mark.parametrize("where", ["elder", "visitor", "flag"])
def test_a_plan_whose_ids_are_personal_numbers_is_refused_and_nothing_written(
    plan: Plan, tmp_path: Path, number: str, where: str
) -> None:
    renamed = {
        "elder": rename_ids(plan, elders={"E1": number}),
        "visitor": rename_ids(plan, visitors={"V1": number}),
        "flag": replace(
            plan, flags=(Flag(number, FlagCode.HISTORY_UNKNOWN_ELDER, file="h.csv", rows=(2,)),)
        ),
    }[where]
    out = tmp_path / "out"
    with pytest.raises(PersonalNumberAsIdError, match=re.escape(public_id(number))) as refusal:
        write_plan_files(renamed, out)
    assert number not in str(refusal.value)
    assert not out.exists()


def test_numbers_quoted_in_reasons_flags_and_warnings_are_masked_everywhere(
    plan: Plan, tmp_path: Path
) -> None:
    number = RAW_ID_NUMBER
    write_plan_files(quoting(plan, number), tmp_path)
    for name in ("unassigned.csv", "flags.csv", "summary.json", "routes.geojson", "roster.csv"):
        assert number not in (tmp_path / name).read_text("utf-8"), name
    assert not [t for t in workbook_texts(load_workbook(tmp_path / "roster.xlsx")) if number in t]
    assert f"call {mask_id_number(number)} first" in (tmp_path / "unassigned.csv").read_text(
        "utf-8"
    )
