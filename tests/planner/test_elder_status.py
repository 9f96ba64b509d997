"""Pauses and endings (planner.elder_status) in who is due, and a visitor's leave
(planner.absences) in the plan: each rule where it bites and where it does not."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.absences import Absence, AbsenceKind, with_absences
from planner.demand import compute_demand, month_periods, phase
from planner.elder_status import (
    Ending,
    EndingKind,
    Pause,
    PauseKind,
    StatusError,
    Statuses,
    present_periods,
    standing_in_month,
)
from planner.model import Ability, DueVisit, Elder, PastVisit, VisitReason
from planner.policy import Policy, classify, load_policy
from planner.usecases.plan import PlanRequest, plan_week
from tests.conftest import MONDAY, make_elder, make_visitor

GENERAL = {"ability": Ability.INTACT}
KEY = {"birth_date": date(1940, 1, 1)}


def due(
    policy: Policy,
    elders: list[Elder],
    monday: date,
    statuses: list[Pause | Ending],
    history: list[PastVisit] | None = None,
) -> list[DueVisit]:
    tiers = {e.elder_id: classify(e, policy, monday).tier for e in elders}
    demand = compute_demand(
        elders, tiers, history or [], monday, policy, statuses=Statuses.of(statuses)
    )
    assert not demand.unplannable
    return list(demand.due)


def month_mondays(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    monday = first - timedelta(days=first.weekday())
    mondays = []
    while monday <= date(year, month, 28):
        mondays.append(monday)
        monday += timedelta(days=7)
    return mondays


def regular_in_month(
    policy: Policy, elder: Elder, year: int, month: int, statuses: list[Pause | Ending]
) -> list[DueVisit]:
    """The regular visits due over the month's weeks, each taken as made on its first day."""
    made: list[PastVisit] = []
    found = []
    for monday in month_mondays(year, month):
        for visit in due(policy, [elder], monday, statuses, made):
            if visit.reason is VisitReason.REGULAR and visit.latest.month == month:
                found.append(visit)
                made.append(PastVisit(visit.earliest, elder.elder_id, "V1", visit.mode))
    return found


def test_an_elder_paused_all_week_gets_nothing_planned(policy: Policy) -> None:
    elder = make_elder("E1", **KEY)
    pause = Pause("E1", MONDAY - timedelta(days=3), MONDAY + timedelta(days=9), PauseKind.HOSPITAL)
    assert due(policy, [elder], MONDAY, []), "a key elder is due every week"
    assert due(policy, [elder], MONDAY, [pause]) == []


def test_a_visit_is_due_only_on_the_days_the_elder_is_home(policy: Policy) -> None:
    elder = make_elder("E1", **KEY)
    home_on_thursday = Pause(
        "E1", MONDAY - timedelta(days=10), MONDAY + timedelta(days=2), PauseKind.WITH_FAMILY
    )
    visits = due(policy, [elder], MONDAY, [home_on_thursday])
    assert visits
    assert all(v.earliest >= MONDAY + timedelta(days=3) for v in visits)


def test_a_month_paused_throughout_is_not_owed(policy: Policy) -> None:
    elder = make_elder("E1", **GENERAL)
    whole = Pause("E1", date(2026, 11, 25), date(2027, 1, 3), PauseKind.HOSPITAL)
    assert regular_in_month(policy, elder, 2026, 12, []) != []
    assert regular_in_month(policy, elder, 2026, 12, [whole]) == []
    statuses = Statuses.of([whole])
    assert standing_in_month("E1", statuses, date(2026, 12, 1), date(2026, 12, 31), 3) == "paused"


def test_back_with_enough_of_the_month_left_the_visit_is_owed_in_those_days(
    policy: Policy,
) -> None:
    elder = make_elder("E1", **GENERAL)
    back_on_29th = Pause("E1", date(2026, 11, 25), date(2026, 12, 28), PauseKind.HOSPITAL)
    visits = regular_in_month(policy, elder, 2026, 12, [back_on_29th])
    assert len(visits) == 1
    assert visits[0].earliest >= date(2026, 12, 29)


def test_back_with_too_little_of_the_month_left_nothing_is_owed(policy: Policy) -> None:
    elder = make_elder("E1", **GENERAL)
    back_on_30th = Pause("E1", date(2026, 11, 25), date(2026, 12, 29), PauseKind.HOSPITAL)
    assert regular_in_month(policy, elder, 2026, 12, [back_on_30th]) == []


