"""The demo district: contract tables, reproducible, believable, and plannable."""

from __future__ import annotations

import csv
import math
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.graph.python import max_flow

from geo.crs import CoordSystem, LonLat, to_wgs84
from geo.travel import haversine_km
from planner.demo.district import YICHENG_TOWNS, DemoSize, demo_rows, write_demo_tables
from planner.io.tables import load_tables
from planner.model import Ability, Elder, Role, Tier, TravelMode
from planner.policy import classify, load_policy

PLANNING_DATE = date(2025, 3, 3)

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
YICHENG_BOX = (117.35, 34.55, 117.85, 34.95)
WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
WEEKLY_HOME_VISITS = {Tier.KEY: 0.93, Tier.SECONDARY: 0.46, Tier.GENERAL: 0.1}

Rows = list[dict[str, str]]
Tables = tuple[Rows, Rows]


@pytest.fixture(scope="module")
def default_tables() -> Tables:
    return demo_rows(planning_date=PLANNING_DATE)


@pytest.fixture(scope="module")
def large_tables() -> Tables:
    return demo_rows(
        size=DemoSize(elders=10_000, visitors=400, towns=7), planning_date=PLANNING_DATE
    )


@pytest.fixture(scope="module")
def small_tables() -> Tables:
    return demo_rows(size=DemoSize(elders=200, visitors=10, towns=2), planning_date=PLANNING_DATE)


# --- helpers: independent readings of the rows -------------------------------------------------


def gb11643_check_character(first_17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(d) * w for d, w in zip(first_17, weights, strict=True)) % 11]


def work_weekdays(text: str) -> set[int]:
    if not text:
        return set(range(5))
    days: set[int] = set()
    for part in text.split(","):
        first, _, last = part.partition("-")
        days.update(range(WEEKDAY_NAMES.index(first), WEEKDAY_NAMES.index(last or first) + 1))
    return days


def serves(visitor: dict[str, str], town: str, village: str) -> bool:
    served = visitor["villages"].split(";") if visitor["villages"] else []
    return visitor["town"] == town and (not served or village in served)


def villages_of(elders: Rows) -> set[tuple[str, str]]:
    return {(row["town"], row["village"]) for row in elders}


def wgs84_point(lon: str, lat: str, system: str) -> LonLat:
    return to_wgs84(LonLat(float(lon), float(lat)), CoordSystem(system or "wgs84"))


def age_of(row: dict[str, str], on: date) -> int:
    if not row["birth_date"]:
        return int(row["age"])
    born = date.fromisoformat(row["birth_date"])
    return on.year - born.year - int((on.month, on.day) < (born.month, born.day))


def as_elder(row: dict[str, str]) -> Elder:
    return Elder(
        elder_id=row["elder_id"],
        name=row["name"],
        town=row["town"],
        village=row["village"],
        location=LonLat(0.0, 0.0),
        birth_date=date.fromisoformat(row["birth_date"]) if row["birth_date"] else None,
        stated_age=int(row["age"]) if row["age"] else None,
        disability_grade=int(row["disability_grade"]) if row["disability_grade"] else None,
        ability=Ability(row["ability"]),
        bedridden=row["bedridden"] == "1",
        limited_mobility=row["limited_mobility"] == "1",
        dementia=row["dementia"] == "1",
        home_visit_consent=row["home_visit_consent"] == "1",
    )


def tiers_of(elders: Rows) -> dict[str, Tier]:
    policy = load_policy()
    return {row["elder_id"]: classify(as_elder(row), policy, PLANNING_DATE).tier for row in elders}


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


# --- elders ------------------------------------------------------------------------------------


def test_the_check_character_of_this_test_follows_gb_11643() -> None:
    assert gb11643_check_character("11010519491231002") == "X"  # the standard's own example


