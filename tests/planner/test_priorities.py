"""When visitors are short: the month's floor first, then the policy's order (issue 10, item 2).

Every elder's one visit of the month, and a key or secondary elder's first home visit, come
before anybody's further visits; ``[priorities] order`` says so and may say otherwise.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

from geo.crs import LonLat
from planner.demand import week_days
from planner.engine.town_plan import TownPlan, TownWeek, plan_town
from planner.io.summary import summary
from planner.model import (
    Ability,
    DueVisit,
    Elder,
    PastVisit,
    Priority,
    Tier,
    VisitMode,
    Visitor,
    VisitReason,
)
from planner.policy import Policy
from planner.usecases.plan import PlanRequest, plan_week
from planner.usecases.simulate import mondays_covering, run_weeks
from tests.conftest import CENTRE, MONDAY, TOWN, make_elder, make_visitor, window

KEY = {"birth_date": date(1940, 1, 1)}
GENERAL = {"ability": Ability.INTACT}
KEY_FIRST = (
    Priority.KEY,
    Priority.MONTH_FLOOR,
    Priority.FIRST_HOME_VISIT,
    Priority.SECONDARY,
    Priority.GENERAL,
)


def september(policy: Policy, elders: list[Elder], visitors: list[Visitor]) -> Counter[str]:
    """Regular visits each elder got in September 2026, planned week by week."""
    made = run_weeks(elders, visitors, mondays_covering(2026, 9), policy, time_limit_s=0.5)
    return Counter(v.elder_id for v in made if v.day.month == 9 and _regular(v))


def _regular(visit: PastVisit) -> bool:
    return visit.reason is VisitReason.REGULAR


def _issue_case(cap: int) -> tuple[list[Elder], list[Visitor]]:
    """One visitor working Mondays, two key elders and four general elders, all at home."""
    elders = [make_elder(f"K{i}", **KEY) for i in range(2)]
    elders += [make_elder(f"G{i}", **GENERAL) for i in range(4)]
    visitor = make_visitor(max_home_visits_per_day=cap, work_weekdays=frozenset({0}))
    return elders, [visitor]


def test_general_elders_get_their_months_contact_before_key_elders_further_visits(
    policy: Policy,
) -> None:
    elders, visitors = _issue_case(cap=2)
    made = september(policy, elders, visitors)
    assert all(made[f"G{i}"] >= 1 for i in range(4)), made
    assert all(made[f"K{i}"] >= 1 for i in range(2)), made


def test_putting_key_visits_first_lets_them_take_the_general_elders_place(
    policy: Policy,
) -> None:
    elders, visitors = _issue_case(cap=2)
    made = september(replace(policy, priority_order=KEY_FIRST), elders, visitors)
    assert any(made[f"G{i}"] == 0 for i in range(4)), made


def test_the_order_does_not_matter_when_there_are_visitors_enough(policy: Policy) -> None:
    elders, visitors = _issue_case(cap=8)
    default = september(policy, elders, visitors)
    key_first = september(replace(policy, priority_order=KEY_FIRST), elders, visitors)
    assert default == key_first
    assert all(default[f"G{i}"] == 1 for i in range(4)) and default["K0"] == 4


def test_a_town_short_of_visitors_still_visits_every_elder_in_the_month(policy: Policy) -> None:
    elders = [
        make_elder(
            f"E{i:02d}",
            location=LonLat(CENTRE.lon + 0.004 * (i % 8), CENTRE.lat + 0.003 * (i // 8)),
            **(KEY if i % 3 == 0 else GENERAL),
        )
        for i in range(60)
    ]
    visitor = make_visitor(max_home_visits_per_day=4)
    made = september(policy, elders, [visitor])
    assert [e.elder_id for e in elders if made[e.elder_id] == 0] == []


def _town_week(policy: Policy, visits: list[DueVisit], visitor: Visitor) -> TownPlan:
    elders = {v.elder_id: make_elder(v.elder_id) for v in visits}
    days = tuple(week_days(MONDAY))
    working = frozenset({(visitor.visitor_id, MONDAY)})
    week = TownWeek(TOWN, days, elders, (visitor,), tuple(visits), working, policy)
    return plan_town(week, time_limit_s=0.5)


def _due(elder_id: str, mode: VisitMode, tier: Tier, priority: Priority | None) -> DueVisit:
    return DueVisit(
        elder_id, tier, mode, VisitReason.REGULAR, MONDAY, MONDAY, MONDAY, priority=priority
    )


FULL_MORNING = window("08:30-09:35")  # two home visits and their journeys, no room for a call


def test_a_floor_call_takes_the_time_of_a_further_home_visit(policy: Policy) -> None:
    visits = [
        _due("K1", VisitMode.HOME, Tier.KEY, None),
        _due("K2", VisitMode.HOME, Tier.KEY, None),
        _due("G1", VisitMode.PHONE, Tier.GENERAL, Priority.MONTH_FLOOR),
    ]
    result = _town_week(policy, visits, make_visitor(shift=FULL_MORNING))
    assert "G1" in {v.elder_id for v in result.visits}
    assert [u.elder_id for u in result.unassigned] in (["K1"], ["K2"])
    (route,) = result.routes
    assert len(route.elder_ids) == 1


def test_a_further_call_does_not_displace_a_home_visit(policy: Policy) -> None:
    visits = [
        _due("K1", VisitMode.HOME, Tier.KEY, None),
        _due("K2", VisitMode.HOME, Tier.KEY, None),
        _due("G1", VisitMode.PHONE, Tier.GENERAL, None),
    ]
    result = _town_week(policy, visits, make_visitor(shift=FULL_MORNING))
    assert [u.elder_id for u in result.unassigned] == ["G1"]


def test_the_summary_says_who_would_miss_the_month_and_what_would_close_the_gap(
    policy: Policy,
) -> None:
    elders = [make_elder(f"G{i:02d}", **GENERAL) for i in range(30)]
    visitor = make_visitor(max_home_visits_per_day=2, work_weekdays=frozenset({0}))
    last_week = date(2026, 9, 28)  # September's last week: every floor visit is due
    plan = plan_week(PlanRequest(elders, [visitor], last_week, policy), time_limit_s=0.5)
    figures = summary(plan)
    missing = figures["elders_missing_month"]
    assert isinstance(missing, int) and missing >= 30 - 2 - 1  # a Monday: 2 homes, calls
    days = figures["visitor_days_to_close_gap"]
    assert isinstance(days, int) and days >= missing // 2
