"""Straight-line distances and travel-time matrices; travel sources, and one plugged into the
planner in place of the straight line."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest
from numpy.typing import NDArray

from geo.crs import LonLat
from geo.travel import (
    StraightLine,
    TravelMatrices,
    TravelSource,
    centroid,
    haversine_km,
    path_km,
    road_km_matrix,
    travel_minutes_matrix,
    travel_seconds,
)

BEIJING = LonLat(116.4074, 39.9042)
SHANGHAI = LonLat(121.4737, 31.2304)


def test_haversine_matches_a_known_distance() -> None:
    assert haversine_km(BEIJING, SHANGHAI) == pytest.approx(1067.0, rel=0.005)


def test_matrices_are_symmetric_with_zero_diagonal() -> None:
    places = [BEIJING, SHANGHAI, LonLat(117.59, 34.77)]
    km = road_km_matrix(places, detour_factor=1.3)
    assert np.allclose(km, km.T) and np.all(np.diag(km) == 0)


def test_travel_minutes_round_up_at_the_mode_speed() -> None:
    a = LonLat(117.59, 34.77)
    b = LonLat(117.59, 34.85)
    km = haversine_km(a, b)
    minutes = travel_minutes_matrix([a, b], speed_kph=18.0, detour_factor=1.0)
    assert minutes[0, 1] == math.ceil(km / 18.0 * 60) and minutes[0, 1] > km / 18.0 * 60
    walking = travel_minutes_matrix([a, b], speed_kph=4.5, detour_factor=1.3)[0, 1]
    assert walking == math.ceil(km * 1.3 / 4.5 * 60)


@pytest.mark.parametrize(("speed", "detour"), [(0.0, 1.3), (18.0, 0.9)])
def test_nonsense_parameters_are_refused(speed: float, detour: float) -> None:
    with pytest.raises(ValueError):
        travel_minutes_matrix([BEIJING], speed_kph=speed, detour_factor=detour)


def test_path_and_centroid() -> None:
    assert path_km([BEIJING]) == 0.0
    assert path_km([BEIJING, SHANGHAI, BEIJING]) == pytest.approx(
        2 * haversine_km(BEIJING, SHANGHAI)
    )
    assert centroid([LonLat(0, 0), LonLat(2, 2)]) == LonLat(1, 1)


# --- travel sources ---------------------------------------------------------------------------


def test_straight_line_gives_the_functions_figures_exactly() -> None:
    places = [BEIJING, SHANGHAI, LonLat(117.59, 34.77)]
    travel = StraightLine(1.3, {"walk": 4.5, "car": 30.0}).matrices(places, "walk")
    road_km = road_km_matrix(places, detour_factor=1.3)
    assert np.array_equal(travel.seconds, travel_seconds(road_km, speed_kph=4.5))
    assert np.array_equal(
        travel.minutes, travel_minutes_matrix(places, speed_kph=4.5, detour_factor=1.3)
    )
    assert np.array_equal(travel.metres, road_km * 1000.0)
    assert travel.minutes.dtype == np.int64


def test_straight_line_speed_follows_the_mode_and_distance_does_not() -> None:
    source = StraightLine(1.3, {"walk": 4.5, "car": 30.0})
    walk, car = (source.matrices([BEIJING, SHANGHAI], mode) for mode in ("walk", "car"))
    assert np.array_equal(walk.metres, car.metres)
    assert walk.seconds[0, 1] == pytest.approx(car.seconds[0, 1] * 30.0 / 4.5)


def test_straight_line_remembers_the_last_places_only_and_pickles_without_them() -> None:
    source = StraightLine(1.3, {"walk": 4.5, "car": 30.0})
    many = [LonLat(117.0 + i / 1000, 34.7) for i in range(200)]
    first = source.matrices(many, "walk")
    assert np.array_equal(source.matrices(many, "car").metres, first.metres)
    other = source.matrices([SHANGHAI, BEIJING], "walk")
    assert np.array_equal(
        other.metres, road_km_matrix([SHANGHAI, BEIJING], detour_factor=1.3) * 1e3
    )
    copy = pickle.loads(pickle.dumps(source))
    assert copy == source and len(pickle.dumps(source)) < 1000


def test_straight_line_is_a_travel_source() -> None:
    source: TravelSource = StraightLine(1.3, {"walk": 4.5})
    assert source.matrices([BEIJING], "walk").seconds.shape == (1, 1)


@pytest.mark.parametrize(
    ("detour", "speeds", "match"),
    [(0.9, {"walk": 4.5}, "detour_factor"), (1.3, {"walk": 0.0}, r"speed_kph\['walk'\]")],
)
def test_a_straight_line_with_nonsense_is_refused(
    detour: float, speeds: dict[str, float], match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        StraightLine(detour, speeds)


def test_a_mode_without_a_speed_is_named() -> None:
    with pytest.raises(ValueError, match="no speed for travel mode 'car'; give one of walk"):
        StraightLine(1.3, {"walk": 4.5}).matrices([BEIJING], "car")


@pytest.mark.parametrize(
    ("seconds", "metres"),
    [
        (np.zeros((2, 3)), np.zeros((2, 3))),
        (np.zeros((2, 2)), np.zeros((3, 3))),
        (np.array([[0.0, -1.0], [1.0, 0.0]]), np.zeros((2, 2))),
        (np.array([[0.0, np.nan], [1.0, 0.0]]), np.zeros((2, 2))),
    ],
)
def test_travel_matrices_check_themselves(
    seconds: NDArray[np.float64], metres: NDArray[np.float64]
) -> None:
    with pytest.raises(ValueError, match="travel"):
        TravelMatrices(seconds, metres)


def test_straight_line_by_rows_gives_the_whole_matrices_figures() -> None:
    source = StraightLine(1.3, {"walk": 4.5, "car": 30.0})
    places = [LonLat(117.0 + i / 100, 34.7 + (i % 7) / 100) for i in range(23)]
    rows_seen = 0
    for rows, by_mode in source.seconds_by_rows(places, ["walk", "car"], rows_at_a_time=5):
        for mode, seconds in by_mode.items():
            assert np.array_equal(seconds, source.matrices(places, mode).seconds[rows])
        rows_seen += len(by_mode["walk"])
    assert rows_seen == len(places)


def test_straight_line_by_rows_names_an_unknown_mode() -> None:
    with pytest.raises(ValueError, match="no speed for travel mode 'boat'; give one of walk"):
        next(StraightLine(1.3, {"walk": 4.5}).seconds_by_rows([BEIJING], ["boat"]))
