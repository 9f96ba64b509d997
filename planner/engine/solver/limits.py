"""How long a town's routing searches: budgets counted in search steps, and a wall-clock cap.

The budgets (``[solver]`` of the policy, per home visit) decide where every search stops, so
the same input and policy give the same plan on every run, whatever the machine's load. The
wall clock only guards against a search that would run far longer than it should: when the cap
of the town is what stopped a search, the plan says so (``summary.json``'s ``time_cap_hit``),
for that plan may differ from run to run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from planner.policy import Policy

MIN_SEARCH_S = 0.02
"""The least time a search is given once the cap is used up: enough for a visitor's week to
get a first solution, so that a town out of time still gets routes rather than none."""


@dataclass(frozen=True)
class TownSearchLimits:
    """The budgets of one town's searches and the wall-clock cap over all of them."""

    visitor_steps_per_home_visit: int
    town_steps_per_home_visit: int
    cap_s: float
    started: float = field(default_factory=time.perf_counter)

    @classmethod
    def from_policy(cls, policy: Policy, cap_s: float | None = None) -> TownSearchLimits:
        """The policy's budgets; ``cap_s`` overrides its ``max_seconds_per_town``."""
        return cls(
            visitor_steps_per_home_visit=policy.visitor_steps_per_home_visit,
            town_steps_per_home_visit=policy.town_steps_per_home_visit,
            cap_s=policy.max_seconds_per_town if cap_s is None else cap_s,
        )

    def visitor_steps(self, home_visits: int) -> int:
        """The budget of routing one visitor's week of ``home_visits`` on its own."""
        return max(1, self.visitor_steps_per_home_visit * home_visits)

    def town_steps(self, home_visits: int) -> int:
        """The budget of the town-wide search over ``home_visits``."""
        return max(1, self.town_steps_per_home_visit * home_visits)

    def remaining_s(self) -> float:
        """What is left of the cap (at least ``MIN_SEARCH_S``), for the next search's limit."""
        return max(MIN_SEARCH_S, self.cap_s - (time.perf_counter() - self.started))
