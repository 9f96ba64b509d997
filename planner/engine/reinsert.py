"""Home visits left out after the calls are booked, tried again in every visitor's day as the
days now stand (``insertion``).

A call of a higher class takes the time of a lower home visit (``room_for_calls``); the home
visit it pushed out may still fit another visitor's day, which the search saw before the calls.
Each left-out home visit, most urgent first, goes where it adds the least travel. A visit the
search itself left out was tried by the search in every day (also moving another visit to make
room), so only the days changed since (a home visit given up there for a call) are tried again;
a visit a call pushed out is tried in every day. What still does not fit comes back with what
stopped it in each day (``DayBlock``), so that its reason is the trial's, of the days as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from planner.engine.insertion import Insertion
from planner.engine.town_week import TownWeek, VisitorDay
from planner.model import DayBlock, DayKey, DayRoute, DueVisit, Tier

_Blocks = tuple[DayBlock, ...]


def reinsert_home_visits(
    week: TownWeek,
    days: dict[DayKey, VisitorDay],
    routes: Sequence[DayRoute],
    given_up: Sequence[DueVisit],
    searched: Sequence[tuple[DueVisit, _Blocks]],
) -> tuple[list[DayRoute], list[tuple[DueVisit, _Blocks]]]:
    """The routes with every home visit that fits put in (``days`` updated), and the ones still
    out, each with what stopped it in every day it may be made on.

    ``given_up`` are the home visits calls took the place of; ``searched`` the ones the search
    left out, with its trial of every day."""
    insertion = Insertion(week, days)
    by_day = {DayKey(r.visitor_id, r.day): r for r in routes}
    searched_blocks = dict(searched)
    still_out: list[tuple[DueVisit, _Blocks]] = []
    for visit in sorted([*given_up, *searched_blocks], key=lambda v: _urgency(week, v)):
        blocks = searched_blocks.get(visit)
        keys = changed_days(days, blocks) if blocks is not None else sorted(days)
        if insertion.place(visit, keys, by_day):
            continue
        fresh = {(b.visitor_id, b.day): b for b in insertion.blocks(visit, keys)}
        kept = [b for b in blocks or () if (b.visitor_id, b.day) not in fresh]
        still_out.append((visit, tuple(sorted([*kept, *fresh.values()]))))
    ordered = sorted(by_day.values(), key=lambda r: (r.day, r.visitor_id))
    return ordered, still_out


def changed_days(days: Mapping[DayKey, VisitorDay], blocks: _Blocks) -> list[DayKey]:
    """The days whose home visits are no longer what the search's trial saw."""
    return sorted(
        DayKey(b.visitor_id, b.day)
        for b in blocks
        if days[DayKey(b.visitor_id, b.day)].home_visits != b.home_visits
    )


def _urgency(week: TownWeek, visit: DueVisit) -> tuple[int, date, int, str]:
    rank = week.policy.priority_rank(visit.priority_class)
    return (rank, visit.due_by, list(Tier).index(visit.tier), visit.elder_id)
