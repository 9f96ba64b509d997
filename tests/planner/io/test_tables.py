"""Reading and validating the input tables (CONTRACT.md, "Input tables")."""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.crs import CoordSystem, LonLat, to_wgs84
from geo.travel import centroid
from planner.io.tables import (
    DEFAULT_SHIFT,
    ELDER_COLUMNS,
    HISTORY_COLUMNS,
    VISITOR_COLUMNS,
    Cell,
    Column,
    InputError,
    Problem,
    Tables,
    birth_date_of_id_number,
    id_check_character,
    load_tables,
    load_warnings,
    parse_id_number,
    parse_time_window,
    parse_time_windows,
    parse_work_days,
    read_table,
)
from planner.model import (
    Ability,
    Elder,
    Role,
    TimeWindow,
    TravelMode,
    VisitMode,
    Visitor,
    VisitReason,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "tables"

BASE_ELDER: dict[str, Cell] = {
    "elder_id": "E001",
    "name": "张三",
    "age": "80",
    "town": "城关镇",
    "village": "李家庄",
    "lon": "117.02",
    "lat": "36.65",
}
BASE_VISITOR: dict[str, Cell] = {
    "visitor_id": "V01",
    "name": "刘一",
    "role": "village_staff",
    "town": "城关镇",
}


# --------------------------------------------------------------------------- helpers


def write_table(path: Path, records: Sequence[Mapping[str, Cell]]) -> Path:
    """A CSV or XLSX file (by the suffix) with the union of the records' keys as header."""
    headers = list(dict.fromkeys(key for record in records for key in record))
    rows = [[record.get(header) for header in headers] for record in records]
    return write_rows(path, [headers, *rows])


def write_rows(path: Path, rows: Sequence[Sequence[Cell]]) -> Path:
    if path.suffix == ".xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        for row in rows:
            sheet.append(list(row))
        workbook.save(path)
    else:
        with path.open("w", encoding="utf-8", newline="") as file:
            csv.writer(file).writerows(
                [["" if cell is None else cell for cell in row] for row in rows]
            )
    return path


def load_elders(tmp_path: Path, *records: Mapping[str, Cell], suffix: str = ".csv") -> Tables:
    return load_tables(write_table(tmp_path / f"elders{suffix}", records))


def one_elder(tmp_path: Path, suffix: str = ".csv", **cells: Cell) -> Elder:
    (elder,) = load_elders(tmp_path, {**BASE_ELDER, **cells}, suffix=suffix).elders
    return elder


def problems_of(
    tmp_path: Path, *records: Mapping[str, Cell], suffix: str = ".csv"
) -> list[Problem]:
    with pytest.raises(InputError) as raised:
        load_elders(tmp_path, *records, suffix=suffix)
    return list(raised.value.problems)


def elder_problem(tmp_path: Path, suffix: str = ".csv", **cells: Cell) -> Problem:
    (problem,) = problems_of(tmp_path, {**BASE_ELDER, **cells}, suffix=suffix)
    return problem


def load_visitors(
    tmp_path: Path,
    *visitors: Mapping[str, Cell],
    elders: Sequence[Mapping[str, Cell]] = (BASE_ELDER,),
) -> Tables:
    elders_path = write_table(tmp_path / "elders.csv", elders)
    return load_tables(elders_path, write_table(tmp_path / "visitors.csv", visitors))


def one_visitor(tmp_path: Path, **cells: Cell) -> Visitor:
    (visitor,) = load_visitors(tmp_path, {**BASE_VISITOR, **cells}).visitors
    return visitor


def visitor_problem(tmp_path: Path, **cells: Cell) -> Problem:
    with pytest.raises(InputError) as raised:
        load_visitors(tmp_path, {**BASE_VISITOR, **cells})
    (problem,) = raised.value.problems
    return problem


def where(problems: Sequence[Problem]) -> list[tuple[str, int | None, str | None]]:
    return [(Path(problem.file).name, problem.row, problem.column) for problem in problems]


def make_id_number(birth: str, serial: str = "001") -> str:
    body = f"370112{birth}{serial}"
    return body + id_check_character(body)


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
    assert "李家庄" in approximate[0].detail


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
    assert "rows 4, 6" in flag.detail


def test_a_village_served_without_elders_is_flagged_not_an_error(good_tables: Tables) -> None:
    (flag,) = [flag for flag in good_tables.flags if flag.kind == "village_without_elders"]
    assert (flag.subject_id, "赵家洼" in flag.detail) == ("V04", True)


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


def test_xlsx_reads_the_first_sheet_only(tmp_path: Path) -> None:
    path = write_table(tmp_path / "elders.xlsx", [BASE_ELDER])
    workbook = openpyxl.load_workbook(path)
    workbook.create_sheet("notes").append(["something", "else"])
    workbook.save(path)
    assert [elder.elder_id for elder in load_tables(path).elders] == ["E001"]


# --------------------------------------------------------------------------- headers


@pytest.mark.parametrize(
    "header",
    [
        "elder_id",
        "ELDER_ID",
        " Elder_Id ",
        "elder id",
        "编号",
        " 编号 ",
        "elder_id (编号)",
        "编号（elder_id）",
    ],
)
def test_headers_accept_english_any_case_chinese_and_both(tmp_path: Path, header: str) -> None:
    record = {header if key == "elder_id" else key: value for key, value in BASE_ELDER.items()}
    (elder,) = load_elders(tmp_path, record).elders
    assert elder.elder_id == "E001"


@pytest.mark.parametrize("columns", [ELDER_COLUMNS, VISITOR_COLUMNS, HISTORY_COLUMNS])
def test_header_spellings_are_unambiguous(columns: Sequence[Column]) -> None:
    keys = [key for column in columns for key in column.header_keys()]
    assert len(keys) == len(set(keys))


def test_every_contract_column_has_its_chinese_header() -> None:
    chinese = {column.name: column.chinese for column in (*ELDER_COLUMNS, *VISITOR_COLUMNS)}
    assert chinese["elder_id"] == "编号" and chinese["visitor_id"] == "编号"
    assert chinese["family_planning_special"] == "计生特殊家庭"
    assert chinese["max_home_visits_per_day"] == "每日最多入户"
    assert all(chinese.values())


def test_a_column_given_twice_is_a_problem(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, {**BASE_ELDER, "经度": "117.03"})
    assert where(problems) == [("elders.csv", 1, "经度")]
    assert "lon" in problems[0].message


@pytest.mark.parametrize(
    ("column", "chinese"), [(c.name, c.chinese) for c in ELDER_COLUMNS if c.required]
)
def test_missing_required_elder_column_names_it_in_both_languages(
    tmp_path: Path, column: str, chinese: str
) -> None:
    record = {key: value for key, value in BASE_ELDER.items() if key != column}
    problems = problems_of(tmp_path, record)
    assert (1, column) in [(problem.row, problem.column) for problem in problems]
    (message,) = [problem.message for problem in problems if problem.column == column]
    assert f"{column} ({chinese})" in message and "missing" in message


@pytest.mark.parametrize(
    ("column", "chinese"), [(c.name, c.chinese) for c in VISITOR_COLUMNS if c.required]
)
def test_missing_required_visitor_column(tmp_path: Path, column: str, chinese: str) -> None:
    record = {key: value for key, value in BASE_VISITOR.items() if key != column}
    with pytest.raises(InputError) as raised:
        load_visitors(tmp_path, record)
    problem = raised.value.problems[0]
    assert (Path(problem.file).name, problem.row, problem.column) == ("visitors.csv", 1, column)
    assert f"{column} ({chinese})" in problem.message


@pytest.mark.parametrize("column", [c.name for c in HISTORY_COLUMNS if c.required])
def test_missing_required_history_column(tmp_path: Path, column: str) -> None:
    history = {"date": "2024-05-06", "elder_id": "E001", "visitor_id": "V01", "mode": "home"}
    del history[column]
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER])
    with pytest.raises(InputError) as raised:
        load_tables(elders, None, write_table(tmp_path / "visits.csv", [history]))
    assert where(raised.value.problems) == [("visits.csv", 1, column)]


