"""Travel times and distances between places.

The solvers see only matrices: ``travel_minutes[i][j]`` from place i to place j. The estimate
here is the great-circle distance times a detour factor (roads are not straight), at the
travel mode's speed. It is the fallback every town has; a road-network source can replace it
behind the same function signature.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from geo.crs import LonLat

EARTH_RADIUS_KM = 6371.0088


def haversine_km(a: LonLat, b: LonLat) -> float:
    """Great-circle distance in kilometres."""
    return float(haversine_matrix_km([a], [b])[0, 0])


def haversine_matrix_km(
    origins: Sequence[LonLat], destinations: Sequence[LonLat]
) -> NDArray[np.float64]:
    """Great-circle distances in kilometres, origins × destinations."""
    lon1, lat1 = np.radians(np.asarray(origins, dtype=float).reshape(-1, 2)).T
    lon2, lat2 = np.radians(np.asarray(destinations, dtype=float).reshape(-1, 2)).T
    d_lat = lat2[None, :] - lat1[:, None]
    d_lon = lon2[None, :] - lon1[:, None]
    h = (
        np.sin(d_lat / 2) ** 2
        + np.cos(lat1)[:, None] * np.cos(lat2)[None, :] * np.sin(d_lon / 2) ** 2
    )
    distances_km: NDArray[np.float64] = (
        2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    )
    return distances_km


def road_km_matrix(places: Sequence[LonLat], *, detour_factor: float) -> NDArray[np.float64]:
    """Estimated road distance: straight line times the detour factor."""
    if detour_factor < 1.0:
        raise ValueError(
            f"detour_factor must be at least 1 (roads are never shorter), got {detour_factor}"
        )
    return haversine_matrix_km(places, places) * detour_factor


def travel_seconds(road_km: NDArray[np.float64], *, speed_kph: float) -> NDArray[np.float64]:
    """Exact travel time in seconds over road distances at ``speed_kph``."""
    if speed_kph <= 0:
        raise ValueError(f"speed_kph must be positive, got {speed_kph}")
    seconds: NDArray[np.float64] = road_km / speed_kph * 3600.0
    return seconds


def whole_minutes(seconds: NDArray[np.float64]) -> NDArray[np.int64]:
    """Seconds as whole minutes, rounded up so that plans are never optimistic."""
    return np.ceil(seconds / 60.0 - 1e-9).astype(np.int64)


def travel_minutes_matrix(
    places: Sequence[LonLat], *, speed_kph: float, detour_factor: float
) -> NDArray[np.int64]:
    """Whole minutes between places at ``speed_kph``."""
    road_km = road_km_matrix(places, detour_factor=detour_factor)
    return whole_minutes(travel_seconds(road_km, speed_kph=speed_kph))


def path_km(path: Sequence[LonLat]) -> float:
    """Straight-line length of a path in kilometres."""
    return sum(haversine_km(a, b) for a, b in itertools.pairwise(path)) if len(path) > 1 else 0.0


def centroid(points: Sequence[LonLat]) -> LonLat:
    """Mean position; good enough for a village-sized set of points."""
    if not points:
        raise ValueError("centroid of no points")
    return LonLat(
        math.fsum(p.lon for p in points) / len(points),
        math.fsum(p.lat for p in points) / len(points),
    )
