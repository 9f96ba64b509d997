"""A surge put into a published week: the extra contacts and urgent visits of one town placed
in the visitors' days as the published roster left them, nothing published moving.

Every published visit keeps its day, visitor and arrival: its day is rebuilt from the roster
(``rebuild_day``), and a new visit goes only where the day still has room, at the cheapest place
of its route (``place_home_visit``) or in a free slot (``plan_calls``). Nothing goes before
``now``: on the day of ``now`` an elder's hours start at ``now``. An urgent visit must be under
way by its deadline (the alarm and a day): on that day the elder's hours end there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import NamedTuple

from planner.engine.calls import plan_calls
from planner.engine.day_rebuild import Legs, rebuild_day
from planner.engine.insertion import place_home_visit
from planner.engine.reasons import explain
from planner.engine.surge_room import make_room
from planner.engine.town_week import TownWeek, VisitorDay, number_visits, visitor_days
from planner.model import (
    DayBlock,
    DayKey,
    DayRoute,
    DueVisit,
    Elder,
    PlannedVisit,
    TimeWindow,
    UnassignedVisit,
    VisitKey,
    VisitMode,
    VisitReason,
)


class MovedVisit(NamedTuple):
    """A published visit taken out to make room for a surge visit."""

    again: DueVisit
    """The visit due again, from now to the week's end."""
    cause: VisitReason
    """The reason of the surge visit that took its place."""
    published: VisitKey
    """The roster row it was."""


@dataclass(frozen=True)
class SurgePlan:
    visits: tuple[PlannedVisit, ...]
    routes: tuple[DayRoute, ...]
    unassigned: tuple[UnassignedVisit, ...]
    broken_days: tuple[DayKey, ...] = ()
    """Published days that no longer rebuild (their visitor left, say): kept as published, and
    nothing added to them."""
    moved: tuple[MovedVisit, ...] = ()
    """Published visits taken out to make room."""


