"""The weather warnings table (``planner.io.weather``, read by ``load_warnings``)."""

from __future__ import annotations

from datetime import date

import pytest

from planner.io.problems import InputError
from planner.io.tables import load_warnings
from planner.model import WarningLevel
from tests.planner.io.table_files import DATA

WARNINGS = DATA / "warnings_good.csv"


def test_weather_warnings_are_read_in_both_languages() -> None:
    (english,) = load_warnings(WARNINGS)
    assert (english.town, english.villages, english.severe, english.kind) == (
        "城关镇",
        frozenset({"李家庄"}),
        True,
        "寒潮",
    )
    assert (english.start, english.end) == (date(2026, 12, 10), date(2026, 12, 11))
    (chinese,) = load_warnings(DATA / "warnings_zh.csv")
    assert (chinese.villages, chinese.severe, chinese.kind) == (frozenset(), False, "高温")


def test_every_problem_of_a_warnings_file_is_reported() -> None:
    places = {"城关镇": {"李家庄", "王家村"}}
    with pytest.raises(InputError) as raised:
        load_warnings(DATA / "warnings_several_defects.csv", places=places)
    found = {(p.row, p.column) for p in raised.value.problems}
    assert found == {(2, "villages"), (3, "end"), (4, "start"), (4, "severe")}
    messages = " ".join(p.message for p in raised.value.problems)
    assert "李家村 has no elders in 城关镇" in messages and "before the start" in messages


def test_orange_and_red_warnings_are_severe_and_blue_and_yellow_are_not() -> None:
    orange, yellow, blue_said_severe, red, no_level = load_warnings(DATA / "warnings_levels.csv")
    assert (orange.level, orange.is_severe) == (WarningLevel.ORANGE, True)
    assert (red.level, red.is_severe) == (WarningLevel.RED, True)  # 红色 read as red
    assert (yellow.level, yellow.is_severe) == (WarningLevel.YELLOW, False)
    # an explicit severe still counts, whatever the colour
    assert (blue_said_severe.level, blue_said_severe.is_severe) == (WarningLevel.BLUE, True)
    assert (no_level.level, no_level.is_severe) == (None, False)


def test_an_unknown_warning_level_is_reported_with_its_row_and_column() -> None:
    with pytest.raises(InputError) as raised:
        load_warnings(DATA / "warnings_bad_level.csv")
    (problem,) = raised.value.problems
    assert (problem.row, problem.column) == (2, "level")
    assert "blue, yellow, orange, red" in problem.message