def test_missing_village_column_fixture() -> None:
    with pytest.raises(InputError) as raised:
        load_tables(DATA / "elders_missing_village_column.csv")
    assert where(raised.value.problems) == [("elders_missing_village_column.csv", 1, "village")]
    assert "村居" in raised.value.problems[0].message


def test_neither_birth_date_nor_age_column(tmp_path: Path) -> None:
    record = {key: value for key, value in BASE_ELDER.items() if key != "age"}
    (problem,) = problems_of(tmp_path, record)
    assert (problem.row, problem.column) == (1, "birth_date")
    assert "出生日期" in problem.message and "年龄" in problem.message


def test_neither_birth_date_nor_age_in_a_row(tmp_path: Path) -> None:
    problem = elder_problem(tmp_path, age=None, birth_date=None)
    assert (problem.row, problem.column) == (2, "birth_date")
    assert "YYYY-MM-DD" in problem.message


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


def test_xlsx_numbers_become_text_for_ids_and_phones(tmp_path: Path) -> None:
    elder = one_elder(
        tmp_path, ".xlsx", elder_id=1001, phone=13812345678, emergency_phone=13900000001.0, age=80.0
    )
    assert (elder.elder_id, elder.phone, elder.emergency_phone, elder.stated_age) == (
        "1001",
        "13812345678",
        "13900000001",
        80,
    )


def test_unknown_columns_do_not_matter_whatever_they_hold(tmp_path: Path) -> None:
    tables = load_elders(tmp_path, {**BASE_ELDER, "备注": "=1/0", "extra": "not a date"})
    assert tables.extra_columns["elders"] == ("备注", "extra")
    assert len(tables.elders) == 1


# --------------------------------------------------------------------------- ID numbers


@pytest.mark.parametrize(
    "id_number",
    ["11010519491231002X", "11010519491231002x", "440524188001010014", " 370112194005120013 "],
)
def test_valid_id_numbers(id_number: str) -> None:
    assert parse_id_number(id_number) == id_number.strip().upper()


