"""Travel times and distances between places.

The solvers see only matrices: from place i to place j, ``seconds[i][j]`` of travel and
``metres[i][j]`` of road. A ``TravelSource`` gives them for a list of places and a travel mode;
``StraightLine`` (the great-circle distance times a detour factor, at the mode's speed) is the
source every town has. A road network (an OSM file, OSRM) is another source behind the same
protocol.

Units are written once, here: seconds and metres as the source measures them (floats, as OSRM
reports them), whole minutes rounded up where plans are made (``TravelMatrices.minutes``).
Travel modes are plain names (``"walk"``, ``"ebike"``...): geo knows nothing of visitors.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

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
    """Great-circle distances in kilometres, origins × destinations.

    A block of origins at a time: the formula's temporaries are each as large as the block, not
    as the whole matrix (a town of 3,750 places: 113 MB a temporary, half a GB together)."""
    lon1, lat1 = np.radians(np.asarray(origins, dtype=float).reshape(-1, 2)).T
    lon2, lat2 = np.radians(np.asarray(destinations, dtype=float).reshape(-1, 2)).T
    distances_km = np.empty((len(lat1), len(lat2)), dtype=np.float64)
    for first in range(0, len(lat1), _ORIGINS_AT_A_TIME):
        rows = slice(first, first + _ORIGINS_AT_A_TIME)
        d_lat = lat2[None, :] - lat1[rows, None]
        d_lon = lon2[None, :] - lon1[rows, None]
        h = (
            np.sin(d_lat / 2) ** 2
            + np.cos(lat1[rows])[:, None] * np.cos(lat2)[None, :] * np.sin(d_lon / 2) ** 2
        )
        distances_km[rows] = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return distances_km


_ORIGINS_AT_A_TIME = 256


def road_km_matrix(places: Sequence[LonLat], *, detour_factor: float) -> NDArray[np.float64]:
    """Estimated road distance: straight line times the detour factor."""
    if detour_factor < 1.0:
        raise ValueError(
            f"detour_factor must be at least 1 (roads are never shorter), got {detour_factor}"
        )
    road_km = haversine_matrix_km(places, places)
    road_km *= detour_factor  # in place: the matrix may be hundreds of MB
    return road_km


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


@dataclass(frozen=True, eq=False)
class TravelMatrices:
    """Travel between n places by one mode: square n × n matrices, row = from, column = to."""

    seconds: NDArray[np.float64]
    """Travel time in seconds."""
    metres: NDArray[np.float64]
    """Road distance in metres."""

    def __post_init__(self) -> None:
        shape = self.seconds.shape
        if len(shape) != 2 or shape[0] != shape[1] or self.metres.shape != shape:
            raise ValueError(
                f"travel matrices must be square and of one size, got seconds {shape} and "
                f"metres {self.metres.shape}"
            )
        for name, matrix in (("seconds", self.seconds), ("metres", self.metres)):
            if not np.all(matrix >= 0):  # NaN fails this too
                raise ValueError(f"travel {name} must be non-negative numbers")

    @property
    def minutes(self) -> NDArray[np.int64]:
        """Whole minutes, rounded up so that plans are never optimistic (computed on access)."""
        return whole_minutes(self.seconds)


class TravelSource(Protocol):
    """Where travel times, distances and lines come from: straight lines, a road network, a
    service. Every consumer asks its source these three, and never which source it is."""

    def matrices(self, places: Sequence[LonLat], mode: str) -> TravelMatrices:
        """Travel among ``places`` (in that order) by travel mode ``mode``."""
        ...

    def seconds_by_rows(
        self, places: Sequence[LonLat], modes: Sequence[str]
    ) -> Iterator[tuple[slice, dict[str, NDArray[np.float64]]]]:
        """The seconds of ``matrices`` for each mode, a block of rows (origins) at a time, for
        callers that keep large matrices in a smaller form; a source with no cheaper way gives
        its whole matrices as one block (``whole_matrix_rows``)."""
        ...

    def path(self, start: LonLat, end: LonLat, mode: str) -> tuple[LonLat, ...]:
        """The line travelled from ``start`` to ``end``: its points, both ends included (a
        straight line is its two ends; a road, the road's geometry)."""
        ...


def whole_matrix_rows(
    source: TravelSource, places: Sequence[LonLat], modes: Sequence[str]
) -> Iterator[tuple[slice, dict[str, NDArray[np.float64]]]]:
    """``seconds_by_rows`` for a source that computes whole matrices anyway: one block of every
    row, one mode at a time."""
    for mode in modes:
        yield slice(0, len(places)), {mode: source.matrices(places, mode).seconds}


def route_line(source: TravelSource, stops: Sequence[LonLat], mode: str) -> tuple[LonLat, ...]:
    """The line through ``stops`` in order as ``source`` draws it: each leg's points, joined
    (the end of one leg is the start of the next, kept once)."""
    if not stops:
        return ()
    line = [stops[0]]
    for start, end in itertools.pairwise(stops):
        line.extend(source.path(start, end, mode)[1:])
    return tuple(line)


@dataclass(frozen=True)
class StraightLine:
    """The great-circle distance times ``detour_factor`` (roads are not straight), at the travel
    mode's speed: the estimate every town has, needing nothing but coordinates."""

    detour_factor: float
    speed_kph: Mapping[str, float]
    """Speed by travel mode, e.g. ``{"walk": 4.5, "ebike": 18.0}``."""
    _road_km: dict[tuple[LonLat, ...], NDArray[np.float64]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """The distances of the last places asked about: the same for every mode, and the costly
    part (never pickled)."""

    def __post_init__(self) -> None:
        if self.detour_factor < 1.0:
            raise ValueError(
                "detour_factor must be at least 1 (roads are never shorter), "
                f"got {self.detour_factor}"
            )
        for mode, speed in self.speed_kph.items():
            if speed <= 0:
                raise ValueError(f"speed_kph[{mode!r}] must be positive, got {speed}")

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_road_km": {}}

    def matrices(self, places: Sequence[LonLat], mode: str) -> TravelMatrices:
        speed_kph = self._speed(mode)
        key = tuple(places)
        if key not in self._road_km:
            self._road_km.clear()
            self._road_km[key] = road_km_matrix(places, detour_factor=self.detour_factor)
        road_km = self._road_km[key]
        return TravelMatrices(travel_seconds(road_km, speed_kph=speed_kph), road_km * 1000.0)

    def seconds_by_rows(
        self, places: Sequence[LonLat], modes: Sequence[str], rows_at_a_time: int = 256
    ) -> Iterator[tuple[slice, dict[str, NDArray[np.float64]]]]:
        """The seconds of ``matrices`` for each mode, a block of rows (origins) at a time: the
        same figures without whole matrices of floats in memory (a town of 4,900 places: 190 MB
        each), for callers that keep them in a smaller form."""
        speeds = {mode: self._speed(mode) for mode in modes}
        for first in range(0, len(places), rows_at_a_time):
            rows = slice(first, first + rows_at_a_time)
            road_km = haversine_matrix_km(places[rows], places)
            road_km *= self.detour_factor
            yield rows, {mode: travel_seconds(road_km, speed_kph=s) for mode, s in speeds.items()}

    def path(self, start: LonLat, end: LonLat, mode: str) -> tuple[LonLat, ...]:
        self._speed(mode)  # an unknown mode is refused here as in ``matrices``
        return (start, end)

    def _speed(self, mode: str) -> float:
        try:
            return self.speed_kph[mode]
        except KeyError:
            known = ", ".join(str(m) for m in self.speed_kph)
            raise ValueError(f"no speed for travel mode {mode!r}; give one of {known}") from None


def path_km(path: Sequence[LonLat]) -> float:
    """Length of a line in kilometres, point to point on the sphere (a route's line from
    ``route_line`` gives the length of the way its source draws)."""
    return sum(haversine_km(a, b) for a, b in itertools.pairwise(path)) if len(path) > 1 else 0.0


def centroid(points: Sequence[LonLat]) -> LonLat:
    """Mean position; good enough for a village-sized set of points."""
    if not points:
        raise ValueError("centroid of no points")
    return LonLat(
        math.fsum(p.lon for p in points) / len(points),
        math.fsum(p.lat for p in points) / len(points),
    )
