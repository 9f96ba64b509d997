"""The elders table: birth dates from ID numbers, the sex they hold, elders placed at their
village's centre (``planner.io.elders``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.io.note_words import flag_text
from planner.io.problems import InputError
from planner.io.tables import load_tables
from tests.planner.io.table_files import (
    BASE_ELDER,
    DATA,
    elder_problem,
    load_elders,
    make_id_number,
    one_elder,
    problems_of,
    where,
)


def test_neither_birth_date_nor_age_column(tmp_path: Path) -> None:
    record = {key: value for key, value in BASE_ELDER.items() if key != "age"}
    (problem,) = problems_of(tmp_path, record)
    assert (problem.row, problem.column) == (1, "birth_date")
    assert "出生日期" in problem.message and "年龄" in problem.message


def test_neither_birth_date_nor_age_in_a_row(tmp_path: Path) -> None:
    problem = elder_problem(tmp_path, age=None, birth_date=None)
    assert (problem.row, problem.column) == (2, "birth_date")
    assert "YYYY-MM-DD" in problem.message


def test_id_birth_date_must_agree_with_birth_date(tmp_path: Path) -> None:
    problem = elder_problem(tmp_path, birth_date="1940-05-13", id_number=make_id_number("19400512"))
    assert (problem.row, problem.column) == (2, "id_number")
    assert "another birth date" in problem.message and "birth_date" in problem.message
    # Either date would give away the digits the masked ID number hides.
    assert "1940-05-1" not in problem.message and "194005" not in problem.message


def test_id_birth_date_is_used_when_birth_date_and_age_are_empty(tmp_path: Path) -> None:
    elder = one_elder(tmp_path, age=None, birth_date="", id_number=make_id_number("19400512"))
    assert elder.birth_date == date(1940, 5, 12)


def test_sex_that_disagrees_with_the_id_number_is_flagged(tmp_path: Path) -> None:
    tables = load_elders(
        tmp_path, {**BASE_ELDER, "sex": "女", "id_number": make_id_number("19400512", "001")}
    )
    assert [flag.kind for flag in tables.flags] == ["sex_differs_from_id_number"]
    assert (
        load_elders(
            tmp_path, {**BASE_ELDER, "sex": "男", "id_number": make_id_number("19400512")}
        ).flags
        == ()
    )


def test_the_sex_flag_shows_no_part_of_the_id_number(tmp_path: Path) -> None:
    id_number = make_id_number("19400512", "001")
    tables = load_elders(tmp_path, {**BASE_ELDER, "sex": "女", "id_number": id_number})
    (flag,) = tables.flags
    text = flag_text(flag, "en")
    assert text == "sex is F but the ID number is that of a man: check both"
    assert id_number[:6] not in text and id_number[6:14] not in text


def test_village_without_any_located_elder_is_a_problem_per_unlocated_row() -> None:
    with pytest.raises(InputError) as raised:
        load_tables(DATA / "elders_village_without_coordinates.csv")
    assert where(raised.value.problems) == [
        ("elders_village_without_coordinates.csv", 3, "lon"),
        ("elders_village_without_coordinates.csv", 4, "lon"),
    ]
    message = raised.value.problems[0].message
    assert message == (
        "no elder of 赵家洼 (城关镇) has coordinates, so its centre is unknown: give lon/lat for "
        "this row or for one elder of the village"
    )


def test_no_coordinate_columns_at_all_is_one_problem(tmp_path: Path) -> None:
    records = [
        {key: value for key, value in BASE_ELDER.items() if key not in ("lon", "lat")}
        | {"elder_id": f"E{n}"}
        for n in range(5)
    ]
    (problem,) = problems_of(tmp_path, *records)
    assert (problem.row, problem.column) == (1, "lon")
    assert "经度" in problem.message


def test_empty_coordinates_everywhere_is_a_problem_per_row(tmp_path: Path) -> None:
    records = [{**BASE_ELDER, "elder_id": f"E{n}", "lon": None, "lat": None} for n in range(3)]
    problems = problems_of(tmp_path, *records)
    assert where(problems) == [("elders.csv", row, "lon") for row in (2, 3, 4)]
    assert all("no elder of 李家庄 (城关镇) has coordinates" in p.message for p in problems)


def test_a_bad_coordinate_does_not_also_blame_the_unlocated_rows_of_its_village(
    tmp_path: Path,
) -> None:
    problems = problems_of(
        tmp_path,
        {**BASE_ELDER, "elder_id": "E1"},
        {**BASE_ELDER, "elder_id": "E2", "village": "赵家洼", "lon": "abc"},
        {**BASE_ELDER, "elder_id": "E3", "village": "赵家洼", "lon": None, "lat": None},
    )
    assert where(problems) == [("elders.csv", 3, "lon")]
