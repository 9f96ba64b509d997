"""A town's week as the engine sees it (``town_week``): the visitor-day's free time, the hard
rule of who may make which visit when, and the windows a visit may start in."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from planner.engine.town_week import TownWeek, VisitorDay, can_serve, start_windows
from planner.model import DueVisit, Tier, TimeWindow, VisitMode, VisitReason
from planner.policy import Policy
from tests.conftest import MONDAY, TOWN, make_elder, make_visitor, window


def _day() -> VisitorDay:
    return VisitorDay(make_visitor(), MONDAY, [(8 * 60, 12 * 60)])


def test_a_slot_is_the_earliest_free_time_in_the_hours() -> None:
    day = _day()
    day.occupy(8 * 60, 9 * 60)
    assert day.place(30, [window("08:00-18:00")]) == 9 * 60
    assert day.free == [(9 * 60 + 30, 12 * 60)] and day.busy_min == 90


def test_no_slot_when_the_hours_miss_the_free_time() -> None:
    day = _day()
    day.occupy(8 * 60, 11 * 60 + 45)
    assert day.place(30, [window("08:00-18:00")]) is None
    assert day.place(10, [window("13:00-18:00")]) is None
    assert day.place(10, [window("11:40-12:00")]) == 11 * 60 + 45


def test_occupying_busy_time_is_refused() -> None:
    day = _day()
    day.occupy(9 * 60, 10 * 60)
    with pytest.raises(ValueError, match="is not free"):
        day.occupy(9 * 60 + 30, 10 * 60 + 30)


def test_start_windows_keep_only_what_holds_the_whole_visit() -> None:
    windows = [window("08:00-08:20"), window("09:00-10:00"), window("10:00-11:00")]
    # a visit from 09:45 would straddle two windows: the start spans stay apart
    assert start_windows(windows, 30) == ((9 * 60, 9 * 60 + 30), (10 * 60, 10 * 60 + 30))
    assert start_windows([window("09:00-10:00"), window("09:20-11:00")], 30) == ((540, 630),)
    assert start_windows([window("08:00-08:20")], 30) == ()


def _week(policy: Policy) -> TownWeek:
    visitor = make_visitor()
    elder = make_elder(time_windows=(window("09:00-10:00"),))
    working = frozenset({(visitor.visitor_id, MONDAY)})
    return TownWeek(TOWN, (MONDAY,), {"E1": elder}, (visitor,), (), working, policy)


def _visit(first: date = MONDAY) -> DueVisit:
    return DueVisit("E1", Tier.KEY, VisitMode.HOME, VisitReason.REGULAR, first, first, first)


def test_can_serve_bites_a_day_off_a_day_not_allowed_and_hours_outside_the_shift(
    policy: Policy,
) -> None:
    week = _week(policy)
    visitor = week.visitors[0]
    assert can_serve(week, _visit(), visitor, MONDAY, 30)
    assert not can_serve(week, _visit(), visitor, MONDAY + timedelta(days=1), 30)  # day off
    assert not can_serve(week, _visit(first=MONDAY + timedelta(days=1)), visitor, MONDAY, 30)
    late = replace(visitor, shift=TimeWindow(13 * 60, 17 * 60))
    assert not can_serve(week, _visit(), late, MONDAY, 30)
    assert not can_serve(week, _visit(), visitor, MONDAY, 90)  # longer than the hours
