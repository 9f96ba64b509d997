"""Tables as towns keep them: header spellings, title and footer rows, merged cells (ledger.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from planner.io.tables import (
    Cell,
    InputError,
    Problem,
    Tables,
    load_tables,
    load_warnings,
)
from planner.model import Ability, Elder, Role, TravelMode, VisitMode
from tests.planner.io.test_tables import BASE_ELDER, BASE_VISITOR, write_rows, write_table
from tests.planner.io.town_ledger import (
    HEADER,
    HEADER_ROW,
    TOWN_MERGE,
    VILLAGE_MERGES,
    build_town_ledger,
)

BASE_VISIT: dict[str, Cell] = {
    "date": "2026-11-30",
    "elder_id": "E001",
    "visitor_id": "V01",
    "mode": "home",
}


def renamed(record: Mapping[str, Cell], header: str, value: Cell, *, replacing: str = "") -> dict:
    """``record`` with a column ``header`` holding ``value`` (in place of ``replacing``)."""
    kept = {key: cell for key, cell in record.items() if key != replacing}
    return {**kept, header: value}


def elder_with(tmp_path: Path, header: str, value: Cell, *, replacing: str = "") -> Elder:
    record = renamed(BASE_ELDER, header, value, replacing=replacing)
    (elder,) = load_tables(write_table(tmp_path / "elders.csv", [record])).elders
    return elder


def problems(*paths: Path) -> list[Problem]:
    with pytest.raises(InputError) as raised:
        load_tables(*paths)
    return list(raised.value.problems)


def notices_text(tables: Tables) -> str:
    return "\n".join(str(notice) for notice in tables.notices)


def elder_rows(*records: Mapping[str, Cell]) -> list[list[Cell]]:
    header = list(dict.fromkeys(key for record in records for key in record))
    return [header, *([record.get(key) for key in header] for record in records)]


# --------------------------------------------------------------------------- header spellings


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


# --------------------------------------------------------------------------- ledger shapes


@pytest.fixture
def town_ledger(tmp_path: Path) -> Tables:
    return load_tables(build_town_ledger(tmp_path / "城关镇台账.xlsx"))


def test_a_town_ledger_is_read_below_its_title_and_above_its_footer(town_ledger: Tables) -> None:
    elders = {elder.elder_id: elder for elder in town_ledger.elders}
    assert list(elders) == ["E0001", "E0002", "E0003", "E0004"]
    assert {elder.town for elder in elders.values()} == {"城关镇"}
    assert [elder.village for elder in elders.values()] == ["李家庄", "李家庄", "王家村", "王家村"]
    first, second = elders["E0001"], elders["E0002"]
    assert (first.lives_alone, first.ability, first.home_visit_consent) == (
        True,
        Ability.MILD,
        True,
    )
    assert (second.dementia, second.ability, second.home_visit_consent) == (
        True,
        Ability.SEVERE,
        False,
    )
    assert second.birth_date == date(1938, 1, 1)


def test_a_town_ledgers_merged_cells_are_flagged_and_its_skipped_rows_noticed(
    town_ledger: Tables,
) -> None:
    merged = [flag for flag in town_ledger.flags if flag.kind == "filled_from_merged_cell"]
    assert [flag.subject_id for flag in merged] == ["E0002", "E0003", "E0004"]
    assert "镇街, 村居" in merged[0].detail and TOWN_MERGE in merged[0].detail
    assert "村居" not in merged[1].detail  # 王家村 is typed in row 7, the top of its merge
    text = notices_text(town_ledger)
    assert "rows 1-2 ('城关镇特殊困难老年人台账', '填报单位：城关镇民政办') were skipped" in text
    assert f"the header is row {HEADER_ROW}" in text
    assert "rows 9-11 ('合计', '制表人：钱七', '填表日期：2026年11月30日') were skipped" in text
    assert all(ref in text for ref in (TOWN_MERGE, *VILLAGE_MERGES))
    assert "'序号', '备注'" in text


def test_rows_keep_their_spreadsheet_numbers_below_a_title(tmp_path: Path) -> None:
    path = build_town_ledger(tmp_path / "城关镇台账.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    sheet.cell(row=7, column=HEADER.index("失能等级") + 1, value="很重")
    workbook.save(path)
    (problem,) = problems(path)
    assert (problem.row, problem.column) == (7, "失能等级")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_title_rows_above_the_header_are_skipped(tmp_path: Path, suffix: str) -> None:
    header, values = elder_rows(BASE_ELDER)
    bad_age = ["E002", values[1], "abc", *values[3:]]
    title = ["城关镇特殊困难老年人台账", *[None] * (len(header) - 1)]
    path = write_rows(
        tmp_path / f"elders{suffix}", [title, ["单位：城关镇民政办"], [], header, values, bad_age]
    )
    (problem,) = problems(path)
    assert (problem.row, problem.column) == (6, "age")  # the data row as the spreadsheet shows it
    good = write_rows(tmp_path / f"good{suffix}", [title, [], header, values])
    tables = load_tables(good)
    assert [elder.elder_id for elder in tables.elders] == ["E001"]
    assert "row 1 ('城关镇特殊困难老年人台账') was skipped: the header is row 3" in notices_text(
        tables
    )


def test_a_blank_first_row_is_skipped(tmp_path: Path) -> None:
    tables = load_tables(write_rows(tmp_path / "elders.csv", [[], *elder_rows(BASE_ELDER)]))
    assert [elder.elder_id for elder in tables.elders] == ["E001"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_footer_rows_are_skipped_with_a_notice(tmp_path: Path, suffix: str) -> None:
    header, values = elder_rows(BASE_ELDER)
    footers: list[list[Cell]] = [
        ["合计", "1人"],
        ["总 计：1"],
        [None, "制表人：钱七", None, "审核人：孙八"],
        ["填表人：李四"],
        ["填表日期：2026年11月30日"],
        ["负责人：王五"],
        ["备注：独居指无同住家人"],
    ]
    tables = load_tables(write_rows(tmp_path / f"elders{suffix}", [header, values, *footers]))
    assert [elder.elder_id for elder in tables.elders] == ["E001"]
    (notice,) = tables.notices
    assert notice.message.startswith("rows 3-9 ('合计', '总 计：1', '制表人：钱七', ")


def test_a_title_without_any_header_is_one_problem_that_says_what_to_do(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "elders.csv", [["城关镇特殊困难老年人台账"], ["甲", "乙"], ["1", "张三"]]
    )
    (problem,) = problems(path)
    assert (problem.row, problem.column) == (None, None)
    assert "delete them" in problem.message
    assert all(name in problem.message for name in ("编号", "姓名", "镇街", "村居"))


def test_a_header_merged_over_two_rows_is_read_from_the_lower(tmp_path: Path) -> None:
    """Upper row: 编号, 姓名 ... merged down, 特殊困难类型 across; lower row: 独居, 空巢."""
    path = tmp_path / "elders.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    header, values = elder_rows(BASE_ELDER)
    sheet.append([*header, "特殊困难类型", None])
    sheet.append([*[None] * len(header), "独居", "空巢"])
    sheet.append([*values, "是", "否"])
    for column in range(1, len(header) + 1):
        sheet.merge_cells(start_row=1, start_column=column, end_row=2, end_column=column)
    sheet.merge_cells(
        start_row=1, start_column=len(header) + 1, end_row=1, end_column=len(header) + 2
    )
    workbook.save(path)
    tables = load_tables(path)
    (elder,) = tables.elders
    assert (elder.elder_id, elder.lives_alone, elder.empty_nest) == ("E001", True, False)
    assert tables.flags == ()


def test_cells_merged_across_columns_in_a_data_row_are_a_problem(tmp_path: Path) -> None:
    path = write_table(
        tmp_path / "elders.xlsx", [BASE_ELDER, {**BASE_ELDER, "elder_id": "E002", "name": "李四"}]
    )
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    sheet.merge_cells("D3:E3")  # town and village of the second elder, one cell
    workbook.save(path)
    found = problems(path)
    assert (found[0].row, found[0].column) == (3, "town")
    assert found[0].message == "cells D3:E3 are merged: unmerge them and fill each cell"


def test_a_merge_in_the_title_is_not_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "elders.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [["城关镇台账"], *elder_rows(BASE_ELDER)]:
        sheet.append(row)
    sheet.merge_cells("A1:G1")
    workbook.save(path)
    assert [elder.elder_id for elder in load_tables(path).elders] == ["E001"]


def test_a_visitors_ledger_with_a_merged_town_is_flagged(tmp_path: Path) -> None:
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER])
    visitors = write_table(
        tmp_path / "visitors.xlsx", [BASE_VISITOR, {**BASE_VISITOR, "visitor_id": "V02"}]
    )
    workbook = openpyxl.load_workbook(visitors)
    sheet = workbook.active
    assert sheet is not None
    sheet.merge_cells("D2:D3")
    workbook.save(visitors)
    tables = load_tables(elders, visitors)
    assert [visitor.town for visitor in tables.visitors] == ["城关镇", "城关镇"]
    (flag,) = [flag for flag in tables.flags if flag.kind == "filled_from_merged_cell"]
    assert flag.subject_id == "V02" and "D2:D3" in flag.detail


def test_a_ledger_history_with_a_title_and_merged_dates(tmp_path: Path) -> None:
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER, {**BASE_ELDER, "elder_id": "E002"}])
    path = tmp_path / "visits.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [
        ["探访记录"],
        ["探访日期", "老人编号", "探访人员编号", "探访方式"],
        ["2026-11-30", "E001", "V01", "入户"],
        [None, "E002", "V01", "电话"],
        ["合计", "2"],
    ]:
        sheet.append(row)
    sheet.merge_cells("A3:A4")
    workbook.save(path)
    history = load_tables(elders, None, path).history
    assert [(visit.day, visit.elder_id) for visit in history] == [
        (date(2026, 11, 30), "E001"),
        (date(2026, 11, 30), "E002"),
    ]


def test_a_semicolon_header_below_a_typed_title_is_split_by_semicolons(tmp_path: Path) -> None:
    header, values = elder_rows(BASE_ELDER)
    path = tmp_path / "elders.csv"
    lines = ["城关镇台账", ";".join(header), ";".join(str(value) for value in values)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [elder.elder_id for elder in load_tables(path).elders] == ["E001"]


def test_semicolons_inside_a_cell_do_not_change_the_delimiter(tmp_path: Path) -> None:
    villages = ";".join(f"村{n}" for n in range(12))
    rows = [["town", "villages", "start", "end"], ["城关镇", villages, "2026-12-10", "2026-12-11"]]
    (warning,) = load_warnings(write_rows(tmp_path / "warnings.csv", rows))
    assert len(warning.villages) == 12
