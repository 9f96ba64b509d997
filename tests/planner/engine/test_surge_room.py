"""A surge visit that finds no room takes the place of one published visit that may move (not
pinned, not before now), which goes elsewhere; a pinned one stays and the surge visit is out."""

from __future__ import annotations

from datetime import date, datetime

from planner.io.previous import PublishedRoster
from planner.model import Alarm, PlannedVisit, Tier, VisitMode, VisitReason
from planner.policy import Policy
from planner.usecases.plan import PlanRequest
from planner.usecases.replan import replan_week
from tests.conftest import make_elder, make_visitor

TUESDAY = date(2026, 12, 8)
MONDAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 8, 8, 0)


def _world(policy: Policy) -> PlanRequest:
    elders = [make_elder("E1"), make_elder("E2")]
    visitor = make_visitor("V1", max_home_visits_per_day=1)
    return PlanRequest(elders, [visitor], MONDAY, policy)


def _roster(pinned: bool) -> PublishedRoster:
    visit = PlannedVisit(
        TUESDAY,
        "V1",
        "E1",
        Tier.GENERAL,
        VisitMode.HOME,
        1,
        600,
        630,
        5,
        VisitReason.REGULAR,
        TUESDAY,
    )
    return PublishedRoster((visit,), frozenset({visit} if pinned else ()), {visit: 2}, "r.csv")


def _alarm() -> Alarm:
    return Alarm("E2", datetime(2026, 12, 8, 7, 30), "smart_device")


def test_an_alarm_takes_the_place_of_a_visit_that_may_move(policy: Policy) -> None:
    result = replan_week(_world(policy), _roster(pinned=False), NOW, [_alarm()])
    by_elder = {v.elder_id: v for v in result.plan.visits}
    assert by_elder["E2"].reason is VisitReason.URGENT and by_elder["E2"].day == TUESDAY
    assert by_elder["E1"].day > TUESDAY  # the regular visit moved to a later day
    assert sorted(c.kind.value for c in result.changes) == ["added", "moved"]
    # changes.csv says why: the regular visit moved to make room for the urgent one
    assert {c.kind.value: c.because for c in result.changes} == {
        "added": VisitReason.URGENT,
        "moved": VisitReason.URGENT,
    }


def test_a_pinned_visit_stays_and_the_alarm_is_explained(policy: Policy) -> None:
    result = replan_week(_world(policy), _roster(pinned=True), NOW, [_alarm()])
    assert [(v.elder_id, v.day, v.arrival_min) for v in result.plan.visits] == [
        ("E1", TUESDAY, 600)
    ]
    (left,) = result.plan.unassigned
    assert left.visit_reason is VisitReason.URGENT
