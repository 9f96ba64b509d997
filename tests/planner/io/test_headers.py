"""Header cells matched to columns: any case, Chinese, a ledger's spellings, misspelt headers
refused with a guess, unrelated ones ignored, required columns missing (``planner.io.headers``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.io.cells import Cell
from planner.io.columns import ELDER_COLUMNS, HISTORY_COLUMNS, VISITOR_COLUMNS
from planner.io.problems import InputError
from planner.io.tables import load_tables, load_warnings
from planner.model import Ability, Role, TravelMode, VisitMode
from tests.planner.io.table_files import (
    BASE_ELDER,
    BASE_VISIT,
    BASE_VISITOR,
    DATA,
    elder_with,
    load_elders,
    load_visitors,
    problems,
    problems_of,
    renamed,
    where,
    write_rows,
    write_table,
)

# --------------------------------------------------------------------------- header cells


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


def test_unknown_columns_do_not_matter_whatever_they_hold(tmp_path: Path) -> None:
    tables = load_elders(tmp_path, {**BASE_ELDER, "备注": "=1/0", "extra": "not a date"})
    assert tables.extra_columns["elders"] == ("备注", "extra")
    assert len(tables.elders) == 1


# --------------------------------------------------------------------------- a ledger's spellings


@pytest.mark.parametrize(
    ("header", "value", "attribute", "expected"),
    [
        ("是否同意入户", "否", "home_visit_consent", False),
        ("是否同意入户（是/否）", "否", "home_visit_consent", False),
        ("同意入户(是/否)", "否", "home_visit_consent", False),
        ("同意入户：", "否", "home_visit_consent", False),
        ("同\u3000意\u3000入\u3000户", "否", "home_visit_consent", False),
        ("是否失智", "是", "dementia", True),
        ("失 智", "是", "dementia", True),
        ("失智老人", "是", "dementia", True),
        ("是否长期卧床", "是", "bedridden", True),
        ("卧床", "是", "bedridden", True),
        ("是否行动不便", "是", "limited_mobility", True),
        ("是否独居老人", "是", "lives_alone", True),
        ("独居老人", "是", "lives_alone", True),
        ("是否为独居老人", "是", "lives_alone", True),
        ("是否独居（是/否）", "是", "lives_alone", True),
        ("ｌｉｖｅｓ＿ａｌｏｎｅ", "yes", "lives_alone", True),
        ("是否空巢老人", "是", "empty_nest", True),
        ("是否留守", "是", "left_behind", True),
        ("是否计划生育特殊家庭", "是", "family_planning_special", True),
        ("残疾 等级", "2", "disability_grade", 2),
        ("残疾人等级", "1", "disability_grade", 1),
        ("残疾级别", "二级", "disability_grade", 2),
        ("能力 评估", "重度", "ability", Ability.SEVERE),
        ("失能等级", "重度失能", "ability", Ability.SEVERE),
        ("能力评估等级", "中度", "ability", Ability.MODERATE),
        ("失能程度", "完全", "ability", Ability.TOTAL),
        ("手机号码", "13812345678", "phone", "13812345678"),
        ("联系方式", "13812345678", "phone", "13812345678"),
        ("联系人", "张小明", "emergency_contact", "张小明"),
        ("联系人电话", "13900000001", "emergency_phone", "13900000001"),
        ("身份证号码", "11010519491231002X", "id_number", "11010519491231002X"),
        ("公民身份证号", "11010519491231002X", "id_number", "11010519491231002X"),
        ("*家庭 地址", "李家庄1号", "address", "李家庄1号"),
        ("可探访 时段", "08:00-10:00", "time_windows", ((480, 600),)),
    ],
)
def test_a_ledgers_spelling_of_an_elder_column_is_read(
    tmp_path: Path, header: str, value: Cell, attribute: str, expected: object
) -> None:
    elder = elder_with(tmp_path, header, value)
    found = getattr(elder, attribute)
    if attribute == "time_windows":
        found = tuple((window.start_min, window.end_min) for window in found)
    assert found == expected


@pytest.mark.parametrize(
    ("header", "replacing"),
    [
        ("编 号", "elder_id"),
        ("＊编号", "elder_id"),
        ("老人 姓名", "name"),
        ("乡镇", "town"),
        ("镇（街道）", "town"),
        ("村(社区)", "village"),
        ("村名", "village"),
        ("周岁", "age"),
    ],
)
def test_a_ledgers_spelling_of_a_required_elder_column_is_read(
    tmp_path: Path, header: str, replacing: str
) -> None:
    elder = elder_with(tmp_path, header, BASE_ELDER[replacing], replacing=replacing)
    assert elder.elder_id == "E001" and elder.town == "城关镇" and elder.village == "李家庄"
    assert elder.name == "张三" and elder.stated_age == 80


@pytest.mark.parametrize(
    ("header", "replacing", "value", "attribute", "expected"),
    [
        ("人员 类别", "role", "社工", "role", Role.SOCIAL_WORKER),
        ("探访人员类型", "role", "社工", "role", Role.SOCIAL_WORKER),
        ("出行\u3000方式", "", "步行", "travel_mode", TravelMode.WALK),
        ("交通方式", "", "汽车", "travel_mode", TravelMode.CAR),
        ("每日最多入户数", "", "5", "max_home_visits_per_day", 5),
        ("负责村居", "", "李家庄", "villages", frozenset({"李家庄"})),
    ],
)
def test_a_ledgers_spelling_of_a_visitor_column_is_read(
    tmp_path: Path, header: str, replacing: str, value: Cell, attribute: str, expected: object
) -> None:
    record = renamed(BASE_VISITOR, header, value, replacing=replacing)
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER])
    tables = load_tables(elders, write_table(tmp_path / "visitors.csv", [record]))
    assert getattr(tables.visitors[0], attribute) == expected


@pytest.mark.parametrize(
    ("header", "replacing", "value"),
    [
        ("探访 日期", "date", "2026-11-30"),
        ("走访方式", "mode", "入户"),
        ("老人 编号", "elder_id", "E001"),
    ],
)
def test_a_ledgers_spelling_of_a_history_column_is_read(
    tmp_path: Path, header: str, replacing: str, value: Cell
) -> None:
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER])
    visits = [renamed(BASE_VISIT, header, value, replacing=replacing)]
    history = load_tables(elders, None, write_table(tmp_path / "visits.csv", visits)).history
    assert [(visit.day, visit.elder_id, visit.mode) for visit in history] == [
        (date(2026, 11, 30), "E001", VisitMode.HOME)
    ]


def test_a_ledgers_spelling_of_a_warning_column_is_read(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "warnings.csv",
        [
            ["镇 街", "开始 日期", "结束日期", "是否严重（是/否）"],
            ["城关镇", "2026-12-10", "2026-12-11", "是"],
        ],
    )
    (warning,) = load_warnings(path)
    assert (warning.town, warning.severe) == ("城关镇", True)


@pytest.mark.parametrize(
    ("header", "meant"),
    [
        ("是否同意入户嘛", "同意入户 (home_visit_consent)"),
        ("老人是否同意入户", "同意入户 (home_visit_consent)"),
        ("失智症", "失智 (dementia)"),
        ("独居情况", "独居 (lives_alone)"),
        ("联系电话号", "联系电话 (phone)"),
        ("身份证号吗", "身份证号 (id_number)"),
        ("lives_alone?", "lives_alone"),
        ("home visit consents", "home_visit_consent"),
    ],
)
def test_a_header_that_looks_like_a_column_is_refused_with_a_guess(
    tmp_path: Path, header: str, meant: str
) -> None:
    """Ignored, its facts would be lost: 是否同意入户嘛 = 否, and the elder got a home visit."""
    path = write_table(tmp_path / "elders.csv", [renamed(BASE_ELDER, header, "否")])
    (problem,) = problems(path)
    assert (Path(problem.file).name, problem.row, problem.column) == ("elders.csv", 1, header)
    assert problem.message.startswith(f"did you mean {meant}? ")
    assert "rename" in problem.message


@pytest.mark.parametrize(
    "header",
    [
        "序号",
        "备注",
        "户籍地",
        "户籍地址",
        "联系人关系",
        "紧急联系人关系",
        "能力评估时间",
        "子女电话",
        "监护人电话",
        "配偶姓名",
        "年龄段",
        "民族",
        "身份证地址",
        "残疾证号",
        "残疾类别",
        "是否低保",
        "notes",
    ],
)
def test_an_unrelated_column_is_ignored_with_one_notice(tmp_path: Path, header: str) -> None:
    records = [renamed(BASE_ELDER, header, "x"), {**BASE_ELDER, "elder_id": "E002", header: "y"}]
    tables = load_tables(write_table(tmp_path / "elders.csv", records))
    assert len(tables.elders) == 2
    assert tables.extra_columns["elders"] == (header,)
    (notice,) = tables.notices
    assert (notice.row, repr(header) in notice.message) == (1, True)
    assert "ignored" in notice.message


def test_two_spellings_of_one_column_are_an_error_naming_both(tmp_path: Path) -> None:
    path = write_table(
        tmp_path / "elders.csv", [{**BASE_ELDER, "失能等级": "轻度", "能力评估": "中度"}]
    )
    (problem,) = problems(path)
    assert (problem.row, problem.column) == (1, "能力评估")
    assert "'失能等级'" in problem.message and "ability" in problem.message
