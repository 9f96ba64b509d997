"""A surge put into the published days (``surge``): nothing before now, an urgent visit under way
by its deadline, published visits keeping their times, a call placed first when asked."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from geo.crs import LonLat
from planner.engine.surge import place_surge
from planner.engine.town_week import TownWeek
from planner.model import DueVisit, PlannedVisit, Tier, TimeWindow, VisitMode, VisitReason
from planner.policy import Policy
from tests.conftest import CENTRE, MONDAY, TOWN, make_elder, make_visitor

TUESDAY = MONDAY + timedelta(days=1)
ELDER = make_elder("E1", location=LonLat(CENTRE.lon + 0.005, CENTRE.lat))
OTHER = make_elder("E2", location=LonLat(CENTRE.lon - 0.005, CENTRE.lat))
VISITOR = make_visitor(shift=TimeWindow(8 * 60, 17 * 60))


def _week(policy: Policy, due: list[DueVisit]) -> TownWeek:
    days = (MONDAY, TUESDAY)
    working = frozenset(("V1", d) for d in days)
    elders = {"E1": ELDER, "E2": OTHER}
    return TownWeek(TOWN, days, elders, (VISITOR,), tuple(due), working, policy)


def _urgent(first: date = MONDAY, last: date = TUESDAY) -> DueVisit:
    return DueVisit("E1", Tier.KEY, VisitMode.HOME, VisitReason.URGENT, first, last, last)


def _published() -> PlannedVisit:
    return PlannedVisit(
        MONDAY, "V1", "E2", Tier.GENERAL, VisitMode.HOME, 1, 14 * 60, 14 * 60 + 30, 3,
        VisitReason.REGULAR, MONDAY,
    )  # fmt: skip


def test_an_urgent_visit_comes_after_now_and_before_its_deadline(policy: Policy) -> None:
    urgent = _urgent()
    now = datetime.combine(MONDAY, datetime.min.time()) + timedelta(hours=15)
    deadline = now + timedelta(hours=24)
    placed = place_surge(_week(policy, [urgent]), [_published()], now, {urgent: (now, deadline)})
    (new,) = [v for v in placed.visits if v.elder_id == "E1"]
    start = datetime.combine(new.day, datetime.min.time()) + timedelta(minutes=new.arrival_min)
    assert now <= start <= deadline and placed.unassigned == ()
    (kept,) = [v for v in placed.visits if v.elder_id == "E2"]
    assert (kept.day, kept.arrival_min) == (MONDAY, 14 * 60)  # the published visit stays


def test_an_urgent_visit_nobody_can_make_by_its_deadline_is_unassigned(policy: Policy) -> None:
    urgent = _urgent(last=MONDAY)
    now = datetime.combine(MONDAY, datetime.min.time()) + timedelta(hours=16, minutes=50)
    deadline = now + timedelta(minutes=5)  # the shift ends at 17:00
    placed = place_surge(_week(policy, [urgent]), [_published()], now, {urgent: (now, deadline)})
    assert [v.elder_id for v in placed.visits] == ["E2"]
    assert [u.elder_id for u in placed.unassigned] == ["E1"]


def test_a_published_day_that_no_longer_holds_is_kept_as_published(policy: Policy) -> None:
    gone = PlannedVisit(
        MONDAY, "V9", "E2", Tier.GENERAL, VisitMode.HOME, 1, 9 * 60, 9 * 60 + 30, 3,
        VisitReason.REGULAR, MONDAY,
    )  # fmt: skip
    now = datetime.combine(MONDAY, datetime.min.time())
    placed = place_surge(_week(policy, []), [gone], now, {})
    assert placed.broken_days == (("V9", MONDAY),) and placed.visits == (gone,)
