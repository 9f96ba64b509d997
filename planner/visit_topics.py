"""What a visit should cover: the seven services of the notice (二(三)), weighted by the elder.

Every visit may touch all seven services; the visitor has a few minutes and should start with
those the elder's facts call for. Each rule below names a fact of the elder or of the visit
and the services it pushes up; the services are then ordered by their weight, ties in the
notice's own order. Each service comes with the facts that put it where it is, so the page can
say why. A call (phone, online) leaves out what only a visit in person can see: the home.

Codes only: ``planner.io.words`` turns topics and facts into words (kinds ``topic``, ``fact``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from planner.model import Ability, Elder, PlannedVisit, VisitReason


class Topic(StrEnum):
    """The seven services of a visit, in the notice's order."""

    HEALTH = "health"
    HOME_SAFETY = "home_safety"
    POLICY_LINKAGE = "policy_linkage"
    CARE_ADVICE = "care_advice"
    EMOTIONAL_SUPPORT = "emotional_support"
    COMMUNITY_ACTIVITIES = "community_activities"
    EMERGENCY_HELP = "emergency_help"


class Fact(StrEnum):
    """A fact of the elder or of the visit that weighs on what the visit should cover."""

    BEDRIDDEN = "bedridden"
    SEVERE_ABILITY_LOSS = "severe_ability_loss"
    DEMENTIA = "dementia"
    MODERATE_ABILITY_LOSS = "moderate_ability_loss"
    LIMITED_MOBILITY = "limited_mobility"
    AGE_80_PLUS = "age_80_plus"
    LIVES_ALONE = "lives_alone"
    EMPTY_NEST = "empty_nest"
    LEFT_BEHIND = "left_behind"
    SEVERE_DISABILITY = "severe_disability"
    FAMILY_PLANNING_SPECIAL = "family_planning_special"
    IN_GOOD_HEALTH = "in_good_health"
    WEATHER_VISIT = "weather_visit"
    FESTIVAL_VISIT = "festival_visit"
    URGENT_VISIT = "urgent_visit"


SEVERE_DISABILITY_GRADES: Final = frozenset({1, 2})
"""Disability grades 1 and 2 are severe (二(一)); a policy file may say otherwise."""
OLD_AGE_YEARS: Final = 80

# A visit's own reason outweighs every fact of the elder: it is why the visit is made at all.
_REASON_WEIGHT: Final = 10


@dataclass(frozen=True)
class TopicAdvice:
    """A service the visit should cover and the facts that put it where it is in the order
    (empty: no fact calls for it; every visit covers it as a matter of course)."""

    topic: Topic
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class _Rule:
    fact: Fact
    holds: Callable[[Elder, PlannedVisit, frozenset[int]], bool]
    weights: dict[Topic, int]


def _age_80_plus(elder: Elder, visit: PlannedVisit) -> bool:
    if elder.birth_date is None and elder.stated_age is None:
        return False
    return elder.age_on(visit.day) >= OLD_AGE_YEARS


def _in_good_health(elder: Elder) -> bool:
    unwell = elder.bedridden or elder.dementia or elder.limited_mobility
    return elder.ability in (Ability.INTACT, Ability.MILD) and not unwell


