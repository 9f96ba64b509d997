"""How large a table may be, checked before and while it is read, so that a hostile file is
refused in a moment and with little memory.

A 1 MB workbook can unzip to gigabytes (a zip bomb, or 30,000 cells of 30,000 characters) and a
27 KB one can put a cell in column XFD on every row, which a reader pads to 16,384 cells per row.
So an XLSX file is looked at before any XML is parsed: the sizes its zip declares for its parts
(Python's zipfile never inflates a part past its declared size), then its sheets' XML, streamed,
for the highest row and column its cells name and how many cells there are. What passes is
small enough to read whole; cells longer than ``MAX_CELL_CHARS`` are refused while reading
(both CSV and XLSX), and a message never quotes more than ``QUOTE_CHARS`` of a cell.

The limits are far above a district's tables (tens of thousands of elders, a few dozen
columns) and are the same for the command line and the service: one reader.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from openpyxl.utils.cell import column_index_from_string, get_column_letter

__all__ = [
    "MAX_CELLS",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_TABLE_BYTES",
    "QUOTE_CHARS",
    "SheetShape",
    "check_csv_size",
    "check_grid",
    "check_records",
    "check_xlsx_archive",
    "long_cells",
    "truncated",
]

MAX_TABLE_BYTES: Final = 32 * 1024 * 1024
"""A CSV file's size, or the sum of an XLSX workbook's unzipped parts."""
MAX_ZIP_PARTS: Final = 1_000
MAX_ROWS: Final = 100_000
MAX_COLUMNS: Final = 200
MAX_CELLS: Final = 2_000_000
"""Rows times columns of the grid a reader builds (blank cells between filled ones count)."""
MAX_CELL_CHARS: Final = 2_000
"""Longer than any address or note; a cell past it is a paste gone wrong or an attack."""
QUOTE_CHARS: Final = 60
"""How much of a cell a message quotes at most."""
MAX_LONG_CELLS_LISTED: Final = 10

_MEGABYTE: Final = 1024 * 1024
_SCAN_CHUNK_BYTES: Final = 1 << 18
_TAG_CARRY_BYTES: Final = 4096
"""A tag cut by the chunking is carried into the next chunk when it starts this near the end."""
_TAG: Final = re.compile(rb"<(?:[\w.-]+:)?(c|row)(?=[\s/>])([^>]*)>")
# A text node longer (in bytes) than a cell may be (in characters). Searched apart from the
# tags: one pattern for both is several times slower.
_LONG_TEXT: Final = re.compile(rb">([^<]{%d,})" % (MAX_CELL_CHARS + 1))
_CELL_REF: Final = re.compile(rb"""\br\s*=\s*["']\$?([A-Za-z]{1,4})\$?(\d{1,9})["']""")
_ROW_REF: Final = re.compile(rb"""\br\s*=\s*["'](\d{1,9})["']""")
_SHEET_PART: Final = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
_STRINGS_PART: Final = re.compile(r"xl/sharedStrings\.xml", re.IGNORECASE)


def truncated(text: str) -> str:
    """``text`` as a message may quote it: at most ``QUOTE_CHARS`` characters and a count."""
    if len(text) <= QUOTE_CHARS:
        return text
    return f"{text[:QUOTE_CHARS]}… ({len(text):,} characters)"


def _megabytes(size: int) -> str:
    return f"{size / _MEGABYTE:,.1f} MB"


def check_csv_size(path: Path) -> str | None:
    """Why the CSV file is too large to read, or None."""
    size = path.stat().st_size
    if size > MAX_TABLE_BYTES:
        return (
            f"is {_megabytes(size)}, more than the {_megabytes(MAX_TABLE_BYTES)} a table may be: "
            "split it (by town, say)"
        )
    return None


@dataclass
class SheetShape:
    """What a sheet's XML says of its size: the highest row and column its cells name (or the
    most cells in a row, for cells that name no place), the count of cells and of rows."""

    max_row: int = 0
    max_column: int = 0
    cells: int = 0
    rows: int = 0
    row: int = 0
    """The row being scanned, and how many cells it has so far."""
    cells_in_row: int = 0
    column: int = 0
    """The column of the last cell seen."""
    long_text: tuple[int, int, int] | None = None
    """The first text longer than a cell may hold: its row, column (0: not in a sheet's cell)
    and length in characters."""

    def note_text(self, text: bytes) -> None:
        """A text node of more bytes than a cell may hold characters: count its characters
        (a character is at least one byte, so shorter nodes need no look)."""
        if self.long_text is not None:
            return
        length = len(html.unescape(text.decode("utf-8", "replace")))
        if length > MAX_CELL_CHARS:
            self.long_text = (self.row, self.column, length)

    def note_row(self, attributes: bytes) -> None:
        found = _ROW_REF.search(attributes)
        self.row = int(found[1]) if found else self.row + 1
        self.rows += 1
        self.cells_in_row = 0
        self.max_row = max(self.max_row, self.row)

    def note_cell(self, attributes: bytes) -> None:
        self.cells += 1
        self.cells_in_row += 1
        column = self.cells_in_row
        found = _CELL_REF.search(attributes)
        if found is not None:
            try:
                column = column_index_from_string(found[1].decode("ascii").upper())
            except ValueError:
                column = 1 << 20  # not a column Excel knows: larger than any limit
            self.max_row = max(self.max_row, int(found[2]))
        self.column = column
        self.max_column = max(self.max_column, column, self.cells_in_row)


def check_xlsx_archive(path: Path) -> str | None:
    """Why the XLSX workbook is too large (or no zip at all) to read, or None.

    Looks only at the zip's directory and streams the sheets' XML through a scanner: it costs
    a fraction of a second and a few MB whatever the file holds.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_ZIP_PARTS:
                return f"holds {len(parts):,} parts, more than a workbook has: save it again"
            unzipped = sum(part.file_size for part in parts)
            if unzipped > MAX_TABLE_BYTES:
                return (
                    f"unzips to {_megabytes(unzipped)}, more than the "
                    f"{_megabytes(MAX_TABLE_BYTES)} a table may be: split it (by town, say), "
                    "or remove what is not the table (pictures, long texts)"
                )
            for part in parts:
                if _SHEET_PART.fullmatch(part.filename) or _STRINGS_PART.fullmatch(part.filename):
                    with archive.open(part) as xml:
                        problem = check_grid(_scan_sheet(_chunks(xml)))
                    if problem is not None:
                        return problem
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError):
        return None  # not a readable zip: the workbook reader says so in its own words
    return None


def check_grid(shape: SheetShape) -> str | None:
    """Why a sheet of this shape is too large, or None."""
    if shape.long_text is not None:
        row, column, length = shape.long_text
        place = f"row {row}, column {get_column_letter(column)}: " if row and column else ""
        return (
            f"{place}a cell holds {length:,} characters, more than the {MAX_CELL_CHARS:,} a "
            "cell may hold: shorten it"
        )
    rows = max(shape.max_row, shape.rows)
    if rows > MAX_ROWS:
        return f"has {rows:,} rows, more than the {MAX_ROWS:,} a table may have: split it"
    if shape.max_column > MAX_COLUMNS:
        letter = get_column_letter(min(shape.max_column, 18_278))
        return (
            f"has a cell in column {letter} (column {shape.max_column:,}), beyond the "
            f"{MAX_COLUMNS} columns a table may have: delete the columns right of the table"
        )
    grid = rows * max(shape.max_column, 1)
    if max(grid, shape.cells) > MAX_CELLS:
        return (
            f"has {max(grid, shape.cells):,} cells (rows × columns), more than the "
            f"{MAX_CELLS:,} a table may have: split it, or delete what is beside the table"
        )
    return None


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(_SCAN_CHUNK_BYTES):
        yield chunk


def _scan_sheet(chunks: Iterable[bytes]) -> SheetShape:
    """The shape of a sheet from its XML, read in chunks; a tag cut in two is read whole."""
    shape = SheetShape()
    carry = b""
    for chunk in chunks:
        buffer = carry + chunk
        cut = buffer.rfind(b"<")
        if cut < len(buffer) - _TAG_CARRY_BYTES:
            cut = len(buffer)
        _scan_tags(buffer[:cut], shape)
        carry = buffer[cut:]
        if check_grid(shape) is not None:
            return shape  # too large already: the rest need not be read
    _scan_tags(carry, shape)
    return shape


def _scan_tags(xml: bytes, shape: SheetShape) -> None:
    """Count the rows and cells of ``xml``; the first long text is placed by the tags before
    it (the row and column of the cell it is in)."""
    start = 0
    while True:
        long_text = _LONG_TEXT.search(xml, start) if shape.long_text is None else None
        end = len(xml) if long_text is None else long_text.start()
        for tag in _TAG.finditer(xml, start, end):
            if tag[1] == b"row":
                shape.note_row(tag[2])
            else:
                shape.note_cell(tag[2])
        if long_text is None:
            return
        shape.note_text(long_text[1])
        start = long_text.end()  # long in bytes only (entities): read on


def long_cells(records: Sequence[Sequence[object]]) -> list[tuple[int | None, str | None, str]]:
    """``(row, column letter, message)`` for the first cells longer than ``MAX_CELL_CHARS`` and
    a count of the rest; the message says how long, never what the cell holds."""
    found: list[tuple[int | None, str | None, str]] = []
    total = 0
    for number, record in enumerate(records, start=1):
        for index, cell in enumerate(record):
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                total += 1
                if len(found) < MAX_LONG_CELLS_LISTED:
                    message = (
                        f"holds {len(cell):,} characters, more than the {MAX_CELL_CHARS:,} a "
                        "cell may hold: shorten it"
                    )
                    found.append((number, get_column_letter(index + 1), message))
    if total > len(found):
        found.append((None, None, f"{total - len(found):,} more cells are as long: shorten them"))
    return found


def check_records(records: Sequence[Sequence[object]]) -> str | None:
    """Why the rows as read are too many or too wide (a sheet whose cells name no place)."""
    shape = SheetShape(
        max_row=len(records), max_column=max((len(record) for record in records), default=0)
    )
    return check_grid(shape)