def _minute(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def _clipped(elder: Elder, start_min: int, end_min: int) -> Elder | None:
    """The elder with visiting hours cut to ``start_min``..``end_min``; None: no hour is left."""
    kept = tuple(
        TimeWindow(max(w.start_min, start_min), min(w.end_min, end_min))
        for w in elder.windows
        if max(w.start_min, start_min) < min(w.end_min, end_min)
    )
    return replace(elder, time_windows=kept) if kept else None


def _published_days(
    week: TownWeek, published: Sequence[PlannedVisit]
) -> tuple[dict[DayKey, VisitorDay], dict[DayKey, DayRoute], list[DayKey]]:
    days = visitor_days(week)
    legs = Legs(week)
    visitors = {v.visitor_id: v for v in week.visitors}
    rows: dict[DayKey, list[PlannedVisit]] = defaultdict(list)
    for visit in published:
        rows[DayKey(visit.visitor_id, visit.day)].append(visit)
    routes: dict[DayKey, DayRoute] = {}
    broken: list[DayKey] = []
    for key, day_rows in sorted(rows.items()):
        visitor = visitors.get(key[0])
        rebuilt = None
        if visitor is not None:
            empty = days.get(key) or VisitorDay(
                visitor, key[1], [(visitor.shift.start_min, visitor.shift.end_min)]
            )
            rebuilt = rebuild_day(week, empty, day_rows, legs)
        if rebuilt is None:
            broken.append(key)
            days.pop(key, None)
            continue
        days[key], route = rebuilt
        if route is not None:
            routes[key] = route
    return days, routes, broken


def _passes(
    week: TownWeek, visit: DueVisit, now: datetime, deadline: datetime | None
) -> list[tuple[TownWeek, DueVisit]]:
    """The tries of a visit, day by day from ``now`` (an alarm's visit: from the later of now and
    the alarm), each with the elder's hours of that day."""
    duration = week.policy.visit_minutes[visit.mode]
    elder = week.elders[visit.elder_id]
    tries = []
    for day in week.days:
        if not (visit.allows(day) and now.date() <= day):
            continue
        if deadline is not None and day > deadline.date():
            continue
        start = _minute(now) if day == now.date() else 0
        end = _minute(deadline) + duration if deadline and day == deadline.date() else 24 * 60
        hours = _clipped(elder, start, min(end, 24 * 60))
        if hours is None:
            continue
        elders = {**week.elders, elder.elder_id: hours}
        tries.append((replace(week, elders=elders), replace(visit, earliest=day, latest=day)))
    return tries


def place_surge(
    week: TownWeek,
    published: Sequence[PlannedVisit],
    now: datetime,
    alarms: Mapping[DueVisit, tuple[datetime, datetime]],
    *,
    calls_first: bool = False,
    movable: Collection[VisitKey] = frozenset(),
    left_out: Sequence[DueVisit] = (),
) -> SurgePlan:
    """``week.due`` (the surge's visits) put into the days ``published`` left, from ``now``;
    ``alarms`` gives an urgent visit's alarm and deadline. A home visit that finds no room may
    take the place of one ``movable`` published visit, which is then tried again from ``now``
    to the week's end (``moved``). ``left_out`` (the published plan's unassigned visits) are
    explained again, on the days as they now stand."""
    days, routes, broken = _published_days(week, published)
    urgent = [v for v in week.due if v.reason is VisitReason.URGENT]
    calls = [v for v in week.due if v.mode is not VisitMode.HOME and v not in urgent]
    homes = [v for v in week.due if v.mode is VisitMode.HOME and v not in urgent]
    order = [*urgent, *(calls + homes if calls_first else homes + calls)]
    left: list[tuple[DueVisit, tuple[DayBlock, ...]]] = []
    moved: list[MovedVisit] = []
    for visit in order:
        alarm, deadline = alarms.get(visit, (now, None))
        start = max(now, alarm)
        if _place_one(week, visit, start, deadline, days, routes):
            continue
        passes = _passes(week, visit, start, deadline) if visit.mode is VisitMode.HOME else []
        dropped = make_room(passes, days, routes, movable)
        if dropped is None:
            left.append((visit, ()))
            continue
        again = DueVisit(
            dropped.elder_id,
            dropped.tier,
            dropped.mode,
            dropped.reason,
            now.date(),
            week.days[-1],
            dropped.due_by,
        )
        moved.append(MovedVisit(again, visit.reason, VisitKey.of(dropped)))
        if not _place_one(week, again, now, None, days, routes):
            left.append((again, ()))
    left += [(visit, ()) for visit in left_out]
    home_visits = {key: day.home_visits for key, day in days.items()}
    unassigned = tuple(
        UnassignedVisit(
            v.elder_id, v.tier, v.due_by, explain(week, v, home_visits, blocks), v.mode, v.reason
        )
        for v, blocks in left
    )
    kept = [v for v in published if (v.visitor_id, v.day) in broken]
    visits = sorted([*number_visits(days), *kept], key=lambda v: (v.day, v.visitor_id, v.sequence))
    return SurgePlan(
        tuple(visits),
        tuple(sorted(routes.values(), key=lambda r: (r.day, r.visitor_id))),
        unassigned,
        tuple(broken),
        tuple(moved),
    )


def _place_one(
    week: TownWeek,
    visit: DueVisit,
    now: datetime,
    deadline: datetime | None,
    days: dict[DayKey, VisitorDay],
    routes: dict[DayKey, DayRoute],
) -> bool:
    """Try ``visit`` day by day; True when it found a place (``days`` and ``routes`` updated)."""
    for day_week, day_visit in _passes(week, visit, now, deadline):
        subset = {key: d for key, d in days.items() if key[1] == day_visit.earliest}
        if day_visit.mode is VisitMode.HOME:
            placed = place_home_visit(day_week, days, routes, day_visit, keys=sorted(subset))
        else:
            placed = not plan_calls(day_week, [day_visit], subset)  # books into the days
        if placed:
            return True
    return False
