"""The month's map: a circle per village, shaded by its rate."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from maps.report_map import RATE_MAP_FILE, rate_colour, write_rate_map
from planner.model import PastVisit, VisitMode
from planner.monthly_report import report_month
from planner.policy import Policy
from tests.conftest import make_elder


def test_a_village_short_of_the_month_is_red_a_full_one_green(
    tmp_path: Path, policy: Policy
) -> None:
    elders = [
        make_elder("A1", village="东村"),
        make_elder("A2", village="东村"),
        make_elder("B1", village="西村"),
    ]
    history = [
        PastVisit(date(2026, 11, 3), "A1", "V1", VisitMode.PHONE),
        PastVisit(date(2026, 11, 3), "B1", "V1", VisitMode.PHONE),
    ]
    report = report_month(elders, history, date(2026, 11, 1), date(2026, 11, 30), policy)
    path = write_rate_map(report, elders, tmp_path, lang="zh")
    assert path == tmp_path / RATE_MAP_FILE
    page = path.read_text(encoding="utf-8")
    assert "东村: 50.0% (1/2)" in page and "西村: 100.0% (1/1)" in page
    assert rate_colour(0.5) in page and rate_colour(1.0) in page
    assert (tmp_path / "lib" / "leaflet.js").exists()  # offline, as the plan's maps


def test_the_shades() -> None:
    assert rate_colour(1.0) != rate_colour(0.97) != rate_colour(0.5)
    assert rate_colour(None) == "#999999"  # nobody owed a visit
