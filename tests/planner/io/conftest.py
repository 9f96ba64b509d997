"""Fixtures of the output tests: ``plan``, the week of ``tests.planner.io.week_plan``."""

from __future__ import annotations

import pytest

from planner.model import Flag, Plan, Tier
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
        flags=(Flag("E4", "no_visitor", "无人服务北社区"),),
        seconds=1.23456,
        warnings=("河口街道 3月5日 暴雨预警",),
    )
