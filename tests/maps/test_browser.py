"""The maps as people see them: rendered by a real browser (Debian's chromium, headless).

The pages are opened from disk with no network, so this also shows that they need nothing from
the internet but the background tiles. CI installs chromium (``.ci/run``); elsewhere these tests
are skipped when it is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from maps import write_plan_maps
from planner.model import Plan
from tests.maps.conftest import ELDERS

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (.ci/run installs it)",
)


def rendered_dom(page: Path, profile: Path) -> str:
    """The page's DOM after its scripts ran, as chromium serialises it."""
    assert CHROMIUM is not None, "CI must have chromium: .ci/run installs it"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=5000",
        "--dump-dom",
        page.as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    return result.stdout


@pytest.fixture(scope="module")
def pages(small_plan_module: Plan, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("maps")
    paths = write_plan_maps(small_plan_module, folder)
    profile = tmp_path_factory.mktemp("chromium-profile")
    return {path.name: rendered_dom(path, profile) for path in paths}


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
