"""Why a due visit is left out: the first rule that fails, as a code and the facts it names.

No words here: ``planner.io.words`` renders a ``Reason`` in Chinese and English, with what would
fix it. The rules, in order: a visitor serves the village; one of them works a day the visit may
be made on; (home visits) one of them makes home visits; the elder's hours and the visit fit a
shift. A home visit that passes them all was tried after the search in every visitor's day they
allow (``repair.trials``), and its reason is what stopped it there, day by day: out of reach even
alone in the day, the daily cap full, or the day full. A call that passes them found no free
slot: the shifts are full.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from planner.calendar import WorkCalendar
from planner.engine.repair import VehicleTrial
from planner.engine.town_week import TownWeek, can_serve
from planner.model import Blocked, DayBlock, DayKey, DueVisit, Reason, ReasonCode, VisitMode


def day_blocks(
    week: TownWeek, trials: Sequence[VehicleTrial], vehicle_days: Sequence[DayKey]
) -> tuple[DayBlock, ...]:
    """The trial of a home visit in the week's terms: visitors and days instead of vehicles."""
    visitors = {v.visitor_id: v for v in week.visitors}
    blocks = []
    for found in trials:
        visitor_id, day = vehicle_days[found.vehicle]
        visitor = visitors[visitor_id]
        blocks.append(
            DayBlock(
                visitor_id,
                day,
                found.blocked,
                found.load,
                visitor.max_home_visits_per_day,
                found.earliest_arrival,
                found.latest_start,
                visitor.shift.end_min,
            )
        )
    return tuple(sorted(blocks))


def explain(
    week: TownWeek,
    visit: DueVisit,
    home_visits: Mapping[DayKey, int],
    blocks: Sequence[DayBlock] = (),
) -> Reason:
    """Why ``visit`` is not planned, given the home visits booked per (visitor_id, day) and,
    for a home visit, what stopped it in each day it was tried in (``day_blocks``)."""
    elder = week.elders[visit.elder_id]
    village, town, first, last = elder.village, elder.town, visit.earliest, visit.latest
    serving = [v for v in week.visitors if v.serves(elder.town, elder.village)]
    if not serving:
        return Reason(ReasonCode.NO_VISITOR_SERVES_VILLAGE, village=village, town=town)
    working = [
        (v, d)
        for v in serving
        for d in week.days
        if visit.allows(d) and (v.visitor_id, d) in week.working
    ]
    if not working:
        return Reason(
            ReasonCode.NOBODY_WORKS_THOSE_DAYS,
            village=village,
            town=town,
            first=first,
            last=last,
            holidays=_holidays(week, visit),
        )
    duration = week.policy.visit_minutes[visit.mode]
    if visit.mode is VisitMode.HOME:
        working = [(v, d) for v, d in working if v.max_home_visits_per_day > 0]
        if not working:
            ids = tuple(sorted({v.visitor_id for v in serving}))
            return Reason(
                ReasonCode.NO_HOME_VISITS_ALLOWED, village=village, town=town, visitor_ids=ids
            )
    fitting = [(v, d) for v, d in working if can_serve(week, visit, v, d, duration)]
    if not fitting:
        ids = tuple(sorted({v.visitor_id for v, _ in working}))
        if elder.time_windows:
            return Reason(
                ReasonCode.HOURS_MISS_SHIFTS,
                hours=elder.time_windows,
                minutes=duration,
                visitor_ids=ids,
                first=first,
                last=last,
            )
        return Reason(ReasonCode.SHIFT_TOO_SHORT, minutes=duration, visitor_ids=ids)
    if blocks:
        return _from_trial(week, visit, tuple(sorted(blocks)))
    fit_ids = tuple(sorted({v.visitor_id for v, _ in fitting}))
    if visit.mode is VisitMode.HOME and all(
        home_visits[DayKey(v.visitor_id, d)] >= v.max_home_visits_per_day for v, d in fitting
    ):
        return Reason(ReasonCode.DAILY_CAPS_FULL, visitor_ids=fit_ids, first=first, last=last)
    home = visit.mode is VisitMode.HOME
    return Reason(
        ReasonCode.HOME_VISIT_DOES_NOT_FIT if home else ReasonCode.SHIFTS_FULL,
        visitor_ids=fit_ids,
        first=first,
        last=last,
        village=village,
        works_saturday=any(5 in v.work_weekdays for v, _ in fitting),
    )


def _from_trial(week: TownWeek, visit: DueVisit, blocks: tuple[DayBlock, ...]) -> Reason:
    """The reason a home visit's trial gives: one rule when it stopped every day, else what
    stopped it day by day."""
    elder = week.elders[visit.elder_id]
    ids = tuple(sorted({b.visitor_id for b in blocks}))
    kinds = {b.blocked for b in blocks}
    if kinds == {Blocked.OUT_OF_REACH}:
        return Reason(
            ReasonCode.VISIT_OUT_OF_REACH, visitor_ids=ids, hours=elder.time_windows, blocks=blocks
        )
    first, last = visit.earliest, visit.latest
    if kinds == {Blocked.CAP_FULL}:
        return Reason(
            ReasonCode.DAILY_CAPS_FULL, visitor_ids=ids, first=first, last=last, blocks=blocks
        )
    saturday = any(5 in v.work_weekdays for v in week.visitors if v.visitor_id in ids)
    return Reason(
        ReasonCode.HOME_VISIT_DOES_NOT_FIT,
        visitor_ids=ids,
        first=first,
        last=last,
        village=elder.village,
        works_saturday=saturday,
        blocks=blocks,
    )


def _holidays(week: TownWeek, visit: DueVisit) -> tuple[date, ...]:
    """The public holidays among the days the visit may be made on."""
    calendar = WorkCalendar(week.policy)
    return tuple(d for d in week.days if visit.allows(d) and calendar.is_public_holiday(d))
