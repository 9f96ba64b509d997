"""Fixtures of the output tests: ``plan``, the week of ``tests.planner.io.week_plan``."""

from __future__ import annotations

import pytest

from planner.model import Plan, Tier
from planner.notes import Flag, FlagCode, PlanWarning, WarningCode
from tests.planner.io.week_plan import (
    ELDERS,
    MONDAY,
    ROUTES,
    UNASSIGNED,
    VISITORS,
    VISITS,
    due_visit,
)


@pytest.fixture
def plan() -> Plan:
    return Plan(
        week_start=MONDAY,
        elders=ELDERS,
        visitors=VISITORS,
        tiers={"E1": Tier.KEY, "E2": Tier.SECONDARY, "E3": Tier.GENERAL, "E4": Tier.KEY},
        due=tuple(due_visit(item) for item in (*VISITS, *UNASSIGNED)),
        visits=VISITS,
        unassigned=UNASSIGNED,
        routes=ROUTES,
        flags=(
            Flag("E4", FlagCode.APPROXIMATE_LOCATION, village="北社区", town="河口街道", count=3),
        ),
        seconds=1.23456,
        warnings=(PlanWarning(WarningCode.TIME_CAP_HIT, town="河口街道", cap_s=60),),
    )
