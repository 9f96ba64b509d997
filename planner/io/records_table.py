"""The visit records table: towns that still fill in the paper form type section 五 (and a
section-六 care service) into a sheet, one row per visit.

Read like the other input tables (``planner.io.tables``: CSV or XLSX, the header found below
title rows, English or Chinese headers), each cell through a parser that takes the form's own
words (无变化/较好/较差, 安全/较安全/不安全, 严重/转好...) as well as the API's codes, and each
row checked by building the domain's record (``planner.records``), so the sheet is held to the
same rules as ``PUT /visits/{uuid}``. Every problem names its file, row and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from planner.io.cells import (
    Cell,
    cell_text,
    parse_date,
    parse_int,
    parse_names,
    parse_text,
    parse_visit_mode,
    parse_visit_reason,
)
from planner.io.headers import Column, Layout, layout_of
from planner.io.ids import parse_elder_id, parse_visitor_id
from planner.io.ledger import shape_table
from planner.io.problems import InputError, Notice, Problem
from planner.io.reading import RawTable, read_table_into
from planner.io.record_words import RECORD_LABELS
from planner.io.rows import RowReader
from planner.model import VisitReason
from planner.records import (
    MAX_HOUSEHOLD_CHANGE,
    CareService,
    Change,
    Confirmer,
    Illness,
    MajorEvent,
    NeedKind,
    Observations,
    RecordError,
    Safety,
    Satisfaction,
    Signatures,
    VisitEntry,
    VisitRecord,
)

__all__ = ["RECORD_COLUMNS", "RecordRow", "RecordsTable", "load_records", "records_from_raw"]

_E = TypeVar("_E", bound=StrEnum)

# (column, the kind of its words in RECORD_LABELS, its choices): section 五's boxes.
_CHOICE_BOXES: tuple[tuple[str, str, type[StrEnum]], ...] = (
    ("speech", "condition", Change),
    ("mobility", "condition", Change),
    ("illness", "illness", Illness),
    ("mood", "condition", Change),
    ("gas_safety", "safety", Safety),
    ("water_heating_safety", "safety", Safety),
    ("electricity_safety", "safety", Safety),
    ("fire_safety", "safety", Safety),
    ("personal_hygiene", "condition", Change),
    ("household_hygiene", "condition", Change),
    ("indoor_environment", "condition", Change),
)


def _field_column(name: str, required: bool = False, *aliases: str) -> Column:
    return Column(name, RECORD_LABELS["record_field"][name][0], aliases, required=required)


RECORD_COLUMNS: tuple[Column, ...] = (
    _field_column("elder_id", True, "编号", "老人编号"),
    _field_column("visitor_id", True, "探访人", "探访人员编号"),
    _field_column("date", True, "日期"),
    _field_column("mode", True),
    _field_column("number_in_year", False, "第几次", "探访次数"),
    _field_column("reason"),
    _field_column("household_change", False, "家庭人口"),
    *(_field_column(name) for name, _, _ in _CHOICE_BOXES),
    _field_column("illness_name"),
    _field_column("needs_kinds"),
    _field_column("needs", False, "服务需求"),
    _field_column("suggested_care", False, "关爱服务建议"),
    _field_column("event"),
    _field_column("confirmed_by", False, "被探访人签字"),
    Column("service_date", "关爱服务日期", ("服务日期",)),
    Column("service_done", "关爱服务情况", ("服务内容",)),
    Column("service_given_by", "服务人员", ("服务人员签字",)),
    Column("satisfaction", "满意度评价", ("老年人服务满意度评价", "满意度")),
    Column("duration_minutes", "时长(分钟)", ("时长", "探访时长", "时长（分钟）")),
    Column("note", "备注", ("情况记录",)),
)
"""Chinese headers for every box of section 五, and the four of a section-六 service."""


@dataclass(frozen=True)
class RecordRow:
    """A row of the sheet: its number (as a spreadsheet shows it), the record, and what the
    service stores beside the form (the visit's length, a note)."""

    number: int
    record: VisitRecord
    duration_minutes: int | None = None
    note: str = ""


@dataclass(frozen=True)
class RecordsTable:
    rows: tuple[RecordRow, ...]
    notices: tuple[Notice, ...] = ()

    @property
    def records(self) -> tuple[VisitRecord, ...]:
        return tuple(row.record for row in self.rows)


def _choice_parser(kind: str, choices: type[_E]) -> Callable[[Cell], _E]:
    """A parser of a box: the code (``unsafe``), the form's word (不安全) or the English."""
    spellings: dict[str, _E] = {}
    for choice in choices:
        chinese, english = RECORD_LABELS[kind][choice.value]
        for spelling in (choice.value, chinese, english, *chinese.split("/")):
            spellings[spelling.casefold()] = choice
    hint = "/".join(RECORD_LABELS[kind][choice.value][0] for choice in choices)

    def parse(cell: Cell) -> _E:
        text = cell_text(cell).replace(" ", "").casefold()
        found = spellings.get(text) or spellings.get(cell_text(cell).casefold())
        if found is None:
            raise ValueError(f"{cell_text(cell)!r} is not one of the form's choices: write {hint}")
        return found

    return parse


_HOUSEHOLD = re.compile(r"(增加|减少|\+|-)?\s*(\d+)\s*人?")


def parse_household_change(cell: Cell) -> int:
    """家庭人口: 无变化 (0), 增加 n 人 / +n, 减少 n 人 / -n."""
    text = cell_text(cell).replace(" ", "")
    if text in ("无变化", "0", "same"):
        return 0
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        count = parse_int(cell)
    else:
        match = _HOUSEHOLD.fullmatch(text)
        if match is None:
            raise ValueError(
                f"{text!r} is not a change of household: write 无变化, 增加2人 or 减少1人"
            )
        count = int(match[2]) * (-1 if match[1] in ("减少", "-") else 1)
    if abs(count) > MAX_HOUSEHOLD_CHANGE:
        raise ValueError(f"{count} people: at most {MAX_HOUSEHOLD_CHANGE} either way")
    return count


def _parse_kinds(cell: Cell) -> tuple[NeedKind, ...]:
    one = _choice_parser("need", NeedKind)
    return tuple(dict.fromkeys(one(name) for name in parse_names(cell)))


_PARSE_EVENT = _choice_parser("event", MajorEvent)
_PARSE_CONFIRMER = _choice_parser("confirmer", Confirmer)
_PARSE_SATISFACTION = _choice_parser("satisfaction", Satisfaction)
# Where a rule of the form (RecordError's field) is written in the sheet.
_COLUMN_OF_FIELD = {
    "signatures.confirmed_by": "confirmed_by",
    "care_services.done": "service_done",
    "care_services.given_by": "service_given_by",
    "care_services.number_in_year": "service_date",
}


@dataclass(frozen=True)
class _Row:
    number: int
    entry: VisitEntry
    services: tuple[CareService, ...]
    numbered: bool
    """Whether the sheet gave the visit's number in the year (第 n 次)."""
    duration_minutes: int | None
    note: str


def _observations(reader: RowReader) -> Observations | None:
    boxes = {
        name: reader.get(name, _choice_parser(kind, choices), None)
        for name, kind, choices in _CHOICE_BOXES
    }
    try:
        return Observations(
            household_change=reader.get("household_change", parse_household_change, 0),
            illness_name=reader.get("illness_name", parse_text, ""),
            needs=reader.get("needs", parse_text, ""),
            needs_kinds=reader.get("needs_kinds", _parse_kinds, ()),
            suggested_care=reader.get("suggested_care", parse_text, ""),
            **boxes,  # type: ignore[arg-type]
        )
    except RecordError as error:
        _rule_broken(reader, error)
        return None


def _rule_broken(reader: RowReader, error: RecordError) -> None:
    column = _COLUMN_OF_FIELD.get(error.field, error.field.rsplit(".", 1)[-1])
    reader.problem(column if reader.layout.has(column) else None, error.problem)


def _read_row(reader: RowReader, today: date | None) -> _Row | None:
    day = reader.require("date", parse_date, what="write the date of the visit as YYYY-MM-DD")
    elder_id = reader.require("elder_id", parse_elder_id, what="write the id of the elder visited")
    visitor_id = reader.require("visitor_id", parse_visitor_id, what="write the visitor's id")
    mode = reader.require("mode", parse_visit_mode, what="write how: 上门/电话/视频")
    reason = reader.get("reason", parse_visit_reason, VisitReason.REGULAR)
    number = reader.get("number_in_year", parse_int, None)
    duration = reader.get("duration_minutes", _parse_minutes, None)
    note = reader.get("note", parse_text, "")
    event = reader.get("event", _PARSE_EVENT, None)
    confirmer = reader.get("confirmed_by", _PARSE_CONFIRMER, None)
    observations = _observations(reader)
    if day is not None and today is not None and day > today:
        reader.problem("date", f"{day} is after today ({today}): a record is of a visit made")
    services = _service(reader, day)
    if None in (day, elder_id, visitor_id, mode, observations) or not reader.ok:
        return None
    assert day is not None and elder_id is not None and visitor_id is not None
    assert mode is not None and observations is not None
    try:
        entry = VisitEntry(
            elder_id=elder_id,
            number_in_year=number if number is not None else 1,
            day=day,
            mode=mode,
            signatures=Signatures(visitor_id, confirmer is not None, confirmer),
            observations=observations,
            event=event,
            reason=reason,
        )
    except RecordError as error:
        _rule_broken(reader, error)
        return None
    return _Row(reader.row.number, entry, services, number is not None, duration, note)


def _service(reader: RowReader, day: date | None) -> tuple[CareService, ...]:
    """The row's section-六 service, when any of its four cells is filled."""
    columns = ("service_date", "service_done", "service_given_by", "satisfaction")
    if all(reader.blank(column) for column in columns):
        return ()
    service_day = reader.get("service_date", parse_date, day)
    satisfaction = reader.get("satisfaction", _PARSE_SATISFACTION, None)
    if service_day is None:
        reader.problem("service_date", "is empty: write the date of the care service")
        return ()
    if day is not None and service_day < day:
        reader.problem("service_date", f"{service_day} is before the visit ({day})")
        return ()
    try:
        return (
            CareService(
                1,
                service_day,
                reader.get("service_done", parse_text, ""),
                reader.get("service_given_by", parse_text, ""),
                satisfaction,
            ),
        )
    except RecordError as error:
        _rule_broken(reader, error)
        return ()


MAX_MINUTES = 600


def _parse_minutes(cell: Cell) -> int:
    minutes = parse_int(cell)
    if not 1 <= minutes <= MAX_MINUTES:
        raise ValueError(f"{minutes} minutes: write 1 to {MAX_MINUTES}")
    return minutes


def _numbered(rows: Iterable[_Row], layout: Layout, problems: list[Problem]) -> list[RecordRow]:
    """Each visit numbered in its elder's year (第 n 次) when the sheet left it out, and each care
    service (第 n 次开展关爱); the same visit (elder, visitor, day) twice is refused, for a
    record is stored once."""
    ordered = sorted(rows, key=lambda row: (row.entry.elder_id, row.entry.day, row.number))
    seen: dict[tuple[str, str, date], int] = {}
    count: dict[tuple[str, int], int] = {}
    services: dict[tuple[str, int], int] = {}
    records = []
    for row in ordered:
        entry = row.entry
        key = (entry.elder_id, entry.signatures.visitor_id, entry.day)
        if key in seen:
            message = f"the same visit as row {seen[key]} (elder, visitor and date): keep one"
            problems.append(Problem(layout.table.file, row.number, None, message))
            continue
        seen[key] = row.number
        year = (entry.elder_id, entry.day.year)
        count[year] = count.get(year, 0) + 1
        if not row.numbered:
            entry = replace(entry, number_in_year=count[year])
        given = []
        for service in row.services:
            service_year = (entry.elder_id, service.day.year)
            services[service_year] = services.get(service_year, 0) + 1
            given.append(replace(service, number_in_year=services[service_year]))
        record = VisitRecord(entry, tuple(given))
        records.append(RecordRow(row.number, record, row.duration_minutes, row.note))
    return records


def records_from_raw(table: RawTable, *, today: date | None = None) -> RecordsTable:
    """Validate a records table already read (an upload); see ``load_records``."""
    problems: list[Problem] = []
    notices: list[Notice] = []
    shaped = shape_table(table, RECORD_COLUMNS, problems, notices)
    records: list[RecordRow] = []
    if shaped is not None:
        layout = layout_of(shaped, RECORD_COLUMNS, problems, notices)
        rows = [_read_row(RowReader(layout, row, problems), today) for row in shaped.rows]
        records = _numbered((row for row in rows if row is not None), layout, problems)
    if problems:
        raise InputError(sorted(problems, key=lambda problem: problem.row or 0))
    return RecordsTable(tuple(records), tuple(notices))


def load_records(path: Path | str, *, today: date | None = None) -> RecordsTable:
    """Read and validate a records table (CSV or XLSX), one row per visit.

    Raises
    ------
    InputError
        With every problem of the file, each with its row, column and what to do.
    """
    problems: list[Problem] = []
    table = read_table_into(Path(path), str(path), problems)
    if table is None or problems:
        raise InputError(problems)
    return records_from_raw(table, today=today)
