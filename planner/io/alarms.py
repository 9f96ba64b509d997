"""The alarms table: an ``Alarm`` from each row (``elder_id, at, kind``), checked against the
elders and the week being re-planned. ``load_alarms`` reads the file."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta
from pathlib import Path

from planner.io.cells import Cell, cell_text, parse_text, shown
from planner.io.columns import ALARM_COLUMNS
from planner.io.headers import layout_of
from planner.io.ledger import shape_table
from planner.io.problems import InputError, Notice, Problem
from planner.io.reading import read_table_into
from planner.io.rows import RowReader
from planner.model import Alarm

__all__ = ["load_alarms", "parse_moment"]


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
