"""When visitors are short: the month's floor first, then the policy's order (issue 10, item 2).

Every elder's one visit of the month, and a key or secondary elder's first home visit, come
before anybody's further visits; ``[priorities] order`` says so and may say otherwise.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

from geo.crs import LonLat
from planner.model import Ability, Elder, PastVisit, Priority, Visitor, VisitReason
from planner.policy import Policy
from planner.simulate import mondays_covering, run_weeks
from tests.conftest import CENTRE, make_elder, make_visitor

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
