"""The use case of a surge: a published week re-planned for weather warnings and alarms, the
published roster changing as little as the surge allows.

Every published visit stays where it is: those before ``now`` were made, pinned ones the
coordinator fixed, and the rest are what visitors already follow. The surge's contacts (a weather
contact for each key and secondary elder of a warned area, from ``now`` to the warning's start;
an urgent home visit within a day of each alarm) go into the room the days have left
(``planner.engine.surge``); what finds none is unassigned with why, an alarm's with the
emergency contact to call. ``changes`` lists every difference between the two rosters.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from planner.changes import RosterChange, roster_changes
from planner.checks import check_plan
from planner.engine.surge import MovedVisit, place_surge
from planner.extra_contacts import weather_contacts
from planner.io.previous import PublishedRoster
from planner.model import (
    Alarm,
    DayRoute,
    DueVisit,
    PastVisit,
    Plan,
    PlannedVisit,
    Reason,
    ReasonCode,
    Tier,
    UnassignedVisit,
    VisitKey,
    VisitMode,
    VisitReason,
    WeatherWarning,
)
from planner.usecases.plan import PlanBrokeRulesError, PlanRequest, tiers_on
from planner.usecases.town_weeks import assemble_plan, town_weeks

ALARM_HOURS = 24


@dataclass(frozen=True)
class Replan:
    plan: Plan
    published: tuple[PlannedVisit, ...]
    changes: tuple[RosterChange, ...]
    now: datetime


def _weather_due(
    request: PlanRequest,
    tiers: Mapping[str, Tier],
    published: Sequence[PlannedVisit],
    now: datetime,
) -> list[DueVisit]:
    """Each warned elder's weather contact not yet made nor published, from the day of ``now``."""
    past: dict[str, list[PastVisit]] = defaultdict(list)
    for made in request.history:
        past[made.elder_id].append(made)
    for visit in published:
        past[visit.elder_id].append(
            PastVisit(visit.day, visit.elder_id, visit.visitor_id, visit.mode, visit.reason)
        )
    due = []
    for elder in request.elders:
        for contact in weather_contacts(
            elder,
            tiers[elder.elder_id],
            request.week_start,
            request.policy,
            request.warnings,
            past[elder.elder_id],
        ):
            first = max(contact.earliest, now.date())
            # a warning starting before the day after now: the contact at once, on that day
            due.append(replace(contact, earliest=first, latest=max(first, contact.latest)))
    return due


def _urgent_due(
    request: PlanRequest, tiers: Mapping[str, Tier], alarms: Sequence[Alarm]
) -> tuple[list[DueVisit], dict[DueVisit, datetime]]:
    elders = {e.elder_id: e for e in request.elders}
    week_end = request.week_start + timedelta(days=6)
    due, deadlines = [], {}
    for alarm in alarms:
        elder = elders[alarm.elder_id]
        deadline = alarm.at + timedelta(hours=ALARM_HOURS)
        mode = VisitMode.HOME if elder.home_visit_consent else request.policy.mode_without_consent
        visit = DueVisit(
            elder.elder_id,
            tiers[elder.elder_id],
            mode,
            VisitReason.URGENT,
            max(alarm.at.date(), request.week_start),
            min(deadline.date(), week_end),
            deadline.date(),
            note=alarm.kind,
        )
        due.append(visit)
        deadlines[visit] = deadline
    return due, deadlines


def calls_come_first(warnings: Sequence[WeatherWarning], now: datetime) -> bool:
    """A warning that starts in less than a day: calls reach everyone faster than visits."""
    return any(
        timedelta(0) <= datetime.combine(w.start, datetime.min.time()) - now < timedelta(days=1)
        for w in warnings
    )


