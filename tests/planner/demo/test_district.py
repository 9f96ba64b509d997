"""The demo district as a whole: contract tables, reproducible, any size keeps its promises."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.crs import LonLat
from geo.travel import haversine_km
from planner.demo.district import DemoSize, demo_rows, write_demo_tables
from planner.demo.geography import YICHENG_TOWNS
from planner.io.tables import load_tables
from planner.model import Ability, Role, TravelMode
from tests.planner.demo.conftest import (
    PLANNING_DATE,
    Rows,
    Tables,
    serves,
    villages_of,
    wgs84_point,
    work_weekdays,
)

# The contract's columns, written out here so that a change on either side shows.
CONTRACT_ELDER_COLUMNS = [
    "elder_id", "name", "birth_date", "age", "sex", "id_number", "phone", "town", "village",
    "address", "lon", "lat", "coord_system", "lives_alone", "empty_nest", "left_behind",
    "family_planning_special", "disability_grade", "ability", "bedridden", "limited_mobility",
    "dementia", "home_visit_consent", "time_window", "emergency_contact", "emergency_phone",
    "usual_visitor_id",
]  # fmt: skip
CONTRACT_VISITOR_COLUMNS = [
    "visitor_id", "name", "role", "town", "villages", "start_lon", "start_lat", "coord_system",
    "travel_mode", "work_days", "shift", "max_home_visits_per_day",
]  # fmt: skip


# --- what every district holds -----------------------------------------------------------------


def check_invariants(elders: Rows, visitors: Rows, size: DemoSize) -> None:
    """What every demo district must hold, whatever its size and seed."""
    assert len(elders) == size.elders
    assert len(visitors) == size.visitors
    assert len({row["town"] for row in elders}) == size.towns
    assert {row["town"] for row in visitors} == {row["town"] for row in elders}
    assert len(villages_of(elders)) == min(size.villages, size.elders)
    assert len({row["elder_id"] for row in elders}) == len(elders)
    assert len({row["visitor_id"] for row in visitors}) == len(visitors)
    assert_two_weekday_visitors_per_village(elders, visitors)
    assert_usual_visitors_serve_the_village(elders, visitors)
    assert_served_villages_exist(elders, visitors)


def assert_two_weekday_visitors_per_village(elders: Rows, visitors: Rows) -> None:
    weekday_visitors = [v for v in visitors if set(range(5)) <= work_weekdays(v["work_days"])]
    for town, village in villages_of(elders):
        serving = [v for v in weekday_visitors if serves(v, town, village)]
        assert len(serving) >= 2, f"{town}{village} has {len(serving)} weekday visitors"


def assert_usual_visitors_serve_the_village(elders: Rows, visitors: Rows) -> None:
    by_id = {visitor["visitor_id"]: visitor for visitor in visitors}
    for row in elders:
        if row["usual_visitor_id"]:
            visitor = by_id[row["usual_visitor_id"]]
            assert serves(visitor, row["town"], row["village"]), row


def assert_served_villages_exist(elders: Rows, visitors: Rows) -> None:
    known = villages_of(elders)
    for visitor in visitors:
        for village in filter(None, visitor["villages"].split(";")):
            assert (visitor["town"], village) in known, visitor


# --- reproducible ------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_rows(default_tables: Tables) -> None:
    assert demo_rows(planning_date=PLANNING_DATE) == default_tables


def test_another_seed_gives_another_district(default_tables: Tables) -> None:
    elders, visitors = demo_rows(seed=7, planning_date=PLANNING_DATE)
    assert elders != default_tables[0]
    assert visitors != default_tables[1]
    assert [row["name"] for row in elders[:20]] != [row["name"] for row in default_tables[0][:20]]


def test_written_tables_are_the_same_bytes_every_time(tmp_path: Path) -> None:
    size = DemoSize(elders=300, visitors=20, towns=3, villages=30)
    first = write_demo_tables(tmp_path / "a", size=size, planning_date=PLANNING_DATE)
    second = write_demo_tables(tmp_path / "b", size=size, planning_date=PLANNING_DATE)
    for one, other in zip(first, second, strict=True):
        assert one.read_bytes() == other.read_bytes()


# --- the contract's tables ---------------------------------------------------------------------


def test_csv_files_have_the_contract_headers_and_the_rows(tmp_path: Path) -> None:
    size = DemoSize(elders=300, visitors=20, towns=3, villages=30)
    elders_path, visitors_path = write_demo_tables(tmp_path, size=size, planning_date=PLANNING_DATE)
    assert (elders_path.name, visitors_path.name) == ("elders.csv", "visitors.csv")
    elders, visitors = demo_rows(size=size, planning_date=PLANNING_DATE)
    for path, columns, rows in (
        (elders_path, CONTRACT_ELDER_COLUMNS, elders),
        (visitors_path, CONTRACT_VISITOR_COLUMNS, visitors),
    ):
        with path.open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            assert reader.fieldnames == columns
            assert list(reader) == rows


def test_the_tables_reader_takes_the_demo_as_it_is(tmp_path: Path) -> None:
    """The demo goes through the same reader as a coordinator's tables, without a complaint."""
    size = DemoSize(elders=600, visitors=30, towns=3, villages=30)
    elders, visitors = demo_rows(size=size, planning_date=PLANNING_DATE)
    tables = load_tables(*write_demo_tables(tmp_path, size=size, planning_date=PLANNING_DATE))
    assert len(tables.elders) == len(elders) and len(tables.visitors) == len(visitors)
    placed_at_centre = {e.elder_id for e in tables.elders if e.approximate_location}
    assert placed_at_centre == {row["elder_id"] for row in elders if not row["lon"]}
    by_id = {elder.elder_id: elder for elder in tables.elders}
    for row in elders:
        if row["coord_system"] == "gcj02":  # read back to the WGS-84 place it was made from
            place = by_id[row["elder_id"]].location
            assert haversine_km(place, wgs84_point(row["lon"], row["lat"], "gcj02")) < 0.001
            assert haversine_km(place, LonLat(float(row["lon"]), float(row["lat"]))) > 0.1


