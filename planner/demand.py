"""Who is due in the planning week, by when, and how (section 二(四) of the notice).

Regular visits: an elder needing ``f`` visits in a month of ``D`` days has the month cut into
``f`` periods of ``D/f`` days; visit ``k`` belongs to period ``k`` and is due by its last day.
Each elder gets a fixed phase (from a hash of the id) that picks a target day inside every
period, so that a town's elders are spread over the weeks instead of all falling due on the 1st.
A visit is due in the week that holds its target day (or later, if it is behind); visits already
made in the month (the history, including days of the planning week itself) count. An elder owed
home visits (key and secondary) counts only home visits: a call or a road encounter is a contact
(it keeps the month's floor) but not one of the home visits the notice asks for. A week that
spans two months serves both. An elder who moves up a tier in the month (turning 80) is owed the
new tier's visits only from that day on.

Extra contacts (``planner.extra_contacts``): before extreme weather (warnings for an area and
dates) and before the traditional festivals, as the policy file says.
"""

from __future__ import annotations

import calendar
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from planner.extra_contacts import (
    WEEK_DAYS,
    festival_contacts,
    festival_windows,
    merge_weather_home_visits,
    weather_contacts,
)
from planner.model import (
    DueVisit,
    Elder,
    Flag,
    PastVisit,
    Priority,
    Reason,
    ReasonCode,
    Tier,
    UnassignedVisit,
    VisitMode,
    VisitReason,
    WeatherWarning,
)
from planner.policy import Policy, classify
from planner.programme import programme_flags, refuses_visits


@dataclass(frozen=True)
class Demand:
    due: tuple[DueVisit, ...]
    unplannable: tuple[DueVisit, ...]
    """Due but impossible this week; ``shortfall`` says why (``left_out`` reports them)."""
    flags: tuple[Flag, ...]


def week_days(week_start: date) -> list[date]:
    return [week_start + timedelta(days=i) for i in range(WEEK_DAYS)]


def phase(elder_id: str, salt: str = "") -> float:
    """A stable number in [0, 1) for an elder: the same on every run and machine."""
    return zlib.crc32(f"{salt}{elder_id}".encode()) / 2**32


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    target: date


def month_periods(year: int, month: int, visits: int, elder_phase: float) -> list[Period]:
    """The ``visits`` periods of a month, each with the elder's target day inside it."""
    days = calendar.monthrange(year, month)[1]
    periods = []
    for k in range(1, visits + 1):
        first_day = (k - 1) * days // visits + 1
        last_day = k * days // visits
        target_day = first_day + int(elder_phase * (last_day - first_day + 1))
        periods.append(
            Period(
                date(year, month, first_day),
                date(year, month, last_day),
                date(year, month, target_day),
            )
        )
    return periods


def compute_demand(
    elders: Sequence[Elder],
    tiers: dict[str, Tier],
    history: Sequence[PastVisit],
    week_start: date,
    policy: Policy,
    *,
    warnings: Sequence[WeatherWarning] = (),
    workdays: frozenset[date] | None = None,
) -> Demand:
    """Every visit due in the week starting ``week_start`` (a Monday).

    ``workdays`` are the days of the week that are worked (Monday to Friday when not given);
    spreading an elder's visits keeps each visit's range on at least one of them.
    """
    if workdays is None:
        workdays = frozenset(d for d in week_days(week_start) if d.weekday() < 5)
    if week_start.weekday() != 0:
        raise ValueError(f"a planning week starts on a Monday; {week_start} is a {week_start:%A}")
    past_by_elder: dict[str, list[PastVisit]] = defaultdict(list)
    week_end = week_start + timedelta(days=WEEK_DAYS - 1)
    for visit in history:
        # Visits already made in this week count too: a re-plan must not send anyone again.
        if visit.day <= week_end:
            past_by_elder[visit.elder_id].append(visit)
    due: list[DueVisit] = []
    unplannable: list[DueVisit] = []
    flags: list[Flag] = []
    festivals = festival_windows(week_start, policy)
    for elder in elders:
        flags.extend(programme_flags(elder, policy))
        if refuses_visits(elder):
            continue  # honoured: the elder chose no visits at all
        tier = tiers[elder.elder_id]
        past = sorted(past_by_elder.get(elder.elder_id, []), key=lambda v: v.day)
        regular, late = _regular_visits(elder, tier, past, week_start, policy, workdays)
        weather = weather_contacts(elder, tier, week_start, policy, warnings, past)
        due.extend(merge_weather_home_visits(regular, weather))
        unplannable.extend(late)
        due.extend(festival_contacts(elder, tier, policy, festivals, past))
        if not elder.home_visit_consent:
            flags.append(_no_consent_flag(elder, tier, policy))
    return Demand(tuple(due), tuple(unplannable), tuple(flags))


def _no_consent_flag(elder: Elder, tier: Tier, policy: Policy) -> Flag:
    """Every tier is flagged: a general elder also has a home visit a quarter it will not get."""
    return Flag(
        elder.elder_id,
        "no_home_visit_consent",
        f"{tier.value} elder without consent to home visits: gets "
        f"{policy.mode_without_consent.value} visits instead; please review",
    )


