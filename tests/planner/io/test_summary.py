"""summary.json: the contract's keys in a stable order, figures that agree with the plan
(``planner.io.summary``)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from geo.travel import path_km
from planner.io.outputs import write_roster_csv
from planner.io.summary import summary, write_summary_json
from planner.model import Plan
from tests.planner.io.week_plan import ROUTES, VISITS, csv_rows

# --- summary.json ----------------------------------------------------------------------------

CONTRACT_SUMMARY_KEYS = (
    "elders",
    "visitors",
    "due_visits",
    "planned_visits",
    "unassigned",
    "home_visits",
    "phone_visits",
    "travel_minutes",
    "seconds",
)


def test_summary_json_has_contract_keys_in_a_stable_order(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "summary.json"
    write_summary_json(plan, path)
    text = path.read_text("utf-8")
    loaded = json.loads(text)
    assert set(CONTRACT_SUMMARY_KEYS) <= loaded.keys()
    assert list(loaded) == list(summary(plan))
    assert text.startswith('{\n  "week_start"')  # indent 2
    assert "河口街道" in text  # not \u-escaped


def test_summary_figures_agree_with_the_plan(plan: Plan, tmp_path: Path) -> None:
    write_roster_csv(plan, tmp_path / "roster.csv")
    header, *rows = csv_rows(tmp_path / "roster.csv")
    roster_travel = sum(int(row[header.index("travel_minutes")]) for row in rows)
    figures = summary(plan)
    straight_km = path_km(ROUTES[0].path)
    assert {key: figures[key] for key in CONTRACT_SUMMARY_KEYS} == {
        "elders": 4,
        "visitors": 2,
        "due_visits": 8,
        "planned_visits": 4,
        "unassigned": 4,
        "home_visits": 2,
        "phone_visits": 1,
        "travel_minutes": roster_travel,
        "seconds": 1.235,
    }
    assert roster_travel == 20
    assert figures["week_start"] == "2025-03-03"
    assert figures["week_end"] == "2025-03-09"
    assert figures["towns"] == 2
    assert figures["online_visits"] == 1
    assert figures["visitors_with_visits"] == 2
    assert figures["route_minutes"] == 45
    assert figures["route_km"] == 6.79
    assert figures["km_per_home_visit"] == round(straight_km / 2, 2)
    assert figures["approximate_locations"] == 1
    assert figures["flags"] == 1
    assert figures["warnings"] == [  # in English, as the other files for programs
        "town 河口街道: the route search stopped at the wall-clock cap of 60 s ([solver] "
        "max_seconds_per_town) before its budget was spent, so another run may plan this town "
        "differently; raise the cap, or plan on a less busy machine"
    ]
    assert figures["by_tier"] == {
        "key": {"due": 3, "planned": 1, "unassigned": 2},
        "secondary": {"due": 3, "planned": 2, "unassigned": 1},
        "general": {"due": 2, "planned": 1, "unassigned": 1},
    }


def test_summary_has_no_km_per_home_visit_without_home_visits(plan: Plan) -> None:
    phone_only = replace(plan, visits=(VISITS[0],), routes=())
    assert summary(phone_only)["km_per_home_visit"] is None
