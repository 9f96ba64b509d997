"""The maps as people see them: rendered by a real browser (Debian's chromium, headless, driven
by Playwright like the visitor's pages).

The pages are opened from disk and the map tiles get a blank tile, so this also shows that they
need nothing from the internet but the background tiles. CI installs chromium (``.ci/run``);
elsewhere these tests are skipped when it is missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from maps import write_plan_maps
from planner.model import Plan
from tests.maps.browser import TILE_HOSTS, needs_chromium, phone_context, watch
from tests.maps.conftest import ELDERS

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def pages(
    small_plan_module: Plan, tmp_path_factory: pytest.TempPathFactory, browser: Browser
) -> Iterator[dict[str, str]]:
    """Each map's DOM after its scripts ran, by file name."""
    folder = tmp_path_factory.mktemp("maps")
    paths = write_plan_maps(small_plan_module, folder)
    context = phone_context(browser)
    context.set_default_timeout(30_000)
    doms = {}
    for path in paths:
        page = context.new_page()
        log = watch(page)
        page.goto(path.as_uri())
        page.locator(".leaflet-container").wait_for()
        doms[path.name] = page.content()
        assert log.errors == [], f"{path.name}: {log.errors}"
        outside = [u for u in log.requests if not u.startswith(("file:", "data:"))]
        assert all(any(host in u for host in TILE_HOSTS) for u in outside), outside
        page.close()
    context.close()
    yield doms


def test_a_day_map_shows_numbered_stops_the_route_and_the_start(pages: dict[str, str]) -> None:
    day = next(dom for name, dom in pages.items() if name.startswith("V001_2026-12-07"))
    numbers = re.findall(r'<div class="vp-badge"[^>]*>(\d+)</div>', day)
    assert numbers and numbers == sorted(numbers, key=int)
    assert 'class="leaflet-interactive"' in day  # the route, drawn by Leaflet
    assert "vp-pin-icon" in day  # the start
    assert "leaflet-control-zoom" in day


def test_the_overview_has_its_layers_and_legend(pages: dict[str, str]) -> None:
    overview = pages["index.html"]
    assert "leaflet-control-layers" in overview
    assert "vp-legend" in overview and "重点" in overview


def test_no_personal_data_reaches_the_browser(pages: dict[str, str]) -> None:
    for dom in pages.values():
        for elder in ELDERS:
            assert elder.name not in dom
            assert elder.phone is None or elder.phone not in dom
