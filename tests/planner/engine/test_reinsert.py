"""Home visits left out after the calls, tried again in the days as they stand (``reinsert``):
the most urgent first, only the changed days for a visit the search already tried, and what
still does not fit named day by day."""

from __future__ import annotations

from datetime import date

from geo.crs import LonLat
from planner.engine.reinsert import changed_days, reinsert_home_visits
from planner.engine.town_week import TownWeek, VisitorDay, visitor_days
from planner.model import Blocked, DayBlock, DueVisit, Tier, TimeWindow, VisitMode, VisitReason
from planner.policy import Policy
from tests.conftest import CENTRE, MONDAY, TOWN, make_elder, make_visitor

KEY = ("V1", MONDAY)


def _due(elder_id: str, tier: Tier) -> DueVisit:
    return DueVisit(elder_id, tier, VisitMode.HOME, VisitReason.REGULAR, MONDAY, MONDAY, MONDAY)


def _week(policy: Policy, shift_min: int) -> TownWeek:
    elders = [
        make_elder("EG", location=LonLat(CENTRE.lon + 0.005, CENTRE.lat)),
        make_elder("EK", location=LonLat(CENTRE.lon - 0.005, CENTRE.lat)),
    ]
    visitor = make_visitor(shift=TimeWindow(9 * 60, 9 * 60 + shift_min))
    return TownWeek(
        TOWN, (MONDAY,), {e.elder_id: e for e in elders}, (visitor,), (),
        frozenset({KEY}), policy,
    )  # fmt: skip


def _blocks(days: dict[tuple[str, date], VisitorDay]) -> tuple[DayBlock, ...]:
    day = days[KEY]
    return (DayBlock("V1", MONDAY, Blocked.DAY_FULL, day.home_visits, 8, 0, 0, 0),)


def test_the_most_urgent_home_visit_takes_the_only_room(policy: Policy) -> None:
    week = _week(policy, 50)  # room for one home visit and its journeys
    days = visitor_days(week)
    general, key = _due("EG", Tier.GENERAL), _due("EK", Tier.KEY)
    routes, still_out = reinsert_home_visits(week, days, [], [general, key], [])
    assert [r.elder_ids for r in routes] == [("EK",)]
    ((left, blocks),) = still_out
    assert left == general and [b.blocked for b in blocks] == [Blocked.DAY_FULL]


def test_both_go_in_when_there_is_room(policy: Policy) -> None:
    week = _week(policy, 180)
    routes, still_out = reinsert_home_visits(
        week, visitor_days(week), [], [_due("EG", Tier.GENERAL), _due("EK", Tier.KEY)], []
    )
    assert still_out == [] and sorted(routes[0].elder_ids) == ["EG", "EK"]


def test_a_visit_the_search_tried_is_tried_again_only_in_changed_days(policy: Policy) -> None:
    week = _week(policy, 180)
    days = visitor_days(week)
    searched = [(_due("EG", Tier.GENERAL), _blocks(days))]
    assert changed_days(days, searched[0][1]) == []
    routes, still_out = reinsert_home_visits(week, days, [], [], searched)
    assert routes == [] and still_out == searched  # the search's own trial stands
    days[KEY].home_visits += 1  # a home visit given up there since would change the day
    assert changed_days(days, searched[0][1]) == [KEY]
