"""The demo district's visits already made this quarter, replayed by the planner's due rule.

Each past week is replayed with ``planner.demand``'s rule of who is due: every due visit is made
on its first allowed working day by the elder's usual visitor (or one who serves the village),
except a few that were missed, so that the demo's week is an ordinary week with some catching up.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from planner.demand import compute_demand
from planner.demo.draws import DEFAULT_SEED
from planner.model import Elder, PastVisit, Visitor, VisitReason
from planner.policy import Policy, classify

# The columns of the visits table (../shared/CONTRACT.md) the demo fills.
HISTORY_HEADERS = ("date", "elder_id", "visitor_id", "mode", "reason")
MISSED_SHARE = 0.03
"""Share of due visits the demo's past weeks did not make, so that catching up shows."""


def demo_history_rows(
    elders: Sequence[Elder],
    visitors: Sequence[Visitor],
    *,
    planning_date: date,
    policy: Policy,
    seed: int = DEFAULT_SEED,
) -> list[dict[str, str]]:
    """Visits made from the start of the quarter to the day before ``planning_date``.

    Returns the rows of ``history.csv`` by date and elder, each a dict from the names of
    ``HISTORY_HEADERS`` to text. ``reason`` is empty for a regular visit, as towns leave it, and
    names the extra contacts (festival, weather), which must not count as regular visits.
    """
    rng = random.Random(f"{seed}/history")
    quarter_first = date(planning_date.year, (planning_date.month - 1) // 3 * 3 + 1, 1)
    monday = quarter_first - timedelta(days=quarter_first.weekday())
    serving = _serving_visitors(elders, visitors)
    history: list[PastVisit] = []
    while monday + timedelta(days=7) <= planning_date:
        tiers = {e.elder_id: classify(e, policy, monday).tier for e in elders}
        for visit in compute_demand(elders, tiers, history, monday, policy).due:
            made_on = _first_weekday(visit.earliest, visit.latest)
            if made_on >= planning_date or made_on < quarter_first or rng.random() < MISSED_SHARE:
                continue
            by = serving.get(visit.elder_id)
            history.append(PastVisit(made_on, visit.elder_id, by or "", visit.mode, visit.reason))
        monday += timedelta(days=7)
    return [
        {
            "date": v.day.isoformat(),
            "elder_id": v.elder_id,
            "visitor_id": v.visitor_id,
            "mode": v.mode.value,
            "reason": "" if v.reason is VisitReason.REGULAR else v.reason.value,
        }
        for v in sorted(history, key=lambda v: (v.day, v.elder_id))
    ]


def _serving_visitors(elders: Sequence[Elder], visitors: Sequence[Visitor]) -> dict[str, str]:
    by_place: dict[tuple[str, str], str] = {}
    for elder in elders:
        key = (elder.town, elder.village)
        if key not in by_place:
            by_place[key] = next((v.visitor_id for v in visitors if v.serves(*key)), "")
    return {e.elder_id: e.usual_visitor_id or by_place[(e.town, e.village)] for e in elders}


def _first_weekday(first: date, last: date) -> date:
    day = first
    while day.weekday() >= 5 and day < last:
        day += timedelta(days=1)
    return day
