"""Coordinate systems used by Chinese map services, and conversion to WGS-84.

Amap and Tencent maps publish GCJ-02 ("Mars") coordinates, Baidu publishes BD-09; both are
obfuscations of WGS-84 defined by closed formulas. The forward formulas are exact; the inverse
of GCJ-02 has no closed form, so it is solved by fixed-point iteration to well under a
centimetre. Outside mainland China GCJ-02 equals WGS-84.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import NamedTuple


class LonLat(NamedTuple):
    """A point in decimal degrees, longitude first (the GeoJSON order)."""

    lon: float
    lat: float


class CoordSystem(StrEnum):
    WGS84 = "wgs84"
    GCJ02 = "gcj02"
    BD09 = "bd09"


_SEMI_MAJOR_M = 6378245.0  # Krasovsky 1940, as the GCJ-02 formulas use
_ECCENTRICITY_SQ = 0.00669342162296594323
_BD_FACTOR = math.pi * 3000.0 / 180.0


def _outside_china(point: LonLat) -> bool:
    return not (72.004 <= point.lon <= 137.8347 and 0.8293 <= point.lat <= 55.8271)


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(point: LonLat) -> LonLat:
    if _outside_china(point):
        return point
    d_lat = _transform_lat(point.lon - 105.0, point.lat - 35.0)
    d_lon = _transform_lon(point.lon - 105.0, point.lat - 35.0)
    rad_lat = point.lat / 180.0 * math.pi
    magic = 1 - _ECCENTRICITY_SQ * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / (
        (_SEMI_MAJOR_M * (1 - _ECCENTRICITY_SQ)) / (magic * sqrt_magic) * math.pi
    )
    d_lon = (d_lon * 180.0) / (_SEMI_MAJOR_M / sqrt_magic * math.cos(rad_lat) * math.pi)
    return LonLat(point.lon + d_lon, point.lat + d_lat)


def gcj02_to_wgs84(point: LonLat, *, tolerance_deg: float = 1e-9) -> LonLat:
    """Invert GCJ-02 by fixed-point iteration (converges in a handful of steps)."""
    if _outside_china(point):
        return point
    guess = point
    for _ in range(30):
        shifted = wgs84_to_gcj02(guess)
        d_lon, d_lat = shifted.lon - point.lon, shifted.lat - point.lat
        guess = LonLat(guess.lon - d_lon, guess.lat - d_lat)
        if abs(d_lon) < tolerance_deg and abs(d_lat) < tolerance_deg:
            break
    return guess


def bd09_to_gcj02(point: LonLat) -> LonLat:
    x, y = point.lon - 0.0065, point.lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _BD_FACTOR)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _BD_FACTOR)
    return LonLat(z * math.cos(theta), z * math.sin(theta))


def gcj02_to_bd09(point: LonLat) -> LonLat:
    x, y = point.lon, point.lat
    z = math.sqrt(x * x + y * y) + 0.00002 * math.sin(y * _BD_FACTOR)
    theta = math.atan2(y, x) + 0.000003 * math.cos(x * _BD_FACTOR)
    return LonLat(z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006)


def to_wgs84(point: LonLat, system: CoordSystem) -> LonLat:
    """Convert a point given in ``system`` to WGS-84."""
    if system is CoordSystem.GCJ02:
        return gcj02_to_wgs84(point)
    if system is CoordSystem.BD09:
        return gcj02_to_wgs84(bd09_to_gcj02(point))
    return point
