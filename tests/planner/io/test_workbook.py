"""roster.xlsx for people: a sheet per town, Chinese or English, masked, every text a text cell
(``planner.io.workbook``)."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from planner.io.spreadsheet import FORMULA_LEADS
from planner.io.words import reason_text
from planner.io.workbook import write_roster_xlsx
from planner.model import Plan, PlannedVisit, UnassignedVisit
from planner.privacy import mask_name, mask_phone, public_id
from tests.conftest import rename_ids
from tests.planner.io.week_plan import (
    ELDERS,
    INJECTED_ADDRESS,
    INJECTED_NAME,
    INJECTED_PHONE,
    PERSONAL_NUMBERS,
    RAW_PERSONAL_TEXT,
    TOWN_A,
    TOWN_B,
    UNASSIGNED,
    UNASSIGNED_ORDER,
    quoting,
    workbook_texts,
)

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
    texts = workbook_texts(workbook)
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


@pytest.mark.parametrize("text", [*(lead + "SUM(1)" for lead in FORMULA_LEADS), "\x01=SUM(1)"])
def test_xlsx_marks_as_text_every_cell_the_csv_would_neutralise(
    plan: Plan, tmp_path: Path, text: str
) -> None:
    """One notion of formula lead for both writers, judged on the text as stored."""
    elders = (replace(ELDERS[0], address=text), *ELDERS[1:])
    sheet = _workbook(replace(plan, elders=elders), tmp_path)[TOWN_A]
    cell = sheet.cell(row=2, column=ZH_ROSTER_HEADERS.index("地址") + 1)
    assert cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize("number", PERSONAL_NUMBERS)
def test_the_workbook_masks_an_elder_id_that_is_a_personal_number(
    plan: Plan, tmp_path: Path, number: str
) -> None:
    """Written on its own, without ``write_plan_files``'s refusal in front of it."""
    renamed = quoting(rename_ids(plan, elders={"E1": number}), number)
    workbook = _workbook(renamed, tmp_path)
    assert not [text for text in workbook_texts(workbook) if number in text]
    first = next(workbook[TOWN_A].iter_rows(2, values_only=True))
    assert first[4] == public_id(number) != number
    unassigned_ids = [row[0] for row in workbook["未安排"].iter_rows(2, values_only=True)]
    assert public_id(number) in unassigned_ids


def test_xlsx_bytes_depend_on_the_plan_only(plan: Plan, tmp_path: Path) -> None:
    """No clock inside: the document's dates and every zip entry's date are the week's
    Monday, and the summary sheet leaves out the seconds of planning."""
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    write_roster_xlsx(plan, first)
    write_roster_xlsx(replace(plan, seconds=plan.seconds + 1), second)
    assert first.read_bytes() == second.read_bytes()
    monday = plan.week_start.timetuple()[:6]
    with zipfile.ZipFile(first) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {monday}
        core = archive.read("docProps/core.xml").decode()
    stamp = f"{plan.week_start.isoformat()}T00:00:00Z"
    assert f">{stamp}</dcterms:created>" in core and f">{stamp}</dcterms:modified>" in core
