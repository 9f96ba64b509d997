"""Room for a surge visit that finds none: one published home visit that may move (after now,
not pinned, a regular one; general elders' first) is taken out of a day the surge visit may go
on, if that lets it in. The visit taken out is then tried again in the rest of the week."""

from __future__ import annotations

from collections.abc import Collection

from planner.engine.day_rebuild import Legs, rebuild_day
from planner.engine.insertion import place_home_visit
from planner.engine.town_week import TownWeek, VisitorDay
from planner.model import DayKey, DayRoute, DueVisit, PlannedVisit, Tier, VisitKey, VisitMode


def _candidates(day: VisitorDay, movable: Collection[VisitKey]) -> list[PlannedVisit]:
    """The day's movable home visits, the least urgent first: general elders, then secondary."""
    rows = [r for r in day.rows if r.mode is VisitMode.HOME and VisitKey.of(r) in movable]
    tiers = list(Tier)
    return sorted(rows, key=lambda r: (-tiers.index(r.tier), -r.arrival_min, r.elder_id))


def make_room(
    passes: list[tuple[TownWeek, DueVisit]],
    days: dict[DayKey, VisitorDay],
    routes: dict[DayKey, DayRoute],
    movable: Collection[VisitKey],
) -> PlannedVisit | None:
    """Put the home visit of ``passes`` in by taking one movable visit out of a day; the visit
    taken out (``days`` and ``routes`` updated), or None when no single move makes room."""
    for day_week, day_visit in passes:
        legs = Legs(day_week)
        for key in sorted(k for k in days if k[1] == day_visit.earliest):
            for dropped in _candidates(days[key], movable):
                rest = [r for r in days[key].rows if r is not dropped]
                rebuilt = rebuild_day(day_week, days[key], rest, legs)
                if rebuilt is None:
                    continue
                trial = {key: rebuilt[0]}
                trial_routes = {key: rebuilt[1]} if rebuilt[1] is not None else {}
                if not place_home_visit(day_week, trial, trial_routes, day_visit, legs=legs):
                    continue
                days[key] = trial[key]
                routes.pop(key, None)
                routes.update(trial_routes)
                return dropped
    return None
