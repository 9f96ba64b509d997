"""Time windows, shifts and work days in their spellings (``planner.io.times``)."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from planner.io.problems import InputError
from planner.io.tables import load_tables
from planner.io.times import parse_time_window, parse_time_windows, parse_work_days
from planner.io.visitors import DEFAULT_SHIFT
from planner.model import TimeWindow
from tests.planner.io.table_files import (
    BASE_ELDER,
    BASE_VISITOR,
    elder_problem,
    one_elder,
    one_visitor,
    visitor_problem,
    write_table,
)

# ------------------------------------------------------------------ time windows and work days


@pytest.mark.parametrize(
    ("cell", "windows"),
    [
        ("08:30-11:30", ((510, 690),)),
        ("8:30-11:30", ((510, 690),)),
        ("08:30 - 11:30", ((510, 690),)),
        ("08：30~11：30", ((510, 690),)),
        ("08:30至11:30", ((510, 690),)),
        ("08:00-10:00;14:00-16:00", ((480, 600), (840, 960))),
        ("14:00-16:00；08:00-10:00", ((480, 600), (840, 960))),
        ("08:00-10:00,14:00-16:00", ((480, 600), (840, 960))),
        ("08:00-10:00; 09:30-11:00", ((480, 660),)),
        ("00:00-24:00", ((0, 1440),)),
    ],
)
def test_time_window_spellings(
    tmp_path: Path, cell: str, windows: tuple[tuple[int, int], ...]
) -> None:
    assert one_elder(tmp_path, time_window=cell).time_windows == tuple(
        TimeWindow(*w) for w in windows
    )


@pytest.mark.parametrize(
    "cell",
    [
        "8-10",
        "morning",
        "17:00-08:30",
        "10:00-10:00",
        "25:00-26:00",
        "08:61-09:00",
        "08:00-10:00;later",
    ],
)
def test_bad_time_window(tmp_path: Path, cell: str) -> None:
    problem = elder_problem(tmp_path, time_window=cell)
    assert (problem.row, problem.column) == (2, "time_window")
    assert "HH:MM-HH:MM" in problem.message


def test_time_windows_round_trip_through_their_text() -> None:
    windows = (TimeWindow(480, 600), TimeWindow(840, 1020))
    assert parse_time_windows(";".join(str(window) for window in windows)) == windows
    assert parse_time_window(str(DEFAULT_SHIFT)) == DEFAULT_SHIFT


@pytest.mark.parametrize(
    ("cell", "days"),
    [
        ("Mon-Fri", {0, 1, 2, 3, 4}),
        ("mon - fri", {0, 1, 2, 3, 4}),
        ("Mon,Wed,Fri", {0, 2, 4}),
        ("Mon-Wed,Sat", {0, 1, 2, 5}),
        ("Monday, Thursday", {0, 3}),
        ("Tues;Thurs", {1, 3}),
        ("Sat-Sun", {5, 6}),
        ("Fri-Mon", {4, 5, 6, 0}),
        ("周一-周五", {0, 1, 2, 3, 4}),
        ("周一至周五", {0, 1, 2, 3, 4}),
        ("周一至五", {0, 1, 2, 3, 4}),
        ("周一,周三", {0, 2}),
        ("周一、周三、周五", {0, 2, 4}),
        ("星期一-星期三,星期六", {0, 1, 2, 5}),
        ("星期日", {6}),
        ("周天", {6}),
        ("工作日", {0, 1, 2, 3, 4}),
        ("每天", set(range(7))),
        ("", {0, 1, 2, 3, 4}),
    ],
)
def test_work_days_spellings(tmp_path: Path, cell: str, days: set[int]) -> None:
    assert one_visitor(tmp_path, work_days=cell).work_weekdays == frozenset(days)


@pytest.mark.parametrize("cell", ["Mon-Fry", "weekly", "Mon-Wed-Fri", "1-5"])
def test_bad_work_days(tmp_path: Path, cell: str) -> None:
    problem = visitor_problem(tmp_path, work_days=cell)
    assert (problem.row, problem.column) == (2, "work_days")
    assert "Mon-Fri" in problem.message and "周一-周五" in problem.message


def test_parse_work_days_returns_weekday_numbers() -> None:
    assert parse_work_days("Sun") == frozenset({6})


@pytest.mark.parametrize(
    ("cell", "shift"), [("", (510, 1020)), ("07:00-15:30", (420, 930)), ("9:00~18:00", (540, 1080))]
)
def test_shift(tmp_path: Path, cell: str, shift: tuple[int, int]) -> None:
    assert one_visitor(tmp_path, shift=cell).shift == TimeWindow(*shift)


@pytest.mark.parametrize("cell", ["08:30-12:00;13:30-17:00", "all day", "17:00-08:30"])
def test_bad_shift(tmp_path: Path, cell: str) -> None:
    assert visitor_problem(tmp_path, shift=cell).column == "shift"


def test_xlsx_single_time_in_a_shift_is_a_problem(tmp_path: Path) -> None:
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER])
    visitors = write_table(tmp_path / "visitors.xlsx", [{**BASE_VISITOR, "shift": time(8, 30)}])
    with pytest.raises(InputError) as raised:
        load_tables(elders, visitors)
    (problem,) = raised.value.problems
    assert problem.column == "shift" and "single time" in problem.message
