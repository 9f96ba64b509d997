"""A table as a town keeps it: a file's rows, its header, and the shapes of an Excel ledger.

Towns keep their elders in ledgers (台账) laid out for printing: a title row above the header
(``XX镇特殊困难老人台账``), perhaps a subtitle and blank rows, a village merged down over its
elders' rows, footer rows (``合计``, ``制表人``, ``填表日期``), and headers spelt in many ways
(``是否同意入户``, ``失 智``, ``失能等级``). This module reads a CSV or XLSX file into a plain
``RawTable`` and finds its header row, skips its title and footer rows and fills its merged cells,
saying what it did (``Notice``) or why it cannot (``Problem``). Row numbers are always the ones a
spreadsheet shows. Checking the cells themselves is ``planner.io.tables``' work.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

import openpyxl
from openpyxl.utils.cell import get_column_letter, range_boundaries

from planner.privacy import mask_personal_numbers

__all__ = [
    "HEADER_SEARCH_ROWS",
    "Cell",
    "Column",
    "HeaderGuess",
    "InputError",
    "MergedRange",
    "Notice",
    "Problem",
    "RawRow",
    "RawTable",
    "cell_text",
    "header_key",
    "is_blank",
    "match_header",
    "near_miss",
    "read_table",
    "read_table_into",
    "shape_table",
]

Cell = str | int | float | bool | datetime | date | time | None
"""A cell as read: text from CSV; from XLSX also numbers, booleans, dates and times."""

HEADER_SEARCH_ROWS = 10
"""How many non-blank rows at the top of a file may hold the header (title rows above it)."""

_INVISIBLE = re.compile(r"[\ufeff\u200b\u200c\u200d\u00a0]")


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not _INVISIBLE.sub("", cell).strip())


def cell_text(cell: Cell) -> str:
    """A cell as text; whole numbers without ``.0`` (XLSX stores ids and phones as floats)."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return _INVISIBLE.sub("", cell).strip()
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime) and cell.time() == time(0, 0):
        return cell.date().isoformat()
    if isinstance(cell, date | time):
        return cell.isoformat()
    return str(cell)


# --------------------------------------------------------------------------- problems, notices


def _place(file: str, row: int | None, column: str | None) -> str:
    place = [file]
    if row is not None:
        place.append(f"row {row}")
    if column is not None:
        place.append(f"column {column}")
    return ", ".join(place)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the defect allows.

    ``row`` is the spreadsheet row number (the first data row follows the header row), None for
    a problem of the whole file; ``column`` is the column as named in the file's header, or its
    canonical name when the column is missing; ``message`` says what is wrong and what to do.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        return f"{_place(self.file, self.row, self.column)}: {self.message}"


@dataclass(frozen=True)
class Notice:
    """Something read differently from how the file shows it, which does not stop a plan.

    Title rows skipped above the header, footer rows skipped, merged cells filled, columns that
    are not used: said once, so that a coordinator knows what was (not) read.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        return f"{_place(self.file, self.row, self.column)}: {self.message}"


class InputError(Exception):
    """The input tables cannot be used; ``problems`` lists every defect found in every file."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


