"""Who is due, as a new user finds it: what the history says, extra contacts planned once,
spacing when the tier changes mid-month, consent flags for every tier (issue 10, item 6)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from itertools import pairwise

from planner.checks import check_plan
from planner.demand import compute_demand
from planner.model import (
    DueVisit,
    Elder,
    PastVisit,
    Plan,
    PlannedVisit,
    VisitMode,
    VisitReason,
    WeatherWarning,
)
from planner.planning import PlanRequest, plan_week
from planner.policy import Policy, classify
from planner.programme import PROGRAMME_FLAGS
from tests.conftest import TOWN, make_elder, make_visitor
from tests.planner.test_demand import GENERAL, KEY, due_in


def test_calls_and_road_visits_do_not_count_as_a_key_elders_home_visits(policy: Policy) -> None:
    elder = make_elder("E1", **KEY)
    october = [
        PastVisit(date(2026, 10, d), "E1", "V1", mode)
        for d, mode in (
            (5, VisitMode.PHONE),
            (12, VisitMode.ROAD),
            (19, VisitMode.ONLINE),
            (23, VisitMode.ROAD),
        )
    ]
    due = due_in(policy, [elder], date(2026, 10, 26), october)
    regular = [v for v in due if v.reason is VisitReason.REGULAR]
    assert regular != []
    assert all(v.mode is VisitMode.HOME for v in regular)


def test_home_visits_made_in_the_month_still_count_for_a_key_elder(policy: Policy) -> None:
    elder = make_elder("E1", **KEY)
    october = [PastVisit(date(2026, 10, d), "E1", "V1", VisitMode.HOME) for d in (2, 9, 16, 23)]
    assert due_in(policy, [elder], date(2026, 10, 26), october) == []


def test_a_general_elders_call_counts_whatever_its_mode(policy: Policy) -> None:
    elder = make_elder("E1", **GENERAL)
    october = [PastVisit(date(2026, 10, 5), "E1", "V1", VisitMode.ROAD)]
    assert due_in(policy, [elder], date(2026, 10, 26), october) == []


def test_a_visit_made_earlier_in_the_planning_week_counts(policy: Policy) -> None:
    elders = [make_elder(f"E{i}", **GENERAL) for i in range(40)]
    monday = date(2026, 9, 14)
    first_due = {v.elder_id: v for v in due_in(policy, elders, monday)}
    made = [PastVisit(monday, elder_id, "V1", v.mode) for elder_id, v in first_due.items()]
    assert first_due
    assert due_in(policy, elders, monday, made) == []


def test_a_key_visit_made_on_monday_keeps_the_next_one_four_days_away(policy: Policy) -> None:
    elder = make_elder("E1", **KEY)
    monday = date(2026, 9, 28)  # the month's last week: visits may still be owed
    history = [PastVisit(date(2026, 9, d), "E1", "V1", VisitMode.HOME) for d in (3, 10, 17)]
    made_monday = [*history, PastVisit(monday, "E1", "V1", VisitMode.HOME)]
    due = due_in(policy, [elder], monday, made_monday)
    assert all(v.earliest >= monday + timedelta(days=1) for v in due)
    assert [v for v in due if v.earliest.month == 9] == []


WARNING = WeatherWarning(TOWN, date(2026, 9, 10), date(2026, 9, 20), severe=True, kind="blizzard")


def test_a_weather_contact_made_last_week_is_not_planned_again(policy: Policy) -> None:
    elder = make_elder("E1", **KEY)
    made = [PastVisit(date(2026, 9, 8), "E1", "V1", VisitMode.HOME, VisitReason.WEATHER)]
    due = due_in(policy, [elder], date(2026, 9, 14), made, [WARNING])
    assert [v for v in due if v.reason is VisitReason.WEATHER] == []


def test_a_weather_contact_not_yet_made_is_still_due_when_under_way(policy: Policy) -> None:
    elder = make_elder("E1", **KEY)
    due = due_in(policy, [elder], date(2026, 9, 14), [], [WARNING])
    weather = [v for v in due if v.reason is VisitReason.WEATHER or "blizzard" in v.note]
    assert [v.mode for v in weather] == [VisitMode.HOME]


def test_a_weather_home_visit_and_the_regular_one_are_one_visit(policy: Policy) -> None:
    elders = [make_elder(f"E{i}", **KEY) for i in range(20)]
    warning = WeatherWarning(TOWN, date(2026, 9, 11), date(2026, 9, 13), severe=True, kind="storm")
    due = due_in(policy, elders, date(2026, 9, 7), [], [warning])
    for elder in elders:
        home = [v for v in due if v.elder_id == elder.elder_id and v.mode is VisitMode.HOME]
        days = [set(_days(v)) for v in home]
        overlapping = any(a & b for i, a in enumerate(days) for b in days[i + 1 :])
        assert not overlapping, home
        assert any(v.latest < warning.start for v in home)


def _days(visit: DueVisit) -> list[date]:
    return [
        visit.earliest + timedelta(days=i) for i in range((visit.latest - visit.earliest).days + 1)
    ]


def _visit_days_over_month(policy: Policy, elder: Elder, year: int, month: int) -> list[date]:
    """Each due regular visit made on its first allowed day, week after week."""
    history: list[PastVisit] = []
    monday = date(year, month, 1) - timedelta(days=date(year, month, 1).weekday())
    while monday <= date(year, month, 28) + timedelta(days=7):
        for visit in due_in(policy, [elder], monday, history):
            if visit.reason is VisitReason.REGULAR:
                history.append(PastVisit(visit.earliest, visit.elder_id, "V1", visit.mode))
        monday += timedelta(days=7)
    return sorted(v.day for v in history if v.day.month == month)


def test_an_elder_turning_80_mid_month_keeps_the_spacing(policy: Policy) -> None:
    for birthday in range(8, 20):
        elder = make_elder("E1", birth_date=date(1946, 10, birthday))
        days = _visit_days_over_month(policy, elder, 2026, 10)
        gaps = [(b - a).days for a, b in pairwise(days)]
        assert all(gap >= policy.min_days_between_visits for gap in gaps), (birthday, days)


def test_a_general_elder_without_consent_is_flagged(policy: Policy) -> None:
    elder = make_elder("E1", home_visit_consent=False, **GENERAL)
    demand = compute_demand(
        [elder],
        {"E1": classify(elder, policy, date(2026, 9, 7)).tier},
        [],
        date(2026, 9, 7),
        policy,
    )
    assert [f.kind for f in demand.flags if f.kind not in PROGRAMME_FLAGS] == [
        "no_home_visit_consent"
    ]


def test_a_general_elder_with_consent_is_not_flagged(policy: Policy) -> None:
    elder = make_elder("E1", **GENERAL)
    demand = compute_demand(
        [elder],
        {"E1": classify(elder, policy, date(2026, 9, 7)).tier},
        [],
        date(2026, 9, 7),
        policy,
    )
    assert [f for f in demand.flags if f.kind not in PROGRAMME_FLAGS] == []


def test_mid_month_a_visit_that_can_wait_waits_rather_than_closing_the_gap(
    policy: Policy,
) -> None:
    elder = make_elder("E1", **KEY)
    made = [PastVisit(date(2026, 9, 18), "E1", "V1", VisitMode.HOME)]  # a Friday, behind
    due = [
        v
        for v in due_in(policy, [elder], date(2026, 9, 21), made)
        if v.reason is VisitReason.REGULAR
    ]
    assert due
    previous = made[0].day
    for visit in sorted(due, key=lambda v: v.earliest):
        assert (visit.earliest - previous).days >= policy.min_days_between_visits
        previous = visit.latest


def test_a_merged_weather_visit_is_planned_once_and_the_plan_checks(policy: Policy) -> None:
    elders = [make_elder(f"K{i}", **KEY) for i in range(6)]
    storm = WeatherWarning(TOWN, date(2026, 9, 11), date(2026, 9, 13), severe=True, kind="storm")
    request = PlanRequest(elders, [make_visitor()], date(2026, 9, 7), policy, warnings=[storm])
    plan = plan_week(request, time_limit_s=0.5)
    assert check_plan(plan, policy) == []
    home = Counter((v.elder_id, v.day) for v in plan.visits if v.mode is VisitMode.HOME)
    assert all(n == 1 for n in home.values())
    assert all(v.day < storm.start for v in plan.visits if "storm" in _note_of(plan, v))


def _note_of(plan: Plan, visit: PlannedVisit) -> str:
    return next(
        d.note
        for d in plan.due
        if (d.elder_id, d.reason, d.due_by) == (visit.elder_id, visit.reason, visit.due_by)
    )


def test_a_home_visit_owed_keeps_the_spacing_from_a_call_that_does_not_count(
    policy: Policy,
) -> None:
    """Bites: a call on Friday does not count toward a key elder's home visits, yet the home
    visit comes at least ``min_days_between_visits`` after it."""
    elder = make_elder("E1", **KEY)
    friday = date(2026, 12, 4)
    history = [PastVisit(friday, "E1", "V1", VisitMode.PHONE)]
    due = [v for v in due_in(policy, [elder], date(2026, 12, 7), history) if v.elder_id == "E1"]
    assert [v.mode for v in due] == [VisitMode.HOME]
    assert (due[0].earliest - friday).days >= policy.min_days_between_visits


def test_without_a_recent_call_the_home_visit_may_come_on_monday(policy: Policy) -> None:
    """Does not bite: the same call two weeks earlier leaves the whole week open."""
    elder = make_elder("E1", **KEY)
    history = [PastVisit(date(2026, 11, 20), "E1", "V1", VisitMode.PHONE)]
    due = [v for v in due_in(policy, [elder], date(2026, 12, 7), history) if v.elder_id == "E1"]
    assert [v.mode for v in due] == [VisitMode.HOME]
    assert due[0].earliest == date(2026, 12, 7)