@pytest.mark.parametrize(
    ("id_number", "says"),
    [
        ("110105194912310021", "GB 11643 check"),
        ("11010519491231002", "has 17 characters"),
        ("370112450301003", "has 15 characters"),
        ("1101051949123100X2", "only digits and a final X"),
        ("110105194913310028", "not a date"),
    ],
)
def test_invalid_id_numbers(tmp_path: Path, id_number: str, says: str) -> None:
    problem = elder_problem(tmp_path, id_number=id_number)
    assert (problem.row, problem.column) == (2, "id_number")
    assert says in problem.message
    assert id_number not in problem.message  # masked: messages end up in logs


def test_check_digit_of_the_standards_example() -> None:
    assert id_check_character("11010519491231002") == "X"
    assert birth_date_of_id_number("11010519491231002X") == date(1949, 12, 31)


@given(
    birth=st.dates(date(1900, 1, 1), date(2020, 12, 31)),
    serial=st.integers(0, 999),
    position=st.integers(0, 16),
    delta=st.integers(1, 9),
)
def test_any_single_digit_change_fails_the_check(
    birth: date, serial: int, position: int, delta: int
) -> None:
    valid = make_id_number(birth.strftime("%Y%m%d"), f"{serial:03d}")
    assert parse_id_number(valid) == valid
    digits = list(valid)
    digits[position] = str((int(digits[position]) + delta) % 10)
    with pytest.raises(ValueError, match=r"GB 11643|not a date|in the future"):
        parse_id_number("".join(digits))


def test_id_birth_date_must_agree_with_birth_date(tmp_path: Path) -> None:
    problem = elder_problem(tmp_path, birth_date="1940-05-13", id_number=make_id_number("19400512"))
    assert (problem.row, problem.column) == (2, "id_number")
    assert "another birth date" in problem.message and "birth_date" in problem.message
    # Either date would give away the digits the masked ID number hides.
    assert "1940-05-1" not in problem.message and "194005" not in problem.message


def test_id_birth_date_is_used_when_birth_date_and_age_are_empty(tmp_path: Path) -> None:
    elder = one_elder(tmp_path, age=None, birth_date="", id_number=make_id_number("19400512"))
    assert elder.birth_date == date(1940, 5, 12)


def test_id_number_stored_as_a_number_in_xlsx(tmp_path: Path) -> None:
    problem = elder_problem(tmp_path, ".xlsx", id_number=int(make_id_number("19400512")))
    assert (problem.row, problem.column) == (2, "id_number")
    assert "stored as a number" in problem.message and "Text" in problem.message


def test_sex_that_disagrees_with_the_id_number_is_flagged(tmp_path: Path) -> None:
    tables = load_elders(
        tmp_path, {**BASE_ELDER, "sex": "女", "id_number": make_id_number("19400512", "001")}
    )
    assert [flag.kind for flag in tables.flags] == ["sex_differs_from_id_number"]
    assert (
        load_elders(
            tmp_path, {**BASE_ELDER, "sex": "男", "id_number": make_id_number("19400512")}
        ).flags
        == ()
    )


def test_an_id_number_born_in_the_future_is_refused_like_a_birth_date(tmp_path: Path) -> None:
    next_year = date.today().year + 1
    problem = elder_problem(tmp_path, id_number=make_id_number(f"{next_year}0101"))
    assert (problem.row, problem.column) == (2, "id_number")
    assert "in the future" in problem.message and str(next_year) not in problem.message


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("phone", "1.38123E+10"),
        ("emergency_phone", "1.39E+10"),
        ("id_number", "3.70402E+17"),
        ("elder_id", "3.70402E+17"),
        ("usual_visitor_id", "1.38123E+10"),
    ],
)
def test_numbers_excel_wrote_in_scientific_notation_are_refused(
    tmp_path: Path, column: str, cell: str
) -> None:
    problem = elder_problem(tmp_path, **{column: cell})
    assert (problem.row, problem.column) == (2, column)
    assert problem.message.startswith("Excel stored this as a number and lost digits")
    assert "format the column as text" in problem.message


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("phone", 13812300000.0),  # 1.38123E+10 pasted back as a number
        ("emergency_phone", 13900000000),
        ("elder_id", 12345600000.0),
        ("elder_id", 1234567890123456789),
    ],
)
def test_xlsx_numbers_that_lost_their_digits_are_refused(
    tmp_path: Path, column: str, cell: Cell
) -> None:
    problem = elder_problem(tmp_path, ".xlsx", **{column: cell})
    assert (problem.row, problem.column) == (2, column)
    assert "lost digits" in problem.message


def test_xlsx_numbers_that_kept_their_digits_are_read(tmp_path: Path) -> None:
    elder = one_elder(tmp_path, ".xlsx", phone=13812345678.0, emergency_phone=13800000002)
    assert (elder.phone, elder.emergency_phone) == ("13812345678", "13800000002")


BIRTH_DIGITS = ("19600230", "600230", "1960-02-30")