def test_id_numbers_are_valid_and_agree_with_the_birth_date(default_tables: Tables) -> None:
    elders, _ = default_tables
    with_id = [row for row in elders if row["id_number"]]
    assert 0.85 < len(with_id) / len(elders) < 0.97
    assert len({row["id_number"] for row in with_id}) == len(with_id)
    for row in with_id:
        id_number = row["id_number"]
        assert len(id_number) == 18 and id_number.startswith("370404")
        assert gb11643_check_character(id_number[:17]) == id_number[17]
        assert id_number[6:14] == row["birth_date"].replace("-", "")
        assert int(id_number[16]) % 2 == (1 if row["sex"] == "M" else 0)


def test_rows_give_a_birth_date_or_else_only_an_age(default_tables: Tables) -> None:
    elders, _ = default_tables
    only_age = [row for row in elders if not row["birth_date"]]
    assert all(row["age"] and not row["id_number"] for row in only_age)
    assert all(not row["age"] for row in elders if row["birth_date"])
    assert 0.01 < len(only_age) / len(elders) < 0.08


@pytest.mark.parametrize("planning_date", [date(2025, 3, 3), date(2028, 2, 29), date(2026, 12, 31)])
def test_ages_are_60_to_100_on_the_planning_date(planning_date: date) -> None:
    size = DemoSize(elders=2000, visitors=60, towns=3, villages=40)
    elders, _ = demo_rows(size=size, planning_date=planning_date)
    ages = [age_of(row, planning_date) for row in elders]
    assert min(ages) >= 60 and max(ages) <= 100
    assert 0.28 < sum(age >= 80 for age in ages) / len(ages) < 0.38
    assert sum(age < 70 for age in ages) > sum(age >= 90 for age in ages) * 3  # skewed young


def test_tier_shares_are_near_40_15_45(default_tables: Tables) -> None:
    elders, _ = default_tables
    shares = Counter(tiers_of(elders).values())
    assert abs(shares[Tier.KEY] / len(elders) - 0.40) < 0.05
    assert abs(shares[Tier.SECONDARY] / len(elders) - 0.15) < 0.04
    assert abs(shares[Tier.GENERAL] / len(elders) - 0.45) < 0.05


def test_personal_details_look_like_real_ones(default_tables: Tables) -> None:
    elders, _ = default_tables
    mobile = re.compile(r"^1[358]\d{9}$")
    for row in elders:
        assert 2 <= len(row["name"]) <= 3
        assert not row["phone"] or mobile.match(row["phone"])
        assert not row["emergency_phone"] or mobile.match(row["emergency_phone"])
        assert row["address"].startswith(f"峄城区{row['town']}{row['village']}")
    assert 0.08 < sum(row["disability_grade"] != "" for row in elders) / len(elders) < 0.12
    assert 0.01 < sum(row["home_visit_consent"] == "0" for row in elders) / len(elders) < 0.05


def test_coordinates_lie_in_yicheng_and_a_few_are_gcj02_or_missing(default_tables: Tables) -> None:
    elders, visitors = default_tables
    west, south, east, north = YICHENG_BOX
    places = [(r["lon"], r["lat"], r["coord_system"]) for r in elders if r["lon"]]
    places += [
        (r["start_lon"], r["start_lat"], r["coord_system"]) for r in visitors if r["start_lon"]
    ]
    for lon, lat, system in places:
        assert re.match(r"^\d+\.\d{6}$", lon) and re.match(r"^\d+\.\d{6}$", lat)
        point = wgs84_point(lon, lat, system)
        assert west <= point.lon <= east and south <= point.lat <= north
        assert west <= float(lon) <= east and south <= float(lat) <= north
    systems = Counter(row["coord_system"] for row in elders)
    assert 0.01 < systems[""] / len(elders) < 0.05
    assert 0.01 < systems["gcj02"] / len(elders) < 0.10
    assert all(not row["lat"] for row in elders if not row["lon"])


