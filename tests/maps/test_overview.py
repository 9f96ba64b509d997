"""The week's overview: elders by tier, visits not planned, a layer per visitor, day map links."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from maps.page import TIER_COLORS, WEEKDAY_COLORS
from planner.model import Plan, PlannedVisit, Tier, VisitMode, VisitReason
from tests.maps.conftest import (
    ELDER_BY_ID,
    ROUTE_V001_MONDAY,
    START_V001,
    TUESDAY,
    V001_MONDAY,
    V001_TUESDAY,
    V002_MONDAY,
    V002_TUESDAY,
    batches,
    latlng,
    write_pages,
)


def test_overview_has_a_layer_per_visitor_named_with_masked_names(
    small_plan: Plan, tmp_path: Path
) -> None:
    page = write_pages(small_plan, tmp_path)["index.html"]

    for layer_name in ("V001 陈*华", "V002 刘*"):
        assert json.dumps(layer_name) in page  # the layer control's entry
    assert "L.control.layers(" in page
    assert "2026-12-07 至 2026-12-13 探访计划" in page


def test_overview_colours_every_elder_by_tier(small_plan: Plan, tmp_path: Path) -> None:
    page = write_pages(small_plan, tmp_path)["index.html"]
    layers = batches(page)

    all_elders = layers[0]
    colours = [all_elders["styles"][c["style"]]["fillColor"] for c in all_elders["circles"]]
    assert colours == ["#d62728", "#ff7f0e", "#1f77b4", "#d62728", "#d62728", "#1f77b4"]
    legend = page.split('<div class="vp-box vp-legend">')[1].split("</div>")[0]
    assert all(colour in legend for colour in TIER_COLORS.values())
    assert "重点" in legend and "次重点" in legend and "一般" in legend


def test_overview_shows_unassigned_visits_with_the_reason(small_plan: Plan, tmp_path: Path) -> None:
    page = write_pages(small_plan, tmp_path)["index.html"]

    unassigned = batches(page)[1]
    [ring] = unassigned["circles"]
    assert ring["at"] == latlng(ELDER_BY_ID["E5"].location)
    assert unassigned["styles"][ring["style"]]["fillOpacity"] == 0
    assert "没有探访人员服务王庄村 (古邵镇)" in ring["popup"]
    assert "吴*芳" in ring["popup"]


def test_overview_draws_each_visitors_week(small_plan: Plan, tmp_path: Path) -> None:
    page = write_pages(small_plan, tmp_path)["index.html"]

    v001 = batches(page)[2]
    assert [line["path"] for line in v001["lines"]] == [
        [latlng(point) for point in ROUTE_V001_MONDAY.path]
    ]
    monday_colour = WEEKDAY_COLORS[0]
    assert v001["styles"][v001["lines"][0]["style"]]["color"] == monday_colour
    assert f'border-color:{monday_colour}"></span>周一' in page  # the legend explains it
    visited = {tuple(circle["at"]) for circle in v001["circles"]}
    assert visited == {tuple(latlng(ELDER_BY_ID[e].location)) for e in ("E1", "E2", "E3")}
    assert v001["pins"][0]["at"] == latlng(START_V001)


def test_overview_links_to_every_day_map(small_plan: Plan, tmp_path: Path) -> None:
    page = write_pages(small_plan, tmp_path)["index.html"]

    for name in (V001_MONDAY, V001_TUESDAY, V002_MONDAY):
        assert f'href="{name}"' in page
    assert V002_TUESDAY not in page


def test_an_elder_visited_twice_shows_both_visits(small_plan: Plan, tmp_path: Path) -> None:
    extra = PlannedVisit(
        day=TUESDAY,
        visitor_id="V002",
        elder_id="E1",
        tier=Tier.KEY,
        mode=VisitMode.HOME,
        sequence=1,
        arrival_min=14 * 60,
        departure_min=14 * 60 + 30,
        travel_minutes=8,
        reason=VisitReason.FOLLOWUP,
        due_by=date(2026, 12, 13),
    )
    plan = replace(small_plan, visits=(*small_plan.visits, extra))

    pages = write_pages(plan, tmp_path)

    assert V002_TUESDAY in pages
    e1_popup = batches(pages["index.html"])[0]["circles"][0]["popup"]
    assert "12-07 周一 V001 #1 入户 09:00–09:30" in e1_popup
    assert "12-08 周二 V002 #1 入户 14:00–14:30" in e1_popup
