"""Tables as towns keep them: title and footer rows, merged cells (``planner.io.ledger``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from planner.io.cells import Cell
from planner.io.tables import Tables, load_tables
from planner.model import Ability
from tests.planner.io.table_files import (
    BASE_ELDER,
    BASE_VISITOR,
    elder_rows,
    notices_text,
    problems,
    write_rows,
    write_table,
)
from tests.planner.io.town_ledger import (
    HEADER,
    HEADER_ROW,
    TOWN_MERGE,
    VILLAGE_MERGES,
    build_town_ledger,
)

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
    assert merged[0].columns == ("镇街", "村居") and TOWN_MERGE in merged[0].cells
    assert merged[1].columns == ("镇街",)  # 王家村 is typed in row 7, the top of its merge
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
    assert flag.subject_id == "V02" and flag.cells == ("D2:D3",)


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
