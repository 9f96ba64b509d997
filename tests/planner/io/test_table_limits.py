"""Limits on what a table may be (``planner.io.table_limits``), through the one reader the
command line and the service share: each hostile shape is one clear problem, found before the
file is parsed whole; a table just inside every limit is read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from planner.io.problems import InputError
from planner.io.reading import read_table
from planner.io.table_limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_TABLE_BYTES,
    QUOTE_CHARS,
)
from planner.io.tables import load_tables
from tests.hostile_files import (
    far_column_rows,
    long_cell_rows,
    many_rows,
    wide_row,
    write_workbook,
    zeros,
)
from tests.planner.io.table_files import BASE_ELDER, write_rows, write_table

Build = Callable[[Path], Path]

HOSTILE_WORKBOOKS: dict[str, tuple[Build, str]] = {
    "long cells past the unzipped size": (
        lambda path: write_workbook(path, long_cell_rows(1_800, 20_000)),
        "unzips to",
    ),
    "a zip bomb beside the sheet": (
        lambda path: write_workbook(
            path, [], extra_parts=[("xl/media/image1.bin", zeros(MAX_TABLE_BYTES + (1 << 20)))]
        ),
        "unzips to",
    ),
    "a cell in column XFD on every row": (
        lambda path: write_workbook(path, far_column_rows(500)),
        "column XFD",
    ),
    "more rows than a table may have": (
        lambda path: write_workbook(path, many_rows(MAX_ROWS + 10)),
        "rows, more than",
    ),
    "a row of cells that name no column": (
        lambda path: write_workbook(path, wide_row(20_000)),
        "columns a table may have",
    ),
    "a long shared string (Excel keeps text apart from the sheet)": (
        lambda path: write_workbook(
            path,
            [],
            extra_parts=[
                (
                    "xl/sharedStrings.xml",
                    [b"<sst><si><t>" + b"x" * (MAX_CELL_CHARS + 1) + b"</t></si></sst>"],
                )
            ],
        ),
        "a cell holds 2,001 characters",
    ),
    "cells too long, inside the unzipped size": (
        lambda path: write_workbook(path, long_cell_rows(30, MAX_CELL_CHARS + 1)),
        f"more than the {MAX_CELL_CHARS:,} a cell may hold",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_WORKBOOKS))
def test_hostile_workbooks_are_refused_with_one_short_reason(tmp_path: Path, case: str) -> None:
    build, words = HOSTILE_WORKBOOKS[case]
    path = build(tmp_path / "elders.xlsx")
    with pytest.raises(InputError) as raised:
        load_tables(path)
    message = str(raised.value)
    assert words in message
    assert len(message) < 3_000  # no cell quoted whole, at most a few lines of problems
    assert "x" * (QUOTE_CHARS + 1) not in message


def test_long_cells_are_listed_a_few_then_counted(tmp_path: Path) -> None:
    rows = [["elder_id", "name"]] + [[f"E{n}", "x" * (MAX_CELL_CHARS + 1)] for n in range(30)]
    with pytest.raises(InputError) as raised:
        read_table(write_rows(tmp_path / "elders.csv", rows))
    problems = raised.value.problems
    assert [(problem.row, problem.column) for problem in problems[:2]] == [(2, "B"), (3, "B")]
    assert problems[-1].message.startswith("20 more cells are as long")


def test_a_long_cell_of_a_workbook_is_found_before_it_is_parsed(tmp_path: Path) -> None:
    """Counted in characters, not bytes: a cell of 2,000 Chinese characters (6,000 bytes) or
    of entities is read; one character more is refused, with its place."""
    at_limit = "长" * (MAX_CELL_CHARS - 5) + "&amp;" * 5
    inside = write_workbook(
        tmp_path / "inside.xlsx",
        [f'<row r="2"><c r="B2" t="inlineStr"><is><t>{at_limit}</t></is></c></row>'.encode()],
    )
    assert read_table(inside).rows[0].values[1] == "长" * (MAX_CELL_CHARS - 5) + "&" * 5
    past = write_workbook(
        tmp_path / "past.xlsx",
        [f'<row r="2"><c r="B2" t="inlineStr"><is><t>{at_limit}长</t></is></c></row>'.encode()],
    )
    with pytest.raises(InputError, match="row 2, column B: a cell holds 2,001 characters"):
        read_table(past)


def test_a_table_at_the_limits_is_read(tmp_path: Path) -> None:
    """The limits bite past them, not at them: a cell of exactly the longest length, a column
    at the widest and a header in the first row."""
    header = [f"extra_{index}" for index in range(MAX_COLUMNS - 2)]
    path = write_rows(
        tmp_path / "wide.xlsx",
        [["elder_id", "name", *header], ["E1", "x" * MAX_CELL_CHARS, *header]],
    )
    table = read_table(path)
    assert len(table.headers) == MAX_COLUMNS
    assert table.rows[0].values[1] == "x" * MAX_CELL_CHARS


def test_csv_limits_are_the_same(tmp_path: Path) -> None:
    wide = tmp_path / "wide.csv"
    wide.write_text("elder_id" + ",x" * MAX_COLUMNS + "\n", encoding="utf-8")
    long = write_table(tmp_path / "long.csv", [{**BASE_ELDER, "address": "y" * 5_000}])
    big = tmp_path / "big.csv"
    with big.open("wb") as out:
        out.write(b"elder_id,name\n")
        out.truncate(MAX_TABLE_BYTES + 1)
    for path, words in ((wide, "more columns"), (long, "5,000 characters"), (big, "MB, more")):
        with pytest.raises(InputError) as raised:
            load_tables(path)
        assert words in str(raised.value)
        assert "y" * (QUOTE_CHARS + 1) not in str(raised.value)


def test_a_bad_cell_is_quoted_cut_short(tmp_path: Path) -> None:
    path = write_table(tmp_path / "elders.csv", [{**BASE_ELDER, "age": "9" * 1_500}])
    with pytest.raises(InputError) as raised:
        load_tables(path)
    assert "1,500 characters" in str(raised.value)
    assert "9" * (QUOTE_CHARS + 1) not in str(raised.value)
