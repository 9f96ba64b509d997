"""``roster.xlsx``: the week's roster for people, one sheet per town, then what to look at.

The workbook is for coordinators and visitors: a sheet per town with the visits of its elders,
then the unassigned visits, the flags to check and the plan's figures. Headers and values are in
Chinese by default (``planner.io.words``), and every name, phone number and ID number is masked
(``planner.privacy``). Every text cell is stored as text, so that a value such as
``=HYPERLINK(...)`` is shown, never run.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime, time
from pathlib import Path
from typing import Final

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from planner.io.note_words import flag_label, flag_text, warning_text
from planner.io.plan_rows import (
    CellValue,
    flag_order,
    member,
    sorted_unassigned,
    sorted_visits,
)
from planner.io.spreadsheet import starts_like_formula
from planner.io.summary import by_tier, figures
from planner.io.words import label, reason_text, weekday_label
from planner.model import Elder, Plan, PlannedVisit, UnassignedVisit, Visitor, format_hhmm
from planner.privacy import (
    mask_id_number,
    mask_name,
    mask_personal_numbers,
    mask_phone,
    public_elder_id,
    public_id,
)

__all__ = ["ROSTER_SHEET_HEADERS", "UNASSIGNED_SHEET_HEADERS", "add_sheet", "write_roster_xlsx"]


ROSTER_SHEET_HEADERS: Final = (
    "date",
    "weekday",
    "visitor_id",
    "visitor_name",
    "elder_id",
    "elder_name",
    "phone",
    "id_number",
    "village",
    "address",
    "tier",
    "mode",
    "sequence",
    "arrival",
    "departure",
    "travel_minutes",
    "reason",
    "due_by",
)
UNASSIGNED_SHEET_HEADERS: Final = (
    "elder_id",
    "name",
    "village",
    "tier",
    "due_by",
    "unassigned_reason",
    "town",
    "mode",
    "reason",
)

# Excel refuses these in sheet titles and caps titles at 31 characters.
_SHEET_TITLE_FORBIDDEN: Final = str.maketrans("", "", "[]:*?/\\")
_SHEET_TITLE_MAX_CHARS: Final = 31
_MAX_COLUMN_WIDTH_CHARS: Final = 50


def _display_width(text: str) -> int:
    """Width in Excel character units: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _set_cell(sheet: Worksheet, row: int, column: int, value: CellValue) -> None:
    """Set a cell so that text stays text, never a formula, even when it starts with ``=``."""
    cell = sheet.cell(row=row, column=column)
    if not isinstance(value, str):
        cell.value = value
        return
    text = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters would break the file
    cell.value = text
    cell.data_type = "s"
    if starts_like_formula(text):
        # Excel keeps it text even after someone edits the cell; unlike a CSV cell, the value
        # needs no ``'`` of its own, so people read the text as it is.
        cell.quotePrefix = True


def _write_table(
    sheet: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[CellValue]]
) -> None:
    """Header row in bold and frozen, an autofilter, and columns as wide as their content."""
    widths = [_display_width(header) for header in headers]
    for column, header in enumerate(headers, start=1):
        _set_cell(sheet, 1, column, header)
        sheet.cell(row=1, column=column).font = Font(bold=True)
    for row_number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            _set_cell(sheet, row_number, column, value)
            text = "" if value is None else str(value)
            widths[column - 1] = max(widths[column - 1], _display_width(text))
    for column, width in enumerate(widths, start=1):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = min(width + 2, _MAX_COLUMN_WIDTH_CHARS)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _clean_sheet_title(name: str) -> str:
    title = name.translate(_SHEET_TITLE_FORBIDDEN).strip().strip("'")
    return title[:_SHEET_TITLE_MAX_CHARS].strip()


def _town_sheet_titles(
    towns: Sequence[str], *, reserved: Iterable[str], fallback: str
) -> dict[str, str]:
    """A valid, distinct sheet title per town (Excel compares titles without case)."""
    taken = {title.casefold() for title in reserved}
    titles: dict[str, str] = {}
    for town in towns:
        base = _clean_sheet_title(town) or fallback
        title, copy_number = base, 2
        while title.casefold() in taken:
            suffix = f" ({copy_number})"
            title = base[: _SHEET_TITLE_MAX_CHARS - len(suffix)] + suffix
            copy_number += 1
        taken.add(title.casefold())
        titles[town] = title
    return titles


def _towns_in_order(plan: Plan) -> list[str]:
    """Towns as the input lists them (elders first), so sheets follow the coordinator's order."""
    towns = [elder.town for elder in plan.elders] + [visitor.town for visitor in plan.visitors]
    return list(dict.fromkeys(towns))


def _roster_row(
    visit: PlannedVisit, elder: Elder, visitor: Visitor, lang: str
) -> tuple[CellValue, ...]:
    return (
        visit.day.isoformat(),
        weekday_label(visit.day, lang),
        public_id(visit.visitor_id),
        mask_name(visitor.name),
        public_elder_id(elder),
        mask_name(elder.name),
        mask_phone(elder.phone) if elder.phone else "",
        mask_id_number(elder.id_number) if elder.id_number else "",
        elder.village,
        mask_personal_numbers(elder.address or ""),
        label("tier", visit.tier, lang),
        label("mode", visit.mode, lang),
        visit.sequence,
        format_hhmm(visit.arrival_min),
        format_hhmm(visit.departure_min),
        visit.travel_minutes,
        label("reason", visit.reason, lang),
        visit.due_by.isoformat(),
    )


