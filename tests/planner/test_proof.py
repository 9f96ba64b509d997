"""Proof of visits (planner.proof): the distance flag and the weekly spot-check sample."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from geo.crs import LonLat
from planner.proof import far_from_home, spot_check_sample, spot_check_size

HOME = LonLat(117.0201, 36.6512)
MONDAY = date(2024, 5, 27)


def north_of(place: LonLat, metres: float) -> LonLat:
    return LonLat(place.lon, place.lat + metres / 111_195)


def test_a_record_saved_beyond_the_policy_distance_is_flagged_and_one_within_is_not() -> None:
    assert far_from_home(HOME, north_of(HOME, 520), 500).far
    near = far_from_home(HOME, north_of(HOME, 480), 500)
    assert not near.far and 470 <= near.metres <= 490
    assert far_from_home(HOME, HOME, 500).metres == 0


def test_the_sample_is_five_percent_at_least_three_never_more_than_made() -> None:
    assert [spot_check_size(n) for n in (0, 1, 2, 3, 10, 60, 61, 100, 1000)] == [
        0,
        1,
        2,
        3,
        3,
        3,
        4,
        5,
        50,
    ]


def test_the_same_week_and_town_draw_the_same_visits_and_others_differ() -> None:
    visits = [f"r{n:03}" for n in range(200)]
    first = spot_check_sample(visits, MONDAY, "城关镇")
    assert first == spot_check_sample(visits, MONDAY, "城关镇")
    assert len(first) == 10
    assert first != spot_check_sample(visits, date(2024, 6, 3), "城关镇")
    assert first != spot_check_sample(visits, MONDAY, "北园街道")


@given(st.sets(st.integers(0, 10_000), max_size=300), st.integers(0, 2000))
def test_a_sample_is_drawn_from_the_visits_without_repeats(visits: set[int], day: int) -> None:
    ordered = sorted(visits)
    week = date.fromordinal(MONDAY.toordinal() + 7 * day)
    sample = spot_check_sample(ordered, week, "镇")
    assert len(sample) == len(set(sample)) == spot_check_size(len(ordered))
    assert set(sample) <= visits
