"""Reading a CSV or XLSX file into a plain ``RawTable``: its rows as they are, numbered.

CSV is read as UTF-8 (with or without BOM), with the delimiter its header uses (comma,
semicolon or tab); XLSX from its first sheet, with its merged cells. Blank rows are left out
but keep their place in the numbering, so that every row keeps the number a spreadsheet shows.
The first non-blank row is taken for the header; finding the real header of a ledger below its
title rows is ``planner.io.ledger``'s work. A file that cannot be read is one ``Problem``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

import openpyxl
from openpyxl.utils.cell import get_column_letter, range_boundaries

from planner.io.cells import Cell, cell_text, is_blank
from planner.io.problems import InputError, Problem
from planner.io.table_limits import (
    MAX_COLUMNS,
    MAX_ROWS,
    check_csv_size,
    check_records,
    check_xlsx_archive,
    long_cells,
)

__all__ = [
    "HEADER_SEARCH_ROWS",
    "MergedRange",
    "RawRow",
    "RawTable",
    "read_table",
    "read_table_into",
]

HEADER_SEARCH_ROWS = 10
"""How many non-blank rows at the top of a file may hold the header (title rows above it)."""


@dataclass(frozen=True)
class MergedRange:
    """A block of merged XLSX cells, 1-based and inclusive, e.g. ``C3:C7``."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int

    @property
    def ref(self) -> str:
        first = f"{get_column_letter(self.min_col)}{self.min_row}"
        return f"{first}:{get_column_letter(self.max_col)}{self.max_row}"

    @property
    def runs_down_one_column(self) -> bool:
        """A vertical run (a village merged over its elders): each row takes the top value."""
        return self.min_col == self.max_col and self.max_row > self.min_row


@dataclass(frozen=True)
class RawRow:
    """A data row as read, before any validation: ``values`` line up with ``RawTable.headers``.

    ``filled_from`` maps the positions of cells that were empty in the file, being the lower
    cells of a vertically merged block, to that block (``"C3:C7"``): they hold its top value.
    """

    number: int
    values: tuple[Cell, ...]
    filled_from: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RawTable:
    """A table as read from a file: the header row and the non-blank rows below it.

    Built by ``read_table`` with the first non-blank row as the header;
    ``planner.io.ledger.shape_table`` then finds the real header of a ledger. The HTTP API can
    build one from uploaded rows as well and hand it to ``planner.io.tables.tables_from_raw``.
    ``merged`` lists the XLSX merged cells.
    """

    file: str
    headers: tuple[str, ...]
    rows: tuple[RawRow, ...]
    is_csv: bool = False
    header_row: int = 1
    merged: tuple[MergedRange, ...] = ()


def read_table(path: Path | str) -> RawTable:
    """Read a CSV or XLSX table (the first sheet); raise ``InputError`` when it cannot be read."""
    problems: list[Problem] = []
    table = read_table_into(Path(path), str(path), problems)
    if table is None or problems:
        raise InputError(problems)
    return table


def read_table_into(path: Path, file: str, problems: list[Problem]) -> RawTable | None:
    """Read a table, or append why it cannot be read to ``problems`` and return None."""

    def fail(message: str) -> None:
        problems.append(Problem(file, None, None, message))

    suffix = path.suffix.casefold()
    if not path.exists():
        fail("the file does not exist: check the folder and the file name")
        return None
    if path.is_dir():
        fail("is a folder, not a file: give the path of the CSV or XLSX file")
        return None
    if suffix == ".xls":
        fail("the old Excel format (.xls) is not read: open it in Excel or WPS, save it as .xlsx")
        return None
    if suffix not in {".csv", ".xlsx", ".xlsm"}:
        shown = f"'{suffix}'" if suffix else "without an extension"
        fail(f"files {shown} are not read: save the table as UTF-8 CSV (.csv) or Excel (.xlsx)")
        return None
    try:
        if suffix == ".csv":
            return _read_csv(path, file, problems)
        return _read_xlsx(path, file, problems)
    except OSError as error:
        fail(f"cannot be read ({error.strerror or error}): check that you may read the file")
        return None


def _read_csv(path: Path, file: str, problems: list[Problem]) -> RawTable | None:
    too_large = check_csv_size(path)
    if too_large is not None:
        problems.append(Problem(file, None, None, too_large))
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(
            Problem(
                file,
                None,
                None,
                "is not UTF-8 text (Excel's plain 'CSV' is often GBK): save it as UTF-8 CSV "
                "('CSV UTF-8' in Excel or WPS) or XLSX",
            )
        )
        return None
    delimiter = _delimiter(text)
    too_wide = _too_wide(text, delimiter)
    if too_wide is not None:
        problems.append(Problem(file, None, None, too_wide))
        return None
    records: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            records.append(record)
            if len(records) > MAX_ROWS:
                break  # refused below, without reading the rest
    except csv.Error as error:
        message = f"is not a readable CSV file ({error}): save it again as UTF-8 CSV or XLSX"
        problems.append(Problem(file, None, None, message))
        return None
    return _raw_table(file, records, problems, is_csv=True)


