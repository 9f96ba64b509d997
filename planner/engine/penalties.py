"""Drop penalties from the policy's order of priority classes (``[priorities] order``).

When visitors are short the solver drops the visits whose penalties weigh least. The penalties
are built from the bottom class up so that the order is strict: one visit of a class outweighs
every visit of the classes after it together, plus the most the town's routes could cost, so no
saving of travel and no number of lower visits ever buys a higher one's place. Within a class, a
visit due by the week's end outweighs one that could wait (its bonus also beats any travel), but
two visits of a class outweigh one: the class is served as fully as possible first.

The objective is an int64; when a very large town's strict penalties would not fit, the counts
are capped (one visit then outweighs up to that many of the lower classes), never wrapped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from planner.model import DueVisit
from planner.policy import Policy

OBJECTIVE_BUDGET = 2**62
"""What all penalties together may add up to: half of int64, the rest for travel."""


def drop_penalties(
    visits: Sequence[DueVisit], policy: Policy, week_end: date, route_cost_bound: int
) -> list[int]:
    """Each visit's drop penalty; ``route_cost_bound``: the most all routes together can cost."""
    ranks = [policy.priority_rank(v.priority_class) for v in visits]
    counts = Counter(ranks)
    classes = len(policy.priority_order)
    cap = max(counts.values(), default=0)
    bases = _class_bases(counts, classes, route_cost_bound, cap)
    while bases is None and cap > 0:  # too big for the solver: weaken the order gracefully
        cap //= 2
        bases = _class_bases(counts, classes, route_cost_bound, cap)
    if bases is None:
        raise ValueError(
            f"{len(visits)} stops with routes costing up to {route_cost_bound} overflow the "
            "solver's objective; plan the town in smaller parts"
        )
    urgent_bonus = route_cost_bound + 1
    return [
        bases[rank] + (urgent_bonus if visit.due_by <= week_end else 0)
        for rank, visit in zip(ranks, visits, strict=True)
    ]


def _class_bases(
    counts: Counter[int], classes: int, route_cost_bound: int, cap: int
) -> list[int] | None:
    """The base penalty of each class (by rank), or None when the total would not fit."""
    bases = [0] * classes
    lower_total = 0  # the most the lower classes weigh together (counts capped)
    everything = 0  # what all the visits weigh together, which the objective must hold
    for rank in reversed(range(classes)):
        bases[rank] = lower_total + route_cost_bound + 1
        heaviest = bases[rank] + route_cost_bound + 1  # with the urgency bonus
        lower_total += min(counts[rank], cap) * heaviest
        everything += counts[rank] * heaviest
        if everything > OBJECTIVE_BUDGET:
            return None
    return bases
