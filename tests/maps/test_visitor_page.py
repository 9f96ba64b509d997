"""The visitor's day page as HTML (maps.visitor_page); the browser tests look at it rendered."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from geo.crs import wgs84_to_gcj02
from maps.visitor_page import LEAFLET_DIR, amap_navigation_url, render_visitor_day
from planner.followups import FollowUp, FollowUpKind
from planner.model import PlannedVisit, Role, TravelMode, VisitMode
from planner.privacy import mask_name
from tests.maps.conftest import MONDAY, RAW_PERSONAL_DATA, TUESDAY
from tests.maps.visitor_day import (
    ELDERS,
    HOSTILE_NAME,
    HOSTILE_VILLAGE,
    ROUTE,
    VISITOR,
    VISITS,
    hostile_day,
)


def record_url(visit: PlannedVisit) -> str:
    return f"/me/visits/{visit.elder_id}/{visit.day}/record"


def day_url(day: date) -> str:
    return f"/me/{day.isoformat()}"


def page(visits: tuple[PlannedVisit, ...] = VISITS, lang: str = "zh", **changes: object) -> str:
    options: dict[str, object] = {
        "elders": ELDERS,
        "visitor": VISITOR,
        "day": MONDAY,
        "route": ROUTE,
        "lang": lang,
        "static_url": "/static/leaflet/",
        "record_url": record_url,
        "day_url": day_url,
        **changes,
    }
    return render_visitor_day(visits, **options)  # type: ignore[arg-type]


def stops(text: str) -> list[str]:
    return re.findall(
        r'<li class="vp-stop[^"]*" id="stop-\d+".*?</li>\s*(?=<li class="vp-stop|</ol>)', text, re.S
    )


def map_data(text: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="vp-map-data">(.*?)</script>', text)
    assert found is not None
    data: dict[str, object] = json.loads(found[1])
    return data


def test_a_phone_sized_page_in_chinese_by_default() -> None:
    text = page()
    assert text.startswith("<!DOCTYPE html>")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
    assert '<html lang="zh-CN">' in text
    assert "2026-12-07 周一 探访安排" in text


def test_english_on_request() -> None:
    text = page(lang="en")
    assert '<html lang="en">' in text
    assert "Visits on 2026-12-07 Mon" in text and "Navigate" in text and "Record visit" in text
    assert "探访安排" not in text


def test_the_visits_come_in_sequence_with_their_times() -> None:
    shuffled = tuple(reversed(VISITS))
    text = page(shuffled)
    sequences = [int(n) for n in re.findall(r'data-sequence="(\d+)"', text)]
    assert sequences == [1, 2, 3, 4, 5]
    assert "08:50–09:20" in text and "11:15–11:45" in text


def test_other_visitors_and_days_stay_off_the_page() -> None:
    stranger = replace(VISITS[0], visitor_id="V002", sequence=9)
    tomorrow = replace(VISITS[1], day=TUESDAY, sequence=8)
    text = page((*VISITS, stranger, tomorrow))
    assert re.findall(r'data-sequence="(\d+)"', text) == ["1", "2", "3", "4", "5"]


def test_names_are_masked_and_no_phone_address_or_id_is_shown() -> None:
    text = page()
    for elder in ELDERS.values():
        assert mask_name(elder.name) in text
    for secret in RAW_PERSONAL_DATA:
        assert secret not in text
    assert "tel:" not in text
    assert "王庄村1号" not in text  # an address


def test_each_stop_says_mode_tier_village_and_what_to_cover_with_why() -> None:
    first, call, second = stops(page())[:3]
    assert "入户" in first and "重点" in first and "王庄村" in first
    # E1 is bedridden and lives alone: health and care advice first, because bedridden.
    topics = re.findall(r'data-topic="(\w+)"', first)
    assert topics[:2] == ["health", "care_advice"] and len(topics) == 3
    assert "长期卧床" in first and "健康状况" in first
    assert "电话" in call and 'data-topic="home_safety"' not in call
    assert "重度残疾" in second  # E2: grade 2, so benefits (policy linkage)


def test_a_weather_visit_puts_emergency_help_first() -> None:
    weather = stops(page())[3]
    assert re.findall(r'data-topic="(\w+)"', weather)[0] == "emergency_help"
    assert "极端天气前探访" in weather


def test_each_home_visit_has_an_amap_link_with_gcj02_coordinates() -> None:
    text = page()
    links = [html.unescape(u) for u in re.findall(r'class="[^"]*vp-navigate" href="([^"]+)"', text)]
    homes = [v for v in VISITS if v.mode is VisitMode.HOME]
    assert len(links) == len(homes)
    for link, visit in zip(links, homes, strict=True):
        parts = urlsplit(link)
        assert (parts.scheme, parts.netloc, parts.path) == ("https", "uri.amap.com", "/navigation")
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        elder = ELDERS[visit.elder_id]
        gcj = wgs84_to_gcj02(elder.location)
        lon, lat, name = query["to"].split(",")
        assert (float(lon), float(lat)) == pytest.approx((gcj.lon, gcj.lat), abs=1e-6)
        assert (float(lon), float(lat)) != pytest.approx(tuple(elder.location), abs=1e-4)
        assert name == mask_name(elder.name)
        assert query["mode"] == "ride"  # an e-bike
        assert query["coordinate"] == "gaode" and query["callnative"] == "1"


@pytest.mark.parametrize(
    ("travel_mode", "amap_mode"),
    [(TravelMode.WALK, "walk"), (TravelMode.BIKE, "ride"), (TravelMode.CAR, "car")],
)
def test_the_navigation_follows_the_visitors_travel_mode(
    travel_mode: TravelMode, amap_mode: str
) -> None:
    url = amap_navigation_url(VISITOR.start, "王*明", travel_mode)
    assert f"mode={amap_mode}" in url


def test_each_stop_has_a_button_to_its_record_form() -> None:
    found = re.findall(r'class="vp-btn vp-record" href="([^"]+)"', page())
    assert found == [record_url(v) for v in VISITS]


def test_leaflet_comes_from_the_static_url_and_nothing_else_from_outside() -> None:
    text = page()
    assert '<link rel="stylesheet" href="/static/leaflet/leaflet.css">' in text
    assert '<script src="/static/leaflet/leaflet.js"></script>' in text
    outside = set(re.findall(r"https?://[^\s\"'<>]+", text))
    assert all(
        u.startswith(("https://uri.amap.com/", "https://tile.openstreetmap.org/")) for u in outside
    )
    assert (LEAFLET_DIR / "leaflet.js").is_file() and (LEAFLET_DIR / "leaflet.css").is_file()
    assert (LEAFLET_DIR / "images" / "layers.png").is_file()


def test_the_map_gets_the_route_and_numbered_stops() -> None:
    data = map_data(page())
    assert data["path"] == [[round(p.lat, 6), round(p.lon, 6)] for p in ROUTE.path]
    stops_data = data["stops"]
    assert isinstance(stops_data, list)
    assert [s["n"] for s in stops_data] == [1, 2, 3, 4, 5]
    assert [s["remote"] for s in stops_data] == [False, True, False, False, False]


def test_without_a_route_the_map_joins_the_homes_in_order() -> None:
    data = map_data(page(route=None))
    homes = [ELDERS[v.elder_id].location for v in VISITS if v.mode is VisitMode.HOME]
    expected = [VISITOR.start, *homes, VISITOR.start]
    assert data["path"] == [[round(p.lat, 6), round(p.lon, 6)] for p in expected]


def test_an_empty_day_says_so_and_loads_no_map() -> None:
    text = page(())
    assert "这一天没有安排探访。" in text
    assert "leaflet.js" not in text and 'id="vp-map"' not in text
    assert 'href="/me/2026-12-06"' in text and 'href="/me/2026-12-08"' in text


def test_links_to_the_previous_and_next_day_only_when_asked() -> None:
    assert 'rel="prev" href="/me/2026-12-06"' in page()
    assert 'rel="next" href="/me/2026-12-08"' in page()
    assert 'rel="prev"' not in page(day_url=None)


def test_hostile_data_comes_out_as_text() -> None:
    elders, visitor, visits, route = hostile_day()
    text = page(visits, elders=elders, visitor=visitor, route=route)
    assert "<script>window" not in text and "<img" not in text and "<b>1</b>" not in text
    assert html.escape(HOSTILE_VILLAGE, quote=True) in text
    assert html.escape(mask_name(HOSTILE_NAME), quote=True) in text
    # Every script on the page is the project's own: the data cannot open another.
    assert text.count("<script") == 3


def test_hostile_urls_are_escaped_in_attributes() -> None:
    text = page(record_url=lambda v: '/r?"><script>x</script>', day_url=lambda d: "/d'<x>")
    assert "<script>x" not in text and "<x>" not in text
    assert "/r?&quot;&gt;&lt;script&gt;x&lt;/script&gt;" in text


def test_a_visit_naming_an_unknown_elder_is_refused() -> None:
    with pytest.raises(ValueError, match="not in `elders`"):
        page((replace(VISITS[0], elder_id="E99"),))


def test_an_open_follow_up_shows_at_its_elders_stop_with_whom_it_is_for_and_by_when() -> None:
    first, second = VISITS[0], VISITS[1]
    gas = FollowUp(first.elder_id, FollowUpKind.GAS, Role.VILLAGE_STAFF, MONDAY, TUESDAY)
    text = page(followups={first.elder_id: (gas,)})
    by_elder = {visit.elder_id: stop for visit, stop in zip(VISITS, stops(text), strict=False)}
    assert f"燃气安全隐患（村居工作人员，{TUESDAY.isoformat()}前）" in html.unescape(
        by_elder[first.elder_id]
    )
    assert "待跟进事项" not in by_elder[second.elder_id]
    english = page(lang="en", followups={first.elder_id: (gas,)})
    assert f"gas hazard (village staff, by {TUESDAY.isoformat()})" in html.unescape(english)


def test_without_open_follow_ups_the_stops_have_none() -> None:
    assert "vp-followups" not in page()