def _too_wide(text: str, delimiter: str) -> str | None:
    """Why a line holds more fields than a table may have, found before the CSV reader builds
    the row (a line of a million commas would be a million strings)."""
    for number, line in enumerate(io.StringIO(text), start=1):
        if line.count(delimiter) >= MAX_COLUMNS:
            return (
                f"line {number} has more than {MAX_COLUMNS} fields, more columns than a table "
                "may have: delete the columns right of the table"
            )
    return None


_DELIMITERS = (",", ";", "\t")


def _delimiter(text: str) -> str:
    """Comma, unless the header is clearly split by semicolons or tabs (European Excel).

    The first line that holds a delimiter is taken for the header: a title typed above it may
    hold none (a title exported by Excel holds the header's, as empty cells).
    """
    lines = text.split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS]
    split = (line for line in lines if any(mark in line for mark in _DELIMITERS))
    header = next(split, lines[0])
    return max(_DELIMITERS, key=header.count)


def _read_xlsx(path: Path, file: str, problems: list[Problem]) -> RawTable | None:
    not_a_workbook = (
        "is not a valid XLSX workbook: open it in Excel or WPS and save it as .xlsx "
        "(if it is really a CSV file, name it .csv)"
    )
    # openpyxl raises many kinds of exceptions on damaged files (zip, XML, KeyError on missing
    # parts); any of them means the same thing to the user.
    too_large = check_xlsx_archive(path)
    if too_large is not None:
        problems.append(Problem(file, None, None, too_large))
        return None
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        problems.append(Problem(file, None, None, not_a_workbook))
        return None
    try:
        if not workbook.worksheets:
            message = "has no worksheet: put the table on the first sheet"
            problems.append(Problem(file, None, None, message))
            return None
        sheet = workbook.worksheets[0]
        reset_dimensions = getattr(sheet, "reset_dimensions", None)
        if reset_dimensions is not None:
            # Dimensions written by other programs are often wrong; read what is there.
            reset_dimensions()
        records = _bounded_rows(sheet.iter_rows(values_only=True))
        merged = _merged_ranges(sheet)
    except Exception:
        problems.append(Problem(file, None, None, not_a_workbook))
        return None
    finally:
        workbook.close()
    cells = [[_xlsx_cell(value) for value in row] for row in records]
    return _raw_table(file, cells, problems, merged=merged)


def _bounded_rows(rows: Iterable[Sequence[object]]) -> list[list[object]]:
    """The rows, stopping one past what a table may hold (the check then refuses them)."""
    records: list[list[object]] = []
    for row in rows:
        records.append(list(row[: MAX_COLUMNS + 1]))
        if len(records) > MAX_ROWS:
            break
    return records


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | bool | datetime | date | time):
        return value
    return str(value)


_MERGE_CELL = re.compile(rb"<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref\s*=\s*[\"']([A-Za-z0-9$:]+)[\"']")
_MERGE_SCAN_CHUNK_BYTES = 1 << 20


def _merged_ranges(sheet: object) -> tuple[MergedRange, ...]:
    """The sheet's merged cells, found in its XML.

    openpyxl's read-only mode, which reads a large sheet in half the time, does not keep merged
    cells; a scan of the sheet's XML for ``<mergeCell ref=...>`` costs a few percent of that.
    """
    open_source: Any = getattr(sheet, "_get_source", None)
    if open_source is None:
        return ()
    refs: dict[bytes, None] = {}
    tail = b""
    source: IO[bytes]
    with open_source() as source:
        while chunk := source.read(_MERGE_SCAN_CHUNK_BYTES):
            buffer = tail + chunk
            refs.update(dict.fromkeys(_MERGE_CELL.findall(buffer)))
            tail = buffer[-256:]  # a tag cut in two by the chunking is found whole next time
    ranges = []
    for ref in refs:
        min_col, min_row, max_col, max_row = range_boundaries(ref.decode("ascii"))
        if None not in (min_col, min_row, max_col, max_row):
            ranges.append(MergedRange(min_row or 0, min_col or 0, max_row or 0, max_col or 0))
    return tuple(sorted(ranges, key=lambda merge: (merge.min_row, merge.min_col)))


def _raw_table(
    file: str,
    records: Sequence[Sequence[Cell]],
    problems: list[Problem],
    *,
    is_csv: bool = False,
    merged: tuple[MergedRange, ...] = (),
) -> RawTable | None:
    too_large = check_records(records)
    if too_large is not None:
        problems.append(Problem(file, None, None, too_large))
        return None
    too_long = long_cells(records)
    if too_long:
        problems.extend(Problem(file, row, column, message) for row, column, message in too_long)
        return None
    numbered = [
        RawRow(number, tuple(record))
        for number, record in enumerate(records, start=1)
        if not all(is_blank(cell) for cell in record)
    ]
    if not numbered:
        message = "is empty: the first row must be the header (the column names), then the data"
        problems.append(Problem(file, None, None, message))
        return None
    header, *rows = numbered
    return RawTable(
        file,
        tuple(cell_text(cell) for cell in header.values),
        tuple(rows),
        is_csv=is_csv,
        header_row=header.number,
        merged=merged,
    )
