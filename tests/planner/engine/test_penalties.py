"""Drop penalties from the priority order: strictly lexicographic, above any route cost."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from planner.engine.penalties import OBJECTIVE_BUDGET, drop_penalties
from planner.model import DueVisit, Priority, Tier, VisitMode, VisitReason
from planner.policy import Policy

MONDAY = date(2026, 9, 7)
SUNDAY = date(2026, 9, 13)


def _visit(priority: Priority, due_by: date = SUNDAY) -> DueVisit:
    tier = Tier.KEY if priority is not Priority.GENERAL else Tier.GENERAL
    return DueVisit(
        "E", tier, VisitMode.HOME, VisitReason.REGULAR, MONDAY, SUNDAY, due_by, "", None, priority
    )


def test_one_visit_outweighs_every_lower_visit_and_any_route_cost(policy: Policy) -> None:
    bound = 3_000_000
    visits = [
        _visit(p, due) for p in Priority for due in (SUNDAY, date(2026, 9, 30)) for _ in range(40)
    ]
    penalties = drop_penalties(visits, policy, SUNDAY, bound)
    for priority in Priority:
        rank = policy.priority_rank(priority)
        lightest = min(
            pen for v, pen in zip(visits, penalties, strict=True) if v.priority_class is priority
        )
        lower = sum(
            pen
            for v, pen in zip(visits, penalties, strict=True)
            if policy.priority_rank(v.priority_class) > rank
        )
        assert lightest > lower + bound
    assert sum(penalties) <= OBJECTIVE_BUDGET


def test_within_a_class_a_visit_due_this_week_outweighs_one_that_can_wait(policy: Policy) -> None:
    urgent, later = drop_penalties(
        [_visit(Priority.KEY), _visit(Priority.KEY, date(2026, 9, 30))], policy, SUNDAY, 1000
    )
    assert urgent > later + 1000


def test_the_order_comes_from_the_policy(policy: Policy) -> None:
    key_first = replace(
        policy, priority_order=(Priority.KEY, *(p for p in Priority if p is not Priority.KEY))
    )
    floor, key = drop_penalties(
        [_visit(Priority.MONTH_FLOOR), _visit(Priority.KEY)], key_first, SUNDAY, 10
    )
    assert key > floor


def test_penalties_too_big_for_the_solver_are_capped_not_wrapped(policy: Policy) -> None:
    visits = [_visit(p) for p in Priority for _ in range(3000)]
    penalties = drop_penalties(visits, policy, SUNDAY, 50_000_000)
    assert sum(penalties) <= OBJECTIVE_BUDGET
    floor = policy.priority_rank(Priority.MONTH_FLOOR)
    assert penalties[floor * 3000] > penalties[-1]