def _regular_visits(
    elder: Elder,
    tier: Tier,
    past: list[PastVisit],
    week_start: date,
    policy: Policy,
    workdays: frozenset[date],
) -> tuple[list[DueVisit], list[DueVisit]]:
    days = week_days(week_start)
    regular = [v for v in past if v.reason is VisitReason.REGULAR]
    owed_home = _regular_mode(elder, tier, policy, False) is VisitMode.HOME
    counted = [v for v in regular if v.mode is VisitMode.HOME or not owed_home]
    # The spacing holds between any two visits of the elder (POLICY: visits are spread out),
    # also when a call does not count toward the home visits owed: a home visit three days
    # after a call is bunched all the same.
    last_visit = max((v.day for v in regular), default=None)
    wanted: list[DueVisit] = []
    for year, month in sorted({(d.year, d.month) for d in days}):
        in_month = [d for d in days if d.month == month]
        periods = _owed_periods(elder, tier, policy, year, month)
        done = sum(1 for v in counted if periods[0].first <= v.day <= periods[-1].last)
        contacted = any((v.day.year, v.day.month) == (year, month) for v in regular)
        count = _visits_this_week(periods, done, in_month)
        home_needed = _general_home_visit_needed(elder, tier, past, year, month, policy)
        no_working_day = not any(d in workdays for d in in_month)
        for period in periods[done : done + count]:
            if no_working_day and period.last > in_month[-1]:
                break  # a holiday week: the visit can wait for next week without being late
            mode = _regular_mode(elder, tier, policy, home_needed)
            home_needed = False  # one home visit a cycle is enough
            note = f"behind: was due by {period.last}" if period.last < week_start else ""
            priority = _first_visit_class(contacted, owed_home and done == 0)
            contacted, done = True, done + 1
            wanted.append(
                DueVisit(
                    elder.elder_id,
                    tier,
                    mode,
                    VisitReason.REGULAR,
                    in_month[0],
                    in_month[-1],
                    period.last,
                    note,
                    priority=priority,
                )
            )
    return _space_out(wanted, last_visit, policy.min_days_between_visits, workdays)


def _first_visit_class(contacted: bool, first_home_visit: bool) -> Priority | None:
    """The month's floor (first contact), then a first home visit; None: the tier's class."""
    if not contacted:
        return Priority.MONTH_FLOOR
    return Priority.FIRST_HOME_VISIT if first_home_visit else None


def _owed_periods(elder: Elder, tier: Tier, policy: Policy, year: int, month: int) -> list[Period]:
    """The month's periods the elder owes visits for under ``tier``.

    An elder who moved up a tier during the month (turned 80) owes the new tier's visits only
    for the periods that end on or after the change: the whole month's count squeezed into its
    second half would break the spacing between visits.
    """
    periods = month_periods(year, month, policy.visits_per_month[tier], phase(elder.elder_id))
    tier_on_first = classify(elder, policy, periods[0].first).tier
    if policy.visits_per_month[tier_on_first] >= policy.visits_per_month[tier]:
        return periods
    month_days = [periods[0].first + timedelta(days=d) for d in range(periods[-1].last.day)]
    changed = next(
        (day for day in month_days if classify(elder, policy, day).tier is tier), month_days[0]
    )
    kept = [p for p in periods if p.last >= changed]
    return kept or periods[-1:]


def _visits_this_week(periods: list[Period], done: int, in_month: list[date]) -> int:
    """How many of the month's visits to plan this week.

    On schedule, one per target day in the week (targets are at least 7 days apart, so at most
    one). Behind schedule, the missing visits are spread over what is left of the month at an
    even pace instead of all at once; in the month's last week everything left is due.
    """
    owed = sum(1 for p in periods if p.target <= in_month[-1]) - done
    if owed <= 1:
        return max(owed, 0)
    remaining = len(periods) - done
    days_left = (periods[-1].last - in_month[0]).days + 1
    pace = round(remaining * len(in_month) / days_left)
    return min(owed, max(1, pace))


def _regular_mode(elder: Elder, tier: Tier, policy: Policy, general_home_needed: bool) -> VisitMode:
    mode = VisitMode.HOME if general_home_needed else policy.regular_mode[tier]
    if mode is VisitMode.HOME and not elder.home_visit_consent:
        return policy.mode_without_consent
    return mode


def _general_home_visit_needed(
    elder: Elder, tier: Tier, past: list[PastVisit], year: int, month: int, policy: Policy
) -> bool:
    """Whether a general elder's visit this month should be the cycle's home visit.

    The cycle (a quarter by default) is split into months; each elder has a fixed month of the
    cycle for the home visit, and any later month of the cycle catches up if it was missed.
    """
    cycle = policy.general_home_visit_every_months
    if tier is not Tier.GENERAL or cycle == 0 or policy.regular_mode[tier] is VisitMode.HOME:
        return False
    cycle_index = (month - 1) // cycle
    month_in_cycle = (month - 1) % cycle
    had_home_visit = any(
        v.mode is VisitMode.HOME
        and v.day.year == year
        and (v.day.month - 1) // cycle == cycle_index
        for v in past
    )
    chosen_month = int(phase(elder.elder_id, salt="home-month") * cycle)
    return not had_home_visit and month_in_cycle >= chosen_month