def test_a_key_elder_owes_only_the_periods_with_enough_days_at_home(policy: Policy) -> None:
    periods = month_periods(2026, 12, 4, phase("E1"))
    second = periods[1]
    away = Pause("E1", second.first, second.last - timedelta(days=3), PauseKind.HOSPITAL)
    kept = present_periods(periods, "E1", Statuses.of([away]), 3, type(periods[0]))
    assert len(kept) == 4, "three days home at the period's end: still owed"
    assert (kept[1].first, kept[1].last) == (second.last - timedelta(days=2), second.last)
    assert kept[1].first <= kept[1].target <= kept[1].last
    longer = Pause("E1", second.first, second.last - timedelta(days=2), PauseKind.HOSPITAL)
    kept = present_periods(periods, "E1", Statuses.of([longer]), 3, type(periods[0]))
    assert len(kept) == 3, "two days home: that period is not owed"


def test_an_ended_elder_is_owed_nothing_from_the_day(policy: Policy) -> None:
    elder = make_elder("E1", **KEY)
    died = Ending("E1", MONDAY + timedelta(days=2), EndingKind.DECEASED)
    visits = due(policy, [elder], MONDAY, [died])
    assert all(v.latest < died.on for v in visits)
    assert due(policy, [elder], MONDAY + timedelta(days=7), [died]) == []
    statuses = Statuses.of([Ending("E1", date(2026, 11, 30), EndingKind.MOVED_AWAY)])
    assert standing_in_month("E1", statuses, date(2026, 12, 1), date(2026, 12, 31), 3) == "ended"


def test_a_pause_elsewhere_changes_nothing_for_this_elder(policy: Policy) -> None:
    elder = make_elder("E1", **KEY)
    other = Pause("E2", MONDAY, MONDAY + timedelta(days=6), PauseKind.HOSPITAL)
    assert due(policy, [elder], MONDAY, [other]) == due(policy, [elder], MONDAY, [])


def test_a_pause_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(StatusError, match="end"):
        Pause("E1", MONDAY, MONDAY - timedelta(days=1), PauseKind.OTHER)


def test_a_paused_elder_gets_nothing_planned_and_is_flagged_not_left_out(policy: Policy) -> None:
    elders = [make_elder("E1", **KEY), make_elder("E2", **KEY)]
    pause = Pause("E1", MONDAY, None, PauseKind.HOSPITAL)
    plan = plan_week(
        PlanRequest(elders, [make_visitor()], MONDAY, policy, statuses=[pause]), workers=1
    )
    assert {v.elder_id for v in plan.visits} == {"E2"}
    assert not any(u.elder_id == "E1" for u in plan.unassigned), "not counted short"
    assert any(f.subject_id == "E1" and f.kind == "paused" for f in plan.flags)


def test_a_visitors_absence_day_gets_no_visits(policy: Policy) -> None:
    elders = [make_elder(f"E{i}", **KEY) for i in range(6)]
    visitors = [make_visitor("V1")]
    plain = plan_week(PlanRequest(elders, visitors, MONDAY, policy), workers=1)
    busy_day = plain.visits[0].day  # a day worked without leave
    sick = Absence("V1", busy_day, busy_day, AbsenceKind.SICK)
    absent = with_absences(visitors, [sick])
    plan = plan_week(PlanRequest(elders, absent, MONDAY, policy), workers=1)
    assert not any(v.day == busy_day for v in plan.visits)
    assert {v.elder_id for v in plan.visits} == {e.elder_id for e in elders}


@given(
    start_offset=st.integers(min_value=-40, max_value=40),
    length=st.integers(min_value=0, max_value=40),
    weeks=st.integers(min_value=0, max_value=4),
    key=st.booleans(),
)
@settings(max_examples=60, deadline=None)
def test_no_visit_is_ever_due_on_a_day_away(
    start_offset: int, length: int, weeks: int, key: bool
) -> None:
    policy = load_policy()
    monday = MONDAY + timedelta(weeks=weeks - 2)
    elder = make_elder("E1", **(KEY if key else GENERAL))
    start = monday + timedelta(days=start_offset)
    pause = Pause("E1", start, start + timedelta(days=length), PauseKind.HOSPITAL)
    tiers = {"E1": classify(elder, policy, monday).tier}
    demand = compute_demand([elder], tiers, [], monday, policy, statuses=Statuses.of([pause]))
    for visit in (*demand.due, *demand.unplannable):
        day = visit.earliest
        while day <= visit.latest:
            assert not pause.covers(day), (visit, pause)
            day += timedelta(days=1)
