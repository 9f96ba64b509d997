"""Where the demo's places are: in Yicheng, villages near their town, homes near their village."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from geo.crs import LonLat
from geo.travel import haversine_km
from planner.demo.geography import YICHENG_TOWNS
from tests.planner.demo.conftest import Tables, villages_of, wgs84_point

YICHENG_BOX = (117.35, 34.55, 117.85, 34.95)


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