def test_no_message_shows_more_of_an_id_number_than_its_masked_form(tmp_path: Path) -> None:
    """Messages end up in terminals and logs; the birth date is most of what the mask hides."""
    not_a_date = "370402" + "19600230" + "001"
    not_a_date += id_check_character(not_a_date)
    valid = make_id_number("19600301")
    born = birth_date_of_id_number(valid)
    records = [
        {**BASE_ELDER, "id_number": not_a_date},
        {**BASE_ELDER, "elder_id": "E002", "id_number": valid, "birth_date": "1960-03-02"},
        {**BASE_ELDER, "elder_id": "E003", "id_number": valid[:-1] + "0", "sex": "女"},
        {**BASE_ELDER, "elder_id": valid},
        {**BASE_ELDER, "elder_id": "E005", "lives_alone": valid, "age": not_a_date},
        {**BASE_ELDER, "elder_id": "E006", "lon": not_a_date},
        {**BASE_ELDER, "elder_id": "E007", "usual_visitor_id": not_a_date},
    ]
    messages = [str(problem) for problem in problems_of(tmp_path, *records)]
    assert len(messages) >= len(records)
    shown = "\n".join(messages)
    hidden = (*BIRTH_DIGITS, valid[6:14], born.isoformat(), "1960-03-02")
    assert not [digits for digits in hidden if digits in shown], shown
    assert "'3704**********0011'" in shown


def test_the_sex_flag_shows_no_part_of_the_id_number(tmp_path: Path) -> None:
    id_number = make_id_number("19400512", "001")
    tables = load_elders(tmp_path, {**BASE_ELDER, "sex": "女", "id_number": id_number})
    (flag,) = tables.flags
    assert id_number[:6] not in flag.detail and id_number[6:14] not in flag.detail


# --------------------------------------------------------------------------- ids


@pytest.mark.parametrize(
    ("cell", "says", "shown"),
    [
        ("370402194005120013", "is a resident ID number", "'3704**********0013'"),
        ("37040219400512001x", "is a resident ID number", "'3704**********001x'"),
        ("370402400512001", "is a resident ID number", "'3704*******2001'"),
        ("13812345678", "is a mobile phone number", "'138****5678'"),
        ("+8613812345678", "is a mobile phone number", "'+86*******5678'"),
    ],
)
def test_an_elder_id_that_is_a_personal_number_is_refused_masked(
    tmp_path: Path, cell: str, says: str, shown: str
) -> None:
    """Ids are published in every output (roster.csv, maps): ledgers keyed by 身份证号 leak."""
    problem = elder_problem(tmp_path, elder_id=cell)
    assert (problem.row, problem.column) == (2, "elder_id")
    assert problem.message.startswith(f"{shown} {says}, which every output would publish")
    assert "a number of the town's own (e.g. E0001)" in problem.message
    assert cell not in str(problem)


def test_a_chinese_elder_id_header_is_named_in_the_refusal(tmp_path: Path) -> None:
    record = {"编号" if key == "elder_id" else key: value for key, value in BASE_ELDER.items()}
    (problem,) = problems_of(tmp_path, {**record, "编号": make_id_number("19400512")})
    assert str(problem).startswith(f"{tmp_path / 'elders.csv'}, row 2, column 编号: '3701*")
    assert "身份证号" in problem.message


@pytest.mark.parametrize("cell", ["13812345678", "370402194005120013"])
def test_a_visitor_id_that_is_a_personal_number_is_refused_too(tmp_path: Path, cell: str) -> None:
    problem = visitor_problem(tmp_path, visitor_id=cell)
    assert (problem.row, problem.column) == (2, "visitor_id")
    assert "which every output would publish" in problem.message and cell not in problem.message
    assert "(e.g. V001)" in problem.message


def test_a_history_naming_elders_by_id_number_gets_the_same_advice(tmp_path: Path) -> None:
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER])
    visit = {"date": "2026-11-30", "elder_id": make_id_number("19400512"), "visitor_id": "V01"}
    history = write_table(tmp_path / "visits.csv", [{**visit, "mode": "home"}])
    with pytest.raises(InputError) as raised:
        load_tables(elders, None, history)
    (problem,) = raised.value.problems
    assert (problem.row, problem.column) == (2, "elder_id")
    assert "is a resident ID number" in problem.message and "E0001" in problem.message


UNSAFE_IDS = [
    ("=HYPERLINK(1)", "a formula"),
    ("+E001", "a formula"),
    ("-1", "a formula"),
    ("@E001", "a formula"),
    ("\r=1+1", "a formula"),
    ("V/01", "file name"),
    ("V\\01", "file name"),
    ("V:01", "file name"),
    ("V*", "file name"),
    ("V?", "file name"),
    ('V"1', "file name"),
    ("<V1>", "file name"),
    ("V|1", "file name"),
    ("V\x0701", "file name"),
    (".", "file name"),
    ("..", "file name"),
    ("V" * 65, "more than the 64"),
]


@pytest.mark.parametrize(("cell", "says"), UNSAFE_IDS)
def test_an_unsafe_visitor_id_is_refused(tmp_path: Path, cell: str, says: str) -> None:
    """A visitor id names map files (maps/<visitor_id>_<date>.html) and fills cells."""
    problem = visitor_problem(tmp_path, visitor_id=cell)
    assert (problem.row, problem.column) == (2, "visitor_id")
    assert says in problem.message and "a plain id such as V001" in problem.message


@pytest.mark.parametrize(("cell", "says"), UNSAFE_IDS)
def test_an_unsafe_elder_id_is_refused(tmp_path: Path, cell: str, says: str) -> None:
    problem = elder_problem(tmp_path, elder_id=cell)
    assert (problem.row, problem.column) == (2, "elder_id")
    assert says in problem.message


