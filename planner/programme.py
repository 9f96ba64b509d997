"""Who the notice serves, and facts that contradict each other: flags for the coordinator.

The notice serves elders with special difficulties: living alone, empty-nest, left-behind, with
loss of ability, severely disabled, of family-planning special families (POLICY.md, "Who is
served"). An elder in none of these groups is flagged ``outside_programme``, and still planned
as their tier asks: the coordinator, not the planner, decides whether they leave the list (they
may be in it for a reason the table does not hold, and the notice asks what the elder needs;
dropping them silently could leave someone unvisited). Loss of ability counts any assessed loss
(mild and worse) and what the policy counts as one when unassessed (bedridden, dementia,
limited mobility).

An elder assessed intact or mild but bedridden contradicts the assessment: flagged for a new
one (``reassess_ability``), since the tier follows the assessment.

Codes only: ``planner.io.words`` words them (kind ``flag``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from planner.model import Ability, Elder, Flag, VisitConsent
from planner.policy import Policy


class ProgrammeFlag(StrEnum):
    OUTSIDE_PROGRAMME = "outside_programme"
    REASSESS_ABILITY = "reassess_ability"
    VISITS_REFUSED = "visits_refused"
    CONSENT_NOT_ASKED = "consent_not_asked"
    """Raised where the table is read (``planner.io.elders``): only a table that records
    consent can say it was not asked."""


PROGRAMME_FLAGS: Final = frozenset(ProgrammeFlag)
"""The flag kinds of this module, for telling them from others."""

_LOSS_OF_ABILITY = frozenset({Ability.MILD, Ability.MODERATE, Ability.SEVERE, Ability.TOTAL})
_CONTRADICTS_BEDRIDDEN = frozenset({Ability.INTACT, Ability.MILD})


def in_programme(elder: Elder, policy: Policy) -> bool:
    """Whether the elder is in one of the notice's groups."""
    return (
        elder.lives_alone
        or elder.empty_nest
        or elder.left_behind
        or elder.family_planning_special
        or elder.disability_grade in policy.severe_disability_grades
        or elder.ability in _LOSS_OF_ABILITY
        or elder.bedridden
        or elder.dementia
        or elder.limited_mobility
    )


def programme_flags(elder: Elder, policy: Policy) -> tuple[Flag, ...]:
    """What the coordinator should look at about the elder's place in the programme."""
    flags = []
    if not in_programme(elder, policy):
        flags.append(
            Flag(elder.elder_id, ProgrammeFlag.OUTSIDE_PROGRAMME, "in none of the notice's groups")
        )
    if elder.bedridden and elder.ability in _CONTRADICTS_BEDRIDDEN:
        flags.append(
            Flag(
                elder.elder_id,
                ProgrammeFlag.REASSESS_ABILITY,
                f"assessed {elder.ability.value} but bedridden: assess again",
            )
        )
    if elder.visit_consent is VisitConsent.NONE:
        flags.append(
            Flag(elder.elder_id, ProgrammeFlag.VISITS_REFUSED, "refuses visits: none planned")
        )
    return tuple(flags)


def refuses_visits(elder: Elder) -> bool:
    return elder.visit_consent is VisitConsent.NONE
