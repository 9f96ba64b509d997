"""Moving a planned visit (planner.usecases.edit): each rule bites when broken and not
otherwise, the days are re-timed, and the edited plan passes the planner's checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from planner.checks import check_plan
from planner.io.tables import load_tables
from planner.model import Plan, PlannedVisit, VisitMode
from planner.policy import Policy, load_policy
from planner.usecases.edit import MoveRefusedError, move_visit
from planner.usecases.plan import PlanRequest, plan_week

TABLES = Path(__file__).parents[2] / "data" / "tables"
MONDAY, TUESDAY, WEDNESDAY = date(2024, 5, 6), date(2024, 5, 7), date(2024, 5, 8)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="module")
def plan(policy: Policy) -> Plan:
    """V01 visits E001, V02 visits E005 and E004 on the Monday (see tests/api/service)."""
    tables = load_tables(TABLES / "elders_good.csv", TABLES / "visitors_good.csv")
    return plan_week(PlanRequest.from_tables(tables, MONDAY, policy), workers=1)


def _visit(plan: Plan, elder_id: str) -> PlannedVisit:
    return next(v for v in plan.visits if v.elder_id == elder_id)


def test_a_visit_moved_to_a_working_day_is_re_timed_and_both_routes_follow(
    plan: Plan, policy: Policy
) -> None:
    moved = move_visit(plan, _visit(plan, "E004"), day=WEDNESDAY, visitor_id="V02", policy=policy)
    assert check_plan(moved.plan, policy) == []
    v02 = sorted(
        (v.day, v.elder_id, v.sequence) for v in moved.plan.visits if v.visitor_id == "V02"
    )
    assert v02 == [(MONDAY, "E005", 1), (WEDNESDAY, "E004", 1)]
    routes = {(r.day, r.elder_ids) for r in moved.plan.routes if r.visitor_id == "V02"}
    assert routes == {(MONDAY, ("E005",)), (WEDNESDAY, ("E004",))}
    wednesday = next(v for v in moved.plan.visits if v.day == WEDNESDAY)
    assert wednesday.travel_minutes > 0
    assert wednesday.arrival_min >= 9 * 60 + wednesday.travel_minutes  # V02's shift starts 09:00


def test_a_visit_moved_to_a_day_off_is_refused(plan: Plan, policy: Policy) -> None:
    with pytest.raises(MoveRefusedError, match="not a working day"):
        move_visit(plan, _visit(plan, "E004"), day=TUESDAY, visitor_id="V02", policy=policy)


def test_a_visit_moved_out_of_the_visitors_area_is_refused(plan: Plan, policy: Policy) -> None:
    with pytest.raises(MoveRefusedError, match="outside the visitor's area"):
        # V04 serves 赵家洼 and 李家庄; E004 lives in 王家村.
        move_visit(plan, _visit(plan, "E004"), day=MONDAY, visitor_id="V04", policy=policy)


def test_a_home_visit_over_the_daily_cap_is_refused(plan: Plan, policy: Policy) -> None:
    one_a_day = tuple(
        replace(v, max_home_visits_per_day=1) if v.visitor_id == "V01" else v for v in plan.visitors
    )
    capped = replace(plan, visitors=one_a_day)
    assert _visit(plan, "E001").mode is VisitMode.HOME  # V01's one home visit that Monday
    with pytest.raises(MoveRefusedError, match="over the cap"):
        move_visit(capped, _visit(plan, "E005"), day=MONDAY, visitor_id="V01", policy=policy)
    move_visit(plan, _visit(plan, "E005"), day=MONDAY, visitor_id="V01", policy=policy)


def test_a_move_outside_the_week_or_to_an_unknown_visitor_is_refused(
    plan: Plan, policy: Policy
) -> None:
    visit = _visit(plan, "E004")
    with pytest.raises(MoveRefusedError, match="outside the plan's week"):
        move_visit(plan, visit, day=date(2024, 5, 13), visitor_id="V02", policy=policy)
    with pytest.raises(MoveRefusedError, match="not in this plan"):
        move_visit(plan, visit, day=MONDAY, visitor_id="V99", policy=policy)