# --------------------------------------------------------------------------- raw tables


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

    Built by ``read_table`` with the first non-blank row as the header; ``shape_table`` then
    finds the real header of a ledger. The HTTP API can build one from uploaded rows as well and
    hand it to ``planner.io.tables.tables_from_raw``. ``merged`` lists the XLSX merged cells.
    """

    file: str
    headers: tuple[str, ...]
    rows: tuple[RawRow, ...]
    is_csv: bool = False
    header_row: int = 1
    merged: tuple[MergedRange, ...] = ()


# --------------------------------------------------------------------------- reading files


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
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as error:
        message = f"is not a readable CSV file ({error}): save it again as UTF-8 CSV or XLSX"
        problems.append(Problem(file, None, None, message))
        return None
    return _raw_table(file, records, problems, is_csv=True)


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
        records = [list(row) for row in sheet.iter_rows(values_only=True)]
        merged = _merged_ranges(sheet)
    except Exception:
        problems.append(Problem(file, None, None, not_a_workbook))
        return None
    finally:
        workbook.close()
    cells = [[_xlsx_cell(value) for value in row] for row in records]
    return _raw_table(file, cells, problems, merged=merged)


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


# --------------------------------------------------------------------------- headers


@dataclass(frozen=True)
class Column:
    """A column of the contract: its English name, its Chinese header and accepted alternatives."""

    name: str
    chinese: str | None = None
    aliases: tuple[str, ...] = ()
    required: bool = False

    @property
    def label(self) -> str:
        """The name as the contract writes it, e.g. ``elder_id (编号)``."""
        return f"{self.name} ({self.chinese})" if self.chinese else self.name

    def spellings(self) -> tuple[str, ...]:
        return (self.name, *((self.chinese,) if self.chinese else ()), *self.aliases)

    def header_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(header_key(spelling) for spelling in self.spellings()))


# Spaces (U+3000 becomes one under NFKC), line breaks, '_' and '-' do not tell headers apart.
_HEADER_SEPARATORS = re.compile(r"[\s_\-]+")
# A yes/no hint after a header: 独居（是/否）, 失智(是或否), lives_alone (y/n).
_YES_NO_HINT = re.compile(r"\((?:是|否|y|n|yes|no|1|0)(?:[/、,或]|or)(?:是|否|y|n|yes|no|1|0)\)$")
# 是否同意入户, 是否为独居老人, 老人是否失智: the question form of a yes/no column.
_WHETHER = re.compile(r"是否为?")
# Required-column markers and label colons: *姓名, 编号：
_HEADER_MARKS = "*※:"  # after NFKC: ＊ is *, ： is :
_BRACKETED = re.compile(r"^(.*?)\((.*?)\)$")


def _normalised(header: str) -> str:
    """Full-width letters, digits, brackets and colons as ASCII; no invisible characters."""
    return unicodedata.normalize("NFKC", _INVISIBLE.sub("", header))


def header_key(header: str) -> str:
    """How headers are compared: ``是否同意入户``, ``同意 入户``, ``同意入户（是/否）`` are one."""
    key = _HEADER_SEPARATORS.sub("", _normalised(header).casefold()).strip(_HEADER_MARKS)
    return _WHETHER.sub("", _YES_NO_HINT.sub("", key))


def _header_keys(header: str) -> list[str]:
    """The keys a header cell may stand for: itself, and each part of ``name (中文)``."""
    keys = [header_key(header)]
    bracketed = _BRACKETED.match(_HEADER_SEPARATORS.sub("", _normalised(header)))
    if bracketed:
        keys += [header_key(part) for part in bracketed.groups()]
    return [key for key in dict.fromkeys(keys) if key]


def match_header(header: str, lookup: Mapping[str, Column]) -> Column | None:
    """The column a header cell names; also understands ``name (中文)`` and ``中文（提示）``."""
    for key in _header_keys(header):
        column = lookup.get(key)
        if column is not None:
            return column
    return None


@dataclass(frozen=True)
class HeaderGuess:
    """The known column an unknown header most resembles, and the spelling it resembles."""

    column: Column
    spelling: str


# Resemblance (difflib's ratio) from which an unknown header is taken for a misspelt column:
# one extra character on a two- or three-character header (同意入户嘛, 失智症), two on four.
NEAR_MISS_RATIO = 0.8
# A known header inside an unknown one with at most this many characters around it
# (老人独居, 独居情况) is taken for that column too.
NEAR_MISS_EXTRA_CHARACTERS = 2
# Columns of ledgers that merely resemble a column of the contract: other people's details
# (子女电话, 监护人姓名), the registered residence (户籍地址), dates and kinds of something
# (能力评估时间, 残疾类别), relationships (联系人关系). They are ignored, never refused.
_OTHER_PEOPLE_AND_PLACES = (
    "子女",
    "儿子",
    "女儿",
    "儿女",
    "配偶",
    "老伴",
    "监护人",
    "赡养人",
    "代理人",
    "户主",
    "家属",
    "亲属",
    "户籍",
    "原",
)
_OTHER_QUALITIES = (
    "关系",
    "时间",
    "日期",
    "证号",
    "类别",
    "类型",
    "编码",
    "原因",
    "来源",
    "说明",
    "备注",
    "单位",
    "机构",
    "地址",
    "次数",
    "频次",
    "段",
)
_NEVER_A_CONTRACT_COLUMN = frozenset({"序号", "备注", "no", "no."})


def _names_something_else(key: str, known: str) -> bool:
    if key in _NEVER_A_CONTRACT_COLUMN:
        return True
    other_owner = any(
        key.startswith(prefix) and not known.startswith(prefix)
        for prefix in _OTHER_PEOPLE_AND_PLACES
    )
    other_quality = any(
        key.endswith(suffix) and not known.endswith(suffix) for suffix in _OTHER_QUALITIES
    )
    return other_owner or other_quality


def _resembles(key: str, known: str) -> float:
    """How much an unknown header key resembles a known one: 0 (not at all) to 1."""
    if len(known) < 2 or _names_something_else(key, known):
        return 0.0  # one character (村, 镇) is inside too many unrelated headers
    if known in key and len(key) - len(known) <= NEAR_MISS_EXTRA_CHARACTERS:
        return max(NEAR_MISS_RATIO, difflib.SequenceMatcher(None, key, known).ratio())
    ratio = difflib.SequenceMatcher(None, key, known).ratio()
    return ratio if ratio >= NEAR_MISS_RATIO else 0.0


def near_miss(
    header: str, columns: Sequence[Column], *, present: Iterable[str] = ()
) -> HeaderGuess | None:
    """The column an unknown header probably means, or None for an unrelated column.

    Columns already in the header (``present``, by name) are not guessed: a second header that
    resembles one (紧急联系人 and 紧急联系人关系) is something else.
    """
    skip = set(present)
    best: tuple[float, HeaderGuess] | None = None
    for key in _header_keys(header):
        for column in columns:
            if column.name in skip:
                continue
            for spelling in column.spellings():
                score = _resembles(key, header_key(spelling))
                if score and (best is None or score > best[0]):
                    best = (score, HeaderGuess(column, spelling))
    return None if best is None else best[1]


# --------------------------------------------------------------------------- ledger shapes


# A row whose first own cell starts with one of these closes the ledger: totals, signatures,
# dates of filling in, notes. Compared after NFKC, without spaces (合 计 is 合计).
_FOOTER_WORDS = (
    "合计",
    "总计",
    "小计",
    "共计",
    "制表",
    "填表",
    "填报",
    "审核",
    "负责人",
    "统计人",
    "备注",
    "注:",
    "说明:",
    "单位:",
)
_QUOTED_CHARACTERS = 20


def shape_table(
    table: RawTable,
    columns: Sequence[Column],
    problems: list[Problem],
    notices: list[Notice],
) -> RawTable | None:
    """The table from its real header down, without footer rows, merged cells filled in.

    Returns None (with a problem) when no row near the top looks like the header.
    """
    lookup = {key: column for column in columns for key in column.header_keys()}
    records = _fill_merged_runs(table)
    header_at = _header_position(records, lookup)
    if header_at is None:
        problems.append(_no_header_problem(table, columns))
        return None
    header, rows = records[header_at], records[header_at + 1 :]
    if header_at:
        notices.append(_skipped_notice(table.file, records[:header_at], header.number))
    data: list[RawRow] = []
    footers: list[RawRow] = []
    for row in rows:
        (footers if _is_footer(row) else data).append(row)
    if footers:
        notices.append(_footer_notice(table.file, footers))
    headers = tuple(cell_text(cell) for cell in header.values)
    _check_merges(table, header.number, {row.number for row in data}, headers, problems)
    filled = sorted({ref for row in data for ref in row.filled_from.values()})
    if filled:
        notices.append(_filled_notice(table.file, filled))
    return replace(table, headers=headers, rows=tuple(data), header_row=header.number)


def _fill_merged_runs(table: RawTable) -> list[RawRow]:
    """Every row, the header first, with the lower cells of vertical merges given the top value.

    openpyxl gives None for every cell of a merge but the top-left one; a village merged down
    over its elders' rows would otherwise leave all of them but the first without a village.
    Blank rows inside a merge stay out: they are spacing, not elders.
    """
    records = [RawRow(table.header_row, tuple(table.headers)), *table.rows]
    by_number = {row.number: index for index, row in enumerate(records)}
    for merge in table.merged:
        if not merge.runs_down_one_column or merge.min_row not in by_number:
            continue
        position = merge.min_col - 1
        top = records[by_number[merge.min_row]].values
        value = top[position] if position < len(top) else None
        for number in range(merge.min_row + 1, merge.max_row + 1):
            index = by_number.get(number)
            if index is not None:
                records[index] = _filled(records[index], position, value, merge.ref)
    return records


def _filled(row: RawRow, position: int, value: Cell, ref: str) -> RawRow:
    if position < len(row.values) and not is_blank(row.values[position]):
        return row  # a value typed over a merge (unmerged later) is the row's own
    values = list(row.values) + [None] * (position + 1 - len(row.values))
    values[position] = value
    return RawRow(row.number, tuple(values), {**row.filled_from, position: ref})


def _header_position(records: Sequence[RawRow], lookup: Mapping[str, Column]) -> int | None:
    """The index of the row that names the most known columns among the first rows.

    On a tie the lower row wins: a header merged over two rows reads the same in both.
    """
    best: tuple[int, int] | None = None
    for index, row in enumerate(records[:HEADER_SEARCH_ROWS]):
        named = {
            column.name
            for cell in row.values
            if (column := match_header(cell_text(cell), lookup)) is not None
        }
        if len(named) >= 2 and (best is None or len(named) >= best[0]):
            best = (len(named), index)
    return None if best is None else best[1]


def _no_header_problem(table: RawTable, columns: Sequence[Column]) -> Problem:
    required = ", ".join(column.label for column in columns if column.required)
    return Problem(
        table.file,
        None,
        None,
        f"no row among the first {HEADER_SEARCH_ROWS} looks like the header: the required "
        f"columns {required} are missing. If the table has title rows above the header, delete "
        "them, so that the header is the first row",
    )


def _quoted(row: RawRow) -> str:
    text = mask_personal_numbers(next(cell_text(cell) for cell in row.values if not is_blank(cell)))
    if len(text) > _QUOTED_CHARACTERS:
        text = text[:_QUOTED_CHARACTERS] + "…"
    return repr(text)


def _rows_text(rows: Sequence[RawRow]) -> str:
    numbers = [row.number for row in rows]
    if len(numbers) == 1:
        return f"row {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"rows {numbers[0]}-{numbers[-1]}"
    return "rows " + ", ".join(map(str, numbers))


def _skipped_notice(file: str, above: Sequence[RawRow], header_row: int) -> Notice:
    quoted = ", ".join(_quoted(row) for row in above)
    return Notice(
        file,
        None,
        None,
        f"{_rows_text(above)} ({quoted}) {_was_or_were(above)} skipped: the header is row "
        f"{header_row}, and what is above it is not data",
    )


def _was_or_were(rows: Sequence[RawRow]) -> str:
    return "was" if len(rows) == 1 else "were"


def _first_own_text(row: RawRow) -> str:
    for position, cell in enumerate(row.values):
        if position not in row.filled_from and not is_blank(cell):
            return _HEADER_SEPARATORS.sub("", _normalised(cell_text(cell)))
    return ""


def _is_footer(row: RawRow) -> bool:
    return _first_own_text(row).startswith(_FOOTER_WORDS)


def _footer_notice(file: str, footers: Sequence[RawRow]) -> Notice:
    quoted = ", ".join(_quoted(row) for row in footers)
    return Notice(
        file,
        None,
        None,
        f"{_rows_text(footers)} ({quoted}) {_was_or_were(footers)} skipped: totals, signatures "
        "and notes below a ledger are not data",
    )


def _filled_notice(file: str, refs: Sequence[str]) -> Notice:
    return Notice(
        file,
        None,
        None,
        f"merged cells {', '.join(refs)} were read as their top value in each of their rows "
        "(flagged filled_from_merged_cell for checking)",
    )


def _check_merges(
    table: RawTable,
    header_row: int,
    data_rows: set[int],
    headers: Sequence[str],
    problems: list[Problem],
) -> None:
    """Merges over data that cannot be read as one value per row are problems.

    A block across columns leaves all of its cells but the first empty, and which of them the
    value belongs to is anyone's guess; a run from the header into the data would copy the
    header's text into the rows.
    """
    for merge in table.merged:
        rows = set(range(merge.min_row, merge.max_row + 1))
        if not rows & data_rows:
            continue  # a title or the header: not read as data
        crosses_header = merge.min_row <= header_row
        if merge.runs_down_one_column and not crosses_header:
            continue
        position = merge.min_col - 1
        column = headers[position] if position < len(headers) and headers[position] else None
        problems.append(
            Problem(
                table.file,
                min(rows & data_rows),
                column,
                f"cells {merge.ref} are merged: unmerge them and fill each cell",
            )
        )
