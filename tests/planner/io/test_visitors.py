"""The visitors table: limits, where a visitor without start coordinates sets out, areas
without elders, usual visitors (``planner.io.visitors``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.crs import LonLat
from geo.travel import centroid
from planner.io.problems import InputError
from planner.io.tables import load_tables
from tests.planner.io.table_files import (
    BASE_ELDER,
    BASE_VISITOR,
    DATA,
    load_visitors,
    one_visitor,
    visitor_problem,
    where,
)


@pytest.mark.parametrize(("cell", "limit"), [("", 8), ("0", 0), ("12", 12)])
def test_max_home_visits_per_day(tmp_path: Path, cell: str, limit: int) -> None:
    assert one_visitor(tmp_path, max_home_visits_per_day=cell).max_home_visits_per_day == limit


@pytest.mark.parametrize("cell", ["-1", "many", "2.5"])
def test_bad_max_home_visits_per_day(tmp_path: Path, cell: str) -> None:
    assert (
        visitor_problem(tmp_path, max_home_visits_per_day=cell).column == "max_home_visits_per_day"
    )


def test_visitor_starts_at_the_first_served_village_that_has_located_elders(tmp_path: Path) -> None:
    elders = [
        {**BASE_ELDER, "elder_id": "E1", "village": "李家庄", "lon": "117.02", "lat": "36.65"},
        {**BASE_ELDER, "elder_id": "E2", "village": "王家村", "lon": "117.06", "lat": "36.68"},
        {**BASE_ELDER, "elder_id": "E3", "village": "王家村", "lon": "117.08", "lat": "36.70"},
    ]
    tables = load_visitors(
        tmp_path,
        {**BASE_VISITOR, "visitor_id": "V1", "villages": "王家村;李家庄"},
        {**BASE_VISITOR, "visitor_id": "V2", "villages": "赵家洼;李家庄"},
        {**BASE_VISITOR, "visitor_id": "V3", "villages": ""},
        elders=elders,
    )
    first, second, third = tables.visitors
    assert first.start == centroid([LonLat(117.06, 36.68), LonLat(117.08, 36.70)])
    assert second.start == LonLat(117.02, 36.65)
    assert third.start == centroid(
        [LonLat(117.02, 36.65), LonLat(117.06, 36.68), LonLat(117.08, 36.70)]
    )
    assert all(visitor.approximate_start for visitor in tables.visitors)
    assert [flag.subject_id for flag in tables.flags if flag.kind == "village_without_elders"] == [
        "V2"
    ]


def test_visitor_of_a_town_without_elders_is_flagged_not_an_error(tmp_path: Path) -> None:
    tables = load_visitors(tmp_path, {**BASE_VISITOR, "town": "新城镇"})
    assert [(flag.subject_id, flag.kind) for flag in tables.flags] == [
        ("V01", "approximate_start"),
        ("V01", "town_without_elders"),
    ]
    assert tables.visitors[0].start == LonLat(117.02, 36.65)


# --------------------------------------------------------------------------- cross-file checks


def test_usual_visitor_must_be_in_the_visitors_file() -> None:
    with pytest.raises(InputError) as raised:
        load_tables(DATA / "elders_unknown_usual_visitor.csv", DATA / "visitors_good.csv")
    (problem,) = raised.value.problems
    assert where([problem]) == [("elders_unknown_usual_visitor.csv", 3, "usual_visitor_id")]
    assert "'V99'" in problem.message and "visitors_good.csv" in problem.message


def test_usual_visitor_serving_elsewhere_is_flagged(tmp_path: Path) -> None:
    tables = load_visitors(
        tmp_path,
        {**BASE_VISITOR, "villages": "王家村"},
        elders=[
            {**BASE_ELDER, "usual_visitor_id": "V01"},
            {**BASE_ELDER, "elder_id": "E2", "village": "王家村"},
        ],
    )
    (flag,) = [flag for flag in tables.flags if flag.kind == "usual_visitor_elsewhere"]
    assert (flag.subject_id, flag.village) == ("E001", "李家庄")
