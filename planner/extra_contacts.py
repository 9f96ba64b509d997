"""Extra contacts on top of the regular visits (section 二(四), point 7 of 二(三)): before
extreme weather (warnings for an area and dates) and before the traditional festivals, each
planned once: a contact the history already holds is not planned again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from lunardate import LunarDate

from planner.model import (
    DueVisit,
    Elder,
    PastVisit,
    Tier,
    VisitMode,
    VisitReason,
    WeatherWarning,
)
from planner.policy import Policy

WEEK_DAYS = 7
_FESTIVAL_LUNAR_DATES = {
    "spring_festival": (1, 1),
    "lantern_festival": (1, 15),  # 元宵节: off by default, the policy file may add it
    "mid_autumn": (8, 15),
    "double_ninth": (9, 9),
}


def merge_weather_home_visits(regular: list[DueVisit], weather: list[DueVisit]) -> list[DueVisit]:
    """One home visit covers both a weather home visit and a regular one whose days meet.

    The regular visit keeps its identity (reason, due date, class), so the plan's accounting is
    unchanged, and is narrowed to the days both allow: before the weather, and in its period.
    """
    merged = list(regular)
    left: list[DueVisit] = []
    for contact in weather:
        index = next(
            (
                i
                for i, visit in enumerate(merged)
                if contact.mode is VisitMode.HOME
                and visit.mode is VisitMode.HOME
                and visit.earliest <= contact.latest
                and contact.earliest <= visit.latest
            ),
            None,
        )
        if index is None:
            left.append(contact)
            continue
        visit = merged[index]
        merged[index] = replace(
            visit,
            earliest=max(visit.earliest, contact.earliest),
            latest=min(visit.latest, contact.latest),
            note=f"{visit.note}; also before {contact.note}".strip("; "),
        )
    return [*merged, *left]


def festival_dates(year: int, names: Iterable[str]) -> list[tuple[str, date]]:
    found = []
    for name in names:
        lunar_month, lunar_day = _FESTIVAL_LUNAR_DATES[name]
        found.append((name, LunarDate(year, lunar_month, lunar_day).to_solar_date()))
    return found


def _contact_week(window_first: date, window_last: date) -> date:
    """The Monday of the week that holds most working days of a contact window (earlier on ties)."""
    counts: dict[date, int] = defaultdict(int)
    day = window_first
    while day <= window_last:
        counts[day - timedelta(days=day.weekday())] += 1 if day.weekday() < 5 else 0
        day += timedelta(days=1)
    return max(sorted(counts), key=lambda monday: counts[monday])


@dataclass(frozen=True)
class FestivalWindow:
    """The days of the planning week on which a festival's extra contact is made."""

    name: str
    first: date
    last: date
    due_by: date


def festival_windows(week_start: date, policy: Policy) -> list[FestivalWindow]:
    """The festivals whose contact falls in this week (the same for every elder)."""
    week_end = week_start + timedelta(days=WEEK_DAYS - 1)
    windows = []
    for year in (week_start.year, week_start.year + 1):
        for name, festival in festival_dates(year, policy.festivals):
            first = festival - timedelta(days=policy.festival_lead_days)
            last = festival - timedelta(days=1)
            if _contact_week(first, last) == week_start:
                windows.append(
                    FestivalWindow(name, max(first, week_start), min(last, week_end), last)
                )
    return windows


def _contact_made(past: Sequence[PastVisit], reason: VisitReason, first: date, last: date) -> bool:
    """Whether the history already holds an extra contact of ``reason`` between the days."""
    return any(v.reason is reason and first <= v.day <= last for v in past)


def festival_contacts(
    elder: Elder,
    tier: Tier,
    policy: Policy,
    windows: Sequence[FestivalWindow],
    past: Sequence[PastVisit],
) -> list[DueVisit]:
    if tier not in policy.festival_tiers:
        return []
    windows = [w for w in windows if not _contact_made(past, VisitReason.FESTIVAL, w.first, w.last)]
    mode = policy.festival_mode
    if mode is VisitMode.HOME and not elder.home_visit_consent:
        mode = policy.mode_without_consent
    return [
        DueVisit(
            elder.elder_id, tier, mode, VisitReason.FESTIVAL, w.first, w.last, w.due_by, w.name
        )
        for w in windows
    ]


def weather_contacts(
    elder: Elder,
    tier: Tier,
    week_start: date,
    policy: Policy,
    warnings: Sequence[WeatherWarning],
    past: Sequence[PastVisit],
) -> list[DueVisit]:
    if tier is Tier.GENERAL:
        return []
    week_end = week_start + timedelta(days=WEEK_DAYS - 1)
    contacts = []
    for warning in warnings:
        if not warning.covers(elder.town, elder.village) or warning.end < week_start:
            continue
        if _weather_contact_made(past, warning, policy):
            continue  # planned once: a warning under way does not bring it back every week
        if warning.start > week_start:
            first = max(week_start, warning.start - timedelta(days=policy.weather_lead_days))
            last = min(week_end, warning.start - timedelta(days=1))
            due_by = warning.start - timedelta(days=1)
        else:  # already under way: contact at once
            first, last, due_by = week_start, min(week_end, warning.end), week_start
        if first > last:
            continue
        contacts.append(
            DueVisit(
                elder.elder_id,
                tier,
                _weather_mode(elder, tier, warning, policy),
                VisitReason.WEATHER,
                first,
                last,
                due_by,
                note=warning.kind,
            )
        )
    return contacts


def _weather_contact_made(
    past: Sequence[PastVisit], warning: WeatherWarning, policy: Policy
) -> bool:
    """A weather contact, or a home visit (which covers one, see the merge), in the warning's
    lead time or while it lasts."""
    first = warning.start - timedelta(days=policy.weather_lead_days)
    return _contact_made(past, VisitReason.WEATHER, first, warning.end) or any(
        v.mode is VisitMode.HOME and first <= v.day <= warning.end for v in past
    )


def _weather_mode(elder: Elder, tier: Tier, warning: WeatherWarning, policy: Policy) -> VisitMode:
    if tier is Tier.SECONDARY:
        mode = policy.weather_secondary_mode
    else:
        mode = policy.weather_key_mode_severe if warning.is_severe else policy.weather_key_mode
    if mode is VisitMode.HOME and not elder.home_visit_consent:
        return policy.mode_without_consent
    return mode
