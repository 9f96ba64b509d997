"""Who is due: monthly frequencies per tier, spreading, history, modes and extra contacts."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from planner.demand import compute_demand, month_periods, week_days
from planner.extra_contacts import festival_dates
from planner.model import (
    Ability,
    DueVisit,
    Elder,
    PastVisit,
    Tier,
    VisitMode,
    VisitReason,
    WeatherWarning,
)
from planner.policy import Policy, classify
from planner.programme import PROGRAMME_FLAGS
from tests.conftest import TOWN, VILLAGE, make_elder

KEY = {"birth_date": date(1940, 1, 1)}
SECONDARY = {"ability": Ability.MODERATE}
GENERAL = {"ability": Ability.INTACT}


def due_in(
    policy: Policy,
    elders: list[Elder],
    monday: date,
    history: list[PastVisit] | None = None,
    warnings: list[WeatherWarning] | None = None,
) -> list[DueVisit]:
    tiers = {e.elder_id: classify(e, policy, monday).tier for e in elders}
    return list(
        compute_demand(elders, tiers, history or [], monday, policy, warnings=warnings or []).due
    )


def mondays_of(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday <= date(year, month, 28) + timedelta(days=6) and (monday.year, monday.month) <= (
        year,
        month,
    ):
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def simulate_month(
    policy: Policy,
    elders: list[Elder],
    year: int,
    month: int,
    before: list[PastVisit] | None = None,
) -> list[PastVisit]:
    """Each due visit is made on its first allowed day; the history feeds the next week."""
    history: list[PastVisit] = list(before or [])
    monday = date(year, month, 1) - timedelta(days=date(year, month, 1).weekday())
    while monday <= date(year, month, 28) + timedelta(days=7):
        for visit in due_in(policy, elders, monday, history):
            if visit.reason is VisitReason.REGULAR:
                history.append(PastVisit(visit.earliest, visit.elder_id, "V1", visit.mode))
        monday += timedelta(days=7)
    return [v for v in history if (v.day.year, v.day.month) == (year, month)]


@pytest.mark.parametrize(("facts", "per_month"), [(KEY, 4), (SECONDARY, 2), (GENERAL, 1)])
def test_a_month_of_weekly_plans_gives_each_tier_its_visits(
    policy: Policy, facts: dict[str, object], per_month: int
) -> None:
    elders = [make_elder(f"E{i}", **facts) for i in range(40)]
    made = Counter(v.elder_id for v in simulate_month(policy, elders, 2026, 9))
    assert all(made[e.elder_id] == per_month for e in elders)


def test_visits_are_spread_through_the_month(policy: Policy) -> None:
    elders = [make_elder(f"E{i}", **KEY) for i in range(40)]
    days_by_elder: dict[str, list[date]] = {}
    for visit in simulate_month(policy, elders, 2026, 9):
        days_by_elder.setdefault(visit.elder_id, []).append(visit.day)
    for days in days_by_elder.values():
        gaps = [(b - a).days for a, b in zip(sorted(days), sorted(days)[1:], strict=False)]
        assert min(gaps) >= policy.min_days_between_visits


def test_elders_fall_due_on_different_weeks(policy: Policy) -> None:
    elders = [make_elder(f"E{i}", **GENERAL) for i in range(200)]
    history: list[PastVisit] = []
    per_week = []
    for monday in mondays_of(2026, 9):
        due = [v for v in due_in(policy, elders, monday, history) if v.due_by.month == 9]
        history += [PastVisit(v.earliest, v.elder_id, "V1", v.mode) for v in due]
        per_week.append(len(due))
    assert sum(per_week) == 200
    assert max(per_week) <= 70, per_week


def test_visits_made_earlier_in_the_month_count(policy: Policy) -> None:
    elder = make_elder("E1", **GENERAL)
    before = due_in(policy, [elder], date(2026, 9, 28))
    assert before, "a general elder not yet visited in September is due in its last week"
    history = [PastVisit(date(2026, 9, 2), "E1", "V1", VisitMode.PHONE)]
    assert due_in(policy, [elder], date(2026, 9, 28), history) == []


def test_a_week_spanning_two_months_serves_both(policy: Policy) -> None:
    # 2026-11-30 (Mon) .. 2026-12-06 (Sun): November's last day and December's first days.
    elders = [make_elder(f"E{i}", **GENERAL) for i in range(60)]
    due = due_in(policy, elders, date(2026, 11, 30))
    months = {v.due_by.month for v in due}
    assert months == {11, 12}
    for visit in due:
        assert visit.earliest.month == visit.latest.month == visit.due_by.month


def test_a_key_elder_behind_schedule_catches_up_at_an_even_pace(policy: Policy) -> None:
    elder = make_elder("E1", **KEY)
    # Nothing made since 1 September: 4 visits in the 17 days left is 2 this week, not 3.
    due = sorted(due_in(policy, [elder], date(2026, 9, 14)), key=lambda v: v.earliest)
    assert len(due) == 2
    assert (due[1].earliest - due[0].latest).days >= policy.min_days_between_visits


def test_in_the_last_week_everything_left_is_due_on_separate_days(policy: Policy) -> None:
    elder = make_elder("E1", **SECONDARY)
    due = due_in(policy, [elder], date(2026, 9, 28))  # Mon 28 .. Wed 30 left of September
    september = [v for v in due if v.due_by.month == 9]
    assert len(september) == 2
    first, second = sorted(september, key=lambda v: v.earliest)
    assert first.latest < second.earliest


def test_the_minimum_gap_from_the_last_visit_bites(policy: Policy) -> None:
    elder = make_elder("E1", **KEY)
    monday = date(2026, 9, 7)
    last = PastVisit(date(2026, 9, 5), "E1", "V1", VisitMode.HOME)
    due = due_in(policy, [elder], monday, [last])
    assert due and all(v.earliest >= date(2026, 9, 9) for v in due)


def test_the_minimum_gap_does_not_bite_after_a_long_pause(policy: Policy) -> None:
    elder = make_elder("E1", **KEY)
    monday = date(2026, 9, 7)
    last = PastVisit(date(2026, 9, 1), "E1", "V1", VisitMode.HOME)
    due = due_in(policy, [elder], monday, [last])
    assert all(v.earliest == monday for v in due)


def test_key_and_secondary_elders_get_home_visits(policy: Policy) -> None:
    for facts in (KEY, SECONDARY):
        due = due_in(policy, [make_elder("E1", **facts)], date(2026, 9, 28))
        assert {v.mode for v in due} == {VisitMode.HOME}


def test_without_consent_home_visits_become_calls_and_are_flagged(policy: Policy) -> None:
    elder = make_elder("E1", home_visit_consent=False, **KEY)
    tiers = {"E1": Tier.KEY}
    demand = compute_demand([elder], tiers, [], date(2026, 9, 28), policy)
    assert {v.mode for v in demand.due} == {VisitMode.PHONE}
    assert [f.kind for f in demand.flags if f.kind not in PROGRAMME_FLAGS] == [
        "no_home_visit_consent"
    ]


def test_general_elders_get_a_home_visit_once_a_quarter(policy: Policy) -> None:
    elders = [make_elder(f"E{i}", **GENERAL) for i in range(30)]
    history: list[PastVisit] = []
    for month in (7, 8, 9):
        history += simulate_month(policy, elders, 2026, month, history)
    home = Counter(v.elder_id for v in history if v.mode is VisitMode.HOME)
    phone = Counter(v.elder_id for v in history if v.mode is VisitMode.PHONE)
    assert all(home[e.elder_id] == 1 for e in elders)
    assert all(phone[e.elder_id] == 2 for e in elders)


def test_a_general_elder_with_a_home_visit_this_quarter_gets_calls(policy: Policy) -> None:
    elder = make_elder("E1", **GENERAL)
    history = [
        PastVisit(date(2026, 7, 15), "E1", "V1", VisitMode.HOME),
        PastVisit(date(2026, 8, 14), "E1", "V1", VisitMode.PHONE),
    ]
    due = due_in(policy, [elder], date(2026, 9, 28), history)
    assert [v.mode for v in due] == [VisitMode.PHONE]


def test_festival_dates_come_from_the_lunar_calendar() -> None:
    dates = dict(festival_dates(2026, ["spring_festival", "mid_autumn", "double_ninth"]))
    assert dates == {
        "spring_festival": date(2026, 2, 17),
        "mid_autumn": date(2026, 9, 25),
        "double_ninth": date(2026, 10, 18),
    }


def test_key_elders_get_one_extra_contact_before_a_festival(policy: Policy) -> None:
    key, general = make_elder("K", **KEY), make_elder("G", **GENERAL)
    # Mid-Autumn 2026 is Friday 25 September; its week of calls is 21..24 September.
    weeks = [date(2026, 9, 14), date(2026, 9, 21), date(2026, 9, 28)]
    festival = [
        v
        for w in weeks
        for v in due_in(policy, [key, general], w)
        if v.reason is VisitReason.FESTIVAL
    ]
    assert [(v.elder_id, v.earliest, v.latest) for v in festival] == [
        ("K", date(2026, 9, 21), date(2026, 9, 24))
    ]
    assert festival[0].mode is policy.festival_mode


def test_weather_warning_gives_key_a_visit_and_secondary_a_call(policy: Policy) -> None:
    key, secondary, general = (
        make_elder("K", **KEY),
        make_elder("S", **SECONDARY),
        make_elder("G", **GENERAL),
    )
    storm = WeatherWarning(
        TOWN, date(2026, 9, 10), date(2026, 9, 11), severe=True, kind="rainstorm"
    )
    due = due_in(policy, [key, secondary, general], date(2026, 9, 7), warnings=[storm])
    weather = {v.elder_id: v for v in due if v.reason is VisitReason.WEATHER}
    # The key elder's weather home visit is the week's regular home visit, made before the storm.
    weather |= {v.elder_id: v for v in due if "also before rainstorm" in v.note}
    assert set(weather) == {"K", "S"}
    assert weather["K"].mode is VisitMode.HOME and weather["S"].mode is VisitMode.PHONE
    assert weather["K"].latest == date(2026, 9, 9)


def test_a_mild_warning_gives_key_elders_a_call(policy: Policy) -> None:
    key = make_elder("K", **KEY)
    heat = WeatherWarning(TOWN, date(2026, 9, 10), date(2026, 9, 12), severe=False)
    weather = [
        v
        for v in due_in(policy, [key], date(2026, 9, 7), warnings=[heat])
        if v.reason is VisitReason.WEATHER
    ]
    assert [v.mode for v in weather] == [VisitMode.PHONE]


def test_a_warning_elsewhere_adds_nothing(policy: Policy) -> None:
    key = make_elder("K", **KEY)
    storm = WeatherWarning(
        TOWN, date(2026, 9, 10), date(2026, 9, 11), severe=True, villages=frozenset({"别的村"})
    )
    due = due_in(policy, [key], date(2026, 9, 7), warnings=[storm])
    assert all(v.reason is not VisitReason.WEATHER for v in due)
    assert VILLAGE not in storm.villages


def test_periods_cover_the_month_and_targets_lie_inside() -> None:
    for visits in (1, 2, 4):
        periods = month_periods(2026, 2, visits, 0.99)
        assert periods[0].first == date(2026, 2, 1) and periods[-1].last == date(2026, 2, 28)
        assert all(p.first <= p.target <= p.last for p in periods)


def test_a_week_must_start_on_monday(policy: Policy) -> None:
    with pytest.raises(ValueError, match="Monday"):
        compute_demand([], {}, [], date(2026, 9, 8), policy)
    assert len(week_days(date(2026, 9, 7))) == 7


def test_a_visit_that_can_wait_skips_a_week_of_holidays(policy: Policy) -> None:
    # 2026-09-28: Mon-Wed are September, Thu 1 - Sun 4 October are the National Day holiday.
    elders = [make_elder(f"E{i}", **GENERAL) for i in range(100)]
    tiers = {e.elder_id: Tier.GENERAL for e in elders}
    week = date(2026, 9, 28)
    september_history = [
        PastVisit(date(2026, 9, 2), e.elder_id, "V1", VisitMode.PHONE) for e in elders
    ]
    holidays = frozenset({week, week + timedelta(1), week + timedelta(2)})
    due = compute_demand(elders, tiers, september_history, week, policy, workdays=holidays).due
    assert due == ()


def test_a_visit_due_inside_a_holiday_week_is_still_due(policy: Policy) -> None:
    elders = [make_elder(f"E{i}", **KEY) for i in range(20)]
    tiers = {e.elder_id: Tier.KEY for e in elders}
    week = date(2026, 9, 28)
    due = compute_demand(elders, tiers, [], week, policy, workdays=frozenset()).due
    assert due and all(v.due_by <= week + timedelta(6) for v in due)
