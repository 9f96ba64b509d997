"""The month's records as a workbook (planner.io.records_workbook): the form's words, masked by
default, the same bytes for the same records."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from planner.io.record_facts import parse_facts
from planner.io.records_workbook import RECORD_COLUMNS, RecordLine, write_records_xlsx
from planner.model import Tier, VisitMode
from planner.records import (
    CareService,
    Illness,
    Observations,
    Safety,
    Satisfaction,
    Signatures,
    VisitEntry,
)

STAMP = datetime(2026, 3, 1)


def _line(note: str = "女儿电话13812345678") -> RecordLine:
    entry = VisitEntry(
        elder_id="E1",
        number_in_year=2,
        day=date(2026, 3, 10),
        mode=VisitMode.HOME,
        signatures=Signatures("V1", entered_by="v1"),
        observations=Observations(
            illness=Illness.SERIOUS, illness_name="肺炎", gas_safety=Safety.UNSAFE
        ),
        facts=parse_facts({"bedridden": True, "ability": "severe"}),
    )
    services = (CareService(1, date(2026, 3, 11), "修燃气", "王师傅", Satisfaction.SATISFIED),)
    return RecordLine(
        "r1", entry, services, "城关镇", "李家庄", "张三丰", 30, note, ("health",), Tier.KEY
    )


def _rows(path: Path) -> list[tuple[object, ...]]:
    return [tuple(row) for row in load_workbook(path).worksheets[0].iter_rows(values_only=True)]


def test_the_workbook_says_the_form_in_its_words_masked(tmp_path: Path) -> None:
    path = tmp_path / "records.xlsx"
    write_records_xlsx([_line()], path, stamp=STAMP)
    header, row = _rows(path)
    assert len(header) == len(RECORD_COLUMNS)
    cells = dict(zip(header, row, strict=True))
    assert (cells["被探访人"], cells["备注"]) == ("张*丰", "女儿电话138****5678")
    assert (cells["疾病状况"], cells["燃气安全"], cells["表达能力"]) == ("严重", "不安全", None)
    assert cells["安全隐患"] == "燃气不安全"
    assert cells["情况变化"] == "ability=severe; bedridden=是"
    assert cells["当日级别"] == "重点"
    assert cells["关爱服务情况"] == "1. 2026-03-11 修燃气 (王师傅) 满意"


def test_unmasked_and_in_english_on_request(tmp_path: Path) -> None:
    path = tmp_path / "records.xlsx"
    write_records_xlsx([_line()], path, stamp=STAMP, lang="en", masked=False)
    header, row = _rows(path)
    cells = dict(zip(header, row, strict=True))
    assert (cells["Elder's name"], cells["Note"]) == ("张三丰", "女儿电话13812345678")
    assert cells["Gas"] == "unsafe"


def test_the_same_records_give_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_records_xlsx([_line()], first, stamp=STAMP)
    write_records_xlsx([_line()], second, stamp=STAMP)
    assert first.read_bytes() == second.read_bytes()


def test_a_formula_in_free_text_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "records.xlsx"
    write_records_xlsx([_line(note='=HYPERLINK("http://x")')], path, stamp=STAMP)
    cells = dict(zip(*_rows(path), strict=True))
    assert cells["备注"] == '=HYPERLINK("http://x")'
    assert load_workbook(path).worksheets[0]["AJ2"].data_type == "s"
