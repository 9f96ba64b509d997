"""A table as a town keeps it: the header found below title rows, footers and merges undone.

Towns keep their elders in ledgers (台账) laid out for printing: a title row above the header
(``XX镇特殊困难老人台账``), perhaps a subtitle and blank rows, a village merged down over its
elders' rows, footer rows (``合计``, ``制表人``, ``填表日期``). ``shape_table`` takes a table as
read (``planner.io.reading``), finds its header row (the one that names the most columns, see
``planner.io.headers``), skips its title and footer rows and fills its merged cells, saying what
it did (``Notice``) or why it cannot (``Problem``). Row numbers stay the ones a spreadsheet
shows. Checking the cells themselves is the work of the table readers (``planner.io.elders``,
``planner.io.visitors``, ...).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from planner.io.cells import Cell, cell_text, is_blank
from planner.io.headers import Column, compact, match_header
from planner.io.problems import Notice, Problem
from planner.io.reading import HEADER_SEARCH_ROWS, RawRow, RawTable
from planner.privacy import mask_personal_numbers

__all__ = ["shape_table"]

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
            return compact(cell_text(cell))
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