def _space_out(
    wanted: list[DueVisit], last_visit: date | None, min_gap_days: int, workdays: frozenset[date]
) -> tuple[list[DueVisit], list[DueVisit]]:
    """Give each of an elder's due visits its own days, ``min_gap_days`` apart where possible.

    Consecutive visits get disjoint day ranges separated by the gap, so any choice of days the
    assignment makes keeps them apart; range ends are pulled onto working days so that a range
    is not all weekend. When the week is too short (an elder far behind), visits whose month
    goes on after the week wait for the next one; only when the month would otherwise end short
    does the gap shrink, down to one day; visits that still do not fit are reported, not
    silently dropped.
    """
    if not wanted:
        return [], []
    for keep in range(len(wanted), 0, -1):
        if keep < len(wanted) and not all(_month_goes_on(v) for v in wanted[keep:]):
            break
        spaced = _try_space(wanted[:keep], last_visit, min_gap_days, workdays)
        if spaced is not None:
            return spaced, []
    for gap in range(min_gap_days - 1, 0, -1):
        spaced = _try_space(wanted, last_visit, gap, workdays)
        if spaced is not None:
            return spaced, []
    fitting: list[DueVisit] = []
    kept: list[DueVisit] = []
    for visit in wanted:  # keep each visit that still fits beside the ones kept
        spaced = _try_space([*kept, visit], last_visit, 1, workdays)
        if spaced is not None:
            kept.append(visit)
            fitting = spaced
    late = [
        replace(v, shortfall=_no_room_reason(v, len(wanted), len(fitting)))
        for v in wanted
        if v not in kept
    ]
    return fitting, late


def _month_goes_on(visit: DueVisit) -> bool:
    """Whether the visit's month has days after the week: the visit can wait for next week."""
    month_days = calendar.monthrange(visit.latest.year, visit.latest.month)[1]
    return visit.latest.day < month_days


def _no_room_reason(visit: DueVisit, wanted: int, room: int) -> Reason:
    month_end = date(
        visit.latest.year,
        visit.latest.month,
        calendar.monthrange(visit.latest.year, visit.latest.month)[1],
    )
    if visit.latest == month_end:
        return Reason(
            ReasonCode.MONTH_ENDS_SHORT, visits_due=wanted, visits_fitting=room, month_end=month_end
        )
    return Reason(ReasonCode.WEEK_TOO_SHORT, visits_due=wanted, visits_fitting=room)


def left_out(visit: DueVisit) -> UnassignedVisit:
    """An unplannable visit (``Demand.unplannable``) as the plan reports it."""
    if visit.shortfall is None:
        raise ValueError(f"visit of {visit.elder_id} due by {visit.due_by} is not unplannable")
    return UnassignedVisit(
        visit.elder_id, visit.tier, visit.due_by, visit.shortfall, visit.mode, visit.reason
    )


def _snap(day: date, visit: DueVisit, workdays: frozenset[date], direction: int) -> date:
    """The nearest working day from ``day`` in ``direction`` in the visit's range, else ``day``."""
    probe = day
    while visit.earliest <= probe <= visit.latest:
        if probe in workdays:
            return probe
        probe += timedelta(days=direction)
    return day


def _try_space(
    wanted: list[DueVisit], last_visit: date | None, gap: int, workdays: frozenset[date]
) -> list[DueVisit] | None:
    step = timedelta(days=gap)
    lows: list[date] = []
    previous = last_visit + step if last_visit else None
    for visit in wanted:
        low = _snap(
            max(visit.earliest, previous) if previous else visit.earliest, visit, workdays, 1
        )
        lows.append(low)
        previous = low + step
    highs: list[date] = [date.max] * len(wanted)
    following: date | None = None
    for i in range(len(wanted) - 1, -1, -1):
        high = min(wanted[i].latest, following - step) if following else wanted[i].latest
        highs[i] = _snap(high, wanted[i], workdays, -1)
        following = highs[i]
    if any(low > high for low, high in zip(lows, highs, strict=True)):
        return None
    # Cut between neighbours so that any day of one range is a gap away from any day of the next.
    windows: list[DueVisit] = []
    start = lows[0]
    for i, visit in enumerate(wanted):
        is_last = i + 1 == len(wanted)
        cut = visit.latest if is_last else start + (highs[i + 1] - step - start) // 2
        cut = min(cut, highs[i]) if not is_last else cut
        if start > cut:
            return None
        windows.append(replace(visit, earliest=start, latest=cut))
        if not is_last:
            start = max(lows[i + 1], cut + step)
    return windows