@pytest.mark.parametrize("column", ["elder_id", "visitor_id"])
def test_an_unsafe_id_in_the_history_is_refused(tmp_path: Path, column: str) -> None:
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER])
    visit = {"date": "2026-11-30", "elder_id": "E001", "visitor_id": "V01", "mode": "home"}
    history = write_table(tmp_path / "visits.csv", [{**visit, column: "=1+1"}])
    with pytest.raises(InputError) as raised:
        load_tables(elders, None, history)
    assert where(raised.value.problems) == [("visits.csv", 2, column)]


@pytest.mark.parametrize("cell", ["V" * 64, "村委-01", "V 01", "E_0001", "V01.a"])
def test_plain_ids_are_read(tmp_path: Path, cell: str) -> None:
    assert one_visitor(tmp_path, visitor_id=cell).visitor_id == cell


# ------------------------------------------------------------------ time windows and work days


@pytest.mark.parametrize(
    ("cell", "windows"),
    [
        ("08:30-11:30", ((510, 690),)),
        ("8:30-11:30", ((510, 690),)),
        ("08:30 - 11:30", ((510, 690),)),
        ("08：30~11：30", ((510, 690),)),
        ("08:30至11:30", ((510, 690),)),
        ("08:00-10:00;14:00-16:00", ((480, 600), (840, 960))),
        ("14:00-16:00；08:00-10:00", ((480, 600), (840, 960))),
        ("08:00-10:00,14:00-16:00", ((480, 600), (840, 960))),
        ("08:00-10:00; 09:30-11:00", ((480, 660),)),
        ("00:00-24:00", ((0, 1440),)),
    ],
)
def test_time_window_spellings(
    tmp_path: Path, cell: str, windows: tuple[tuple[int, int], ...]
) -> None:
    assert one_elder(tmp_path, time_window=cell).time_windows == tuple(
        TimeWindow(*w) for w in windows
    )


@pytest.mark.parametrize(
    "cell",
    [
        "8-10",
        "morning",
        "17:00-08:30",
        "10:00-10:00",
        "25:00-26:00",
        "08:61-09:00",
        "08:00-10:00;later",
    ],
)
def test_bad_time_window(tmp_path: Path, cell: str) -> None:
    problem = elder_problem(tmp_path, time_window=cell)
    assert (problem.row, problem.column) == (2, "time_window")
    assert "HH:MM-HH:MM" in problem.message


def test_time_windows_round_trip_through_their_text() -> None:
    windows = (TimeWindow(480, 600), TimeWindow(840, 1020))
    assert parse_time_windows(";".join(str(window) for window in windows)) == windows
    assert parse_time_window(str(DEFAULT_SHIFT)) == DEFAULT_SHIFT


@pytest.mark.parametrize(
    ("cell", "days"),
    [
        ("Mon-Fri", {0, 1, 2, 3, 4}),
        ("mon - fri", {0, 1, 2, 3, 4}),
        ("Mon,Wed,Fri", {0, 2, 4}),
        ("Mon-Wed,Sat", {0, 1, 2, 5}),
        ("Monday, Thursday", {0, 3}),
        ("Tues;Thurs", {1, 3}),
        ("Sat-Sun", {5, 6}),
        ("Fri-Mon", {4, 5, 6, 0}),
        ("周一-周五", {0, 1, 2, 3, 4}),
        ("周一至周五", {0, 1, 2, 3, 4}),
        ("周一至五", {0, 1, 2, 3, 4}),
        ("周一,周三", {0, 2}),
        ("周一、周三、周五", {0, 2, 4}),
        ("星期一-星期三,星期六", {0, 1, 2, 5}),
        ("星期日", {6}),
        ("周天", {6}),
        ("工作日", {0, 1, 2, 3, 4}),
        ("每天", set(range(7))),
        ("", {0, 1, 2, 3, 4}),
    ],
)
def test_work_days_spellings(tmp_path: Path, cell: str, days: set[int]) -> None:
    assert one_visitor(tmp_path, work_days=cell).work_weekdays == frozenset(days)


@pytest.mark.parametrize("cell", ["Mon-Fry", "weekly", "Mon-Wed-Fri", "1-5"])
def test_bad_work_days(tmp_path: Path, cell: str) -> None:
    problem = visitor_problem(tmp_path, work_days=cell)
    assert (problem.row, problem.column) == (2, "work_days")
    assert "Mon-Fri" in problem.message and "周一-周五" in problem.message


def test_parse_work_days_returns_weekday_numbers() -> None:
    assert parse_work_days("Sun") == frozenset({6})


@pytest.mark.parametrize(
    ("cell", "shift"), [("", (510, 1020)), ("07:00-15:30", (420, 930)), ("9:00~18:00", (540, 1080))]
)
def test_shift(tmp_path: Path, cell: str, shift: tuple[int, int]) -> None:
    assert one_visitor(tmp_path, shift=cell).shift == TimeWindow(*shift)


@pytest.mark.parametrize("cell", ["08:30-12:00;13:30-17:00", "all day", "17:00-08:30"])
def test_bad_shift(tmp_path: Path, cell: str) -> None:
    assert visitor_problem(tmp_path, shift=cell).column == "shift"