# One rule per fact, in the order they are told. The weights say how strongly a fact calls for
# a service: 3 the first thing to see to, 2 next, 1 worth a word.
_RULES: Final[tuple[_Rule, ...]] = (
    # Loss of ability: the elder's health and daily care come first (服务 1 and 4).
    _Rule(
        Fact.BEDRIDDEN,
        lambda e, v, g: e.bedridden,
        {Topic.HEALTH: 3, Topic.CARE_ADVICE: 3},
    ),
    _Rule(
        Fact.SEVERE_ABILITY_LOSS,
        lambda e, v, g: e.ability in (Ability.SEVERE, Ability.TOTAL),
        {Topic.HEALTH: 3, Topic.CARE_ADVICE: 3},
    ),
    _Rule(
        Fact.DEMENTIA,
        lambda e, v, g: e.dementia,
        {Topic.HEALTH: 3, Topic.CARE_ADVICE: 3, Topic.HOME_SAFETY: 1},
    ),
    _Rule(
        Fact.MODERATE_ABILITY_LOSS,
        lambda e, v, g: e.ability is Ability.MODERATE,
        {Topic.CARE_ADVICE: 2, Topic.HEALTH: 1},
    ),
    # Falls: rehabilitation, home adaptation, and hazards in the home.
    _Rule(
        Fact.LIMITED_MOBILITY,
        lambda e, v, g: e.limited_mobility,
        {Topic.CARE_ADVICE: 2, Topic.HOME_SAFETY: 1},
    ),
    _Rule(
        Fact.AGE_80_PLUS,
        lambda e, v, g: _age_80_plus(e, v),
        {Topic.HEALTH: 2},
    ),
    # Nobody at home: company, the children's duty of support, and the house's safety.
    _Rule(
        Fact.LIVES_ALONE,
        lambda e, v, g: e.lives_alone,
        {Topic.EMOTIONAL_SUPPORT: 3, Topic.HOME_SAFETY: 2},
    ),
    _Rule(
        Fact.EMPTY_NEST,
        lambda e, v, g: e.empty_nest,
        {Topic.EMOTIONAL_SUPPORT: 3, Topic.HOME_SAFETY: 2},
    ),
    _Rule(
        Fact.LEFT_BEHIND,
        lambda e, v, g: e.left_behind,
        {Topic.EMOTIONAL_SUPPORT: 3, Topic.HOME_SAFETY: 1},
    ),
    # Benefits the elder may be entitled to (服务 3).
    _Rule(
        Fact.SEVERE_DISABILITY,
        lambda e, v, g: e.disability_grade in g,
        {Topic.POLICY_LINKAGE: 3},
    ),
    _Rule(
        Fact.FAMILY_PLANNING_SPECIAL,
        lambda e, v, g: e.family_planning_special,
        {Topic.POLICY_LINKAGE: 3, Topic.EMOTIONAL_SUPPORT: 2},
    ),
    # An elder who looks after themselves may want to take part (服务 6).
    _Rule(
        Fact.IN_GOOD_HEALTH,
        lambda e, v, g: _in_good_health(e),
        {Topic.COMMUNITY_ACTIVITIES: 2},
    ),
    # Extra contacts before extreme weather and at festivals, and visits after an alarm: the
    # notice makes them for emergency help (服务 7).
    _Rule(
        Fact.WEATHER_VISIT,
        lambda e, v, g: v.reason is VisitReason.WEATHER,
        {Topic.EMERGENCY_HELP: _REASON_WEIGHT, Topic.HOME_SAFETY: 2},
    ),
    _Rule(
        Fact.FESTIVAL_VISIT,
        lambda e, v, g: v.reason is VisitReason.FESTIVAL,
        {Topic.EMERGENCY_HELP: _REASON_WEIGHT, Topic.EMOTIONAL_SUPPORT: 2},
    ),
    _Rule(
        Fact.URGENT_VISIT,
        lambda e, v, g: v.reason is VisitReason.URGENT,
        {Topic.EMERGENCY_HELP: _REASON_WEIGHT, Topic.EMOTIONAL_SUPPORT: 3},
    ),
)

_IN_PERSON_ONLY: Final = frozenset({Topic.HOME_SAFETY})
"""What a call cannot cover: the housing, water, electricity and gas have to be seen."""


def visit_topics(
    elder: Elder,
    visit: PlannedVisit,
    *,
    severe_disability_grades: frozenset[int] = SEVERE_DISABILITY_GRADES,
) -> tuple[TopicAdvice, ...]:
    """The services ``visit`` to ``elder`` should cover, most pressing first, each with the
    facts that put it there.

    Parameters
    ----------
    elder
        The elder visited; their facts weigh the services.
    visit
        The planned visit: its reason (weather, festival, urgent) and its mode (a call leaves
        out what only a visit in person can see) weigh too.
    severe_disability_grades
        The grades that count as severe disability (the policy's ``tiers``).
    """
    weights = dict.fromkeys(Topic, 0)
    facts: dict[Topic, list[Fact]] = {topic: [] for topic in Topic}
    for rule in _RULES:
        if not rule.holds(elder, visit, severe_disability_grades):
            continue
        for topic, weight in rule.weights.items():
            weights[topic] += weight
            facts[topic].append(rule.fact)
    notice_order = list(Topic)
    ordered = sorted(Topic, key=lambda topic: (-weights[topic], notice_order.index(topic)))
    if visit.mode.is_remote:
        ordered = [topic for topic in ordered if topic not in _IN_PERSON_ONLY]
    return tuple(TopicAdvice(topic, tuple(facts[topic])) for topic in ordered)
