"""Reading a row: coordinates, unique ids, empty required cells, problems named by the header
as written, a value with a stray comma (``planner.io.rows``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.io.problems import InputError
from planner.io.tables import load_tables
from tests.planner.io.table_files import (
    BASE_ELDER,
    BASE_VISITOR,
    DATA,
    elder_problem,
    load_visitors,
    problems_of,
    where,
)

# --------------------------------------------------------------------------- coordinates and places


def test_lat_lon_swapped_fixture() -> None:
    with pytest.raises(InputError) as raised:
        load_tables(DATA / "elders_lat_lon_swapped.csv")
    (problem,) = raised.value.problems
    assert (problem.row, problem.column) == (2, "lat")
    assert "swapped" in problem.message


@pytest.mark.parametrize(
    ("lon", "lat", "column", "says"),
    [
        ("36.65", "80.0", "lon", "is this lat/lon swapped?"),
        ("2.35", "48.85", "lon", "outside China"),
        ("-117.02", "36.65", "lon", "outside China"),
        ("200", "36.65", "lon", "not a longitude"),
        ("117.02", "-95", "lat", "not a latitude"),
        ("east", "36.65", "lon", "not a number of degrees"),
        ("117.02", "", "lat", "give both"),
        ("", "36.65", "lon", "give both"),
    ],
)
def test_bad_coordinates(tmp_path: Path, lon: str, lat: str, column: str, says: str) -> None:
    problem = elder_problem(tmp_path, lon=lon, lat=lat)
    assert (problem.row, problem.column) == (2, column)
    assert says in problem.message


# --------------------------------------------------------------------------- ids, cells and rows


def test_duplicate_visitor_id(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        load_visitors(tmp_path, BASE_VISITOR, {**BASE_VISITOR, "name": "别人"})
    (problem,) = raised.value.problems
    assert (problem.row, problem.column) == (3, "visitor_id")
    assert "'V01' is used on rows 2 and 3" in problem.message


def test_problems_use_the_header_as_written_in_the_file(tmp_path: Path) -> None:
    record = {
        "编号": "E001",
        "姓名": "张三",
        "出生日期": "1945-13-01",
        "镇街": "城关镇",
        "村居": "李家庄",
        "经度": "117.02",
        "纬度": "36.65",
    }
    (problem,) = problems_of(tmp_path, record)
    assert str(problem) == (
        f"{tmp_path / 'elders.csv'}, row 2, column 出生日期: '1945-13-01' is not a date: "
        "write YYYY-MM-DD, e.g. 1945-03-01"
    )


def test_required_cell_left_empty(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, {**BASE_ELDER, "name": " ", "village": ""})
    assert where(problems) == [("elders.csv", 2, "name"), ("elders.csv", 2, "village")]
    assert all("is empty" in problem.message for problem in problems)


def test_value_with_an_unquoted_comma() -> None:
    with pytest.raises(InputError) as raised:
        load_tables(DATA / "elders_comma_in_address.csv")
    (problem,) = [problem for problem in raised.value.problems if problem.column is None]
    assert problem.row == 3 and "comma" in problem.message