def _unassigned_row(item: UnassignedVisit, elder: Elder, lang: str) -> tuple[CellValue, ...]:
    return (
        public_elder_id(elder),
        mask_name(elder.name),
        elder.village,
        label("tier", item.tier, lang),
        item.due_by.isoformat(),
        reason_text(item, lang, {elder.elder_id: elder}),
        elder.town,
        label("mode", item.mode, lang),
        label("reason", item.visit_reason, lang),
    )


def _summary_rows(plan: Plan, lang: str) -> list[tuple[CellValue, ...]]:
    """The figures of ``summary`` as (label, value) rows: single figures, per tier, warnings."""
    # Not the seconds of planning: they differ every run, and the workbook must not.
    rows: list[tuple[CellValue, ...]] = [
        (label("summary", key, lang), value)
        for key, value in figures(plan).items()
        if key != "seconds"
    ]
    for tier, counts in by_tier(plan).items():
        tier_word = label("tier", tier, lang)
        rows += [(f"{tier_word} · {label('summary', key, lang)}", n) for key, n in counts.items()]
    warning_word = label("summary", "warnings", lang)
    rows += [(warning_word, warning_text(warning, lang)) for warning in plan.warnings]
    return rows


def _new_workbook() -> Workbook:
    workbook = Workbook()
    for sheet in list(workbook.worksheets):
        workbook.remove(sheet)  # the default empty sheet
    return workbook


def write_roster_xlsx(plan: Plan, path: Path, *, lang: str = "zh") -> None:
    """Write ``roster.xlsx`` for people: a sheet per town, then unassigned visits and a summary.

    Names, phone numbers and ID numbers are masked; every text cell is stored as text, so a
    value such as ``=HYPERLINK(...)`` is shown, never run.
    """
    elders = {elder.elder_id: elder for elder in plan.elders}
    visitors = {visitor.visitor_id: visitor for visitor in plan.visitors}
    unassigned_title = label("sheet", "unassigned", lang)
    summary_title = label("sheet", "summary", lang)
    titles = _town_sheet_titles(
        _towns_in_order(plan),
        reserved=(unassigned_title, summary_title, label("sheet", "flags", lang)),
        fallback=label("sheet", "town", lang),
    )
    rows_by_town: dict[str, list[tuple[CellValue, ...]]] = {town: [] for town in titles}
    for visit in sorted_visits(plan.visits):
        elder = member(elders, visit.elder_id, "elder")
        visitor = member(visitors, visit.visitor_id, "visitor")
        rows_by_town[elder.town].append(_roster_row(visit, elder, visitor, lang))
    unassigned_rows = [
        _unassigned_row(item, member(elders, item.elder_id, "elder"), lang)
        for item in sorted_unassigned(plan.unassigned)
    ]

    workbook = _new_workbook()
    roster_headers = [label("header", key, lang) for key in ROSTER_SHEET_HEADERS]
    for town, title in titles.items():
        _write_table(workbook.create_sheet(title), roster_headers, rows_by_town[town])
    _write_table(
        workbook.create_sheet(unassigned_title),
        [label("header", key, lang) for key in UNASSIGNED_SHEET_HEADERS],
        unassigned_rows,
    )
    _write_table(
        workbook.create_sheet(label("sheet", "flags", lang)),
        [label("header", key, lang) for key in ("subject_id", "flag", "detail")],
        [
            (public_id(f.subject_id), flag_label(f.kind, lang), flag_text(f, lang))
            for f in sorted(plan.flags, key=flag_order)
        ],
    )
    _write_table(
        workbook.create_sheet(summary_title),
        [label("header", "item", lang), label("header", "value", lang)],
        _summary_rows(plan, lang),
    )
    _save_reproducibly(workbook, path, datetime.combine(plan.week_start, time()))


def _save_reproducibly(workbook: Workbook, path: Path, stamp: datetime) -> None:
    """Save so that the same plan gives the same bytes: the document's created and modified
    dates, and every zip entry's date, are ``stamp`` (the plan's week), not the clock's."""
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    packed = io.BytesIO()
    # ExcelWriter itself, not Workbook.save, which would set the modified date to now.
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).write_data()
    with (
        zipfile.ZipFile(packed) as written,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for entry in written.infolist():
            dated = zipfile.ZipInfo(entry.filename, date_time=stamp.timetuple()[:6])
            dated.compress_type = zipfile.ZIP_DEFLATED
            dated.external_attr = entry.external_attr
            archive.writestr(dated, written.read(entry))


def add_sheet(
    path: Path,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[CellValue]],
    stamp: datetime,
) -> None:
    """Add a sheet to a workbook written here (its text cells as safe as the others)."""
    workbook = load_workbook(path)
    _write_table(workbook.create_sheet(title), headers, rows)
    _save_reproducibly(workbook, path, stamp)


def write_tables_xlsx(
    path: Path,
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[CellValue]]]],
    stamp: datetime,
) -> None:
    """A workbook of plain tables, a sheet each (titles made valid and distinct), written as the
    roster is: text stays text, headers bold and frozen, the same bytes for the same tables."""
    workbook = _new_workbook()
    titles = _town_sheet_titles([title for title, _, _ in sheets], reserved=(), fallback="sheet")
    for title, headers, rows in sheets:
        _write_table(workbook.create_sheet(titles[title]), headers, rows)
    _save_reproducibly(workbook, path, stamp)
