"""Reading a file into a raw table: CSV delimiters, XLSX sheets, blank rows, files that cannot
be read (``planner.io.reading``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from planner.io.problems import InputError
from planner.io.reading import read_table
from planner.io.tables import load_tables, load_warnings
from tests.planner.io.table_files import (
    BASE_ELDER,
    DATA,
    elder_rows,
    where,
    write_rows,
    write_table,
)


def test_xlsx_reads_the_first_sheet_only(tmp_path: Path) -> None:
    path = write_table(tmp_path / "elders.xlsx", [BASE_ELDER])
    workbook = openpyxl.load_workbook(path)
    workbook.create_sheet("notes").append(["something", "else"])
    workbook.save(path)
    assert [elder.elder_id for elder in load_tables(path).elders] == ["E001"]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_files(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "elders.csv"
    lines = [
        delimiter.join(BASE_ELDER),
        delimiter.join(str(value) for value in BASE_ELDER.values()),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [elder.elder_id for elder in load_tables(path).elders] == ["E001"]


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