def test_xlsx_single_time_in_a_shift_is_a_problem(tmp_path: Path) -> None:
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER])
    visitors = write_table(tmp_path / "visitors.xlsx", [{**BASE_VISITOR, "shift": time(8, 30)}])
    with pytest.raises(InputError) as raised:
        load_tables(elders, visitors)
    (problem,) = raised.value.problems
    assert problem.column == "shift" and "single time" in problem.message


@pytest.mark.parametrize(("cell", "limit"), [("", 8), ("0", 0), ("12", 12)])
def test_max_home_visits_per_day(tmp_path: Path, cell: str, limit: int) -> None:
    assert one_visitor(tmp_path, max_home_visits_per_day=cell).max_home_visits_per_day == limit


@pytest.mark.parametrize("cell", ["-1", "many", "2.5"])
def test_bad_max_home_visits_per_day(tmp_path: Path, cell: str) -> None:
    assert (
        visitor_problem(tmp_path, max_home_visits_per_day=cell).column == "max_home_visits_per_day"
    )


@pytest.mark.parametrize(
    "cell",
    ["李家庄;王家村", "李家庄；王家村", "李家庄,王家村", "李家庄、王家村", " 李家庄 ; 王家村 ;"],
)
def test_villages_separators(tmp_path: Path, cell: str) -> None:
    assert one_visitor(tmp_path, villages=cell).villages == {"李家庄", "王家村"}


# --------------------------------------------------------------------------- coordinates and places


def test_lat_lon_swapped_fixture() -> None:
    with pytest.raises(InputError) as raised:
        load_tables(DATA / "elders_lat_lon_swapped.csv")
    (problem,) = raised.value.problems
    assert (problem.row, problem.column) == (2, "lat")
    assert "swapped" in problem.message


@pytest.mark.parametrize(
    ("lon", "lat", "column", "says"),
    [
        ("36.65", "80.0", "lon", "is this lat/lon swapped?"),
        ("2.35", "48.85", "lon", "outside China"),
        ("-117.02", "36.65", "lon", "outside China"),
        ("200", "36.65", "lon", "not a longitude"),
        ("117.02", "-95", "lat", "not a latitude"),
        ("east", "36.65", "lon", "not a number of degrees"),
        ("117.02", "", "lat", "give both"),
        ("", "36.65", "lon", "give both"),
    ],
)
def test_bad_coordinates(tmp_path: Path, lon: str, lat: str, column: str, says: str) -> None:
    problem = elder_problem(tmp_path, lon=lon, lat=lat)
    assert (problem.row, problem.column) == (2, column)
    assert says in problem.message


def test_coordinates_with_a_degree_sign_and_from_xlsx_numbers(tmp_path: Path) -> None:
    assert one_elder(tmp_path, lon="117.02°", lat="36.65°").location == LonLat(117.02, 36.65)
    assert one_elder(tmp_path, ".xlsx", lon=117.02, lat=36.65).location == LonLat(117.02, 36.65)


def test_village_without_any_located_elder_is_a_problem_per_unlocated_row() -> None:
    with pytest.raises(InputError) as raised:
        load_tables(DATA / "elders_village_without_coordinates.csv")
    assert where(raised.value.problems) == [
        ("elders_village_without_coordinates.csv", 3, "lon"),
        ("elders_village_without_coordinates.csv", 4, "lon"),
    ]
    message = raised.value.problems[0].message
    assert message == (
        "no elder of 赵家洼 (城关镇) has coordinates, so its centre is unknown: give lon/lat for "
        "this row or for one elder of the village"
    )


def test_no_coordinate_columns_at_all_is_one_problem(tmp_path: Path) -> None:
    records = [
        {key: value for key, value in BASE_ELDER.items() if key not in ("lon", "lat")}
        | {"elder_id": f"E{n}"}
        for n in range(5)
    ]
    (problem,) = problems_of(tmp_path, *records)
    assert (problem.row, problem.column) == (1, "lon")
    assert "经度" in problem.message


