"""A visitor's day rebuilt from its roster rows (``day_rebuild``): the times kept, the legs timed
on the source, and any overlap or time outside the shift refusing the day."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from geo.crs import LonLat
from geo.travel import TravelMatrices
from planner.engine.day_rebuild import Legs, rebuild_day
from planner.engine.town_week import TownWeek, VisitorDay
from planner.model import PlannedVisit, Tier, TimeWindow, VisitMode, VisitReason
from planner.policy import Policy
from tests.conftest import CENTRE, MONDAY, TOWN, make_elder, make_visitor

Rows = Iterator[tuple[slice, dict[str, NDArray[np.float64]]]]
ELDER = make_elder("E1", location=LonLat(CENTRE.lon + 0.01, CENTRE.lat))
VISITOR = make_visitor(shift=TimeWindow(9 * 60, 12 * 60))


def _week(policy: Policy) -> TownWeek:
    working = frozenset({("V1", MONDAY)})
    return TownWeek(TOWN, (MONDAY,), {"E1": ELDER}, (VISITOR,), (), working, policy)


def _row(arrival: int, mode: VisitMode = VisitMode.HOME, minutes: int = 30) -> PlannedVisit:
    return PlannedVisit(
        MONDAY, "V1", "E1", Tier.KEY, mode, 0, arrival, arrival + minutes, 0,
        VisitReason.REGULAR, MONDAY,
    )  # fmt: skip


def _empty() -> VisitorDay:
    return VisitorDay(VISITOR, MONDAY, [(VISITOR.shift.start_min, VISITOR.shift.end_min)])


def test_a_day_that_holds_is_rebuilt_with_its_times_and_the_sources_legs(policy: Policy) -> None:
    week = _week(policy)
    legs = Legs(week)
    there, back = legs.minutes(_empty(), [VISITOR.start, ELDER.location, VISITOR.start])
    rebuilt = rebuild_day(week, _empty(), [_row(10 * 60)], legs)
    assert rebuilt is not None
    day, route = rebuilt
    assert [(r.arrival_min, r.travel_minutes) for r in day.rows] == [(10 * 60, there)]
    assert route is not None and route.minutes == there + back
    assert day.busy_min == there + 30 + back


def test_a_call_over_the_journey_refuses_the_day(policy: Policy) -> None:
    week = _week(policy)
    legs = Legs(week)
    there = legs.minutes(_empty(), [VISITOR.start, ELDER.location])[0]
    assert there >= 2
    call = _row(10 * 60 - there, VisitMode.PHONE, 1)  # on the way to the home visit
    assert rebuild_day(week, _empty(), [_row(10 * 60), call], legs) is None
    early_call = replace(call, arrival_min=9 * 60, departure_min=9 * 60 + 10)
    assert rebuild_day(week, _empty(), [_row(10 * 60), early_call], legs) is not None


def test_a_visit_whose_way_back_ends_after_the_shift_refuses_the_day(policy: Policy) -> None:
    week = _week(policy)
    assert rebuild_day(week, _empty(), [_row(12 * 60 - 30)], Legs(week)) is None
    assert rebuild_day(week, _empty(), [_row(11 * 60)], Legs(week)) is not None


def test_more_home_visits_than_the_cap_refuse_the_day(policy: Policy) -> None:
    week = _week(policy)
    capped = VisitorDay(replace(VISITOR, max_home_visits_per_day=1), MONDAY, [(540, 720)])
    two = [_row(9 * 60 + 20), replace(_row(10 * 60 + 20), elder_id="E1")]
    assert rebuild_day(week, capped, two, Legs(week)) is None
    assert rebuild_day(week, capped, two[:1], Legs(week)) is not None


def test_the_legs_of_a_path_are_one_matrix_of_its_places(policy: Policy) -> None:
    asked: list[int] = []
    straight = policy.straight_line()

    class Counting:
        def matrices(self, places: Sequence[LonLat], mode: str) -> TravelMatrices:
            asked.append(len(places))
            return straight.matrices(places, mode)

        def seconds_by_rows(self, places: Sequence[LonLat], modes: Sequence[str]) -> Rows:
            return straight.seconds_by_rows(places, modes)

        def path(self, start: LonLat, end: LonLat, mode: str) -> tuple[LonLat, ...]:
            return straight.path(start, end, mode)

    week = replace(_week(policy), travel=Counting())
    legs = Legs(week)
    path = [VISITOR.start, ELDER.location, CENTRE, VISITOR.start]
    legs.minutes(_empty(), path)
    legs.minutes(_empty(), list(reversed(path)))
    assert asked == [2]  # the two distinct places, asked once; the way back is known
