"""Seeded draws and fair splits that every stage of the demo district uses.

Each stage draws from its own ``random.Random``, derived from the seed (``DEFAULT_SEED`` unless
told), so that the same seed gives the same district, byte for byte.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Sequence
from typing import TypeVar

_Item = TypeVar("_Item")

DEFAULT_SEED = 20231011
"""The seed of the demo district unless one is given."""


# The draws below run once or more per elder: they index with random() directly, which is
# several times faster than Random.choice/choices and just as reproducible.


def pick(rng: random.Random, items: Sequence[_Item]) -> _Item:
    return items[int(rng.random() * len(items))]


def pick_weighted(rng: random.Random, items: Sequence[_Item], cumulative: Sequence[float]) -> _Item:
    index = bisect.bisect(cumulative, rng.random() * cumulative[-1])
    return items[min(index, len(items) - 1)]  # random() * total may round up to the total


def apportion(total: int, weights: Sequence[float], *, minimum: int) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainders), no part below ``minimum``.

    Parts whose share falls below the minimum get the minimum; the rest share what is left.
    """
    if total < minimum * len(weights):
        raise ValueError(f"cannot split {total} into {len(weights)} parts of at least {minimum}")
    pinned: set[int] = set()
    while True:
        free = [index for index in range(len(weights)) if index not in pinned]
        budget = total - minimum * len(pinned)
        weight_sum = math.fsum(weights[index] for index in free)
        exact = {index: budget * weights[index] / weight_sum for index in free}
        below = [index for index in free if exact[index] < minimum]
        if not below:
            break
        pinned.update(below)
    parts = [minimum] * len(weights)
    for index in free:
        parts[index] = math.floor(exact[index])
    by_remainder = sorted(free, key=lambda index: (parts[index] - exact[index], index))
    for index in by_remainder[: total - sum(parts)]:
        parts[index] += 1
    return parts


def stochastic_round(value: float, rng: random.Random) -> int:
    """``value`` rounded down or up, up with the chance of its fraction."""
    whole = math.floor(value)
    return whole + (1 if rng.random() < value - whole else 0)