def test_every_row_has_exactly_the_contract_columns(default_tables: Tables) -> None:
    elders, visitors = default_tables
    assert all(list(row) == CONTRACT_ELDER_COLUMNS for row in elders)
    assert all(list(row) == CONTRACT_VISITOR_COLUMNS for row in visitors)


def test_booleans_and_codes_use_the_contract_values(default_tables: Tables) -> None:
    elders, visitors = default_tables
    flags = ("lives_alone", "empty_nest", "left_behind", "family_planning_special", "bedridden",
             "limited_mobility", "dementia", "home_visit_consent")  # fmt: skip
    for row in elders:
        assert all(row[flag] in ("0", "1") for flag in flags), row
        assert row["sex"] in ("M", "F")
        assert row["ability"] in {ability.value for ability in Ability}
        assert row["disability_grade"] in ("", "1", "2", "3", "4")
        assert row["coord_system"] in ("", "wgs84", "gcj02")
    for row in visitors:
        assert row["role"] in {role.value for role in Role}
        assert row["travel_mode"] in {mode.value for mode in TravelMode}
        assert row["coord_system"] in ("", "wgs84", "gcj02")


def test_time_windows_and_shifts_are_hhmm_spans(default_tables: Tables) -> None:
    elders, visitors = default_tables
    span = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")
    windows = [w for row in elders if row["time_window"] for w in row["time_window"].split(";")]
    shifts = [row["shift"] for row in visitors if row["shift"]]
    for text in windows + shifts:
        assert span.match(text), text
        start, end = text.split("-")
        assert start < end
    assert 0.10 < sum(bool(row["time_window"]) for row in elders) / len(elders) < 0.20


# --- sizes -------------------------------------------------------------------------------------


def test_the_default_district_is_yicheng(default_tables: Tables) -> None:
    elders, visitors = default_tables
    check_invariants(elders, visitors, DemoSize())
    assert {row["town"] for row in elders} == {site.name for site in YICHENG_TOWNS}


def test_a_small_district_keeps_its_promises(small_tables: Tables) -> None:
    check_invariants(*small_tables, DemoSize(elders=200, visitors=10, towns=2))


def test_a_large_district_keeps_its_promises(large_tables: Tables) -> None:
    check_invariants(*large_tables, DemoSize(elders=10_000, visitors=400, towns=7))


def test_more_towns_than_yicheng_has_get_names_of_their_own() -> None:
    size = DemoSize(elders=600, visitors=40, towns=10, villages=60)
    elders, visitors = demo_rows(size=size, planning_date=PLANNING_DATE)
    check_invariants(elders, visitors, size)
    assert all(row["town"].endswith(("镇", "街道")) for row in elders)


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    towns=st.integers(min_value=1, max_value=9),
    elders_per_town=st.integers(min_value=1, max_value=40),
    spare_visitors=st.integers(min_value=0, max_value=12),
    villages_per_town=st.integers(min_value=1, max_value=12),
)
def test_any_size_and_seed_keeps_the_promises(
    seed: int, towns: int, elders_per_town: int, spare_visitors: int, villages_per_town: int
) -> None:
    size = DemoSize(
        elders=towns * elders_per_town,
        visitors=2 * towns + spare_visitors,
        towns=towns,
        villages=towns * villages_per_town,
    )
    elders, visitors = demo_rows(size=size, seed=seed, planning_date=PLANNING_DATE)
    check_invariants(elders, visitors, size)


@pytest.mark.parametrize(
    ("field", "value"), [("towns", 0), ("villages", 1), ("elders", 3), ("visitors", 7)]
)
def test_a_size_that_cannot_work_is_refused(field: str, value: int) -> None:
    sizes = {"elders": 100, "visitors": 20, "towns": 4, "villages": 20} | {field: value}
    with pytest.raises(ValueError, match=field):
        DemoSize(**sizes)
