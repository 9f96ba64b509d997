"""The one insertion (``insertion``): where a visit goes in a day as it stands, at what cost,
and if nowhere, why; each case of the one classifier where it bites and where it does not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from geo.crs import LonLat
from planner.engine.day_rebuild import Legs, rebuild_day
from planner.engine.insertion import Insertion, book_call, what_stopped
from planner.engine.town_week import TownWeek, VisitorDay
from planner.model import (
    Blocked,
    DayRoute,
    DueVisit,
    Elder,
    PlannedVisit,
    Tier,
    TimeWindow,
    VisitMode,
    Visitor,
    VisitReason,
)
from planner.policy import Policy
from tests.conftest import CENTRE, MONDAY, TOWN, make_elder, make_visitor, window

EAST = make_elder("EE", location=LonLat(CENTRE.lon + 0.02, CENTRE.lat))
WEST = make_elder("EW", location=LonLat(CENTRE.lon - 0.02, CENTRE.lat))
MIDDLE = make_elder("EM", location=LonLat(CENTRE.lon + 0.01, CENTRE.lat))
VISITOR = make_visitor(shift=TimeWindow(9 * 60, 12 * 60))
KEY = ("V1", MONDAY)


def _due(elder_id: str, mode: VisitMode = VisitMode.HOME) -> DueVisit:
    return DueVisit(elder_id, Tier.KEY, mode, VisitReason.REGULAR, MONDAY, MONDAY, MONDAY)


def _week(policy: Policy, *more: Elder) -> TownWeek:
    elders = {e.elder_id: e for e in (EAST, WEST, MIDDLE, *more)}
    return TownWeek(TOWN, (MONDAY,), elders, (VISITOR,), (), frozenset({KEY}), policy)


def _day_with(week: TownWeek, rows: list[PlannedVisit], visitor: Visitor = VISITOR) -> VisitorDay:
    empty = VisitorDay(visitor, MONDAY, [(visitor.shift.start_min, visitor.shift.end_min)])
    rebuilt = rebuild_day(week, empty, rows, Legs(week))
    assert rebuilt is not None
    return rebuilt[0]


def _home(elder_id: str, arrival: int) -> PlannedVisit:
    return PlannedVisit(
        MONDAY, "V1", elder_id, Tier.KEY, VisitMode.HOME, 0, arrival, arrival + 30, 0,
        VisitReason.REGULAR, MONDAY,
    )  # fmt: skip


def test_a_home_visit_goes_where_it_adds_the_least_travel(policy: Policy) -> None:
    week = _week(policy)
    day = _day_with(week, [_home("EE", 10 * 60)])
    insertion = Insertion(week, {KEY: day})
    routes: dict[tuple[str, date], DayRoute] = {}
    assert insertion.place(_due("EM"), [KEY], routes)
    (route,) = routes.values()
    assert route.elder_ids == ("EM", "EE")  # on the way out east, not after
    kept = next(r for r in insertion.days[KEY].rows if r.elder_id == "EE")
    assert kept.arrival_min == 10 * 60  # the visit already there keeps its time


def test_a_visit_that_fits_nowhere_is_not_placed_and_the_day_is_untouched(policy: Policy) -> None:
    short = replace(VISITOR, shift=TimeWindow(9 * 60, 10 * 60))
    week = replace(_week(policy), visitors=(short,))
    day = _day_with(week, [_home("EE", 9 * 60 + 20)], short)
    insertion = Insertion(week, {KEY: day})
    assert not insertion.place(_due("EM"), [KEY], {})
    assert insertion.days[KEY] is day
    assert insertion.why_not(_due("EM"), day) is Blocked.DAY_FULL


def test_out_of_reach_when_it_fits_not_even_alone(policy: Policy) -> None:
    far = make_elder("EF", location=LonLat(CENTRE.lon + 0.5, CENTRE.lat))
    week = _week(policy, far)
    day = _day_with(week, [])
    assert Insertion(week, {KEY: day}).why_not(_due("EF"), day) is Blocked.OUT_OF_REACH
    assert Insertion(week, {KEY: day}).why_not(_due("EM"), day) is not Blocked.OUT_OF_REACH


def test_cap_full_when_the_cap_alone_is_in_the_way(policy: Policy) -> None:
    one = replace(VISITOR, max_home_visits_per_day=1)
    week = replace(_week(policy), visitors=(one,))
    day = _day_with(week, [_home("EE", 10 * 60)], one)
    assert Insertion(week, {KEY: day}).why_not(_due("EM"), day) is Blocked.CAP_FULL
    uncapped = _day_with(_week(policy), [_home("EE", 10 * 60)])
    assert Insertion(_week(policy), {KEY: uncapped}).place(_due("EM"), [KEY], {})


def test_the_classifier_asks_the_cap_only_of_a_day_at_its_cap() -> None:
    asked: list[str] = []

    def fits(name: str, answer: bool) -> Callable[[], bool]:
        def ask() -> bool:
            asked.append(name)
            return answer

        return ask

    assert what_stopped(fits_alone=fits("alone", True), fits_without_cap=fits("cap", True),
                        at_cap=False) is Blocked.DAY_FULL  # fmt: skip
    assert asked == ["alone"]
    assert what_stopped(fits_alone=fits("alone", False), fits_without_cap=fits("cap", True),
                        at_cap=True) is Blocked.OUT_OF_REACH  # fmt: skip


def test_a_call_takes_the_earliest_free_slot_in_the_elders_hours(policy: Policy) -> None:
    caller = make_elder("EC", time_windows=(window("10:00-11:00"),))
    week = _week(policy, caller)
    day = _day_with(week, [_home("EE", 10 * 60)])
    assert book_call(week, day, _due("EC", VisitMode.PHONE))
    (call,) = [r for r in day.rows if r.elder_id == "EC"]
    back = Legs(week).minutes(day, [EAST.location, VISITOR.start])[0]
    # after the home visit and the way back, which follows the visit at once
    assert call.arrival_min == 10 * 60 + 30 + back and call.mode is VisitMode.PHONE
    closed = make_elder("EC", time_windows=(window("10:00-10:35"),))
    week = _week(policy, closed)
    assert not book_call(week, _day_with(week, [_home("EE", 10 * 60)]), _due("EC", VisitMode.PHONE))
