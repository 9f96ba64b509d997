"""What every page shares: a Leaflet map, with Leaflet beside the pages, not on the internet."""

from __future__ import annotations

import re
from pathlib import Path

from planner.model import Plan
from tests.maps.conftest import write_pages


def test_every_page_is_a_leaflet_map(small_plan: Plan, tmp_path: Path) -> None:
    pages = write_pages(small_plan, tmp_path)

    for page in pages.values():
        assert "leaflet" in page
        assert "L.map(" in page
        assert "L.tileLayer(" in page


def test_maps_need_no_network_but_for_the_tiles(small_plan: Plan, tmp_path: Path) -> None:
    pages = write_pages(small_plan, tmp_path)
    assert (tmp_path / "lib" / "leaflet.js").is_file()
    for page in pages.values():
        assert '<script src="lib/leaflet.js">' in page
        scripts_and_styles = re.findall(r'(?:src|href)="(https?://[^"]+)"', page)
        assert scripts_and_styles == []


def test_the_same_plan_gives_the_same_pages(small_plan: Plan, tmp_path: Path) -> None:
    """branca's ids come from os.urandom; the pages number them instead."""
    first = write_pages(small_plan, tmp_path / "first")
    second = write_pages(small_plan, tmp_path / "second")
    assert first == second
    for page in first.values():
        assert not re.search(r"_[0-9a-f]{32}\b", page), "a random element id is left"
