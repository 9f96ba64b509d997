"""The published plan a re-plan starts from: the ``roster.csv`` of the week's earlier output
folder, with an optional ``pinned`` column (the coordinator's: yes keeps the visit where it is).

The roster is visitplan's own output, so its columns are the contract's English ones; a folder
without one, or a roster of another week, is refused with the file, row and column.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Final, TypeVar

from planner.io.cells import parse_bool
from planner.io.outputs import ROSTER_COLUMNS, ROSTER_CSV, UNASSIGNED_CSV
from planner.io.problems import InputError, Problem
from planner.model import DueVisit, PlannedVisit, Tier, VisitMode, VisitReason

__all__ = ["ROSTER_FILE", "PublishedRoster", "read_published_roster"]

_T = TypeVar("_T")

ROSTER_FILE: Final = ROSTER_CSV
"""The published roster the re-plan starts from (the file a plan writes)."""
_NEEDED = ROSTER_COLUMNS


@dataclass(frozen=True)
class PublishedRoster:
    visits: tuple[PlannedVisit, ...]
    pinned: frozenset[PlannedVisit]
    rows: dict[PlannedVisit, int]
    """The spreadsheet row of each visit, for messages about it."""
    file: str
    left_out: tuple[DueVisit, ...] = ()
    """The published plan's unassigned visits (its ``unassigned.csv``), each due on the days
    from its week's start to the week's end: still not planned, they are explained again."""


def _minutes(text: str) -> int:
    hours, _, minutes = text.strip().partition(":")
    value = int(hours) * 60 + int(minutes)
    if not 0 <= value <= 24 * 60 or not minutes:
        raise ValueError
    return value


def _cell(row: dict[str, str], column: str, parse: Callable[[str], _T]) -> _T:
    """The parsed cell; ``ValueError(column, message)`` when it is empty or not as written."""
    text = (row.get(column) or "").strip()
    if not text:
        raise ValueError(column, "is empty")
    try:
        return parse(text)
    except ValueError:
        raise ValueError(column, f"{text!r} is not as visitplan writes it") from None


def _visit(row: dict[str, str]) -> PlannedVisit:
    """The visit of one row; ``ValueError(column, message)`` for the first cell that is wrong."""
    day = _cell(row, "date", date.fromisoformat)
    return PlannedVisit(
        day=day,
        visitor_id=_cell(row, "visitor_id", str),
        elder_id=_cell(row, "elder_id", str),
        tier=_cell(row, "tier", Tier),
        mode=_cell(row, "mode", VisitMode),
        sequence=_cell(row, "sequence", int),
        arrival_min=_cell(row, "arrival", _minutes),
        departure_min=_cell(row, "departure", _minutes),
        travel_minutes=_cell(row, "travel_minutes", int),
        reason=_cell(row, "reason", VisitReason),
        due_by=day,
    )


def read_published_roster(folder: Path, week_start: date) -> PublishedRoster:
    """The roster of ``folder``, which must be a plan of the week starting ``week_start``.

    Raises
    ------
    InputError
        With every problem: no roster, a row that is not visitplan's, a date outside the week.
    """
    path = folder / ROSTER_FILE
    file = str(path)
    if not path.is_file():
        raise InputError(
            [
                Problem(
                    file,
                    None,
                    None,
                    "no roster here: --previous must be the output folder of the week's plan",
                )
            ]
        )
    problems: list[Problem] = []
    visits: list[PlannedVisit] = []
    pinned: set[PlannedVisit] = set()
    rows: dict[PlannedVisit, int] = {}
    week_end = week_start + timedelta(days=6)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        missing = [c for c in _NEEDED if c not in (reader.fieldnames or [])]
        if missing:
            message = f"missing column(s) {', '.join(missing)}: not a roster visitplan wrote"
            raise InputError([Problem(file, 1, missing[0], message)])
        for number, row in enumerate(reader, start=2):
            try:
                visit = _visit(row)
            except ValueError as error:
                column, message = error.args
                problems.append(Problem(file, number, column, message))
                continue
            if not week_start <= visit.day <= week_end:
                # one message is enough: the whole folder is of another week
                message = (
                    f"{visit.day} is not in the week of {week_start}: --previous must be the "
                    "output folder of a plan of the week being re-planned"
                )
                raise InputError([Problem(file, number, "date", message)])
            visits.append(visit)
            rows[visit] = number
            if _pinned(row, file, number, problems):
                pinned.add(visit)
    if problems:
        raise InputError(problems)
    left_out = _left_out(folder / UNASSIGNED_CSV, week_start)
    return PublishedRoster(tuple(visits), frozenset(pinned), rows, file, left_out)


def _left_out(path: Path, week_start: date) -> tuple[DueVisit, ...]:
    """The unassigned visits of the published plan; a row that is not as visitplan writes it
    is passed over (the file is only read to explain them again)."""
    if not path.is_file():
        return ()
    week_end = week_start + timedelta(days=6)
    found = []
    with path.open(encoding="utf-8-sig", newline="") as stream:
        for row in csv.DictReader(stream):
            try:
                found.append(
                    DueVisit(
                        _cell(row, "elder_id", str),
                        _cell(row, "tier", Tier),
                        _cell(row, "mode", VisitMode),
                        _cell(row, "visit_reason", VisitReason),
                        week_start,
                        week_end,
                        _cell(row, "due_by", date.fromisoformat),
                    )
                )
            except ValueError:
                continue
    return tuple(found)


def _pinned(row: dict[str, str], file: str, number: int, problems: list[Problem]) -> bool:
    text = (row.get("pinned") or "").strip()
    if not text:
        return False
    try:
        return parse_bool(text)
    except ValueError as error:
        problems.append(Problem(file, number, "pinned", str(error)))
        return False
