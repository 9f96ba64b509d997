"""The tier rules of section 二(一) at their boundaries, and the policy file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.model import Ability, Priority, Tier, VisitMode
from planner.policy import Policy, PolicyError, TierRule, classify, load_policy
from tests.conftest import make_elder

ON = date(2026, 12, 7)


def tier_of(policy: Policy, **facts: object) -> Tier:
    return classify(make_elder(**facts), policy, ON).tier


def test_age_80_on_the_planning_date_is_key(policy: Policy) -> None:
    assert tier_of(policy, birth_date=date(1946, 12, 7)) is Tier.KEY


def test_age_79_the_day_before_the_80th_birthday_is_not_key(policy: Policy) -> None:
    assert tier_of(policy, birth_date=date(1946, 12, 8)) is Tier.GENERAL


def test_stated_age_is_used_without_birth_date(policy: Policy) -> None:
    assert tier_of(policy, birth_date=None, stated_age=80) is Tier.KEY
    assert tier_of(policy, birth_date=None, stated_age=79) is Tier.GENERAL


@pytest.mark.parametrize(
    ("grade", "tier"), [(1, Tier.KEY), (2, Tier.KEY), (3, Tier.GENERAL), (4, Tier.GENERAL)]
)
def test_disability_grades_1_and_2_are_severe(policy: Policy, grade: int, tier: Tier) -> None:
    assert tier_of(policy, disability_grade=grade) is tier


@pytest.mark.parametrize(
    ("ability", "tier"),
    [
        (Ability.INTACT, Tier.GENERAL),
        (Ability.MILD, Tier.GENERAL),
        (Ability.MODERATE, Tier.SECONDARY),
        (Ability.SEVERE, Tier.KEY),
        (Ability.TOTAL, Tier.KEY),
        (Ability.UNASSESSED, Tier.GENERAL),
    ],
)
def test_each_ability_level(policy: Policy, ability: Ability, tier: Tier) -> None:
    assert tier_of(policy, ability=ability) is tier


def test_unassessed_and_bedridden_counts_as_severe(policy: Policy) -> None:
    assert tier_of(policy, ability=Ability.UNASSESSED, bedridden=True) is Tier.KEY


def test_bedridden_does_not_override_an_assessment(policy: Policy) -> None:
    assert tier_of(policy, ability=Ability.MILD, bedridden=True) is Tier.GENERAL


def test_unassessed_with_limited_mobility_counts_as_moderate(policy: Policy) -> None:
    assert tier_of(policy, ability=Ability.UNASSESSED, limited_mobility=True) is Tier.SECONDARY


def test_limited_mobility_does_not_override_an_assessment(policy: Policy) -> None:
    assert tier_of(policy, ability=Ability.INTACT, limited_mobility=True) is Tier.GENERAL


def test_dementia_is_key(policy: Policy) -> None:
    assert tier_of(policy, dementia=True) is Tier.KEY


def test_the_deciding_rule_is_named(policy: Policy) -> None:
    decision = classify(make_elder(birth_date=date(1940, 1, 1)), policy, ON)
    assert (decision.rule, decision.age, decision.key_min_age) == (TierRule.KEY_AGE, 86, 80)
    graded = classify(make_elder(disability_grade=2), policy, ON)
    assert (graded.rule, graded.disability_grade) == (TierRule.SEVERE_DISABILITY, 2)


def test_tier_follows_the_facts_when_they_change(policy: Policy) -> None:
    before = classify(make_elder(ability=Ability.MILD), policy, ON).tier
    after = classify(make_elder(ability=Ability.SEVERE), policy, ON).tier
    assert (before, after) == (Tier.GENERAL, Tier.KEY)


def test_default_policy_holds_the_notice_defaults(policy: Policy) -> None:
    assert policy.visits_per_month == {Tier.KEY: 4, Tier.SECONDARY: 2, Tier.GENERAL: 1}
    assert policy.regular_mode[Tier.KEY] is VisitMode.HOME
    assert policy.regular_mode[Tier.GENERAL] is VisitMode.PHONE
    assert policy.visit_minutes[VisitMode.HOME] == 30
    assert policy.visit_minutes[VisitMode.PHONE] == 10
    assert [policy.speed_kph[m] for m in policy.speed_kph] == [4.5, 12.0, 18.0, 30.0]
    assert policy.general_home_visit_every_months == 3


def test_a_policy_file_overrides_only_its_keys(tmp_path: Path) -> None:
    path = tmp_path / "town.toml"
    path.write_text("[frequency]\nkey = 6\n[tiers]\nkey_min_age = 75\n", encoding="utf-8")
    custom = load_policy(path)
    assert custom.visits_per_month[Tier.KEY] == 6
    assert custom.visits_per_month[Tier.SECONDARY] == 2
    assert classify(make_elder(birth_date=date(1950, 1, 1)), custom, ON).tier is Tier.KEY


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[frequency]\nkey = 0\n", "'frequency.key'"),
        ("[frequency]\nweekly = 1\n", "unknown key 'frequency.weekly'"),
        ("[modes]\nkey = 'visit'\n", "'modes.key'"),
        ("[travel]\ndetour_factor = 0.5\n", "'travel.detour_factor'"),
        ("frequency = 3\n", "must be a table"),
        ("[frequency\n", "not valid TOML"),
        ("[calendar]\nextra_holidays = ['2027-13-01']\n", "'calendar.extra_holidays'"),
        ("[priorities]\norder = ['key', 'month_floor']\n", "'priorities.order'"),
        (
            "[priorities]\norder = ['vip', 'month_floor', 'first_home_visit', 'key', 'general']\n",
            "'priorities.order'",
        ),
        ("[priorities]\nrank = []\n", "unknown key 'priorities.rank'"),
        ("[solver]\nmax_load_share = 0.5\n", "'solver.max_load_share'"),
    ],
)
def test_bad_policy_files_name_the_key(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError, match=r"bad\.toml") as error:
        load_policy(path)
    assert fragment in str(error.value)


def test_a_missing_policy_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="no such file"):
        load_policy(tmp_path / "nope.toml")


def test_the_default_priority_order_puts_the_month_floor_first(policy: Policy) -> None:
    assert policy.priority_order == (
        Priority.MONTH_FLOOR,
        Priority.FIRST_HOME_VISIT,
        Priority.KEY,
        Priority.SECONDARY,
        Priority.GENERAL,
    )
    assert policy.priority_rank(Priority.MONTH_FLOOR) == 0


def test_a_policy_file_may_reorder_the_priorities(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    order = ["key", "secondary", "month_floor", "first_home_visit", "general"]
    path.write_text(f"[priorities]\norder = {order!r}\n", encoding="utf-8")
    assert [p.value for p in load_policy(path).priority_order] == order
