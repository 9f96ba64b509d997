"""Why a due visit is left out: the first rule that fails, as a code and the facts it names.

No words here: ``planner.io.words`` renders a ``Reason`` in Chinese and English, with what would
fix it. The rules, in order: a visitor serves the village; one of them works a day the visit may
be made on; (home visits) one of them makes home visits; the elder's hours and the visit fit a
shift; (home visits) a daily cap has room; else the shifts are full.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from planner.calendar import WorkCalendar
from planner.engine.town import TownWeek, can_serve
from planner.model import DueVisit, Reason, ReasonCode, VisitMode


def explain(week: TownWeek, visit: DueVisit, home_visits: Mapping[tuple[str, date], int]) -> Reason:
    """Why ``visit`` is not planned, given the home visits booked per (visitor_id, day)."""
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
    fit_ids = tuple(sorted({v.visitor_id for v, _ in fitting}))
    if visit.mode is VisitMode.HOME and all(
        home_visits[(v.visitor_id, d)] >= v.max_home_visits_per_day for v, d in fitting
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


def _holidays(week: TownWeek, visit: DueVisit) -> tuple[date, ...]:
    """The public holidays among the days the visit may be made on."""
    calendar = WorkCalendar(week.policy)
    return tuple(d for d in week.days if visit.allows(d) and calendar.is_public_holiday(d))
