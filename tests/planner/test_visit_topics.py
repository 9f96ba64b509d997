"""What a visit should cover (planner.visit_topics): one pair of tests per weighting rule, one
where the rule bites and one where it does not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from planner.io.words import LANGUAGES, label
from planner.model import Ability, Elder, PlannedVisit, Tier, VisitMode, VisitReason
from planner.visit_topics import Fact, Topic, TopicAdvice, visit_topics
from tests.conftest import MONDAY, make_elder


def planned(
    mode: VisitMode = VisitMode.HOME, reason: VisitReason = VisitReason.REGULAR
) -> PlannedVisit:
    return PlannedVisit(
        day=MONDAY,
        visitor_id="V1",
        elder_id="E1",
        tier=Tier.KEY,
        mode=mode,
        sequence=1,
        arrival_min=9 * 60,
        departure_min=9 * 60 + 30,
        travel_minutes=10,
        reason=reason,
        due_by=MONDAY,
    )


def topics_for(elder: Elder, visit: PlannedVisit | None = None, **options: Any) -> list[Topic]:
    return [advice.topic for advice in visit_topics(elder, visit or planned(), **options)]


def advice_for(elder: Elder, topic: Topic, visit: PlannedVisit | None = None) -> TopicAdvice:
    return next(a for a in visit_topics(elder, visit or planned()) if a.topic is topic)


# A 76-year-old in the base builder; "unwell" so that the good-health rule stays out of the way.
UNWELL = make_elder(ability=Ability.MODERATE)
HEALTHY = make_elder(ability=Ability.INTACT)


def test_a_home_visit_covers_all_seven_services_once() -> None:
    assert sorted(topics_for(HEALTHY)) == sorted(Topic)


def test_without_facts_the_services_come_in_the_notices_order() -> None:
    bare = make_elder(ability=Ability.UNASSESSED)
    assert topics_for(bare) == list(Topic)
    assert all(advice.facts == () for advice in visit_topics(bare, planned()))


@pytest.mark.parametrize(
    ("changes", "fact"),
    [
        ({"bedridden": True}, Fact.BEDRIDDEN),
        ({"ability": Ability.SEVERE}, Fact.SEVERE_ABILITY_LOSS),
        ({"ability": Ability.TOTAL}, Fact.SEVERE_ABILITY_LOSS),
        ({"dementia": True}, Fact.DEMENTIA),
    ],
)
def test_loss_of_ability_puts_health_and_care_advice_first(
    changes: dict[str, Any], fact: Fact
) -> None:
    elder = make_elder(**{"ability": Ability.UNASSESSED, **changes})
    assert topics_for(elder)[:2] == [Topic.HEALTH, Topic.CARE_ADVICE]
    assert fact in advice_for(elder, Topic.HEALTH).facts
    assert fact in advice_for(elder, Topic.CARE_ADVICE).facts


def test_without_loss_of_ability_health_and_care_advice_are_not_pushed_up() -> None:
    lonely = make_elder(ability=Ability.UNASSESSED, lives_alone=True)
    assert topics_for(lonely)[:2] == [Topic.EMOTIONAL_SUPPORT, Topic.HOME_SAFETY]
    assert advice_for(lonely, Topic.HEALTH).facts == ()


@pytest.mark.parametrize(
    ("changes", "fact"),
    [
        ({"ability": Ability.MODERATE}, Fact.MODERATE_ABILITY_LOSS),
        ({"ability": Ability.UNASSESSED, "limited_mobility": True}, Fact.LIMITED_MOBILITY),
    ],
)
def test_moderate_loss_or_limited_mobility_puts_care_advice_first(
    changes: dict[str, Any], fact: Fact
) -> None:
    elder = make_elder(**changes)
    assert topics_for(elder)[0] is Topic.CARE_ADVICE
    assert advice_for(elder, Topic.CARE_ADVICE).facts == (fact,)


def test_mild_loss_of_ability_does_not_call_for_care_advice() -> None:
    elder = make_elder(ability=Ability.MILD)
    assert advice_for(elder, Topic.CARE_ADVICE).facts == ()


@pytest.mark.parametrize(
    ("flag", "fact"), [("lives_alone", Fact.LIVES_ALONE), ("empty_nest", Fact.EMPTY_NEST)]
)
def test_living_alone_or_in_an_empty_nest_puts_emotional_support_and_home_safety_first(
    flag: str, fact: Fact
) -> None:
    elder = replace(UNWELL, **{flag: True})
    assert topics_for(elder)[:2] == [Topic.EMOTIONAL_SUPPORT, Topic.HOME_SAFETY]
    assert advice_for(elder, Topic.EMOTIONAL_SUPPORT).facts == (fact,)


def test_left_behind_puts_emotional_support_first() -> None:
    elder = replace(UNWELL, left_behind=True)
    assert topics_for(elder)[0] is Topic.EMOTIONAL_SUPPORT
    assert advice_for(elder, Topic.EMOTIONAL_SUPPORT).facts == (Fact.LEFT_BEHIND,)


def test_an_elder_with_family_around_gets_no_push_to_emotional_support() -> None:
    assert advice_for(UNWELL, Topic.EMOTIONAL_SUPPORT).facts == ()
    assert topics_for(UNWELL).index(Topic.EMOTIONAL_SUPPORT) > 2


@pytest.mark.parametrize("grade", [1, 2])
def test_disability_grade_1_or_2_puts_policy_linkage_first(grade: int) -> None:
    elder = make_elder(ability=Ability.UNASSESSED, disability_grade=grade)
    assert topics_for(elder)[0] is Topic.POLICY_LINKAGE
    assert advice_for(elder, Topic.POLICY_LINKAGE).facts == (Fact.SEVERE_DISABILITY,)


@pytest.mark.parametrize("grade", [None, 3, 4])
def test_a_milder_or_no_disability_leaves_policy_linkage_in_its_place(grade: int | None) -> None:
    elder = make_elder(ability=Ability.UNASSESSED, disability_grade=grade)
    assert advice_for(elder, Topic.POLICY_LINKAGE).facts == ()
    assert topics_for(elder).index(Topic.POLICY_LINKAGE) == 2  # the notice's third service


def test_the_severe_grades_follow_the_policy() -> None:
    elder = make_elder(ability=Ability.UNASSESSED, disability_grade=3)
    grades = frozenset({1, 2, 3})
    assert topics_for(elder, severe_disability_grades=grades)[0] is Topic.POLICY_LINKAGE


def test_a_family_planning_special_family_puts_policy_linkage_first() -> None:
    elder = replace(UNWELL, family_planning_special=True)
    assert topics_for(elder)[0] is Topic.POLICY_LINKAGE
    assert Fact.FAMILY_PLANNING_SPECIAL in advice_for(elder, Topic.EMOTIONAL_SUPPORT).facts


def test_age_80_or_over_raises_health() -> None:
    eighty = make_elder(ability=Ability.UNASSESSED, birth_date=date(1946, 12, 7))
    assert topics_for(eighty)[0] is Topic.HEALTH
    assert advice_for(eighty, Topic.HEALTH).facts == (Fact.AGE_80_PLUS,)


def test_age_79_does_not_raise_health() -> None:
    seventy_nine = make_elder(ability=Ability.UNASSESSED, birth_date=date(1946, 12, 8))
    assert advice_for(seventy_nine, Topic.HEALTH).facts == ()


def test_an_elder_with_neither_birth_date_nor_age_is_not_taken_for_80() -> None:
    ageless = make_elder(ability=Ability.UNASSESSED, birth_date=None, stated_age=None)
    assert advice_for(ageless, Topic.HEALTH).facts == ()


@pytest.mark.parametrize("ability", [Ability.INTACT, Ability.MILD])
def test_good_health_puts_community_activities_first(ability: Ability) -> None:
    elder = make_elder(ability=ability)
    assert topics_for(elder)[0] is Topic.COMMUNITY_ACTIVITIES
    assert advice_for(elder, Topic.COMMUNITY_ACTIVITIES).facts == (Fact.IN_GOOD_HEALTH,)


@pytest.mark.parametrize(
    "changes",
    [
        {"ability": Ability.MODERATE},
        {"ability": Ability.UNASSESSED},
        {"ability": Ability.INTACT, "limited_mobility": True},
        {"ability": Ability.MILD, "dementia": True},
    ],
)
def test_an_elder_not_known_to_be_well_gets_no_push_to_community_activities(
    changes: dict[str, Any],
) -> None:
    assert advice_for(make_elder(**changes), Topic.COMMUNITY_ACTIVITIES).facts == ()


@pytest.mark.parametrize(
    ("reason", "fact"),
    [
        (VisitReason.WEATHER, Fact.WEATHER_VISIT),
        (VisitReason.FESTIVAL, Fact.FESTIVAL_VISIT),
        (VisitReason.URGENT, Fact.URGENT_VISIT),
    ],
)
def test_a_weather_festival_or_urgent_visit_puts_emergency_help_first(
    reason: VisitReason, fact: Fact
) -> None:
    # Even before the needs of a bedridden elder who lives alone.
    elder = make_elder(ability=Ability.UNASSESSED, bedridden=True, lives_alone=True)
    visit = planned(reason=reason)
    assert topics_for(elder, visit)[0] is Topic.EMERGENCY_HELP
    assert advice_for(elder, Topic.EMERGENCY_HELP, visit).facts == (fact,)


@pytest.mark.parametrize("reason", [VisitReason.REGULAR, VisitReason.FOLLOWUP])
def test_a_regular_visit_leaves_emergency_help_last(reason: VisitReason) -> None:
    topics = topics_for(UNWELL, planned(reason=reason))
    assert topics[-1] is Topic.EMERGENCY_HELP


@pytest.mark.parametrize("mode", [VisitMode.PHONE, VisitMode.ONLINE])
def test_a_call_leaves_out_what_must_be_seen_in_person(mode: VisitMode) -> None:
    elder = replace(UNWELL, lives_alone=True)
    by_call = topics_for(elder, planned(mode))
    assert Topic.HOME_SAFETY not in by_call
    assert by_call == [t for t in topics_for(elder) if t is not Topic.HOME_SAFETY]


@pytest.mark.parametrize("mode", [VisitMode.HOME, VisitMode.ROAD])
def test_a_visit_in_person_covers_home_safety(mode: VisitMode) -> None:
    assert Topic.HOME_SAFETY in topics_for(UNWELL, planned(mode))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_topic_and_fact_has_words(lang: str) -> None:
    words = [label("topic", t, lang) for t in Topic] + [label("fact", f, lang) for f in Fact]
    assert all(words) and len(set(words)) == len(words)
