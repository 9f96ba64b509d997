"""Straight-line distances and travel-time matrices."""

from __future__ import annotations

import math

import numpy as np
import pytest

from geo.crs import LonLat
from geo.travel import centroid, haversine_km, path_km, road_km_matrix, travel_minutes_matrix

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