def test_empty_coordinates_everywhere_is_a_problem_per_row(tmp_path: Path) -> None:
    records = [{**BASE_ELDER, "elder_id": f"E{n}", "lon": None, "lat": None} for n in range(3)]
    problems = problems_of(tmp_path, *records)
    assert where(problems) == [("elders.csv", row, "lon") for row in (2, 3, 4)]
    assert all("no elder of 李家庄 (城关镇) has coordinates" in p.message for p in problems)


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_files(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "elders.csv"
    lines = [
        delimiter.join(BASE_ELDER),
        delimiter.join(str(value) for value in BASE_ELDER.values()),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [elder.elder_id for elder in load_tables(path).elders] == ["E001"]


def test_a_bad_coordinate_does_not_also_blame_the_unlocated_rows_of_its_village(
    tmp_path: Path,
) -> None:
    problems = problems_of(
        tmp_path,
        {**BASE_ELDER, "elder_id": "E1"},
        {**BASE_ELDER, "elder_id": "E2", "village": "赵家洼", "lon": "abc"},
        {**BASE_ELDER, "elder_id": "E3", "village": "赵家洼", "lon": None, "lat": None},
    )
    assert where(problems) == [("elders.csv", 3, "lon")]


def test_visitor_starts_at_the_first_served_village_that_has_located_elders(tmp_path: Path) -> None:
    elders = [
        {**BASE_ELDER, "elder_id": "E1", "village": "李家庄", "lon": "117.02", "lat": "36.65"},
        {**BASE_ELDER, "elder_id": "E2", "village": "王家村", "lon": "117.06", "lat": "36.68"},
        {**BASE_ELDER, "elder_id": "E3", "village": "王家村", "lon": "117.08", "lat": "36.70"},
    ]
    tables = load_visitors(
        tmp_path,
        {**BASE_VISITOR, "visitor_id": "V1", "villages": "王家村;李家庄"},
        {**BASE_VISITOR, "visitor_id": "V2", "villages": "赵家洼;李家庄"},
        {**BASE_VISITOR, "visitor_id": "V3", "villages": ""},
        elders=elders,
    )
    first, second, third = tables.visitors
    assert first.start == centroid([LonLat(117.06, 36.68), LonLat(117.08, 36.70)])
    assert second.start == LonLat(117.02, 36.65)
    assert third.start == centroid(
        [LonLat(117.02, 36.65), LonLat(117.06, 36.68), LonLat(117.08, 36.70)]
    )
    assert all(visitor.approximate_start for visitor in tables.visitors)
    assert [flag.subject_id for flag in tables.flags if flag.kind == "village_without_elders"] == [
        "V2"
    ]


def test_visitor_of_a_town_without_elders_is_flagged_not_an_error(tmp_path: Path) -> None:
    tables = load_visitors(tmp_path, {**BASE_VISITOR, "town": "新城镇"})
    assert [(flag.subject_id, flag.kind) for flag in tables.flags] == [
        ("V01", "approximate_start"),
        ("V01", "town_without_elders"),
    ]
    assert tables.visitors[0].start == LonLat(117.02, 36.65)


# --------------------------------------------------------------------------- cross-file checks


def test_usual_visitor_must_be_in_the_visitors_file() -> None:
    with pytest.raises(InputError) as raised:
        load_tables(DATA / "elders_unknown_usual_visitor.csv", DATA / "visitors_good.csv")
    (problem,) = raised.value.problems
    assert where([problem]) == [("elders_unknown_usual_visitor.csv", 3, "usual_visitor_id")]
    assert "'V99'" in problem.message and "visitors_good.csv" in problem.message


def test_usual_visitor_serving_elsewhere_is_flagged(tmp_path: Path) -> None:
    tables = load_visitors(
        tmp_path,
        {**BASE_VISITOR, "villages": "王家村"},
        elders=[
            {**BASE_ELDER, "usual_visitor_id": "V01"},
            {**BASE_ELDER, "elder_id": "E2", "village": "王家村"},
        ],
    )
    (flag,) = [flag for flag in tables.flags if flag.kind == "usual_visitor_elsewhere"]
    assert flag.subject_id == "E001" and "李家庄" in flag.detail


def test_history_rows_are_validated(tmp_path: Path) -> None:
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER])
    visits = [
        {"date": "2024-05-06", "elder_id": "E001", "visitor_id": "V01", "mode": "home"},
        {"date": "2024-13-06", "elder_id": "E001", "visitor_id": "V01", "mode": "fax"},
        {"date": "2024-05-07", "elder_id": "", "visitor_id": "V01", "mode": "phone"},
    ]
    with pytest.raises(InputError) as raised:
        load_tables(elders, None, write_table(tmp_path / "visits.csv", visits))
    assert where(raised.value.problems) == [
        ("visits.csv", 3, "date"),
        ("visits.csv", 3, "mode"),
        ("visits.csv", 4, "elder_id"),
    ]


def test_history_of_a_visitor_no_longer_listed_is_kept(tmp_path: Path) -> None:
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER])
    visitors = write_table(tmp_path / "visitors.csv", [BASE_VISITOR])
    visits = [{"date": "2024-05-06", "elder_id": "E001", "visitor_id": "V77", "mode": "phone"}]
    tables = load_tables(elders, visitors, write_table(tmp_path / "visits.csv", visits))
    assert [visit.visitor_id for visit in tables.history] == ["V77"]


def test_empty_history_is_fine(tmp_path: Path) -> None:
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER])
    history = write_rows(tmp_path / "visits.csv", [["date", "elder_id", "visitor_id", "mode"]])
    assert load_tables(elders, None, history).history == ()


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