def replan_week(
    request: PlanRequest,
    published: PublishedRoster,
    now: datetime,
    alarms: Sequence[Alarm] = (),
) -> Replan:
    """The published week with the surge put in, checked, and its changes.

    ``published`` names only elders and visitors of ``request`` and ``now`` falls in its week
    (``planner.io.replan_inputs`` reads them so).

    Raises
    ------
    ValueError
        ``now`` outside the week.
    PlanBrokeRulesError
        When the plan breaks a rule of ``planner.checks``: a planner defect.
    """
    started = time.perf_counter()
    if not request.week_start <= now.date() <= request.week_start + timedelta(days=6):
        raise ValueError(f"{now:%Y-%m-%dT%H:%M} is not in the week of {request.week_start}")
    tiers = tiers_on(request.elders, request.policy, request.week_start)
    standing_visits = _due_on_their_day(published.visits)
    weather = _weather_due(request, tiers, standing_visits, now)
    urgent, deadlines = _urgent_due(request, tiers, alarms)
    alarm_of = {
        visit: deadline - timedelta(hours=ALARM_HOURS) for visit, deadline in deadlines.items()
    }
    surge = [*urgent, *weather]
    calls_first = calls_come_first(request.warnings, now)
    visits: list[PlannedVisit] = []
    routes: list[DayRoute] = []
    unassigned: list[UnassignedVisit] = []
    moved: list[MovedVisit] = []
    movable = _movable(published, now)
    known = {e.elder_id for e in request.elders}
    left_out = [v for v in published.left_out if v.elder_id in known]
    alarmed = {visit: (alarm_of[visit], deadline) for visit, deadline in deadlines.items()}
    for week in town_weeks(request, surge, request.travel):
        placed = place_surge(
            week,
            [v for v in standing_visits if v.elder_id in week.elders],
            now,
            alarmed,
            calls_first=calls_first,
            movable=movable,
            left_out=[v for v in left_out if v.elder_id in week.elders],
        )
        moved += placed.moved
        visits += placed.visits
        routes += placed.routes
        unassigned += [_with_contact(u, deadlines) for u in placed.unassigned]
    taken_out = {m.published for m in moved}
    standing = [  # each published visit stands as its own due visit, on its day, unless moved
        DueVisit(v.elder_id, v.tier, v.mode, v.reason, v.day, v.day, v.due_by)
        for v in standing_visits
        if VisitKey.of(v) not in taken_out
    ]
    plan = assemble_plan(
        request,
        tiers=tiers,
        due=(*standing, *(m.again for m in moved), *surge, *left_out),
        visits=visits,
        unassigned=unassigned,
        routes=routes,
        flags=request.flags,
        seconds=round(time.perf_counter() - started, 2),
    )
    problems = check_plan(plan, request.policy)
    if problems:
        raise PlanBrokeRulesError("the re-plan broke its own rules:\n" + "\n".join(problems[:20]))
    made_room_for = {(m.again.elder_id, m.again.reason): m.cause for m in moved}
    changes = roster_changes(published.visits, plan.visits, made_room_for)
    return Replan(plan, published.visits, changes, now)


def _due_on_their_day(visits: Sequence[PlannedVisit]) -> list[PlannedVisit]:
    """The published visits, each due on its own day: a roster holds no due dates, and a
    published visit is owed on the day it is published for (the key the plan's check matches
    a due visit to a planned one by)."""
    return [replace(v, due_by=v.day) for v in visits]


def _movable(published: PublishedRoster, now: datetime) -> frozenset[VisitKey]:
    """The published visits a surge may move: regular home visits after now, not pinned."""
    return frozenset(
        VisitKey.of(v)
        for v in published.visits
        if v.reason is VisitReason.REGULAR
        and v.mode is VisitMode.HOME
        and v not in published.pinned
        and datetime.combine(v.day, datetime.min.time()) + timedelta(minutes=v.arrival_min) >= now
    )


def _with_contact(item: UnassignedVisit, deadlines: dict[DueVisit, datetime]) -> UnassignedVisit:
    """An urgent visit nobody can make in time: the reason names its deadline and whose
    emergency contact to call (the words mask the contact)."""
    if item.visit_reason is not VisitReason.URGENT:
        return item
    deadline = next((d for v, d in deadlines.items() if v.elder_id == item.elder_id), None)
    reason = Reason(
        ReasonCode.URGENT_NOT_IN_TIME,
        first=item.reason.first,
        last=item.reason.last,
        visitor_ids=item.reason.visitor_ids,
        deadline=deadline,
        contact_of=item.elder_id,
    )
    return replace(item, reason=reason)
