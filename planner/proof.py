"""Proof of the visits made, and the coordinator's spot checks (issue 19, "Proof and spot
checks").

A home visit's record may carry where the phone was when it was saved (with the visitor's
consent); one saved far from the elder's home is flagged (``far_from_home``). Each week a
coordinator calls back a sample of the visits made (``spot_check_sample``): seeded by the week
and the town, so the same visits come out however often it is asked, and nobody can tell in
advance which.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final, TypeVar

from geo.crs import LonLat
from geo.travel import haversine_km

SPOT_CHECK_SHARE: Final = 0.05
SPOT_CHECK_MINIMUM: Final = 3

_T = TypeVar("_T")


class SpotCheckOutcome(StrEnum):
    """What the call back found: the elder confirmed the visit, denied it, or could not be
    reached."""

    CONFIRMED = "confirmed"
    NOT_CONFIRMED = "not_confirmed"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class Distance:
    metres: int
    far: bool


def far_from_home(home: LonLat, saved_at: LonLat, max_distance_m: int) -> Distance:
    """How far from the elder's home the record was saved, and whether that is farther than
    the policy allows."""
    metres = round(haversine_km(home, saved_at) * 1000)
    return Distance(metres, metres > max_distance_m)


def spot_check_size(
    visits: int, share: float = SPOT_CHECK_SHARE, minimum: int = SPOT_CHECK_MINIMUM
) -> int:
    """How many of a town's ``visits`` of a week are called back: ``share`` of them rounded up,
    at least ``minimum``, never more than were made."""
    return min(visits, max(minimum, math.ceil(visits * share)))


def spot_check_sample(
    visits: Sequence[_T],
    week: date,
    town: str,
    *,
    share: float = SPOT_CHECK_SHARE,
    minimum: int = SPOT_CHECK_MINIMUM,
    key: str = "",
) -> list[_T]:
    """The visits to call back, from ``visits`` (in a stable order, e.g. by record id) made in
    ``town`` in the week starting ``week``: the same sample for the same week, town and visits."""
    seed = hashlib.sha256(f"{week.isoformat()}/{town}".encode()).digest()
    chooser = random.Random(int.from_bytes(seed[:8], "big"))
    return chooser.sample(list(visits), spot_check_size(len(visits), share, minimum))
