"""Small input tables written for the tests, and the shortest ways to load and check them."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl
import pytest

from planner.io.cells import Cell
from planner.io.ids import id_check_character
from planner.io.problems import InputError, Problem
from planner.io.tables import Tables, load_tables
from planner.model import Elder, Visitor

DATA = Path(__file__).resolve().parents[2] / "data" / "tables"

BASE_ELDER: dict[str, Cell] = {
    "elder_id": "E001",
    "name": "张三",
    "age": "80",
    "town": "城关镇",
    "village": "李家庄",
    "lon": "117.02",
    "lat": "36.65",
}
BASE_VISITOR: dict[str, Cell] = {
    "visitor_id": "V01",
    "name": "刘一",
    "role": "village_staff",
    "town": "城关镇",
}


# --------------------------------------------------------------------------- helpers


def write_table(path: Path, records: Sequence[Mapping[str, Cell]]) -> Path:
    """A CSV or XLSX file (by the suffix) with the union of the records' keys as header."""
    headers = list(dict.fromkeys(key for record in records for key in record))
    rows = [[record.get(header) for header in headers] for record in records]
    return write_rows(path, [headers, *rows])


def write_rows(path: Path, rows: Sequence[Sequence[Cell]]) -> Path:
    if path.suffix == ".xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        for row in rows:
            sheet.append(list(row))
        workbook.save(path)
    else:
        with path.open("w", encoding="utf-8", newline="") as file:
            csv.writer(file).writerows(
                [["" if cell is None else cell for cell in row] for row in rows]
            )
    return path


def load_elders(tmp_path: Path, *records: Mapping[str, Cell], suffix: str = ".csv") -> Tables:
    return load_tables(write_table(tmp_path / f"elders{suffix}", records))


def one_elder(tmp_path: Path, suffix: str = ".csv", **cells: Cell) -> Elder:
    (elder,) = load_elders(tmp_path, {**BASE_ELDER, **cells}, suffix=suffix).elders
    return elder


def problems_of(
    tmp_path: Path, *records: Mapping[str, Cell], suffix: str = ".csv"
) -> list[Problem]:
    with pytest.raises(InputError) as raised:
        load_elders(tmp_path, *records, suffix=suffix)
    return list(raised.value.problems)


def elder_problem(tmp_path: Path, suffix: str = ".csv", **cells: Cell) -> Problem:
    (problem,) = problems_of(tmp_path, {**BASE_ELDER, **cells}, suffix=suffix)
    return problem


def load_visitors(
    tmp_path: Path,
    *visitors: Mapping[str, Cell],
    elders: Sequence[Mapping[str, Cell]] = (BASE_ELDER,),
) -> Tables:
    elders_path = write_table(tmp_path / "elders.csv", elders)
    return load_tables(elders_path, write_table(tmp_path / "visitors.csv", visitors))


def one_visitor(tmp_path: Path, **cells: Cell) -> Visitor:
    (visitor,) = load_visitors(tmp_path, {**BASE_VISITOR, **cells}).visitors
    return visitor


def visitor_problem(tmp_path: Path, **cells: Cell) -> Problem:
    with pytest.raises(InputError) as raised:
        load_visitors(tmp_path, {**BASE_VISITOR, **cells})
    (problem,) = raised.value.problems
    return problem


def where(problems: Sequence[Problem]) -> list[tuple[str, int | None, str | None]]:
    return [(Path(problem.file).name, problem.row, problem.column) for problem in problems]


def make_id_number(birth: str, serial: str = "001") -> str:
    body = f"370112{birth}{serial}"
    return body + id_check_character(body)


BASE_VISIT: dict[str, Cell] = {
    "date": "2026-11-30",
    "elder_id": "E001",
    "visitor_id": "V01",
    "mode": "home",
}


def renamed(record: Mapping[str, Cell], header: str, value: Cell, *, replacing: str = "") -> dict:
    """``record`` with a column ``header`` holding ``value`` (in place of ``replacing``)."""
    kept = {key: cell for key, cell in record.items() if key != replacing}
    return {**kept, header: value}


def elder_with(tmp_path: Path, header: str, value: Cell, *, replacing: str = "") -> Elder:
    record = renamed(BASE_ELDER, header, value, replacing=replacing)
    (elder,) = load_tables(write_table(tmp_path / "elders.csv", [record])).elders
    return elder


def problems(*paths: Path) -> list[Problem]:
    with pytest.raises(InputError) as raised:
        load_tables(*paths)
    return list(raised.value.problems)


def notices_text(tables: Tables) -> str:
    return "\n".join(str(notice) for notice in tables.notices)


def elder_rows(*records: Mapping[str, Cell]) -> list[list[Cell]]:
    header = list(dict.fromkeys(key for record in records for key in record))
    return [header, *([record.get(key) for key in header] for record in records)]
