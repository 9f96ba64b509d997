"""Phone and online visits (``calls``): the usual visitor first, else the least loaded; the
policy's priority order when the shifts are short."""

from __future__ import annotations

from datetime import date

from planner.engine.calls import plan_calls
from planner.engine.town_week import TownWeek, VisitorDay, visitor_days
from planner.model import DueVisit, Elder, Priority, Tier, TimeWindow, VisitMode, VisitReason
from planner.policy import Policy
from tests.conftest import MONDAY, TOWN, make_elder, make_visitor


def _call(elder_id: str, tier: Tier = Tier.GENERAL, priority: Priority | None = None) -> DueVisit:
    return DueVisit(
        elder_id, tier, VisitMode.PHONE, VisitReason.REGULAR, MONDAY, MONDAY, MONDAY,
        priority=priority,
    )  # fmt: skip


def _week(policy: Policy, elders: list[Elder], shift: TimeWindow | None = None) -> TownWeek:
    changes = {} if shift is None else {"shift": shift}
    visitors = (make_visitor("V1", **changes), make_visitor("V2", **changes))
    working = frozenset((v.visitor_id, MONDAY) for v in visitors)
    return TownWeek(TOWN, (MONDAY,), {e.elder_id: e for e in elders}, visitors, (), working, policy)


def _who(days: dict[tuple[str, date], VisitorDay]) -> dict[str, str]:
    return {r.elder_id: key[0] for key, day in days.items() for r in day.rows}


def test_the_usual_visitor_makes_the_call(policy: Policy) -> None:
    week = _week(policy, [make_elder("E1", usual_visitor_id="V2")])
    days = visitor_days(week)
    assert plan_calls(week, [_call("E1")], days) == []
    assert _who(days) == {"E1": "V2"}


def test_without_a_usual_visitor_the_least_loaded_one_calls(policy: Policy) -> None:
    week = _week(policy, [make_elder("E1"), make_elder("E2")])
    days = visitor_days(week)
    days[("V1", MONDAY)].occupy(9 * 60, 10 * 60)
    assert plan_calls(week, [_call("E1"), _call("E2")], days) == []
    assert _who(days) == {"E1": "V2", "E2": "V2"}  # V2 still has less on its day after one


def test_when_the_shifts_are_short_the_month_floor_goes_first(policy: Policy) -> None:
    minutes = policy.visit_minutes[VisitMode.PHONE]
    tight = TimeWindow(9 * 60, 9 * 60 + minutes)  # one call a visitor
    elders = [make_elder(f"E{n}") for n in range(3)]
    week = _week(policy, elders, tight)
    floor = _call("E2", priority=Priority.MONTH_FLOOR)
    further = [_call("E0", Tier.KEY), _call("E1", Tier.KEY)]
    left = plan_calls(week, [*further, floor], visitor_days(week))
    assert [c.elder_id for c in left] == ["E1"]  # the floor and one key call are made
    roomy = _week(policy, elders)
    assert plan_calls(roomy, [*further, floor], visitor_days(roomy)) == []
