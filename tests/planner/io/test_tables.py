"""Reading and validating the input tables as a whole (../shared/CONTRACT.md, "Input tables").

Good tables read in full, in English and Chinese, from CSV and XLSX; every problem of every file
gathered in one error (``planner.io.tables``). Each step has its own test module.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest

from geo.crs import CoordSystem, LonLat, to_wgs84
from geo.travel import centroid
from planner.io.cells import Cell
from planner.io.note_words import flag_text
from planner.io.problems import InputError
from planner.io.tables import Tables, load_tables
from planner.io.visitors import DEFAULT_SHIFT
from planner.model import Ability, Elder, Role, TimeWindow, TravelMode, VisitMode, Visitor
from tests.planner.io.table_files import BASE_VISITOR, DATA, where, write_table


@pytest.fixture(scope="module")
def good_tables() -> Tables:
    return load_tables(
        DATA / "elders_good.csv", DATA / "visitors_good.csv", DATA / "history_good.csv"
    )


def by_id(tables: Tables) -> dict[str, Elder]:
    return {elder.elder_id: elder for elder in tables.elders}


# --------------------------------------------------------------------------- good tables


def test_good_elders_are_read_with_every_column(good_tables: Tables) -> None:
    elders = by_id(good_tables)
    assert list(elders) == ["E001", "E002", "E003", "E004", "E005", "E006", "E007"]
    first = elders["E001"]
    assert first == Elder(
        elder_id="E001",
        name="张三丰",
        town="城关镇",
        village="李家庄",
        location=LonLat(117.0201, 36.6512),
        birth_date=date(1940, 5, 12),
        sex="M",
        id_number="370112194005120013",
        phone="13812345678",
        address="李家庄1号",
        lives_alone=True,
        ability=Ability.INTACT,
        time_windows=(TimeWindow(8 * 60 + 30, 11 * 60 + 30), TimeWindow(14 * 60, 17 * 60)),
        emergency_contact="张小明",
        emergency_phone="13900000001",
        usual_visitor_id="V01",
    )
    second = elders["E002"]
    assert (second.birth_date, second.stated_age, second.age_on(date(2024, 5, 6))) == (None, 85, 85)
    assert (second.lives_alone, second.empty_nest, second.left_behind) == (True, False, True)
    assert (second.disability_grade, second.ability, second.bedridden) == (2, Ability.SEVERE, True)
    assert second.home_visit_consent is False
    assert elders["E005"].dementia is True
    assert elders["E006"].family_planning_special is True


def test_empty_cells_take_the_contract_defaults(good_tables: Tables) -> None:
    third = by_id(good_tables)["E003"]
    assert third.ability is Ability.UNASSESSED
    assert third.home_visit_consent is True
    assert not any(
        (third.lives_alone, third.empty_nest, third.left_behind, third.family_planning_special)
    )
    assert not any((third.bedridden, third.limited_mobility, third.dementia))
    assert (third.time_windows, third.disability_grade, third.phone, third.sex) == (
        (),
        None,
        None,
        "M",
    )


def test_birth_date_comes_from_the_id_number_when_empty(good_tables: Tables) -> None:
    assert by_id(good_tables)["E004"].birth_date == date(1938, 1, 1)


def test_gcj02_and_bd09_coordinates_are_converted_to_wgs84(good_tables: Tables) -> None:
    elders = by_id(good_tables)
    assert elders["E004"].location == to_wgs84(LonLat(117.0512, 36.6701), CoordSystem.GCJ02)
    assert elders["E005"].location == to_wgs84(LonLat(117.0625, 36.6818), CoordSystem.BD09)
    assert elders["E004"].location != LonLat(117.0512, 36.6701)
    visitors = {visitor.visitor_id: visitor for visitor in good_tables.visitors}
    assert visitors["V04"].start == to_wgs84(LonLat(117.0250, 36.6550), CoordSystem.GCJ02)
    assert visitors["V01"].start == LonLat(117.03, 36.66)


def test_unlocated_elders_get_their_village_centre_and_a_flag(good_tables: Tables) -> None:
    elders = by_id(good_tables)
    assert elders["E003"].location == centroid([elders["E001"].location, elders["E002"].location])
    assert elders["E003"].approximate_location
    assert elders["E007"].location == elders["E006"].location
    assert not elders["E001"].approximate_location
    approximate = [flag for flag in good_tables.flags if flag.kind == "approximate_location"]
    assert [flag.subject_id for flag in approximate] == ["E003", "E007"]
    assert approximate[0].village == "李家庄"


def test_good_visitors(good_tables: Tables) -> None:
    visitors = {visitor.visitor_id: visitor for visitor in good_tables.visitors}
    elders = by_id(good_tables)
    assert visitors["V01"] == Visitor(
        visitor_id="V01",
        name="刘一",
        role=Role.VILLAGE_STAFF,
        town="城关镇",
        start=LonLat(117.03, 36.66),
        villages=frozenset({"李家庄", "王家村"}),
        travel_mode=TravelMode.EBIKE,
        work_weekdays=frozenset(range(5)),
        shift=TimeWindow(8 * 60 + 30, 17 * 60),
        max_home_visits_per_day=8,
    )
    second = visitors["V02"]
    assert (second.role, second.travel_mode, second.max_home_visits_per_day) == (
        Role.SOCIAL_WORKER,
        TravelMode.WALK,
        5,
    )
    assert second.work_weekdays == {0, 2, 4}
    assert second.shift == TimeWindow(9 * 60, 16 * 60)
    # No start given: the centre of the first village served, or of the town's located elders.
    assert second.approximate_start
    assert second.start == centroid([elders["E004"].location, elders["E005"].location])
    third = visitors["V03"]
    assert third.villages == frozenset() and third.approximate_start
    assert third.start == elders["E006"].location
    assert (third.shift, third.max_home_visits_per_day, third.work_weekdays) == (
        DEFAULT_SHIFT,
        8,
        frozenset({5, 6}),
    )
    assert visitors["V04"].work_weekdays == {0, 1, 2, 5}


def test_history_of_an_unknown_elder_is_flagged_and_ignored(good_tables: Tables) -> None:
    assert [(visit.elder_id, visit.mode) for visit in good_tables.history] == [
        ("E001", VisitMode.HOME),
        ("E002", VisitMode.PHONE),
        ("E005", VisitMode.ONLINE),
    ]
    assert good_tables.history[0].day == date(2024, 4, 29)
    (flag,) = [flag for flag in good_tables.flags if flag.kind == "history_unknown_elder"]
    assert flag.subject_id == "E999"
    assert flag.rows == (4, 6)
    assert "(rows 4, 6)" in flag_text(flag, "en") and "（第4, 6行）" in flag_text(flag, "zh")


def test_a_village_served_without_elders_is_flagged_not_an_error(good_tables: Tables) -> None:
    (flag,) = [flag for flag in good_tables.flags if flag.kind == "village_without_elders"]
    assert (flag.subject_id, flag.village) == ("V04", "赵家洼")


def test_unknown_columns_are_kept_aside_and_ignored(good_tables: Tables) -> None:
    assert good_tables.extra_columns == {
        "elders": ("notes",),
        "visitors": ("phone",),
        "history": (),
    }


def test_chinese_headers_values_and_bom_read_like_english() -> None:
    english = load_tables(
        DATA / "elders_good.csv", DATA / "visitors_good.csv", DATA / "history_good.csv"
    )
    chinese = load_tables(
        DATA / "elders_zh_bom.csv", DATA / "visitors_zh.csv", DATA / "history_zh.csv"
    )
    assert (DATA / "elders_zh_bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert chinese.elders == english.elders
    assert chinese.visitors == english.visitors
    assert chinese.history == english.history
    assert [(flag.subject_id, flag.kind) for flag in chinese.flags] == [
        (flag.subject_id, flag.kind) for flag in english.flags
    ]
    assert chinese.extra_columns["elders"] == ("备注",)


def test_xlsx_reads_like_csv_with_native_cells(tmp_path: Path) -> None:
    """Dates, numbers and booleans come as Python objects from XLSX cells."""
    with (DATA / "elders_good.csv").open(encoding="utf-8") as file:
        records: list[dict[str, Cell]] = list(csv.DictReader(file))
    for record in records:
        for key, value in list(record.items()):
            record[key] = value or None
        if record["birth_date"]:
            record["birth_date"] = datetime.fromisoformat(str(record["birth_date"]))
        for key in ("lon", "lat"):
            if record[key]:
                record[key] = float(str(record[key]))
        for key in ("age", "phone", "emergency_phone", "disability_grade"):
            if record[key]:
                record[key] = int(str(record[key]))
    records[1]["lives_alone"] = True
    records[1]["home_visit_consent"] = False
    xlsx = load_tables(write_table(tmp_path / "elders.xlsx", records))
    assert xlsx.elders == load_tables(DATA / "elders_good.csv").elders


def test_visitors_file_is_optional_for_classify() -> None:
    tables = load_tables(DATA / "elders_unknown_usual_visitor.csv")
    assert tables.visitors == () and tables.history == ()
    assert len(tables.elders) == 2


# --------------------------------------------------------------------------- problems gathered


def test_every_problem_of_a_file_is_reported_with_its_row_and_column() -> None:
    with pytest.raises(InputError) as raised:
        load_tables(DATA / "elders_several_defects.csv")
    rows_and_columns = [(problem.row, problem.column) for problem in raised.value.problems]
    assert sorted(rows_and_columns, key=str) == sorted(
        [
            (3, "birth_date"),
            (4, "lives_alone"),
            (4, "time_window"),
            (5, "id_number"),
            (6, "lat"),
            (7, "ability"),
            (7, "elder_id"),
            (8, "name"),
            (9, "lat"),
        ],
        key=str,
    )
    rows = [problem.row or 0 for problem in raised.value.problems]
    assert rows == sorted(rows)
    messages = {(problem.row, problem.column): problem.message for problem in raised.value.problems}
    assert (
        messages[(3, "birth_date")]
        == "'1945-13-01' is not a date: write YYYY-MM-DD, e.g. 1945-03-01"
    )
    assert "rows 2 and 7" in messages[(7, "elder_id")]
    assert "swapped" in messages[(9, "lat")]


def test_every_problem_of_every_file_is_gathered_in_one_error(tmp_path: Path) -> None:
    visitors = write_table(
        tmp_path / "visitors.csv", [{**BASE_VISITOR, "role": "teacher", "shift": "late"}]
    )
    visits = write_table(
        tmp_path / "visits.csv",
        [{"date": "someday", "elder_id": "E001", "visitor_id": "V01", "mode": "home"}],
    )
    with pytest.raises(InputError) as raised:
        load_tables(DATA / "elders_duplicate_id.csv", visitors, visits)
    assert where(raised.value.problems) == [
        ("elders_duplicate_id.csv", 4, "elder_id"),
        ("visitors.csv", 2, "role"),
        ("visitors.csv", 2, "shift"),
        ("visits.csv", 2, "date"),
    ]
    lines = str(raised.value).splitlines()
    assert len(lines) == 4
    assert lines[1].startswith(f"{tmp_path / 'visitors.csv'}, row 2, column role: 'teacher'")


def test_a_missing_file_does_not_hide_the_problems_of_the_others(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        load_tables(DATA / "elders_duplicate_id.csv", tmp_path / "no_such_visitors.csv")
    assert where(raised.value.problems) == [
        ("elders_duplicate_id.csv", 4, "elder_id"),
        ("no_such_visitors.csv", None, None),
    ]


# --- one table at a time (the service's uploads) -------------------------------------------


def test_load_table_reads_visitors_against_elders_already_known(tmp_path: Path) -> None:
    from planner.io.tables import load_table

    data = Path(__file__).parents[2] / "data" / "tables"
    elders = load_table("elders", data / "elders_good.csv", name="elders.csv").elders
    visitors = load_table("visitors", data / "visitors_good.csv", elders=elders)
    assert [v.visitor_id for v in visitors.visitors] == ["V01", "V02", "V03", "V04"]
    assert any(f.kind == "village_without_elders" for f in visitors.flags)
    history = load_table("history", data / "history_good.csv", elders=elders)
    assert {v.elder_id for v in history.history} <= {e.elder_id for e in elders}


def test_load_table_refuses_a_nul_character_naming_its_cell(tmp_path: Path) -> None:
    from planner.io.tables import InputError, load_table

    data = Path(__file__).parents[2] / "data" / "tables"
    text = (data / "elders_good.csv").read_text(encoding="utf-8").replace("王家村3号", "王\x00")
    path = tmp_path / "elders.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_table("elders", path, name="upload.csv")
    [problem] = raised.value.problems
    assert (problem.file, problem.row, problem.column) == ("upload.csv", 5, "address")
