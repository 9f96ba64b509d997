"""Follow-ups: what a visit found that someone must come back for (the notice's 二(三): remind and
help remove hazards, link to medical care, help apply for benefits, mediate with the family).

A hazard (a safety item unsafe, the housing unsafe: ``planner.records.hazards``) or a need
(medical, care, benefits, emotional, family not supporting) in a record opens a follow-up,
routed to the kind of visitor the notice names for it (``[followups.roles]`` of the policy
file) and due a number of days after the visit (``[followups] hazard_due_days``,
``need_due_days``: hazards sooner). Each open follow-up is planned as a home visit with reason
``followup`` within its due time, by a visitor of its role when one serves the elder's village
and works in time (``DueVisit.role``, a hard rule of ``planner.engine.town.can_serve``);
otherwise by anyone who may visit the elder, with a note saying why. A care-service record
(section 六) with the elder's satisfaction closes it.

Codes and dates only; words are ``planner.io.words``'.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from planner.model import (
    DueVisit,
    Elder,
    Role,
    Tier,
    UnassignedVisit,
    VisitMode,
    Visitor,
    VisitReason,
)
from planner.policy import Policy
from planner.records import Hazard, NeedKind


class FollowUpKind(StrEnum):
    """What the follow-up is for: every hazard and every need of ``planner.records``."""

    GAS = Hazard.GAS.value
    WATER_HEATING = Hazard.WATER_HEATING.value
    ELECTRICITY = Hazard.ELECTRICITY.value
    FIRE = Hazard.FIRE.value
    HOUSING = Hazard.HOUSING.value
    MEDICAL = NeedKind.MEDICAL.value
    CARE = NeedKind.CARE.value
    BENEFITS = NeedKind.BENEFITS.value
    EMOTIONAL = NeedKind.EMOTIONAL.value
    FAMILY_SUPPORT = NeedKind.FAMILY_SUPPORT.value

    @property
    def is_hazard(self) -> bool:
        return self.value in {h.value for h in Hazard}


class FollowUpStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class FollowUp:
    """An open follow-up: for ``elder_id``, of ``kind``, for a visitor of ``role``, opened by a
    visit on ``opened_on`` and due by ``due_by``."""

    elder_id: str
    kind: FollowUpKind
    role: Role
    opened_on: date
    due_by: date
    anyone: bool = False
    """No visitor of ``role`` could take it this week (``for_anyone``): anyone may go."""

    def overdue(self, today: date) -> bool:
        return self.due_by < today


def opened_by(
    elder_id: str,
    day: date,
    hazards: Iterable[Hazard],
    needs: Iterable[NeedKind],
    policy: Policy,
) -> list[FollowUp]:
    """The follow-ups a visit on ``day`` opens: one per hazard and per kind of need found."""
    kinds = [FollowUpKind(h.value) for h in hazards] + [FollowUpKind(n.value) for n in needs]
    return [
        FollowUp(
            elder_id,
            kind,
            policy.followup_roles[kind.value],
            day,
            day + timedelta(days=policy.followup_due_days["hazard" if kind.is_hazard else "need"]),
        )
        for kind in dict.fromkeys(kinds)
    ]


def followup_visits(
    followups: Sequence[FollowUp],
    elders: Mapping[str, Elder],
    tiers: Mapping[str, Tier],
    visitors: Sequence[Visitor],
    working: frozenset[tuple[str, date]],
    week_start: date,
    policy: Policy,
) -> list[DueVisit]:
    """The week's follow-up visits: from the day after the visit that opened each (or the
    week's start) to its due day (or the week's end, when it is due later or overdue).

    The role is required only when a visitor of that role serves the elder's village and works
    on a day the visit may be made; otherwise the visit goes to anyone and its note says so.
    """
    week_end = week_start + timedelta(days=6)
    due: list[DueVisit] = []
    for followup in followups:
        elder = elders.get(followup.elder_id)
        earliest = max(week_start, followup.opened_on + timedelta(days=1))
        if elder is None or earliest > week_end:
            continue
        latest = followup.due_by if earliest <= followup.due_by <= week_end else week_end
        role_free = not followup.anyone and _role_works(
            followup.role, elder, visitors, working, earliest, latest
        )
        notes = []
        if followup.due_by < earliest:
            notes.append(f"overdue: was due by {followup.due_by}")
        if followup.anyone:
            notes.append(f"no {followup.role.value} free in time: anyone may go")
        elif not role_free:
            notes.append(f"no {followup.role.value} serves {elder.village} in time: anyone may go")
        mode = VisitMode.HOME if elder.home_visit_consent else policy.mode_without_consent
        due.append(
            DueVisit(
                followup.elder_id,
                tiers[followup.elder_id],
                mode,
                VisitReason.FOLLOWUP,
                earliest,
                latest,
                followup.due_by,
                "; ".join(notes),
                role=followup.role if role_free else None,
            )
        )
    return due


def for_anyone(
    followups: Sequence[FollowUp], due: Iterable[DueVisit], unassigned: Iterable[UnassignedVisit]
) -> tuple[FollowUp, ...] | None:
    """The follow-ups again, those whose visit was held to a role and left out now open to any
    visitor (the fallback pass of ``planner.usecases.plan.plan_week``); None when there are none."""
    left_out = {
        (u.elder_id, u.due_by) for u in unassigned if u.visit_reason is VisitReason.FOLLOWUP
    }
    stuck = {
        (d.elder_id, d.due_by, d.role)
        for d in due
        if d.reason is VisitReason.FOLLOWUP
        and d.role is not None
        and (d.elder_id, d.due_by) in left_out
    }
    if not stuck:
        return None
    return tuple(
        replace(f, anyone=True) if (f.elder_id, f.due_by, f.role) in stuck else f for f in followups
    )


def _role_works(
    role: Role,
    elder: Elder,
    visitors: Sequence[Visitor],
    working: frozenset[tuple[str, date]],
    earliest: date,
    latest: date,
) -> bool:
    days = [earliest + timedelta(days=n) for n in range((latest - earliest).days + 1)]
    return any(
        visitor.role is role
        and visitor.serves(elder.town, elder.village)
        and any((visitor.visitor_id, day) in working for day in days)
        for visitor in visitors
    )
