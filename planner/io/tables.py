"""Reading and validating the input tables: elders, visitors, the visit history, weather warnings.

The tables come from coordinators as CSV (UTF-8, with or without BOM) or XLSX files with a header
row (../shared/CONTRACT.md, "Input tables"). This module puts the steps together and is the
way in for the command line and the service; each step has its own module:

- ``planner.io.reading`` reads a file into a ``RawTable``, ``planner.io.ledger`` finds its
  header below title rows and undoes a ledger's footers and merged cells;
- ``planner.io.headers`` and ``planner.io.columns`` match the header cells to the contract's
  columns (English, Chinese and the ledgers' spellings; a misspelt column is refused, an
  unrelated one ignored);
- ``planner.io.cells``, ``planner.io.ids`` and ``planner.io.times`` parse one cell each,
  ``planner.io.rows`` reads a row through them;
- ``planner.io.elders``, ``planner.io.visitors``, ``planner.io.history`` and
  ``planner.io.weather`` build the model objects of each table, with their checks.

Validation gathers every problem of every file before it stops: ``load_tables`` either returns
the validated model or raises one ``InputError`` that lists each bad cell with its file, row
number (as a spreadsheet shows it), column and what to do about it. Things a coordinator should
look at but that do not stop a plan (an elder placed at the village centre, a history row naming
an elder who has left) come back as ``Flag``s; what was read differently from how the file shows
it (title rows skipped, columns ignored) as ``Notice``s. Messages never show more of a resident
ID number or a phone number than the published, masked form.

All coordinates are converted to WGS-84 on the way in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from planner.io.cells import Cell
from planner.io.columns import ELDER_COLUMNS, HISTORY_COLUMNS, VISITOR_COLUMNS, WARNING_COLUMNS
from planner.io.elders import ElderDraft, Places, no_places, places_of, read_elders
from planner.io.headers import Column, layout_of
from planner.io.history import read_history
from planner.io.ledger import shape_table
from planner.io.problems import InputError, Notice, Problem
from planner.io.reading import RawRow, RawTable, read_table_into
from planner.io.rows import RowReader
from planner.io.visitors import VisitorDraft, check_usual_visitors, read_visitors
from planner.io.weather import check_warning_area, read_warning
from planner.model import Elder, PastVisit, Visitor, WeatherWarning
from planner.notes import Flag

__all__ = [
    "Cell",
    "InputError",
    "Notice",
    "Problem",
    "RawRow",
    "RawTable",
    "TableKind",
    "Tables",
    "load_table",
    "load_tables",
    "load_warnings",
    "tables_from_raw",
]


@dataclass(frozen=True)
class Tables:
    """The validated input: the model objects, flags for the coordinator, and notices.

    ``extra_columns`` names, per table (``"elders"``, ``"visitors"``, ``"history"``), the header
    cells that are not columns of the contract: they were kept out of the model, not rejected.
    ``notices`` say what was read differently from how the files show it (title and footer rows
    skipped, merged cells filled, columns ignored), once each, for the command line to print.
    """

    elders: tuple[Elder, ...]
    visitors: tuple[Visitor, ...]
    history: tuple[PastVisit, ...]
    flags: tuple[Flag, ...]
    extra_columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    notices: tuple[Notice, ...] = ()
    rows: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """Per table (``"elders"``, ``"visitors"``), the row number of each id: where a later check
    (a service's, say) can point to."""


# --------------------------------------------------------------------------- the whole input


def tables_from_raw(
    elders: RawTable, visitors: RawTable | None = None, history: RawTable | None = None
) -> Tables:
    """Validate tables already read (e.g. uploaded through the API); see ``load_tables``."""
    problems: list[Problem] = []
    tables = _validate(elders, visitors, history, problems)
    if problems:
        files = [table.file for table in (elders, visitors, history) if table is not None]
        raise InputError(_sorted(problems, files))
    return tables


def load_tables(
    elders_path: Path | str,
    visitors_path: Path | str | None = None,
    history_path: Path | str | None = None,
) -> Tables:
    """Read and validate the elders table and, when given, the visitors and history tables.

    Parameters
    ----------
    elders_path, visitors_path, history_path
        CSV or XLSX files. ``visitors_path`` may be None (classifying elders needs no visitors).

    Returns
    -------
    Tables
        Elders, visitors and past visits as model objects with WGS-84 places, and flags for the
        coordinator (approximate places, history of elders no longer listed, ...).

    Raises
    ------
    InputError
        With every problem of every file, each with its file, row, column and what to do.
    """
    problems: list[Problem] = []
    paths = [path for path in (elders_path, visitors_path, history_path) if path is not None]
    elders, visitors, history = (
        None if path is None else read_table_into(Path(path), str(path), problems)
        for path in (elders_path, visitors_path, history_path)
    )
    tables = _validate(elders, visitors, history, problems)
    if problems:
        raise InputError(_sorted(problems, [str(path) for path in paths]))
    return tables


TableKind = Literal["elders", "visitors", "history"]


def load_table(
    kind: TableKind, path: Path | str, *, name: str | None = None, elders: Sequence[Elder] = ()
) -> Tables:
    """Read and validate one table on its own, as a service takes them one upload at a time.

    Parameters
    ----------
    name
        How messages name the file (an upload's file name); by default ``path``.
    elders
        For a visitors or history table: the elders already known, whose villages and ids the
        table is checked against as ``load_tables`` checks it against the elders table.

    Raises
    ------
    InputError
        With every problem of the file, each with its row, column and what to do.
    """
    file = name or str(path)
    problems: list[Problem] = []
    table = read_table_into(Path(path), file, problems)
    if table is not None:
        _refuse_nul_characters(table, problems)
    tables = Tables((), (), (), ())
    if table is not None and not problems:
        known = places_of(elders) if elders else None
        raw = {kind: table}
        tables = _validate(
            raw.get("elders"), raw.get("visitors"), raw.get("history"), problems, places=known
        )
    if problems:
        raise InputError(_sorted(problems, [file]))
    return tables


def _refuse_nul_characters(table: RawTable, problems: list[Problem]) -> None:
    """A NUL character is never meant (a damaged export) and no database stores it in text."""
    for row in table.rows:
        for index, cell in enumerate(row.values):
            if isinstance(cell, str) and "\x00" in cell:
                column = table.headers[index] if index < len(table.headers) else None
                message = "holds a NUL character (\\0), a sign of a damaged export: remove it"
                problems.append(Problem(table.file, row.number, column, message))


def _validate(
    elders: RawTable | None,
    visitors: RawTable | None,
    history: RawTable | None,
    problems: list[Problem],
    *,
    places: Places | None = None,
) -> Tables:
    flags: list[Flag] = []
    notices: list[Notice] = []
    extra_columns: dict[str, tuple[str, ...]] = {}
    elder_drafts: list[ElderDraft] = []
    places = places or no_places()
    elders = _shaped(elders, ELDER_COLUMNS, problems, notices)
    if elders is not None:
        elder_drafts, elder_layout, places = read_elders(elders, problems, notices, flags)
        extra_columns["elders"] = elder_layout.extra_columns
    visitor_drafts: list[VisitorDraft] = []
    visitors = _shaped(visitors, VISITOR_COLUMNS, problems, notices)
    if visitors is not None:
        visitor_drafts, visitor_layout = read_visitors(visitors, places, problems, notices, flags)
        extra_columns["visitors"] = visitor_layout.extra_columns
        if elders is not None and visitor_layout.has("visitor_id"):
            check_usual_visitors(
                elder_drafts, elder_layout, visitor_drafts, visitors.file, problems, flags
            )
    past_visits: list[PastVisit] = []
    history = _shaped(history, HISTORY_COLUMNS, problems, notices)
    if history is not None:
        past_visits, history_layout = read_history(history, places, problems, notices, flags)
        extra_columns["history"] = history_layout.extra_columns
    return Tables(
        elders=tuple(draft.elder for draft in elder_drafts if draft.elder is not None),
        visitors=tuple(draft.visitor for draft in visitor_drafts if draft.visitor is not None),
        history=tuple(past_visits),
        flags=tuple(flags),
        extra_columns=extra_columns,
        notices=tuple(notices),
        rows={
            "elders": {d.elder_id: d.row for d in elder_drafts if d.elder_id is not None},
            "visitors": {d.visitor_id: d.row for d in visitor_drafts if d.visitor_id is not None},
        },
    )


def _shaped(
    table: RawTable | None,
    columns: Sequence[Column],
    problems: list[Problem],
    notices: list[Notice],
) -> RawTable | None:
    """The table from its header row down (see ``planner.io.ledger.shape_table``), if it has one."""
    return None if table is None else shape_table(table, columns, problems, notices)


def _sorted(problems: Sequence[Problem], files: Sequence[str]) -> list[Problem]:
    """Problems file by file in the order given, then by row (whole-file problems first)."""
    order: dict[str, int] = {}
    for file in files:
        order.setdefault(file, len(order))
    return sorted(
        problems, key=lambda problem: (order.get(problem.file, len(order)), problem.row or 0)
    )


# --------------------------------------------------------------------------- weather warnings


def load_warnings(
    path: Path | str, *, places: Mapping[str, set[str]] | None = None
) -> tuple[WeatherWarning, ...]:
    """Read extreme-weather warnings: an area (a town, or some of its villages) and dates.

    ``places`` (town -> its villages, from the elders table) catches a misspelt area, which
    would otherwise bring no extra visit to anyone.

    Raises
    ------
    InputError
        With every problem of the file, each with its row, column and what to do.
    """
    problems: list[Problem] = []
    notices: list[Notice] = []  # the command line prints those of the planning tables only
    table = _shaped(
        read_table_into(Path(path), str(path), problems), WARNING_COLUMNS, problems, notices
    )
    warnings: list[WeatherWarning] = []
    if table is not None:
        layout = layout_of(table, WARNING_COLUMNS, problems, notices)
        for row in table.rows:
            reader = RowReader(layout, row, problems)
            warning = read_warning(reader)
            if warning is not None and places is not None:
                check_warning_area(reader, warning, places)
            if warning is not None and reader.ok:
                warnings.append(warning)
    if problems:
        raise InputError(_sorted(problems, [str(path)]))
    return tuple(warnings)
