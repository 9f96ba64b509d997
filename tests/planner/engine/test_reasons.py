"""Why a visit is left out: each reason code where its rule bites, with the facts it names; the
first rule that fails wins. (Their words: tests/planner/io/test_reason_words.py.)"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from geo.crs import LonLat
from planner.demand import _no_room_reason, compute_demand, left_out
from planner.io.words import reason_words
from planner.model import (
    Blocked,
    DueVisit,
    Reason,
    ReasonCode,
    Tier,
    TimeWindow,
    TravelMode,
    VisitMode,
    VisitReason,
    format_hhmm,
)
from planner.policy import Policy, classify
from tests.conftest import CENTRE, MONDAY, TOWN, VILLAGE, make_elder, make_visitor, window
from tests.planner.engine.test_town_plan import SUNDAY, due, plan

TUESDAY = MONDAY + timedelta(days=1)


def only_reason(policy: Policy, *args: object, **kwargs: object) -> Reason:
    (left,) = plan(policy, *args, **kwargs).unassigned
    return left.reason


def test_no_visitor_serves_the_village(policy: Policy) -> None:
    reason = only_reason(policy, [make_elder(village="李家庄")], [make_visitor()], [due("E1")])
    assert reason == Reason(ReasonCode.NO_VISITOR_SERVES_VILLAGE, village="李家庄", town=TOWN)


def test_nobody_works_the_days_the_visit_may_be_made_on(policy: Policy) -> None:
    weekend = due("E1", first=SUNDAY - timedelta(days=1))
    reason = only_reason(policy, [make_elder()], [make_visitor()], [weekend])
    assert reason == Reason(
        ReasonCode.NOBODY_WORKS_THOSE_DAYS,
        village=VILLAGE,
        town=TOWN,
        first=SUNDAY - timedelta(days=1),
        last=SUNDAY,
    )


def test_nobody_works_names_the_public_holidays(policy: Policy) -> None:
    national_day_week = date(2026, 9, 28)
    visit = due("E1", first=date(2026, 10, 1), last=date(2026, 10, 2))
    reason = only_reason(policy, [make_elder()], [make_visitor()], [visit], national_day_week)
    assert reason.code is ReasonCode.NOBODY_WORKS_THOSE_DAYS
    assert reason.holidays == (date(2026, 10, 1), date(2026, 10, 2))


def test_no_home_visits_allowed(policy: Policy) -> None:
    visitors = [
        make_visitor("V2", max_home_visits_per_day=0),
        make_visitor("V1", max_home_visits_per_day=0),
    ]
    reason = only_reason(policy, [make_elder()], visitors, [due("E1")])
    assert reason == Reason(
        ReasonCode.NO_HOME_VISITS_ALLOWED, village=VILLAGE, town=TOWN, visitor_ids=("V1", "V2")
    )


def test_a_call_is_not_stopped_by_a_cap_of_no_home_visits(policy: Policy) -> None:
    call = due("E1", mode=VisitMode.PHONE, tier=Tier.GENERAL)
    result = plan(policy, [make_elder()], [make_visitor(max_home_visits_per_day=0)], [call])
    assert len(result.visits) == 1 and not result.unassigned


def test_hours_miss_the_shifts(policy: Policy) -> None:
    evening = make_elder(time_windows=(window("18:00-19:00"),))
    reason = only_reason(policy, [evening], [make_visitor()], [due("E1", last=TUESDAY)])
    assert reason == Reason(
        ReasonCode.HOURS_MISS_SHIFTS,
        hours=(TimeWindow(18 * 60, 19 * 60),),
        minutes=30,
        visitor_ids=("V1",),
        first=MONDAY,
        last=TUESDAY,
    )


def test_a_shift_too_short_for_one_visit(policy: Policy) -> None:
    short = make_visitor(shift=window("08:00-08:20"))
    reason = only_reason(policy, [make_elder()], [short], [due("E1")])
    assert reason == Reason(ReasonCode.SHIFT_TOO_SHORT, minutes=30, visitor_ids=("V1",))


def test_daily_caps_full(policy: Policy) -> None:
    elders = [make_elder(f"E{i}") for i in range(3)]
    visits = [due(e.elder_id, first=MONDAY, last=MONDAY) for e in elders]
    (left,) = plan(policy, elders, [make_visitor(max_home_visits_per_day=2)], visits).unassigned
    assert left.reason.code is ReasonCode.DAILY_CAPS_FULL
    assert (left.reason.visitor_ids, left.reason.first, left.reason.last) == (
        ("V1",),
        MONDAY,
        MONDAY,
    )
    assert [(b.day, b.blocked, b.home_visits, b.cap) for b in left.reason.blocks] == [
        (MONDAY, Blocked.CAP_FULL, 2, 2)
    ]
    assert "V1 has 2 of 2 home visits on Mon" in reason_words(left.reason, "en")
    assert "V1周一已有2次入户（上限2次）" in reason_words(left.reason, "zh")
    # The cap is what stopped it: one more lets it in.
    assert not plan(policy, elders, [make_visitor(max_home_visits_per_day=3)], visits).unassigned


def test_a_home_visit_that_does_not_fit_with_its_travel(policy: Policy) -> None:
    elders = [make_elder(f"E{i}") for i in range(4)]
    visits = [due(e.elder_id, first=MONDAY, last=MONDAY) for e in elders]
    one_hour = make_visitor(shift=window("09:00-10:00"))
    result = plan(policy, elders, [one_hour], visits)
    assert len(result.unassigned) == 3
    for left in result.unassigned:
        assert left.reason.code is ReasonCode.HOME_VISIT_DOES_NOT_FIT
        assert [(b.blocked, b.home_visits) for b in left.reason.blocks] == [(Blocked.DAY_FULL, 1)]
        assert "V1's other visits on Mon leave no gap" in reason_words(left.reason, "en")
    # The shift was what was full: a longer one takes them all.
    longer = make_visitor(shift=window("09:00-11:30"))
    assert not plan(policy, elders, [longer], visits).unassigned


def test_a_home_visit_out_of_reach_names_when_the_visitor_could_come(policy: Policy) -> None:
    # A walker about 4 km away (an hour on foot) cannot start a 30-minute visit by the
    # end of the elder's hour 09:00-10:00 when the shift starts at 09:00.
    elder = make_elder(time_windows=(window("09:00-10:00"),))
    far = LonLat(CENTRE.lon + 0.04, CENTRE.lat)
    walker = make_visitor(start=far, travel_mode=TravelMode.WALK, shift=window("09:00-17:00"))
    visit = due("E1", first=MONDAY, last=MONDAY)
    reason = only_reason(policy, [elder], [walker], [visit])
    assert reason.code is ReasonCode.VISIT_OUT_OF_REACH
    ((block),) = reason.blocks
    assert block.blocked is Blocked.OUT_OF_REACH and block.earliest_arrival_min > 9 * 60 + 30
    arrive = format_hhmm(block.earliest_arrival_min)
    assert f"V1 can arrive at {arrive} at the earliest" in reason_words(reason, "en")
    assert "09:00-10:00" in reason_words(reason, "zh")
    # The hours were what stopped it: an hour more lets the walker in.
    wider = replace(elder, time_windows=(window("09:00-11:00"),))
    assert not plan(policy, [wider], [walker], [visit]).unassigned


def test_a_visit_stopped_differently_by_each_visitor_names_each(policy: Policy) -> None:
    # V1 is at its cap; V2's one-hour shift holds one visit already.
    elders = [make_elder(f"E{i}") for i in range(3)]
    visits = [due(e.elder_id, first=MONDAY, last=MONDAY) for e in elders]
    capped = make_visitor("V1", max_home_visits_per_day=1)
    short = make_visitor("V2", shift=window("09:00-10:00"))
    (left,) = plan(policy, elders, [capped, short], visits).unassigned
    assert left.reason.code is ReasonCode.HOME_VISIT_DOES_NOT_FIT
    assert [(b.visitor_id, b.blocked) for b in left.reason.blocks] == [
        ("V1", Blocked.CAP_FULL),
        ("V2", Blocked.DAY_FULL),
    ]
    words = reason_words(left.reason, "en")
    assert "V1 has 1 of 1 home visits on Mon" in words and "V2's other visits on Mon" in words


def test_shifts_full_of_calls_and_whether_saturday_is_worked(policy: Policy) -> None:
    elders = [make_elder(f"E{i}") for i in range(8)]
    calls = [
        due(e.elder_id, mode=VisitMode.PHONE, first=MONDAY, last=MONDAY, tier=Tier.GENERAL)
        for e in elders
    ]
    for weekdays, saturday in ((frozenset(range(5)), False), (frozenset(range(6)), True)):
        one_hour = make_visitor(shift=window("09:00-10:00"), work_weekdays=weekdays)
        result = plan(policy, elders, [one_hour], calls)
        assert len(result.unassigned) == 2
        assert {u.reason for u in result.unassigned} == {
            Reason(
                ReasonCode.SHIFTS_FULL,
                visitor_ids=("V1",),
                first=MONDAY,
                last=MONDAY,
                village=VILLAGE,
                works_saturday=saturday,
            )
        }


def test_the_first_rule_that_fails_is_the_reason(policy: Policy) -> None:
    # Evening hours and a cap of 0 too, but nobody serves the village: that is what to fix first.
    elder = make_elder(village="李家庄", time_windows=(window("18:00-19:00"),))
    reason = only_reason(policy, [elder], [make_visitor(max_home_visits_per_day=0)], [due("E1")])
    assert reason.code is ReasonCode.NO_VISITOR_SERVES_VILLAGE


def test_the_month_ends_short(policy: Policy) -> None:
    # Nothing made in September by a key elder: four visits, three days left (28 to 30).
    elder = make_elder("E1", birth_date=date(1940, 1, 1))
    monday = date(2026, 9, 28)
    tiers = {"E1": classify(elder, policy, monday).tier}
    demand = compute_demand([elder], tiers, [], monday, policy)
    assert demand.unplannable
    for visit in demand.unplannable:
        assert visit.shortfall is not None
        assert visit.shortfall.code is ReasonCode.MONTH_ENDS_SHORT
        assert visit.shortfall.month_end == date(2026, 9, 30)
        assert visit.shortfall.visits_due > visit.shortfall.visits_fitting
        assert left_out(visit).reason is visit.shortfall


def test_the_week_is_too_short_when_the_month_goes_on() -> None:
    visit = DueVisit(
        "E1", Tier.KEY, VisitMode.HOME, VisitReason.REGULAR, MONDAY, MONDAY, MONDAY + timedelta(3)
    )
    reason = _no_room_reason(visit, 3, 2)
    assert reason == Reason(ReasonCode.WEEK_TOO_SHORT, visits_due=3, visits_fitting=2)


def test_a_visit_that_is_not_unplannable_is_not_left_out() -> None:
    visit = DueVisit("E1", Tier.KEY, VisitMode.HOME, VisitReason.REGULAR, MONDAY, MONDAY, MONDAY)
    with pytest.raises(ValueError, match="not unplannable"):
        left_out(visit)


@pytest.mark.parametrize(
    ("code", "facts", "missing"),
    [
        (ReasonCode.NO_VISITOR_SERVES_VILLAGE, {"village": "王庄村"}, "town"),
        (ReasonCode.SHIFT_TOO_SHORT, {"minutes": 30}, "visitor_ids"),
        (ReasonCode.DAILY_CAPS_FULL, {"visitor_ids": ("V1",), "first": MONDAY}, "last"),
        (ReasonCode.MONTH_ENDS_SHORT, {"visits_due": 4}, "month_end"),
    ],
)
def test_a_reason_without_the_facts_its_code_needs_is_refused(
    code: ReasonCode, facts: dict[str, object], missing: str
) -> None:
    with pytest.raises(ValueError, match=f"reason {code.value} needs {missing}"):
        Reason(code, **facts)


def test_a_reason_refuses_days_out_of_order() -> None:
    with pytest.raises(ValueError, match="is after"):
        Reason(ReasonCode.DAILY_CAPS_FULL, visitor_ids=("V1",), first=TUESDAY, last=MONDAY)


WEEKEND = due("E1", first=SUNDAY - timedelta(days=1))
EVENING = (window("18:00-19:00"),)


@pytest.mark.parametrize(
    ("code", "blocked", "fixed"),
    [
        (
            ReasonCode.NO_VISITOR_SERVES_VILLAGE,
            ([make_elder(village="李家庄")], [make_visitor()], [due("E1")]),
            ([make_elder(village="李家庄")], [make_visitor(villages=frozenset())], [due("E1")]),
        ),
        (
            ReasonCode.NOBODY_WORKS_THOSE_DAYS,
            ([make_elder()], [make_visitor()], [WEEKEND]),
            ([make_elder()], [make_visitor(work_weekdays=frozenset(range(6)))], [WEEKEND]),
        ),
        (
            ReasonCode.NO_HOME_VISITS_ALLOWED,
            ([make_elder()], [make_visitor(max_home_visits_per_day=0)], [due("E1")]),
            ([make_elder()], [make_visitor(max_home_visits_per_day=1)], [due("E1")]),
        ),
        (
            ReasonCode.HOURS_MISS_SHIFTS,
            ([make_elder(time_windows=EVENING)], [make_visitor()], [due("E1")]),
            (
                [make_elder(time_windows=EVENING)],
                [make_visitor(shift=window("12:00-19:30"))],
                [due("E1")],
            ),
        ),
    ],
    ids=lambda x: getattr(x, "value", ""),
)
def test_changing_the_fact_a_reason_names_lets_the_visit_in(
    policy: Policy, code: ReasonCode, blocked: tuple[object, ...], fixed: tuple[object, ...]
) -> None:
    assert only_reason(policy, *blocked).code is code
    result = plan(policy, *fixed)
    assert result.visits and not result.unassigned