def test_duplicate_visitor_id(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        load_visitors(tmp_path, BASE_VISITOR, {**BASE_VISITOR, "name": "别人"})
    (problem,) = raised.value.problems
    assert (problem.row, problem.column) == (3, "visitor_id")
    assert "'V01' is used on rows 2 and 3" in problem.message


def test_problems_use_the_header_as_written_in_the_file(tmp_path: Path) -> None:
    record = {
        "编号": "E001",
        "姓名": "张三",
        "出生日期": "1945-13-01",
        "镇街": "城关镇",
        "村居": "李家庄",
        "经度": "117.02",
        "纬度": "36.65",
    }
    (problem,) = problems_of(tmp_path, record)
    assert str(problem) == (
        f"{tmp_path / 'elders.csv'}, row 2, column 出生日期: '1945-13-01' is not a date: "
        "write YYYY-MM-DD, e.g. 1945-03-01"
    )


def test_required_cell_left_empty(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, {**BASE_ELDER, "name": " ", "village": ""})
    assert where(problems) == [("elders.csv", 2, "name"), ("elders.csv", 2, "village")]
    assert all("is empty" in problem.message for problem in problems)


def test_value_with_an_unquoted_comma() -> None:
    with pytest.raises(InputError) as raised:
        load_tables(DATA / "elders_comma_in_address.csv")
    (problem,) = [problem for problem in raised.value.problems if problem.column is None]
    assert problem.row == 3 and "comma" in problem.message


def test_problem_text() -> None:
    assert (
        str(Problem("elders.csv", 7, "birth_date", "bad"))
        == "elders.csv, row 7, column birth_date: bad"
    )
    assert str(Problem("elders.csv", None, None, "is empty")) == "elders.csv: is empty"
    assert str(Problem("elders.csv", 3, None, "too long")) == "elders.csv, row 3: too long"
    error = InputError([Problem("a.csv", 2, "x", "one"), Problem("b.csv", None, None, "two")])
    assert str(error) == "a.csv, row 2, column x: one\nb.csv: two"


# --------------------------------------------------------------------------- unreadable files


def _empty_workbook(path: Path) -> Path:
    openpyxl.Workbook().save(path)
    return path


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda tmp: tmp / "missing.csv", "does not exist"),
        (lambda tmp: tmp, "is a folder"),
        (lambda tmp: DATA / "elders_gbk_encoded.csv", "save it as UTF-8 CSV"),
        (lambda tmp: DATA / "elders_empty.csv", "is empty"),
        (lambda tmp: DATA / "elders_header_only.csv", "no data rows"),
        (lambda tmp: DATA / "elders_not_a_workbook.xlsx", "not a valid XLSX workbook"),
        (lambda tmp: _empty_workbook(tmp / "empty.xlsx"), "is empty"),
        (lambda tmp: write_rows(tmp / "elders.xls", [["x"]]), "save it as .xlsx"),
        (lambda tmp: write_rows(tmp / "elders.txt", [["x"]]), "'.txt'"),
        (lambda tmp: write_rows(tmp / "elders", [["x"]]), "without an extension"),
    ],
)
def test_unreadable_files_are_one_clear_problem(
    tmp_path: Path, make: Callable[[Path], Path], says: str
) -> None:
    path = make(tmp_path)
    with pytest.raises(InputError) as raised:
        load_tables(path)
    (problem,) = raised.value.problems
    assert problem.column is None and problem.row in (None, 1)
    assert says in problem.message


def test_read_table_keeps_every_column_and_row_number() -> None:
    table = read_table(DATA / "elders_duplicate_id.csv")
    assert table.headers == ("elder_id", "name", "age", "town", "village", "lon", "lat")
    assert [row.number for row in table.rows] == [2, 3, 4]
    assert table.rows[2].values[:2] == ("E001", "王五")


def test_blank_rows_are_skipped_but_counted(tmp_path: Path) -> None:
    header = list(BASE_ELDER)
    path = write_rows(
        tmp_path / "elders.csv",
        [
            header,
            list(BASE_ELDER.values()),
            [],
            ["", ""],
            [*["E002", "李四", "abc"], *list(BASE_ELDER.values())[3:]],
        ],
    )
    with pytest.raises(InputError) as raised:
        load_tables(path)
    assert where(raised.value.problems) == [("elders.csv", 5, "age")]


def test_history_reason_is_optional_and_read_in_both_languages(tmp_path: Path) -> None:
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER])
    rows = [
        {
            "date": "2024-05-06",
            "elder_id": "E001",
            "visitor_id": "V01",
            "mode": "phone",
            "reason": "节日",
        },
        {
            "date": "2024-05-07",
            "elder_id": "E001",
            "visitor_id": "V01",
            "mode": "home",
            "reason": "",
        },
    ]
    history = load_tables(elders, None, write_table(tmp_path / "visits.csv", rows)).history
    assert [v.reason for v in history] == [VisitReason.FESTIVAL, VisitReason.REGULAR]


WARNINGS = DATA / "warnings_good.csv"


def test_weather_warnings_are_read_in_both_languages() -> None:
    (english,) = load_warnings(WARNINGS)
    assert (english.town, english.villages, english.severe, english.kind) == (
        "城关镇",
        frozenset({"李家庄"}),
        True,
        "寒潮",
    )
    assert (english.start, english.end) == (date(2026, 12, 10), date(2026, 12, 11))
    (chinese,) = load_warnings(DATA / "warnings_zh.csv")
    assert (chinese.villages, chinese.severe, chinese.kind) == (frozenset(), False, "高温")


def test_every_problem_of_a_warnings_file_is_reported() -> None:
    places = {"城关镇": {"李家庄", "王家村"}}
    with pytest.raises(InputError) as raised:
        load_warnings(DATA / "warnings_several_defects.csv", places=places)
    found = {(p.row, p.column) for p in raised.value.problems}
    assert found == {(2, "villages"), (3, "end"), (4, "start"), (4, "severe")}
    messages = " ".join(p.message for p in raised.value.problems)
    assert "李家村 has no elders in 城关镇" in messages and "before the start" in messages
