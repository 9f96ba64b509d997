"""The work done in a month, for pay and points: visits and minutes per visitor and per kind.

Every visit made counts as work, extra contacts included (a weather call is work too). Minutes
are the policy's minutes for the visit's mode (``[visit_minutes]``) plus the travel to it where a
roster gives it (``travel``, by day, visitor and elder), or the minutes a visit record states
(``recorded``: the service's records). Who pays follows the visitor's kind (POLICY.md 二(二)):
care institutions are bought by the government (``pay``); volunteers and the elders'
association earn time-bank points (``points``); the others visit as part of their duty.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from planner.model import PastVisit, Role, VisitMode
from planner.policy import Policy


class Reward(StrEnum):
    PAY = "pay"
    POINTS = "points"
    DUTY = "duty"
    UNKNOWN = "unknown"
    """The visitor is not in the visitors table (or none was given)."""


REWARDS: dict[Role, Reward] = {
    Role.CARE_INSTITUTION: Reward.PAY,
    Role.VOLUNTEER: Reward.POINTS,
    Role.ELDERS_ASSOCIATION: Reward.POINTS,
}

VisitKey = tuple[date, str, str]
"""A visit by (day, visitor_id, elder_id)."""


@dataclass(frozen=True)
class Work:
    key: str
    """The visitor's id, or the role for the per-kind totals."""
    role: str
    reward: Reward
    visits: int
    home_visits: int
    visit_minutes: int
    travel_minutes: int

    @property
    def minutes(self) -> int:
        return self.visit_minutes + self.travel_minutes


def month_work(
    history: Sequence[PastVisit],
    first: date,
    as_of: date,
    policy: Policy,
    *,
    roles: Mapping[str, Role] | None = None,
    travel: Mapping[VisitKey, int] | None = None,
    recorded: Mapping[VisitKey, int] | None = None,
) -> tuple[tuple[Work, ...], tuple[Work, ...]]:
    """The work per visitor and per kind of visitor, from ``first`` to ``as_of``."""
    roles, travel, recorded = roles or {}, travel or {}, recorded or {}
    visits: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for visit in history:
        if not first <= visit.day <= as_of:
            continue
        key = (visit.day, visit.visitor_id, visit.elder_id)
        counts = visits[visit.visitor_id]
        counts[0] += 1
        counts[1] += visit.mode is VisitMode.HOME
        counts[2] += recorded.get(key, policy.visit_minutes[visit.mode])
        counts[3] += 0 if key in recorded else travel.get(key, 0)
    per_visitor = tuple(
        _work(visitor, roles.get(visitor), counts) for visitor, counts in sorted(visits.items())
    )
    by_role: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for work in per_visitor:
        totals = by_role[work.role]
        for i, value in enumerate(
            (work.visits, work.home_visits, work.visit_minutes, work.travel_minutes)
        ):
            totals[i] += value
    per_role = tuple(
        _work(role, Role(role) if role else None, counts)
        for role, counts in sorted(by_role.items())
    )
    return per_visitor, per_role


def _work(key: str, role: Role | None, counts: list[int]) -> Work:
    reward = Reward.UNKNOWN if role is None else REWARDS.get(role, Reward.DUTY)
    return Work(key, role.value if role else "", reward, *counts)
