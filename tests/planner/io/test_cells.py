"""One cell: booleans, enumerations, numbers, ages, dates, degrees and lists of names in their
English and Chinese spellings, and what a bad one is told (``planner.io.cells``)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from geo.crs import CoordSystem, LonLat, to_wgs84
from planner.io.cells import Cell
from planner.io.tables import load_tables
from planner.model import Ability, Role, TravelMode, VisitMode
from tests.planner.io.table_files import (
    BASE_ELDER,
    elder_problem,
    one_elder,
    one_visitor,
    visitor_problem,
    write_table,
)

# ------------------------------------------------------------------ booleans and enumerations


@pytest.mark.parametrize(
    "spelling", ["1", "true", "TRUE", "True", "yes", "Yes", "YES", "y", "Y", "是", " yes "]
)
def test_true_spellings(tmp_path: Path, spelling: str) -> None:
    elder = one_elder(tmp_path, lives_alone=spelling, bedridden=spelling, dementia=spelling)
    assert (elder.lives_alone, elder.bedridden, elder.dementia) == (True, True, True)


@pytest.mark.parametrize(
    "spelling", ["0", "false", "FALSE", "False", "no", "No", "NO", "n", "N", "否"]
)
def test_false_spellings(tmp_path: Path, spelling: str) -> None:
    assert (
        one_elder(tmp_path, home_visit_consent=spelling, empty_nest=spelling).home_visit_consent
        is False
    )


@pytest.mark.parametrize(
    ("column", "default"),
    [
        ("lives_alone", False),
        ("empty_nest", False),
        ("left_behind", False),
        ("family_planning_special", False),
        ("bedridden", False),
        ("limited_mobility", False),
        ("dementia", False),
        ("home_visit_consent", True),
    ],
)
def test_empty_boolean_is_the_default(tmp_path: Path, column: str, default: bool) -> None:
    assert getattr(one_elder(tmp_path, **{column: ""}), column) is default
    assert (
        getattr(one_elder(tmp_path, **{column: "是" if not default else "否"}), column)
        is not default
    )


@pytest.mark.parametrize(
    ("cell", "expected"), [(True, True), (False, False), (1, True), (0, False)]
)
def test_xlsx_booleans_and_numbers(tmp_path: Path, cell: Cell, expected: bool) -> None:
    assert one_elder(tmp_path, ".xlsx", left_behind=cell).left_behind is expected


@pytest.mark.parametrize("spelling", ["maybe", "2", "有", "x"])
def test_bad_boolean(tmp_path: Path, spelling: str) -> None:
    problem = elder_problem(tmp_path, lives_alone=spelling)
    assert (problem.row, problem.column) == (2, "lives_alone")
    assert repr(spelling) in problem.message and "是/否" in problem.message


@pytest.mark.parametrize(
    ("spelling", "ability"),
    [
        ("intact", Ability.INTACT),
        ("完好", Ability.INTACT),
        ("mild", Ability.MILD),
        ("轻度", Ability.MILD),
        ("Moderate", Ability.MODERATE),
        ("中度", Ability.MODERATE),
        ("SEVERE", Ability.SEVERE),
        ("重度", Ability.SEVERE),
        ("重度失能", Ability.SEVERE),
        ("total", Ability.TOTAL),
        ("完全", Ability.TOTAL),
        ("unassessed", Ability.UNASSESSED),
        ("未评估", Ability.UNASSESSED),
        ("", Ability.UNASSESSED),
    ],
)
def test_ability_in_both_languages(tmp_path: Path, spelling: str, ability: Ability) -> None:
    assert one_elder(tmp_path, ability=spelling).ability is ability


@pytest.mark.parametrize(
    ("spelling", "sex"),
    [
        ("M", "M"),
        ("m", "M"),
        ("男", "M"),
        ("male", "M"),
        ("F", "F"),
        ("f", "F"),
        ("女", "F"),
        ("", None),
    ],
)
def test_sex_in_both_languages(tmp_path: Path, spelling: str, sex: str | None) -> None:
    assert one_elder(tmp_path, sex=spelling).sex == sex


@pytest.mark.parametrize(
    ("spelling", "system"),
    [
        ("wgs84", CoordSystem.WGS84),
        ("WGS-84", CoordSystem.WGS84),
        ("WGS 84", CoordSystem.WGS84),
        ("", CoordSystem.WGS84),
        ("gcj02", CoordSystem.GCJ02),
        ("GCJ-02", CoordSystem.GCJ02),
        ("高德", CoordSystem.GCJ02),
        ("bd09", CoordSystem.BD09),
        ("BD-09", CoordSystem.BD09),
        ("百度", CoordSystem.BD09),
    ],
)
def test_coord_system_spellings(tmp_path: Path, spelling: str, system: CoordSystem) -> None:
    elder = one_elder(tmp_path, coord_system=spelling)
    assert elder.location == to_wgs84(LonLat(117.02, 36.65), system)


@pytest.mark.parametrize(
    ("spelling", "role"),
    [
        *((role.value, role) for role in Role),
        ("Village_Staff", Role.VILLAGE_STAFF),
        ("村干部", Role.VILLAGE_STAFF),
        ("村居干部", Role.VILLAGE_STAFF),
        ("网格员", Role.VILLAGE_STAFF),
        ("养老机构", Role.CARE_INSTITUTION),
        ("日间照料中心", Role.CARE_INSTITUTION),
        ("幸福院", Role.CARE_INSTITUTION),
        ("社工", Role.SOCIAL_WORKER),
        ("社会工作者", Role.SOCIAL_WORKER),
        ("家庭医生", Role.FAMILY_DOCTOR),
        ("老年协会", Role.ELDERS_ASSOCIATION),
        ("物业", Role.PROPERTY_STAFF),
        ("物业人员", Role.PROPERTY_STAFF),
        ("志愿者", Role.VOLUNTEER),
        ("邻居", Role.NEIGHBOUR_RELATIVE),
        ("亲属", Role.NEIGHBOUR_RELATIVE),
        ("邻里亲属", Role.NEIGHBOUR_RELATIVE),
    ],
)
def test_roles_in_both_languages(tmp_path: Path, spelling: str, role: Role) -> None:
    assert one_visitor(tmp_path, role=spelling).role is role


@pytest.mark.parametrize(
    ("spelling", "mode"),
    [
        ("walk", TravelMode.WALK),
        ("步行", TravelMode.WALK),
        ("bike", TravelMode.BIKE),
        ("自行车", TravelMode.BIKE),
        ("ebike", TravelMode.EBIKE),
        ("e-bike", TravelMode.EBIKE),
        ("电动车", TravelMode.EBIKE),
        ("", TravelMode.EBIKE),
        ("car", TravelMode.CAR),
        ("汽车", TravelMode.CAR),
    ],
)
def test_travel_mode_in_both_languages(tmp_path: Path, spelling: str, mode: TravelMode) -> None:
    assert one_visitor(tmp_path, travel_mode=spelling).travel_mode is mode


@pytest.mark.parametrize(
    ("spelling", "mode"),
    [
        ("home", VisitMode.HOME),
        ("入户", VisitMode.HOME),
        ("phone", VisitMode.PHONE),
        ("电话", VisitMode.PHONE),
        ("online", VisitMode.ONLINE),
        ("网络", VisitMode.ONLINE),
        ("视频", VisitMode.ONLINE),
        ("线上", VisitMode.ONLINE),
        ("road", VisitMode.ROAD),
        ("路遇", VisitMode.ROAD),
    ],
)
def test_history_mode_in_both_languages(tmp_path: Path, spelling: str, mode: VisitMode) -> None:
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER])
    visits = [{"date": "2024-05-06", "elder_id": "E001", "visitor_id": "V01", "mode": spelling}]
    tables = load_tables(elders, None, write_table(tmp_path / "visits.csv", visits))
    assert [visit.mode for visit in tables.history] == [mode]


@pytest.mark.parametrize(
    ("column", "value", "accepted"),
    [
        ("ability", "bad", "完好/轻度/中度/重度/完全/未评估"),
        ("sex", "X", "男/女"),
        ("coord_system", "utm", "GCJ-02"),
    ],
)
def test_bad_elder_enumeration_lists_what_is_accepted(
    tmp_path: Path, column: str, value: str, accepted: str
) -> None:
    problem = elder_problem(tmp_path, **{column: value})
    assert (problem.row, problem.column) == (2, column)
    assert repr(value) in problem.message and accepted in problem.message


@pytest.mark.parametrize(
    ("column", "value", "accepted"),
    [("role", "teacher", "village_staff"), ("travel_mode", "horse", "电动车")],
)
def test_bad_visitor_enumeration(tmp_path: Path, column: str, value: str, accepted: str) -> None:
    problem = visitor_problem(tmp_path, **{column: value})
    assert (problem.row, problem.column) == (2, column)
    assert repr(value) in problem.message and accepted in problem.message


# --------------------------------------------------------------------------- numbers and dates


@pytest.mark.parametrize(
    ("cell", "grade"), [("1", 1), ("2级", 2), ("二级", 2), ("4", 4), ("", None), ("无", None)]
)
def test_disability_grade(tmp_path: Path, cell: str, grade: int | None) -> None:
    assert one_elder(tmp_path, disability_grade=cell).disability_grade == grade


@pytest.mark.parametrize("cell", ["5", "0", "heavy"])
def test_bad_disability_grade(tmp_path: Path, cell: str) -> None:
    problem = elder_problem(tmp_path, disability_grade=cell)
    assert problem.column == "disability_grade" and "1, 2, 3 or 4" in problem.message


@pytest.mark.parametrize(("cell", "age"), [("80", 80), ("80岁", 80), (" 91 ", 91)])
def test_age_spellings(tmp_path: Path, cell: str, age: int) -> None:
    assert one_elder(tmp_path, age=cell).stated_age == age


@pytest.mark.parametrize("cell", ["eighty", "80.5", "-1", "200"])
def test_bad_age(tmp_path: Path, cell: str) -> None:
    problem = elder_problem(tmp_path, age=cell)
    assert (problem.row, problem.column) == (2, "age")


@pytest.mark.parametrize(
    "cell",
    ["1945-03-01", "1945/3/1", "1945.03.01", "1945年3月1日", " 1945-03-01 ", "1945-03-01 00:00:00"],
)
def test_date_spellings(tmp_path: Path, cell: str) -> None:
    assert one_elder(tmp_path, birth_date=cell).birth_date == date(1945, 3, 1)


@pytest.mark.parametrize(
    "cell", ["1945-13-01", "1945-02-30", "01/03/1945", "19450301", "yesterday"]
)
def test_bad_date(tmp_path: Path, cell: str) -> None:
    problem = elder_problem(tmp_path, birth_date=cell)
    assert (problem.row, problem.column) == (2, "birth_date")
    assert problem.message == f"{cell!r} is not a date: write YYYY-MM-DD, e.g. 1945-03-01"


@pytest.mark.parametrize("cell", ["2999-01-01", "1850-01-01"])
def test_impossible_birth_date(tmp_path: Path, cell: str) -> None:
    problem = elder_problem(tmp_path, birth_date=cell)
    assert problem.column == "birth_date" and "check the year" in problem.message


def test_xlsx_date_cell_is_accepted(tmp_path: Path) -> None:
    assert one_elder(tmp_path, ".xlsx", birth_date=datetime(1945, 3, 1)).birth_date == date(
        1945, 3, 1
    )


def test_xlsx_number_in_a_date_column_says_to_format_it(tmp_path: Path) -> None:
    problem = elder_problem(tmp_path, ".xlsx", birth_date=16497)
    assert problem.column == "birth_date" and "is a number, not a date" in problem.message


def test_coordinates_with_a_degree_sign_and_from_xlsx_numbers(tmp_path: Path) -> None:
    assert one_elder(tmp_path, lon="117.02°", lat="36.65°").location == LonLat(117.02, 36.65)
    assert one_elder(tmp_path, ".xlsx", lon=117.02, lat=36.65).location == LonLat(117.02, 36.65)


@pytest.mark.parametrize(
    "cell",
    ["李家庄;王家村", "李家庄；王家村", "李家庄,王家村", "李家庄、王家村", " 李家庄 ; 王家村 ;"],
)
def test_villages_separators(tmp_path: Path, cell: str) -> None:
    assert one_visitor(tmp_path, villages=cell).villages == {"李家庄", "王家村"}
