"""The visit history table: a ``PastVisit`` from each row.

A visit of an elder who is no longer in the elders table (moved away, died) is history, not an
error: it is left out and flagged once per elder.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from planner.io.cells import parse_date, parse_visit_mode, parse_visit_reason
from planner.io.columns import HISTORY_COLUMNS
from planner.io.elders import Places
from planner.io.headers import Layout, layout_of
from planner.io.ids import parse_elder_id, parse_visitor_id
from planner.io.problems import Notice, Problem
from planner.io.reading import RawTable
from planner.io.rows import RowReader
from planner.model import PastVisit, VisitReason
from planner.notes import Flag, FlagCode

__all__ = ["read_history"]


def _read_past_visit(reader: RowReader) -> PastVisit | None:
    day = reader.require("date", parse_date, what="write the date of the visit as YYYY-MM-DD")
    elder_id = reader.require("elder_id", parse_elder_id, what="write the id of the elder visited")
    visitor_id = reader.require("visitor_id", parse_visitor_id, what="write the id of the visitor")
    mode = reader.require(
        "mode", parse_visit_mode, what="write how the visit was made: home, phone, online or road"
    )
    reason = reader.get("reason", parse_visit_reason, VisitReason.REGULAR)
    if day is None or elder_id is None or visitor_id is None or mode is None or not reader.ok:
        return None
    return PastVisit(day, elder_id, visitor_id, mode, reason)


def read_history(
    table: RawTable,
    places: Places,
    problems: list[Problem],
    notices: list[Notice],
    flags: list[Flag],
) -> tuple[list[PastVisit], Layout]:
    """The past visits of the history table; those of elders not listed are flagged instead."""
    layout = layout_of(table, HISTORY_COLUMNS, problems, notices)
    visits: list[PastVisit] = []
    unknown_rows: dict[str, list[int]] = defaultdict(list)
    for row in table.rows:
        visit = _read_past_visit(RowReader(layout, row, problems))
        if visit is None:
            continue
        # Elders move away or die; their old visits are history, not an error.
        if places.complete and visit.elder_id not in places.elder_ids:
            unknown_rows[visit.elder_id].append(row.number)
            continue
        visits.append(visit)
    for elder_id, rows in unknown_rows.items():
        flags.append(
            Flag(
                elder_id,
                FlagCode.HISTORY_UNKNOWN_ELDER,
                file=Path(table.file).name,
                rows=tuple(rows),
            )
        )
    return visits, layout
