"""The tables that change a plan from outside the elders and visitors tables: pauses and
endings of elders (``--pauses``), visitors' leave (``--absences``) and open follow-ups
(``--followups``), each row checked with the file, row and column of any problem."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from planner.absences import Absence, AbsenceKind
from planner.elder_status import Ending, EndingKind, Pause, PauseKind, Status
from planner.followups import FollowUp, FollowUpKind
from planner.io.cells import _enum_parser, parse_date, parse_role, parse_text
from planner.io.columns import ABSENCE_COLUMNS, FOLLOWUP_COLUMNS, PAUSE_COLUMNS
from planner.io.headers import Column, layout_of
from planner.io.ledger import shape_table
from planner.io.problems import InputError, Notice, Problem
from planner.io.reading import read_table_into
from planner.io.rows import RowReader
from planner.model import Elder, Visitor
from planner.policy import Policy

__all__ = ["StatusTables", "load_absences", "load_followups", "load_status_tables", "load_statuses"]

_T = TypeVar("_T")

parse_status_kind = _enum_parser(
    "a pause or an ending",
    {
        PauseKind.HOSPITAL: ("住院", "医院"),
        PauseKind.WITH_FAMILY: ("随子女", "子女家", "外出探亲", "随子女居住"),
        PauseKind.OTHER: ("其他", "暂停"),
        EndingKind.DECEASED: ("去世", "死亡", "已故"),
        EndingKind.MOVED_AWAY: ("迁出", "搬离", "外迁"),
    },
    chinese_hint="住院/随子女/其他 for a pause, 去世/迁出 for an ending",
)

parse_absence_kind = _enum_parser(
    "a kind of leave",
    {
        AbsenceKind.SICK: ("病假", "生病"),
        AbsenceKind.TRAINING: ("培训", "学习"),
        AbsenceKind.LEAVE: ("休假", "事假", "年假"),
        AbsenceKind.OTHER: ("其他",),
    },
    chinese_hint="病假/培训/休假/其他",
)

parse_followup_kind = _enum_parser(
    "a follow-up",
    {
        FollowUpKind.GAS: ("燃气", "燃气安全"),
        FollowUpKind.WATER_HEATING: ("水暖", "用水取暖"),
        FollowUpKind.ELECTRICITY: ("用电", "用电安全"),
        FollowUpKind.FIRE: ("消防", "消防安全"),
        FollowUpKind.HOUSING: ("住房", "住房安全"),
        FollowUpKind.MEDICAL: ("就医", "医疗"),
        FollowUpKind.CARE: ("照护", "护理"),
        FollowUpKind.BENEFITS: ("政策", "救助", "待遇"),
        FollowUpKind.EMOTIONAL: ("精神慰藉", "情感"),
        FollowUpKind.FAMILY_SUPPORT: ("赡养", "家庭赡养"),
    },
    chinese_hint="燃气/水暖/用电/消防/住房/就医/照护/政策/精神慰藉/赡养",
)


def _rows(
    path: Path,
    columns: tuple[Column, ...],
    read_row: Callable[[RowReader], _T | None],
) -> tuple[_T, ...]:
    problems: list[Problem] = []
    notices: list[Notice] = []
    raw = read_table_into(path, str(path), problems)
    table = None if raw is None else shape_table(raw, columns, problems, notices)
    found: list[_T] = []
    if table is not None:
        layout = layout_of(table, columns, problems, notices)
        for row in table.rows:
            reader = RowReader(layout, row, problems)
            item = read_row(reader)
            if item is not None and reader.ok:
                found.append(item)
    if problems:
        raise InputError(problems)
    return tuple(found)


def _known(
    reader: RowReader, column: str, value: str | None, ids: Collection[str], table: str
) -> None:
    if value is not None and value not in ids:
        reader.problem(column, f"{value!r} is not in the {table} table")


def load_statuses(path: Path, *, elder_ids: Collection[str]) -> tuple[Status, ...]:
    """Pauses (``hospital``, ``with_family``, ``other``: from ``start`` to ``end``, empty: until
    further notice) and endings (``deceased``, ``moved_away``: from ``start``, no ``end``).

    Raises
    ------
    InputError
        With every problem of the file, each with its row, column and what to do.
    """

    def read(reader: RowReader) -> Status | None:
        elder_id = reader.require("elder_id", parse_text, what="write the elder's id")
        start = reader.require("start", parse_date, what="write the first day away")
        end = reader.get("end", parse_date, None)
        kind = reader.require("kind", parse_status_kind, what="write why the elder is away")
        _known(reader, "elder_id", elder_id, elder_ids, "elders")
        if elder_id is None or start is None or kind is None:
            return None
        if isinstance(kind, EndingKind):
            if end is not None:
                reader.problem("end", f"{kind.value} ends the visits for good: leave end empty")
                return None
            return Ending(elder_id, start, kind)
        if end is not None and end < start:
            reader.problem("end", f"{end} is before the start {start}: swap them")
            return None
        return Pause(elder_id, start, end, PauseKind(kind))

    return _rows(path, PAUSE_COLUMNS, read)


def load_absences(path: Path, *, visitor_ids: Collection[str]) -> tuple[Absence, ...]:
    """Visitors' leave: ``visitor_id, start, end, kind`` (sick, training, leave, other).

    Raises
    ------
    InputError
        With every problem of the file, each with its row, column and what to do.
    """

    def read(reader: RowReader) -> Absence | None:
        visitor_id = reader.require("visitor_id", parse_text, what="write the visitor's id")
        start = reader.require("start", parse_date, what="write the first day of leave")
        end = reader.require("end", parse_date, what="write the last day of leave")
        kind = reader.get("kind", parse_absence_kind, AbsenceKind.LEAVE)
        _known(reader, "visitor_id", visitor_id, visitor_ids, "visitors")
        if visitor_id is None or start is None or end is None:
            return None
        if end < start:
            reader.problem("end", f"{end} is before the start {start}: swap them")
            return None
        return Absence(visitor_id, start, end, kind)

    return _rows(path, ABSENCE_COLUMNS, read)


def load_followups(
    path: Path, *, elder_ids: Collection[str], policy: Policy
) -> tuple[FollowUp, ...]:
    """Open follow-ups: ``elder_id, kind, role`` (empty: the policy's for the kind), ``due_by``.
    Each may be planned from the week's first day to its due day.

    Raises
    ------
    InputError
        With every problem of the file, each with its row, column and what to do.
    """

    def read(reader: RowReader) -> FollowUp | None:
        elder_id = reader.require("elder_id", parse_text, what="write the elder's id")
        kind = reader.require("kind", parse_followup_kind, what="write what to follow up")
        role = reader.get("role", parse_role, None)
        due_by = reader.require("due_by", parse_date, what="write the day it is due by")
        _known(reader, "elder_id", elder_id, elder_ids, "elders")
        if elder_id is None or kind is None or due_by is None:
            return None
        chosen = role if role is not None else policy.followup_roles[kind.value]
        return FollowUp(elder_id, kind, chosen, opened_on=date.min, due_by=due_by)

    return _rows(path, FOLLOWUP_COLUMNS, read)


@dataclass(frozen=True)
class StatusTables:
    statuses: tuple[Status, ...] = ()
    absences: tuple[Absence, ...] = ()
    followups: tuple[FollowUp, ...] = ()


def load_status_tables(
    pauses: Path | None,
    absences: Path | None,
    followups: Path | None,
    elders: Sequence[Elder],
    visitors: Sequence[Visitor],
    policy: Policy,
) -> StatusTables:
    """Read the tables given (None: not given), checked against the elders and visitors.

    Raises
    ------
    InputError
        With every problem of every file given.
    """
    problems: list[Problem] = []
    elder_ids = {e.elder_id for e in elders}
    visitor_ids = {v.visitor_id for v in visitors}

    def attempt(path: Path | None, load: Callable[[Path], tuple[_T, ...]]) -> tuple[_T, ...]:
        if path is None:
            return ()
        try:
            return load(path)
        except InputError as error:
            problems.extend(error.problems)
            return ()

    found = StatusTables(
        attempt(pauses, lambda path: load_statuses(path, elder_ids=elder_ids)),
        attempt(absences, lambda path: load_absences(path, visitor_ids=visitor_ids)),
        attempt(followups, lambda path: load_followups(path, elder_ids=elder_ids, policy=policy)),
    )
    if problems:
        raise InputError(problems)
    return found
