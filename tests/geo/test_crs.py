"""Conversions between the Chinese map coordinate systems, against published pairs.

The pairs are the reference outputs printed in wandergis/coordtransform's test (the library
most Chinese web GIS code copies) for the point (116.404, 39.915) in Beijing.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.crs import (
    CoordSystem,
    LonLat,
    bd09_to_gcj02,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    to_wgs84,
    wgs84_to_gcj02,
)

BEIJING = LonLat(116.404, 39.915)


def test_wgs84_to_gcj02_matches_the_published_pair() -> None:
    assert wgs84_to_gcj02(BEIJING) == pytest.approx(
        (116.41024449916938, 39.91640428150164), abs=1e-12
    )


def test_gcj02_to_bd09_matches_the_published_pair() -> None:
    assert gcj02_to_bd09(BEIJING) == pytest.approx(
        (116.41036949371029, 39.92133699351021), abs=1e-12
    )


def test_bd09_to_gcj02_matches_the_published_pair() -> None:
    assert bd09_to_gcj02(BEIJING) == pytest.approx(
        (116.39762729119315, 39.90865673957631), abs=1e-12
    )


def test_gcj02_to_wgs84_agrees_with_the_published_one_step_inverse() -> None:
    # The published value is a one-step approximation, good to about a metre; ours iterates.
    assert gcj02_to_wgs84(BEIJING) == pytest.approx(
        (116.39775550083061, 39.91359571849836), abs=1e-5
    )


china = st.builds(LonLat, st.floats(74.0, 134.0), st.floats(18.0, 53.0))


@given(china)
def test_gcj02_inverse_is_exact_to_a_centimetre(point: LonLat) -> None:
    back = gcj02_to_wgs84(wgs84_to_gcj02(point))
    assert tuple(back) == pytest.approx(tuple(point), abs=1e-7)


@given(china)
def test_bd09_round_trip(point: LonLat) -> None:
    # BD-09's published inverse is itself approximate: within a metre.
    assert tuple(bd09_to_gcj02(gcj02_to_bd09(point))) == pytest.approx(tuple(point), abs=1e-5)


def test_outside_china_gcj02_is_wgs84() -> None:
    london = LonLat(-0.1276, 51.5072)
    assert wgs84_to_gcj02(london) == london and gcj02_to_wgs84(london) == london


@pytest.mark.parametrize("system", list(CoordSystem))
def test_to_wgs84_undoes_each_system(system: CoordSystem) -> None:
    yicheng = LonLat(117.59, 34.77)
    given_as = {
        CoordSystem.WGS84: yicheng,
        CoordSystem.GCJ02: wgs84_to_gcj02(yicheng),
        CoordSystem.BD09: gcj02_to_bd09(wgs84_to_gcj02(yicheng)),
    }[system]
    assert to_wgs84(given_as, system) == pytest.approx(yicheng, abs=1e-6)


def test_the_offset_is_hundreds_of_metres_in_shandong() -> None:
    yicheng = LonLat(117.59, 34.77)
    shifted = wgs84_to_gcj02(yicheng)
    assert 0.002 < abs(shifted.lon - yicheng.lon) < 0.01
