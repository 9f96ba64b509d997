"""Property tests of the planner's invariants on random small towns (hypothesis).

For any input: no visitor in two places at once, every arrival after the previous departure
plus the travel, nothing outside a shift or an elder's hours, nothing on a day off, no more home
visits than the cap, no home visit without consent, every due visit planned or explained.
``check_plan`` states those rules; tests/planner/test_checks.py shows it notices each breach.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.crs import LonLat
from planner.checks import check_plan
from planner.io.words import LANGUAGES, reason_text
from planner.model import (
    Ability,
    Elder,
    PastVisit,
    Role,
    TimeWindow,
    TravelMode,
    VisitMode,
    Visitor,
)
from planner.policy import load_policy
from planner.usecases.plan import PlanRequest, plan_week
from tests.conftest import CENTRE, make_elder, make_visitor

POLICY = load_policy()
TOWNS = ("古邵镇", "阴平镇")
VILLAGES = ("王庄村", "李家庄", "东湖社区")


@st.composite
def time_windows(draw: st.DrawFn) -> tuple[TimeWindow, ...]:
    count = draw(st.integers(0, 2))
    windows = []
    for _ in range(count):
        start = draw(st.integers(7 * 60, 17 * 60))
        windows.append(TimeWindow(start, min(24 * 60, start + draw(st.integers(20, 240)))))
    return tuple(windows)


@st.composite
def elders(draw: st.DrawFn, index: int, visitor_ids: list[str]) -> Elder:
    return make_elder(
        f"E{index:03d}",
        town=draw(st.sampled_from(TOWNS)),
        village=draw(st.sampled_from(VILLAGES)),
        location=LonLat(
            CENTRE.lon + draw(st.floats(-0.05, 0.05)), CENTRE.lat + draw(st.floats(-0.05, 0.05))
        ),
        birth_date=date(1926, 1, 1) + timedelta(days=draw(st.integers(0, 40 * 365))),
        ability=draw(st.sampled_from(list(Ability))),
        bedridden=draw(st.booleans()),
        dementia=draw(st.booleans()),
        home_visit_consent=draw(st.booleans()) or draw(st.booleans()),
        time_windows=draw(time_windows()),
        usual_visitor_id=draw(st.none() | st.sampled_from(visitor_ids)),
    )


@st.composite
def visitors(draw: st.DrawFn, index: int) -> Visitor:
    start = draw(st.integers(6 * 60, 12 * 60))
    return make_visitor(
        f"V{index:02d}",
        role=draw(st.sampled_from(list(Role))),
        town=draw(st.sampled_from(TOWNS)),
        villages=frozenset(draw(st.lists(st.sampled_from(VILLAGES), max_size=2))),
        start=LonLat(CENTRE.lon + draw(st.floats(-0.05, 0.05)), CENTRE.lat),
        travel_mode=draw(st.sampled_from(list(TravelMode))),
        work_weekdays=frozenset(draw(st.lists(st.integers(0, 6), min_size=1, max_size=6))),
        shift=TimeWindow(start, min(24 * 60, start + draw(st.integers(60, 9 * 60)))),
        max_home_visits_per_day=draw(st.integers(0, 5)),
    )


@st.composite
def requests(draw: st.DrawFn) -> PlanRequest:
    visitor_list = [draw(visitors(i)) for i in range(draw(st.integers(1, 4)))]
    ids = [v.visitor_id for v in visitor_list]
    elder_list = [draw(elders(i, ids)) for i in range(draw(st.integers(1, 20)))]
    monday = date(2026, 1, 5) + timedelta(weeks=draw(st.integers(0, 50)))
    history = [
        PastVisit(
            monday - timedelta(days=draw(st.integers(1, 40))),
            e.elder_id,
            ids[0],
            draw(st.sampled_from(list(VisitMode))),
        )
        for e in elder_list
        if draw(st.booleans())
    ]
    return PlanRequest(elder_list, visitor_list, monday, POLICY, history=history)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_every_plan_keeps_every_rule(request: PlanRequest) -> None:
    plan = plan_week(request, workers=1, time_limit_s=0.2)
    assert check_plan(plan, POLICY) == []


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_every_unplanned_visit_is_explained_in_both_languages(request: PlanRequest) -> None:
    """Each visit left out has a reason the words can say (a code every language words), and
    the one-for-one accounting holds: due = planned + left out, visit by visit."""
    plan = plan_week(request, workers=1, time_limit_s=0.2)
    due = Counter((v.elder_id, v.reason, v.due_by) for v in plan.due)
    planned = Counter((v.elder_id, v.reason, v.due_by) for v in plan.visits)
    left_out = Counter((u.elder_id, u.visit_reason, u.due_by) for u in plan.unassigned)
    assert due == planned + left_out
    for item in plan.unassigned:
        for lang in LANGUAGES:
            assert reason_text(item, lang, {e.elder_id: e for e in plan.elders}).strip()