def test_households_cluster_near_their_village(default_tables: Tables) -> None:
    elders, _ = default_tables
    homes: dict[tuple[str, str], list[LonLat]] = defaultdict(list)
    for row in elders:
        if row["lon"]:
            homes[row["town"], row["village"]].append(
                wgs84_point(row["lon"], row["lat"], row["coord_system"])
            )
    assert len(homes) == len(villages_of(elders))  # every village can be placed
    centres = {}
    for village, points in homes.items():
        centre = LonLat(
            math.fsum(p.lon for p in points) / len(points),
            math.fsum(p.lat for p in points) / len(points),
        )
        assert max(haversine_km(centre, point) for point in points) < 0.8, village
        centres[village] = centre
    for site in YICHENG_TOWNS:
        mine = [centre for (town, _), centre in centres.items() if town == site.name]
        assert max(haversine_km(site.centre, centre) for centre in mine) < 7.5, site.name


# --- visitors ----------------------------------------------------------------------------------


def test_visitors_are_the_policys_kinds_in_believable_numbers(default_tables: Tables) -> None:
    elders, visitors = default_tables
    roles = Counter(Role(row["role"]) for row in visitors)
    assert roles[Role.VILLAGE_STAFF] > len(visitors) / 2
    assert roles[Role.FAMILY_DOCTOR] >= len({row["town"] for row in elders})
    assert roles[Role.SOCIAL_WORKER] and roles[Role.CARE_INSTITUTION] and roles[Role.VOLUNTEER]
    part_timers = [r for r in visitors if r["role"] in ("volunteer", "elders_association")]
    assert all(
        len(work_weekdays(r["work_days"])) < 5 or r["work_days"] == "Mon-Fri" for r in part_timers
    )
    assert all(int(r["max_home_visits_per_day"]) <= 4 for r in part_timers)
    assert all(
        6 <= int(r["max_home_visits_per_day"]) <= 10
        for r in visitors
        if r["role"] == "village_staff"
    )


def test_visitors_without_a_start_have_a_first_village(default_tables: Tables) -> None:
    _, visitors = default_tables
    no_start = [row for row in visitors if not row["start_lon"]]
    assert no_start, "some rows leave the start empty, as real tables do"
    assert all(row["villages"] and not row["start_lat"] for row in no_start)


def test_visitors_are_split_over_towns_by_elders(default_tables: Tables) -> None:
    elders, visitors = default_tables
    elders_per_town = Counter(row["town"] for row in elders)
    visitors_per_town = Counter(row["town"] for row in visitors)
    for town, count in elders_per_town.items():
        assert abs(visitors_per_town[town] - count * len(visitors) / len(elders)) <= 1


def test_most_elders_have_a_usual_visitor(default_tables: Tables) -> None:
    elders, _ = default_tables
    share = sum(bool(row["usual_visitor_id"]) for row in elders) / len(elders)
    assert 0.5 < share < 0.65


@pytest.mark.parametrize("tables", ["default_tables", "large_tables", "small_tables"])
def test_half_the_home_visit_capacity_covers_the_weekly_need(
    tables: str, request: pytest.FixtureRequest
) -> None:
    """A flow from visitors (half their weekly home visits) to the villages they serve meets
    every village's weekly need: the week can be planned in full with room to spare."""
    elders, visitors = request.getfixturevalue(tables)
    tiers = tiers_of(elders)
    need: Counter[tuple[str, str]] = Counter()
    for row in elders:
        if row["home_visit_consent"] == "1":
            need[row["town"], row["village"]] += round(
                100 * WEEKLY_HOME_VISITS[tiers[row["elder_id"]]]
            )
    villages = sorted(need)
    flow = max_flow.SimpleMaxFlow()
    source, sink = 0, 1
    village_node = {village: 2 + index for index, village in enumerate(villages)}
    first_visitor_node = 2 + len(villages)
    for index, visitor in enumerate(visitors):
        node = first_visitor_node + index
        per_day = int(visitor["max_home_visits_per_day"] or 8)
        weekly = per_day * len(work_weekdays(visitor["work_days"]))
        flow.add_arc_with_capacity(source, node, 100 * weekly // 2)
        for village in villages:
            if serves(visitor, *village):
                flow.add_arc_with_capacity(node, village_node[village], 10**9)
    for village in villages:
        flow.add_arc_with_capacity(village_node[village], sink, need[village])
    assert flow.solve(source, sink) == flow.OPTIMAL
    assert flow.optimal_flow() == sum(need.values())
