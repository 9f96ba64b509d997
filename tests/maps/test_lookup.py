"""The plan as the maps read it: references checked, a day's path with or without a route."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from maps import write_plan_maps
from planner.model import Plan
from tests.maps.conftest import ROUTE_V001_MONDAY, V001_MONDAY, latlng, shapes, write_pages


def test_a_visit_of_an_elder_missing_from_the_plan_is_refused(
    small_plan: Plan, tmp_path: Path
) -> None:
    plan = replace(small_plan, elders=small_plan.elders[1:])  # drops E1, who is visited

    with pytest.raises(ValueError, match="E1"):
        write_plan_maps(plan, tmp_path)


def test_home_visits_without_a_route_are_joined_by_straight_lines(
    small_plan: Plan, tmp_path: Path
) -> None:
    plan = replace(small_plan, routes=())

    page = write_pages(plan, tmp_path)[V001_MONDAY]

    [line] = shapes(page, "lines")
    assert line["path"] == [latlng(point) for point in ROUTE_V001_MONDAY.path]
