"""Where the demo district's places are: its towns, their villages and communities.

Seven towns and subdistricts of 峄城区 (Yicheng District, Zaozhuang, Shandong) sit where the real
ones are: 坛山街道 (the urban seat), 吴林街道 (half town, half country), and the rural towns
古邵镇, 阴平镇, 底阁镇, 榴园镇 and 峨山镇; more towns are made up between them. Each has about
twenty villages (村) and communities (社区, denser and closer together, in the urban parts) within
about 6 km of the town centre, at least 600 m apart, each village on its own town's side of the
district.

Places are laid out on a flat plane in kilometres east and north of a reference point; at the
size of a district the error against the sphere is far below the 600 m spacing.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from geo.crs import LonLat, wgs84_to_gcj02
from planner.demo.draws import apportion
from planner.demo.names import VillageNames, extra_town_name

DISTRICT = "峄城区"
DISTRICT_BOUNDS = (117.35, 34.55, 117.85, 34.95)
"""West, south, east, north (WGS-84 degrees) that every generated place lies within."""
GCJ02_SHARE = 0.05
"""Share of coordinates copied from Amap, which gives them in its own GCJ-02."""

_REFERENCE = LonLat(117.60, 34.75)
_KM_PER_DEG_LAT = 110.574
_KM_PER_DEG_LON = 111.320 * math.cos(math.radians(_REFERENCE.lat))


@dataclass(frozen=True)
class Point:
    """A place on the district's plane."""

    east_km: float
    north_km: float

    def distance_km(self, other: Point) -> float:
        return math.hypot(self.east_km - other.east_km, self.north_km - other.north_km)

    def moved(self, east_km: float, north_km: float) -> Point:
        return Point(self.east_km + east_km, self.north_km + north_km)

    def lonlat(self) -> LonLat:
        return LonLat(
            _REFERENCE.lon + self.east_km / _KM_PER_DEG_LON,
            _REFERENCE.lat + self.north_km / _KM_PER_DEG_LAT,
        )


def point_at(place: LonLat) -> Point:
    return Point(
        (place.lon - _REFERENCE.lon) * _KM_PER_DEG_LON,
        (place.lat - _REFERENCE.lat) * _KM_PER_DEG_LAT,
    )


def coordinate_cells(point: Point, *, gcj02: bool) -> tuple[str, str, str]:
    """A table's ``lon``, ``lat`` and ``coord_system`` cells for ``point`` (Amap's if ``gcj02``)."""
    place, system = point.lonlat(), "wgs84"
    if gcj02:  # copied from Amap: the same place in Amap's coordinates
        place, system = wgs84_to_gcj02(place), "gcj02"
    return f"{place.lon:.6f}", f"{place.lat:.6f}", system


def _inside(point: Point, *, margin_deg: float) -> bool:
    west, south, east, north = DISTRICT_BOUNDS
    place = point.lonlat()
    return (
        west + margin_deg <= place.lon <= east - margin_deg
        and south + margin_deg <= place.lat <= north - margin_deg
    )


def scatter(rng: random.Random, centre: Point, *, sigma_km: float, max_km: float) -> Point:
    """A point normally spread around ``centre``, pulled back inside ``max_km``."""
    east, north = rng.gauss(0.0, sigma_km), rng.gauss(0.0, sigma_km)
    distance = math.hypot(east, north)
    if distance > max_km:
        shrink = max_km * rng.uniform(0.85, 1.0) / distance
        east, north = east * shrink, north * shrink
    return centre.moved(east, north)


def in_disc(rng: random.Random, centre: Point, *, min_km: float, max_km: float) -> Point:
    """A point uniform by area in the ring ``min_km``..``max_km`` around ``centre``."""
    radius = math.sqrt(rng.uniform(min_km**2, max_km**2))
    angle = rng.uniform(0.0, 2.0 * math.pi)
    return centre.moved(radius * math.cos(angle), radius * math.sin(angle))


# --- towns -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TownSite:
    """A town or subdistrict of the district and where its centre (the town seat) is."""

    name: str
    centre: LonLat
    urban_share: float
    """Share of the town's villages that are communities (社区) near the centre."""
    elder_weight: float
    """Relative number of elders per village (the urban seat is more crowded)."""


YICHENG_TOWNS = (
    TownSite("坛山街道", LonLat(117.590, 34.772), 1.0, 1.15),
    TownSite("吴林街道", LonLat(117.520, 34.745), 0.4, 1.0),
    TownSite("古邵镇", LonLat(117.455, 34.800), 0.06, 1.0),
    TownSite("阴平镇", LonLat(117.470, 34.690), 0.06, 1.0),
    TownSite("底阁镇", LonLat(117.700, 34.720), 0.06, 0.9),
    TownSite("榴园镇", LonLat(117.620, 34.830), 0.06, 0.9),
    TownSite("峨山镇", LonLat(117.560, 34.655), 0.06, 0.9),
)
_EXTRA_TOWN_AREA = (117.43, 34.63, 117.77, 34.87)
_MIN_TOWN_SPACING_KM = 4.0


@dataclass(frozen=True)
class Town:
    name: str
    centre: Point
    urban_share: float
    elder_weight: float


