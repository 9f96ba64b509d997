"""The searches' budgets (``limits``): in steps per home visit, never none, and a wall-clock cap
that leaves a late search a little time rather than none."""

from __future__ import annotations

import time
from dataclasses import replace

from planner.engine.solver.limits import MIN_SEARCH_S, TownSearchLimits
from planner.policy import Policy


def test_the_budgets_grow_with_the_home_visits(policy: Policy) -> None:
    limits = TownSearchLimits.from_policy(policy)
    assert limits.visitor_steps(10) == 10 * policy.visitor_steps_per_home_visit
    assert limits.town_steps(10) == 10 * policy.town_steps_per_home_visit


def test_a_search_of_nothing_still_gets_one_step(policy: Policy) -> None:
    limits = TownSearchLimits.from_policy(replace(policy, town_steps_per_home_visit=0))
    assert limits.town_steps(5) == 1 and limits.visitor_steps(0) == 1


def test_the_cap_is_the_policys_unless_given(policy: Policy) -> None:
    assert TownSearchLimits.from_policy(policy).cap_s == policy.max_seconds_per_town
    assert TownSearchLimits.from_policy(policy, 3.5).cap_s == 3.5


def test_what_is_left_of_the_cap_shrinks_but_never_below_the_least(policy: Policy) -> None:
    fresh = TownSearchLimits.from_policy(policy, 1000.0)
    assert MIN_SEARCH_S < fresh.remaining_s() <= 1000.0
    spent = replace(fresh, started=time.perf_counter() - 2000.0)
    assert spent.remaining_s() == MIN_SEARCH_S
