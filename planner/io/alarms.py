"""The alarms table: an ``Alarm`` from each row (``elder_id, at, kind``), checked against the
elders and the week being re-planned (``load_alarms``); and a re-plan's pins (``load_pins``)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta
from pathlib import Path

from planner.io.cells import Cell, cell_text, parse_date, parse_text, shown
from planner.io.columns import ALARM_COLUMNS, PIN_COLUMNS
from planner.io.headers import layout_of
from planner.io.ledger import shape_table
from planner.io.previous import PublishedRoster
from planner.io.problems import InputError, Notice, Problem
from planner.io.reading import read_table_into
from planner.io.rows import RowReader
from planner.model import Alarm, PlannedVisit

__all__ = ["load_alarms", "load_pins", "parse_moment"]


def parse_moment(cell: Cell) -> datetime:
    """``YYYY-MM-DDTHH:MM`` (a space for the T is read too); XLSX date-times as they are."""
    if isinstance(cell, datetime):
        return cell.replace(second=0, microsecond=0)
    text = cell_text(cell).replace(" ", "T", 1)
    try:
        moment = datetime.strptime(text, "%Y-%m-%dT%H:%M")
    except ValueError:
        raise ValueError(f"{shown(cell)} is not a date and time: write YYYY-MM-DDTHH:MM") from None
    return moment


def load_alarms(path: Path, *, elder_ids: Collection[str], week_start: date) -> tuple[Alarm, ...]:
    """Read the alarms; each must name a known elder and fall in the week (or the day before
    it: its visit is owed within a day).

    Raises
    ------
    InputError
        With every problem of the file, each with its row, column and what to do.
    """
    problems: list[Problem] = []
    notices: list[Notice] = []
    file = str(path)
    raw = read_table_into(path, file, problems)
    table = None if raw is None else shape_table(raw, ALARM_COLUMNS, problems, notices)
    alarms: list[Alarm] = []
    if table is not None:
        layout = layout_of(table, ALARM_COLUMNS, problems, notices)
        first, last = week_start - timedelta(days=1), week_start + timedelta(days=6)
        for row in table.rows:
            reader = RowReader(layout, row, problems)
            elder_id = reader.require("elder_id", parse_text, what="write the elder's id")
            at = reader.require("at", parse_moment, what="write when the alarm came")
            kind = reader.get("kind", parse_text, "")
            if elder_id is not None and elder_id not in elder_ids:
                reader.problem("elder_id", f"{elder_id!r} is not in the elders table")
            if at is not None and not first <= at.date() <= last:
                reader.problem("at", f"{at:%Y-%m-%d %H:%M} is not in the week of {week_start}")
            if elder_id is not None and at is not None and reader.ok:
                alarms.append(Alarm(elder_id, at, kind))
    if problems:
        raise InputError(problems)
    return tuple(alarms)


def load_pins(path: Path, roster: PublishedRoster) -> frozenset[PlannedVisit]:
    """The published visits ``--pin FILE`` fixes: each row an ``elder_id`` and a ``date`` of
    the published roster (all that elder's visits that day).

    Raises
    ------
    InputError
        With every row that names no published visit, or is not a row of the table.
    """
    problems: list[Problem] = []
    notices: list[Notice] = []
    raw = read_table_into(path, str(path), problems)
    table = None if raw is None else shape_table(raw, PIN_COLUMNS, problems, notices)
    pinned: set[PlannedVisit] = set()
    if table is not None:
        layout = layout_of(table, PIN_COLUMNS, problems, notices)
        for row in table.rows:
            reader = RowReader(layout, row, problems)
            elder_id = reader.require("elder_id", parse_text, what="write the elder's id")
            day = reader.require("date", parse_date, what="write the day of the visit")
            if elder_id is None or day is None:
                continue
            found = {v for v in roster.visits if v.elder_id == elder_id and v.day == day}
            if not found:
                reader.problem("elder_id", f"{elder_id} has no published visit on {day}")
            pinned |= found
    if problems:
        raise InputError(problems)
    return frozenset(pinned)