def make_towns(count: int, rng: random.Random) -> list[Town]:
    """The first ``count`` real towns, then made-up rural towns placed between them."""
    towns = [
        Town(site.name, point_at(site.centre), site.urban_share, site.elder_weight)
        for site in YICHENG_TOWNS[:count]
    ]
    west, south, east, north = _EXTRA_TOWN_AREA
    spacing_km = _MIN_TOWN_SPACING_KM
    while len(towns) < count:
        for _ in range(200):
            centre = point_at(LonLat(rng.uniform(west, east), rng.uniform(south, north)))
            if all(centre.distance_km(town.centre) >= spacing_km for town in towns):
                name = extra_town_name(len(towns) - len(YICHENG_TOWNS))
                towns.append(Town(name, centre, 0.06, 0.9))
                break
        else:
            spacing_km *= 0.9  # the district is full at this spacing: let towns crowd closer
    return towns


# --- villages ----------------------------------------------------------------------------------

_VILLAGE_RADIUS_KM = 6.0
_URBAN_RADIUS_KM = 3.5
_SEAT_RADIUS_KM = 1.6
_VILLAGE_SPACING_KM = 0.6
_COMMUNITY_SPACING_KM = 0.45
_TRIES_PER_VILLAGE = 300


class Resident(Protocol):
    """What a village knows of an elder who lives there."""

    weekly_home_visits: float


@dataclass(eq=False)
class Village:
    name: str
    town: str
    centre: Point
    community: bool
    elders: list[Resident] = field(default_factory=list)

    @property
    def need(self) -> float:
        """Home visits a week its elders need."""
        return sum(elder.weekly_home_visits for elder in self.elders)


class _SpacingGrid:
    """Placed points in cells of the spacing size, to test spacing without scanning them all."""

    def __init__(self, cell_km: float) -> None:
        self.cell_km = cell_km
        self.cells: dict[tuple[int, int], list[Point]] = {}

    def _cell(self, point: Point) -> tuple[int, int]:
        return math.floor(point.east_km / self.cell_km), math.floor(point.north_km / self.cell_km)

    def clear_of(self, point: Point, spacing_km: float) -> bool:
        column, row = self._cell(point)
        reach = math.ceil(spacing_km / self.cell_km)
        return all(
            other.distance_km(point) >= spacing_km
            for d_column in range(-reach, reach + 1)
            for d_row in range(-reach, reach + 1)
            for other in self.cells.get((column + d_column, row + d_row), ())
        )

    def add(self, point: Point) -> None:
        self.cells.setdefault(self._cell(point), []).append(point)


def place_villages(towns: Sequence[Town], count: int, rng: random.Random) -> list[Village]:
    per_town = apportion(count, [1.0] * len(towns), minimum=1)
    grid = _SpacingGrid(_VILLAGE_SPACING_KM)
    names = VillageNames(rng)
    villages: list[Village] = []
    for town, town_count in zip(towns, per_town, strict=True):
        communities = _community_count(town, town_count)
        relaxations = {True: 0, False: 0}  # how crowded the town's communities and villages are
        for index in range(town_count):
            community = index < communities
            centre, relaxations[community] = _village_site(
                town, towns, grid, rng, community=community, relaxations=relaxations[community]
            )
            grid.add(centre)
            name = names.community() if community else names.village()
            villages.append(Village(name, town.name, centre, community))
    return villages


def _community_count(town: Town, village_count: int) -> int:
    if town.urban_share >= 1.0:
        return village_count
    if town.urban_share >= 0.3:
        return round(village_count * town.urban_share)
    return 1 if village_count >= 6 else 0  # the town seat's own community


def _village_site(
    town: Town,
    towns: Sequence[Town],
    grid: _SpacingGrid,
    rng: random.Random,
    *,
    community: bool,
    relaxations: int,
) -> tuple[Point, int]:
    """A free spot on the town's side of the district, and the relaxations it took.

    When no spot is free, the spacing shrinks and the area grows, and stay so for the town's
    next villages (``relaxations`` counts the steps).
    """
    if community:
        base_radius_km = _URBAN_RADIUS_KM if town.urban_share >= 1.0 else _SEAT_RADIUS_KM
        base_spacing_km = _COMMUNITY_SPACING_KM
    else:
        base_radius_km, base_spacing_km = _VILLAGE_RADIUS_KM, _VILLAGE_SPACING_KM
    base_inner_km = 0.0 if community or town.urban_share <= 0 else _SEAT_RADIUS_KM
    while True:
        spacing_km = base_spacing_km * 0.9**relaxations
        radius_km = base_radius_km * 1.05**relaxations
        inner_km = base_inner_km * 0.5**relaxations
        for _ in range(_TRIES_PER_VILLAGE):
            site = in_disc(rng, town.centre, min_km=inner_km, max_km=radius_km)
            own_km = site.distance_km(town.centre)
            nearest_km = min(site.distance_km(other.centre) for other in towns)
            if (
                own_km <= nearest_km
                and _inside(site, margin_deg=0.03)
                and grid.clear_of(site, spacing_km)
            ):
                return site, relaxations
        relaxations += 1
