"""Fair splits: ``apportion`` gives every part its minimum and the rest by weight."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.demo.draws import apportion

WEIGHTS = st.lists(st.floats(min_value=0.01, max_value=100.0), min_size=1, max_size=30)


@given(weights=WEIGHTS, minimum=st.integers(0, 3), spare=st.integers(0, 500))
def test_every_part_gets_its_minimum_and_heavier_weights_no_less(
    weights: list[float], minimum: int, spare: int
) -> None:
    total = minimum * len(weights) + spare
    parts = apportion(total, weights, minimum=minimum)
    assert sum(parts) == total and min(parts) >= minimum
    for heavy, light in itertools.permutations(range(len(weights)), 2):
        if weights[heavy] > weights[light] * (1 + 1e-9):
            assert parts[heavy] >= parts[light]


@given(weights=WEIGHTS, total=st.integers(0, 500))
def test_without_a_minimum_each_part_is_its_share_rounded(weights: list[float], total: int) -> None:
    parts = apportion(total, weights, minimum=0)
    weight = math.fsum(weights)
    for part, share in zip(parts, weights, strict=True):
        assert abs(part - total * share / weight) < 1 + 1e-9


def test_a_total_below_the_minimums_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot split 5 into 3 parts of at least 2"):
        apportion(5, [1.0, 1.0, 1.0], minimum=2)
