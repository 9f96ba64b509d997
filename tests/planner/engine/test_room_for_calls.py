"""A call the policy ranks above a home visit takes that visit's time (``room_for_calls``):
where it bites and where it does not, and a later call given the time the first left over."""

from __future__ import annotations

from planner.engine.day_rebuild import Legs, rebuild_day
from planner.engine.room_for_calls import make_room_for_calls
from planner.engine.town_week import TownWeek, VisitorDay
from planner.model import (
    DayRoute,
    DueVisit,
    Elder,
    PlannedVisit,
    Priority,
    Tier,
    TimeWindow,
    VisitMode,
    VisitReason,
)
from planner.policy import Policy
from tests.conftest import MONDAY, TOWN, make_elder, make_visitor, window

HOME_ELDER = make_elder("EH")


def _due(elder_id: str, mode: VisitMode, tier: Tier, priority: Priority | None = None) -> DueVisit:
    return DueVisit(
        elder_id, tier, mode, VisitReason.REGULAR, MONDAY, MONDAY, MONDAY, priority=priority
    )


HOME = _due("EH", VisitMode.HOME, Tier.GENERAL)


def _full_day(policy: Policy, spare_min: int, callers: list[Elder]) -> tuple[TownWeek, VisitorDay]:
    """One visitor's Monday holding a general elder's home visit with ``spare_min`` free."""
    probe = make_visitor()
    elders = {e.elder_id: e for e in [HOME_ELDER, *callers]}
    week = TownWeek(TOWN, (MONDAY,), elders, (probe,), (), frozenset(), policy)
    legs = Legs(week)
    empty = VisitorDay(probe, MONDAY, [(probe.shift.start_min, probe.shift.end_min)])
    there, back = legs.minutes(empty, [probe.start, HOME_ELDER.location, probe.start])
    home_min = policy.visit_minutes[VisitMode.HOME]
    start = 9 * 60
    visitor = make_visitor(shift=TimeWindow(start, start + there + home_min + back + spare_min))
    week = TownWeek(TOWN, (MONDAY,), elders, (visitor,), (), frozenset({("V1", MONDAY)}), policy)
    row = PlannedVisit(
        MONDAY, "V1", "EH", Tier.GENERAL, VisitMode.HOME, 1, start + there,
        start + there + home_min, there, VisitReason.REGULAR, MONDAY,
    )  # fmt: skip
    day = VisitorDay(visitor, MONDAY, [(visitor.shift.start_min, visitor.shift.end_min)])
    rebuilt = rebuild_day(week, day, [row], Legs(week))
    assert rebuilt is not None
    return week, rebuilt[0]


def _route(week: TownWeek, day: VisitorDay) -> DayRoute:
    rebuilt = rebuild_day(week, day, day.rows, Legs(week))
    assert rebuilt is not None and rebuilt[1] is not None
    return rebuilt[1]


def _run(
    week: TownWeek, day: VisitorDay, calls: list[DueVisit]
) -> tuple[list[DueVisit], list[DueVisit], list[str]]:
    days = {("V1", MONDAY): day}
    _, given_up, still_out = make_room_for_calls(week, days, [_route(week, day)], [HOME], calls)
    booked = sorted(r.elder_id for r in days[("V1", MONDAY)].rows)
    return given_up, still_out, booked


def test_a_month_floor_call_takes_a_general_elders_home_visit(policy: Policy) -> None:
    caller = make_elder("EC")
    week, day = _full_day(policy, 5, [caller])
    floor = _due("EC", VisitMode.PHONE, Tier.GENERAL, Priority.MONTH_FLOOR)
    given_up, still_out, booked = _run(week, day, [floor])
    assert (given_up, still_out, booked) == ([HOME], [], ["EC"])


def test_a_call_ranked_below_the_home_visit_takes_nothing(policy: Policy) -> None:
    caller = make_elder("EC")
    week, day = _full_day(policy, 5, [caller])
    general = _due("EC", VisitMode.PHONE, Tier.GENERAL, Priority.GENERAL)
    given_up, still_out, booked = _run(week, day, [general])
    assert (given_up, still_out, booked) == ([], [general], ["EH"])


def test_a_later_call_takes_the_time_an_earlier_one_left_over(policy: Policy) -> None:
    """The finding: a home visit given up for one call left half an hour, and a key elder's
    call (ranked above the home visit too, but with no other home visit to take) was left out
    beside it."""
    floor_elder, key_elder = make_elder("EC"), make_elder("EK")
    week, day = _full_day(policy, 5, [floor_elder, key_elder])
    floor = _due("EC", VisitMode.PHONE, Tier.GENERAL, Priority.MONTH_FLOOR)
    key = _due("EK", VisitMode.PHONE, Tier.KEY)
    given_up, still_out, booked = _run(week, day, [floor, key])
    assert (given_up, still_out, booked) == ([HOME], [], ["EC", "EK"])


def test_a_later_call_outside_the_time_left_over_stays_out(policy: Policy) -> None:
    floor_elder = make_elder("EC")
    # The key elder can only be called in the ten minutes the floor call takes (09:00-09:10).
    key_elder = make_elder("EK", time_windows=(window("09:00-09:12"),))
    week, day = _full_day(policy, 5, [floor_elder, key_elder])
    floor = _due("EC", VisitMode.PHONE, Tier.GENERAL, Priority.MONTH_FLOOR)
    key = _due("EK", VisitMode.PHONE, Tier.KEY)
    given_up, still_out, booked = _run(week, day, [floor, key])
    assert (given_up, still_out, booked) == ([HOME], [key], ["EC"])
