"""Folium maps of a plan: index.html and one map per visitor and day (CONTRACT.md, outputs)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from geo.crs import LonLat
from maps import day_map_file_name, write_plan_maps
from maps.plan_maps import TIER_COLORS, WEEKDAY_COLORS
from planner.model import Plan, PlannedVisit, Tier, UnassignedVisit, VisitMode, VisitReason
from planner.privacy import mask_id_number, mask_name, mask_phone
from tests.conftest import reason_quoting
from tests.maps.conftest import (
    ELDER_BY_ID,
    MONDAY,
    RAW_PERSONAL_DATA,
    ROUTE_V001_MONDAY,
    ROUTE_V002_MONDAY,
    START_V001,
    TUESDAY,
    VISITORS,
)

V001_MONDAY = "V001_2026-12-07.html"
V001_TUESDAY = "V001_2026-12-08.html"
V002_MONDAY = "V002_2026-12-07.html"
V002_TUESDAY = "V002_2026-12-08.html"


def _write(plan: Plan, directory: Path, lang: str = "zh") -> dict[str, str]:
    """Write the maps and read them back, by file name."""
    paths = write_plan_maps(plan, directory, lang=lang)
    return {path.name: path.read_text(encoding="utf-8") for path in paths}


def _batches(page: str) -> list[dict[str, Any]]:
    """The shapes each layer draws: the JSON the page hands to Leaflet."""
    return [json.loads(blob) for blob in re.findall(r"var data = (.*);\n", page)]


def _shapes(page: str, kind: str) -> list[dict[str, Any]]:
    return [shape for batch in _batches(page) for shape in batch[kind]]


def _latlng(point: LonLat) -> list[float]:
    return [round(point.lat, 6), round(point.lon, 6)]


# --- files ------------------------------------------------------------------------------------


def test_writes_index_and_a_map_per_visitor_day_with_visits(
    small_plan: Plan, tmp_path: Path
) -> None:
    paths = write_plan_maps(small_plan, tmp_path / "maps")

    assert paths[0] == tmp_path / "maps" / "index.html"
    assert sorted(path.name for path in paths[1:]) == [V001_MONDAY, V001_TUESDAY, V002_MONDAY]
    assert all(path.is_file() for path in paths)
    pages = sorted(p.name for p in (tmp_path / "maps").iterdir() if p.suffix == ".html")
    assert pages == sorted(p.name for p in paths)
    assert not (tmp_path / "maps" / V002_TUESDAY).exists()  # V002 has nothing on Tuesday


def test_every_page_is_a_leaflet_map(small_plan: Plan, tmp_path: Path) -> None:
    pages = _write(small_plan, tmp_path)

    for page in pages.values():
        assert "leaflet" in page
        assert "L.map(" in page
        assert "L.tileLayer(" in page


def test_unsafe_visitor_ids_become_safe_file_names() -> None:
    assert day_map_file_name("V003", MONDAY) == "V003_2026-12-07.html"
    assert day_map_file_name("村V 3", MONDAY) == "村V 3_2026-12-07.html"
    assert day_map_file_name("村/V 3:a", MONDAY) == "村_V 3_a_2026-12-07.html"


HOSTILE_VISITOR_IDS = (
    "..",
    "../../etc/cron.d/x",
    "..\\..\\x",
    "/etc/passwd",
    "C:\\Windows\\x",
    ".hidden",
    "a\x00b",
    "=cmd|' /C calc'!A0",
    "-rf",
    "@SUM(1)",
    "\t+1",
    "V" * 300,
    "村" * 120,
)


@pytest.mark.parametrize("visitor_id", HOSTILE_VISITOR_IDS)
def test_a_hostile_visitor_id_gives_a_plain_file_name(visitor_id: str) -> None:
    name = day_map_file_name(visitor_id, MONDAY)
    assert name.endswith("_2026-12-07.html")
    assert not set(name) & set("/\\\x00")
    assert not name.startswith((".", "=", "+", "-", "@", "\t", "\r"))
    assert len(name.encode("utf-8")) <= 255


def test_maps_of_hostile_visitor_ids_stay_inside_their_folder(
    small_plan: Plan, tmp_path: Path
) -> None:
    ids = dict(zip(("V001", "V002"), HOSTILE_VISITOR_IDS[1:3], strict=True))
    visitors = tuple(replace(v, visitor_id=ids[v.visitor_id]) for v in VISITORS)
    visits = tuple(replace(v, visitor_id=ids[v.visitor_id]) for v in small_plan.visits)
    plan = replace(small_plan, visitors=visitors, visits=visits, routes=())
    folder = tmp_path / "out" / "maps"

    paths = write_plan_maps(plan, folder)

    assert all(path.parent == folder for path in paths)
    written = {p for p in tmp_path.rglob("*") if p.is_file() and "lib" not in p.parts}
    assert written == set(paths)


def test_a_visitor_id_that_is_a_mobile_number_is_masked_in_names_and_pages(
    small_plan: Plan, tmp_path: Path
) -> None:
    number = "13912345678"
    visitors = (replace(VISITORS[0], visitor_id=number), VISITORS[1])
    visits = tuple(
        replace(v, visitor_id=number) if v.visitor_id == "V001" else v for v in small_plan.visits
    )
    plan = replace(small_plan, visitors=visitors, visits=visits, routes=(ROUTE_V002_MONDAY,))

    pages = _write(plan, tmp_path)

    assert "139____5678_2026-12-07.html" in pages
    assert not [name for name, page in pages.items() if number in name or number in page]
    assert mask_phone(number) in pages["index.html"]


def test_visitor_ids_that_clash_once_made_safe_keep_separate_files(
    small_plan: Plan, tmp_path: Path
) -> None:
    visitors = (replace(VISITORS[0], visitor_id="A/1"), replace(VISITORS[1], visitor_id="A_1"))
    renamed = {"V001": "A/1", "V002": "A_1"}
    visits = tuple(replace(v, visitor_id=renamed[v.visitor_id]) for v in small_plan.visits)
    plan = replace(small_plan, visitors=visitors, visits=visits, routes=())

    names = [path.name for path in write_plan_maps(plan, tmp_path)]

    assert names == [
        "index.html",
        "A_1_2026-12-07.html",
        "A_1_2026-12-08.html",
        "A_1_2026-12-07-2.html",
    ]


def test_an_unknown_language_is_refused(small_plan: Plan, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="lang"):
        write_plan_maps(small_plan, tmp_path, lang="fr")


def test_a_visit_of_an_elder_missing_from_the_plan_is_refused(
    small_plan: Plan, tmp_path: Path
) -> None:
    plan = replace(small_plan, elders=small_plan.elders[1:])  # drops E1, who is visited

    with pytest.raises(ValueError, match="E1"):
        write_plan_maps(plan, tmp_path)


# --- privacy ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_raw_personal_data_in_any_page(small_plan: Plan, tmp_path: Path, lang: str) -> None:
    pages = _write(small_plan, tmp_path, lang)

    for name, page in pages.items():
        leaks = [value for value in RAW_PERSONAL_DATA if value in page]
        assert leaks == [], f"{name} shows {leaks}"


def test_popups_show_masked_names_and_phones(small_plan: Plan, tmp_path: Path) -> None:
    page = _write(small_plan, tmp_path)[V001_MONDAY]
    e1 = ELDER_BY_ID["E1"]

    assert mask_name(e1.name) == "王*明"
    popups = [badge["popup"] for badge in _shapes(page, "badges")]
    assert "王*明" in popups[0]
    assert mask_phone("13812345678") in popups[0]  # 138****5678
    assert "王庄村1号" in popups[0]


def test_personal_data_in_free_text_is_masked(small_plan: Plan, tmp_path: Path) -> None:
    """A planner's reason or an address that repeats the elder's name or phone is masked too."""
    e5 = ELDER_BY_ID["E5"]
    reason = reason_quoting(f"{e5.name} ({e5.phone})")
    unassigned = (replace(small_plan.unassigned[0], reason=reason),)
    elders = tuple(
        replace(e, address=f"{e.name}家, {e.id_number}") if e.elder_id == "E5" else e
        for e in small_plan.elders
    )
    plan = replace(small_plan, elders=elders, unassigned=unassigned)

    page = _write(plan, tmp_path)["index.html"]

    assert e5.name not in page and str(e5.phone) not in page and str(e5.id_number) not in page
    assert f"{mask_name(e5.name)} ({mask_phone(str(e5.phone))}) (古邵镇)" in page
    assert mask_id_number(str(e5.id_number)) in page


def test_an_elder_id_that_is_an_id_number_is_masked(small_plan: Plan, tmp_path: Path) -> None:
    raw_id = str(ELDER_BY_ID["E6"].id_number)  # a district that uses ID numbers as elder ids
    elders = tuple(
        replace(e, elder_id=raw_id) if e.elder_id == "E6" else e for e in small_plan.elders
    )
    plan = replace(small_plan, elders=elders, tiers={**small_plan.tiers, raw_id: Tier.GENERAL})

    page = _write(plan, tmp_path)["index.html"]

    assert raw_id not in page
    assert mask_id_number(raw_id) in page


# --- the day map ------------------------------------------------------------------------------


def test_day_map_title_sums_up_the_day(small_plan: Plan, tmp_path: Path) -> None:
    page = _write(small_plan, tmp_path)[V001_MONDAY]

    title = "V001 陈*华 · 2026-12-07 周一 · 入户 2 · 电话 1 · 42 分钟路程 · 11.3 km"
    assert f"<title>{title}</title>" in page
    assert f'<div class="vp-box vp-title">{title}' in page


def test_day_map_numbers_home_visits_in_route_order(small_plan: Plan, tmp_path: Path) -> None:
    page = _write(small_plan, tmp_path)[V001_MONDAY]

    badges = _shapes(page, "badges")
    assert [badge["text"] for badge in badges] == ["1", "3"]  # the roster's sequence numbers
    assert [badge["at"] for badge in badges] == [
        _latlng(ELDER_BY_ID["E1"].location),
        _latlng(ELDER_BY_ID["E2"].location),
    ]
    assert [badge["color"] for badge in badges] == [
        TIER_COLORS[Tier.KEY],
        TIER_COLORS[Tier.SECONDARY],
    ]
    assert "09:00–09:30" in badges[0]["popup"]
    assert "入户" in badges[0]["popup"] and "重点" in badges[0]["popup"]


def test_day_map_draws_the_route_from_start_and_back(small_plan: Plan, tmp_path: Path) -> None:
    page = _write(small_plan, tmp_path)[V001_MONDAY]

    [route] = _shapes(page, "lines")
    assert route["path"] == [_latlng(point) for point in ROUTE_V001_MONDAY.path]
    lat, lon = _latlng(ELDER_BY_ID["E1"].location)
    assert f"[{lat}, {lon}]" in page  # Leaflet's order: latitude first
    [start] = _shapes(page, "pins")
    assert start["at"] == _latlng(START_V001)


def test_day_map_lists_calls_in_the_side_box(small_plan: Plan, tmp_path: Path) -> None:
    page = _write(small_plan, tmp_path)[V001_MONDAY]

    side_box = page.split('<div class="vp-box vp-side">')[1].split("</div>")[0]
    assert (
        '<tr class="vp-remote"><td>2</td><td>09:30–09:40</td><td>电话</td><td>孙*</td>' in side_box
    )
    [call_place] = _shapes(page, "circles")  # the called elder's home, faded
    assert call_place["at"] == _latlng(ELDER_BY_ID["E3"].location)


def test_a_day_of_calls_only_has_no_route(small_plan: Plan, tmp_path: Path) -> None:
    page = _write(small_plan, tmp_path)[V001_TUESDAY]

    assert _shapes(page, "lines") == [] and _shapes(page, "badges") == []
    assert "入户 0 · 电话 1 · 0 分钟路程 · 0.0 km" in page


def test_home_visits_without_a_route_are_joined_by_straight_lines(
    small_plan: Plan, tmp_path: Path
) -> None:
    plan = replace(small_plan, routes=())

    page = _write(plan, tmp_path)[V001_MONDAY]

    [line] = _shapes(page, "lines")
    assert line["path"] == [_latlng(point) for point in ROUTE_V001_MONDAY.path]


# --- the overview -----------------------------------------------------------------------------


def test_overview_has_a_layer_per_visitor_named_with_masked_names(
    small_plan: Plan, tmp_path: Path
) -> None:
    page = _write(small_plan, tmp_path)["index.html"]

    for layer_name in ("V001 陈*华", "V002 刘*"):
        assert json.dumps(layer_name) in page  # the layer control's entry
    assert "L.control.layers(" in page
    assert "2026-12-07 至 2026-12-13 探访计划" in page


def test_overview_colours_every_elder_by_tier(small_plan: Plan, tmp_path: Path) -> None:
    page = _write(small_plan, tmp_path)["index.html"]
    batches = _batches(page)

    all_elders = batches[0]
    colours = [all_elders["styles"][c["style"]]["fillColor"] for c in all_elders["circles"]]
    assert colours == ["#d62728", "#ff7f0e", "#1f77b4", "#d62728", "#d62728", "#1f77b4"]
    legend = page.split('<div class="vp-box vp-legend">')[1].split("</div>")[0]
    assert all(colour in legend for colour in TIER_COLORS.values())
    assert "重点" in legend and "次重点" in legend and "一般" in legend


def test_overview_shows_unassigned_visits_with_the_reason(small_plan: Plan, tmp_path: Path) -> None:
    page = _write(small_plan, tmp_path)["index.html"]

    unassigned = _batches(page)[1]
    [ring] = unassigned["circles"]
    assert ring["at"] == _latlng(ELDER_BY_ID["E5"].location)
    assert unassigned["styles"][ring["style"]]["fillOpacity"] == 0
    assert "没有探访人员服务王庄村 (古邵镇)" in ring["popup"]
    assert "吴*芳" in ring["popup"]


def test_overview_draws_each_visitors_week(small_plan: Plan, tmp_path: Path) -> None:
    page = _write(small_plan, tmp_path)["index.html"]

    v001 = _batches(page)[2]
    assert [line["path"] for line in v001["lines"]] == [
        [_latlng(point) for point in ROUTE_V001_MONDAY.path]
    ]
    monday_colour = WEEKDAY_COLORS[0]
    assert v001["styles"][v001["lines"][0]["style"]]["color"] == monday_colour
    assert f'border-color:{monday_colour}"></span>周一' in page  # the legend explains it
    visited = {tuple(circle["at"]) for circle in v001["circles"]}
    assert visited == {tuple(_latlng(ELDER_BY_ID[e].location)) for e in ("E1", "E2", "E3")}
    assert v001["pins"][0]["at"] == _latlng(START_V001)


def test_overview_links_to_every_day_map(small_plan: Plan, tmp_path: Path) -> None:
    page = _write(small_plan, tmp_path)["index.html"]

    for name in (V001_MONDAY, V001_TUESDAY, V002_MONDAY):
        assert f'href="{name}"' in page
    assert V002_TUESDAY not in page


# --- language ---------------------------------------------------------------------------------


def test_english_labels_on_request(small_plan: Plan, tmp_path: Path) -> None:
    pages = _write(small_plan, tmp_path, lang="en")
    day = pages[V001_MONDAY]

    title = "V001 陈*华 · 2026-12-07 Mon · home 2 · phone 1 · 42 min travel · 11.3 km"
    assert f"<title>{title}</title>" in day
    assert "Visiting plan 2026-12-07 to 2026-12-13" in pages["index.html"]
    badge_popup = _shapes(day, "badges")[0]["popup"]
    assert ">key<" in badge_popup and ">home<" in badge_popup
    for page in pages.values():
        for chinese_word in ("周一", "入户", "电话", "重点", "图例", "探访计划"):
            assert chinese_word not in page


def test_chinese_is_the_default(small_plan: Plan, tmp_path: Path) -> None:
    day = _write(small_plan, tmp_path)[V001_MONDAY]

    badge_popup = _shapes(day, "badges")[0]["popup"]
    assert ">重点<" in badge_popup and ">入户<" in badge_popup
    assert "图例" in day and "当日安排" in day


# --- robustness -------------------------------------------------------------------------------


def test_markup_and_template_syntax_in_data_are_shown_as_text(
    small_plan: Plan, tmp_path: Path
) -> None:
    address = "</script><script>alert(1)</script> {{ 7*7 }} {% if %} `${x}`"
    elders = tuple(
        replace(e, address=address) if e.elder_id == "E1" else e for e in small_plan.elders
    )
    plan = replace(small_plan, elders=elders)

    pages = _write(plan, tmp_path)

    for page in pages.values():
        assert "<script>alert" not in page and "{{ 7*7 }}" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in pages[V001_MONDAY]


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

    pages = _write(plan, tmp_path)

    assert V002_TUESDAY in pages
    e1_popup = _batches(pages["index.html"])[0]["circles"][0]["popup"]
    assert "12-07 周一 V001 #1 入户 09:00–09:30" in e1_popup
    assert "12-08 周二 V002 #1 入户 14:00–14:30" in e1_popup


def test_a_plan_with_nothing_planned_still_has_an_overview(
    small_plan: Plan, tmp_path: Path
) -> None:
    unassigned = tuple(
        UnassignedVisit(v.elder_id, v.tier, v.due_by, reason_quoting("V"))
        for v in small_plan.visits
    )
    plan = replace(small_plan, visits=(), routes=(), unassigned=unassigned)

    paths = write_plan_maps(plan, tmp_path)

    assert [path.name for path in paths] == ["index.html"]


def test_maps_need_no_network_but_for_the_tiles(small_plan: Plan, tmp_path: Path) -> None:
    pages = _write(small_plan, tmp_path)
    assert (tmp_path / "lib" / "leaflet.js").is_file()
    for page in pages.values():
        assert '<script src="lib/leaflet.js">' in page
        scripts_and_styles = re.findall(r'(?:src|href)="(https?://[^"]+)"', page)
        assert scripts_and_styles == []


def test_popups_say_when_a_place_is_approximate(small_plan: Plan, tmp_path: Path) -> None:
    guessed = replace(small_plan.elders[0], approximate_location=True, home_visit_consent=False)
    plan = replace(small_plan, elders=(guessed, *small_plan.elders[1:]))
    overview = _write(plan, tmp_path)["index.html"]
    assert "位置为村居中心(估计)" in overview and "不同意入户" in overview
    assert "位置为村居中心(估计)" not in _write(small_plan, tmp_path / "plain")["index.html"]
