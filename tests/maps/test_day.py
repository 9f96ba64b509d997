"""A visitor's day map: the headline, numbered home visits in route order, the route, the calls."""

from __future__ import annotations

from pathlib import Path

from maps.page import TIER_COLORS
from planner.model import Plan, Tier
from tests.maps.conftest import (
    ELDER_BY_ID,
    ROUTE_V001_MONDAY,
    START_V001,
    V001_MONDAY,
    V001_TUESDAY,
    latlng,
    shapes,
    write_pages,
)


def test_day_map_title_sums_up_the_day(small_plan: Plan, tmp_path: Path) -> None:
    page = write_pages(small_plan, tmp_path)[V001_MONDAY]

    title = "V001 陈*华 · 2026-12-07 周一 · 入户 2 · 电话 1 · 42 分钟路程 · 11.3 km"
    assert f"<title>{title}</title>" in page
    assert f'<div class="vp-box vp-title">{title}' in page


def test_day_map_numbers_home_visits_in_route_order(small_plan: Plan, tmp_path: Path) -> None:
    page = write_pages(small_plan, tmp_path)[V001_MONDAY]

    badges = shapes(page, "badges")
    assert [badge["text"] for badge in badges] == ["1", "3"]  # the roster's sequence numbers
    assert [badge["at"] for badge in badges] == [
        latlng(ELDER_BY_ID["E1"].location),
        latlng(ELDER_BY_ID["E2"].location),
    ]
    assert [badge["color"] for badge in badges] == [
        TIER_COLORS[Tier.KEY],
        TIER_COLORS[Tier.SECONDARY],
    ]
    assert "09:00–09:30" in badges[0]["popup"]
    assert "入户" in badges[0]["popup"] and "重点" in badges[0]["popup"]


def test_day_map_draws_the_route_from_start_and_back(small_plan: Plan, tmp_path: Path) -> None:
    page = write_pages(small_plan, tmp_path)[V001_MONDAY]

    [route] = shapes(page, "lines")
    assert route["path"] == [latlng(point) for point in ROUTE_V001_MONDAY.path]
    lat, lon = latlng(ELDER_BY_ID["E1"].location)
    assert f"[{lat}, {lon}]" in page  # Leaflet's order: latitude first
    [start] = shapes(page, "pins")
    assert start["at"] == latlng(START_V001)


def test_day_map_lists_calls_in_the_side_box(small_plan: Plan, tmp_path: Path) -> None:
    page = write_pages(small_plan, tmp_path)[V001_MONDAY]

    side_box = page.split('<div class="vp-box vp-side">')[1].split("</div>")[0]
    assert (
        '<tr class="vp-remote"><td>2</td><td>09:30–09:40</td><td>电话</td><td>孙*</td>' in side_box
    )
    [call_place] = shapes(page, "circles")  # the called elder's home, faded
    assert call_place["at"] == latlng(ELDER_BY_ID["E3"].location)


def test_a_day_of_calls_only_has_no_route(small_plan: Plan, tmp_path: Path) -> None:
    page = write_pages(small_plan, tmp_path)[V001_TUESDAY]

    assert shapes(page, "lines") == [] and shapes(page, "badges") == []
    assert "入户 0 · 电话 1 · 0 分钟路程 · 0.0 km" in page
