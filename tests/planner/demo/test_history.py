"""The demo's quarter so far: visits made before the planning week, by a visitor of the village."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from planner.demo.district import DemoSize, build_demo_district
from planner.demo.history import HISTORY_HEADERS
from planner.io.tables import Tables
from planner.model import VisitMode, VisitReason
from planner.policy import Policy

MONDAY = date(2026, 12, 7)  # the quarter began on 1 October
SIZE = DemoSize(elders=200, visitors=12, towns=2, villages=12)


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory, policy: Policy) -> tuple[Path, Tables]:
    folder = tmp_path_factory.mktemp("demo")
    return folder, build_demo_district(folder, SIZE, MONDAY, policy)


def test_the_history_is_the_quarter_before_the_planning_week(
    district: tuple[Path, Tables],
) -> None:
    _, tables = district
    days = [visit.day for visit in tables.history]
    assert days and min(days) >= date(2026, 10, 1) and max(days) < MONDAY
    assert min(days) < date(2026, 10, 8) and max(days) >= MONDAY.replace(day=1)


def test_visits_were_made_by_the_usual_visitor_or_one_serving_the_village(
    district: tuple[Path, Tables],
) -> None:
    _, tables = district
    elders = {elder.elder_id: elder for elder in tables.elders}
    visitors = {visitor.visitor_id: visitor for visitor in tables.visitors}
    for visit in tables.history:
        elder = elders[visit.elder_id]
        if elder.usual_visitor_id:
            assert visit.visitor_id == elder.usual_visitor_id
        else:
            assert visitors[visit.visitor_id].serves(elder.town, elder.village)


def test_history_csv_is_the_contracts_visits_table_in_date_order(
    district: tuple[Path, Tables],
) -> None:
    folder, tables = district
    with (folder / "history.csv").open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        assert tuple(reader.fieldnames or ()) == HISTORY_HEADERS
        rows = list(reader)
    assert len(rows) == len(tables.history)
    assert rows == sorted(rows, key=lambda row: (row["date"], row["elder_id"]))


def test_the_same_seed_gives_the_same_history(
    district: tuple[Path, Tables], tmp_path: Path, policy: Policy
) -> None:
    folder, _ = district
    build_demo_district(tmp_path, SIZE, MONDAY, policy)
    assert (tmp_path / "history.csv").read_bytes() == (folder / "history.csv").read_bytes()


def test_festival_contacts_are_recorded_as_such_not_as_regular_visits(
    district: tuple[Path, Tables],
) -> None:
    _, tables = district
    double_ninth = date(2026, 10, 18)  # the week before it holds the key elders' festival calls
    festival = [v for v in tables.history if v.reason is VisitReason.FESTIVAL]
    assert festival and all(v.day <= double_ninth for v in festival)
    assert all(v.mode is VisitMode.PHONE for v in festival)
