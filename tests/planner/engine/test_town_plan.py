"""Each constraint of the weekly assignment: one test where it bites, one where it does not."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from geo.crs import LonLat
from planner.calendar import WorkCalendar
from planner.demand import week_days
from planner.engine.solver import ortools as engine_ortools
from planner.engine.solver.problem import RoutingProblem, RoutingSolution
from planner.engine.town_plan import TownPlan, TownWeek, plan_town
from planner.io.words import reason_text
from planner.model import DueVisit, Elder, Tier, TravelMode, VisitMode, Visitor, VisitReason
from planner.policy import Policy
from tests.conftest import CENTRE, MONDAY, TOWN, make_elder, make_visitor, window

SUNDAY = MONDAY + timedelta(days=6)


def due(
    elder_id: str,
    *,
    mode: VisitMode = VisitMode.HOME,
    first: date = MONDAY,
    last: date = SUNDAY,
    tier: Tier = Tier.KEY,
) -> DueVisit:
    return DueVisit(elder_id, tier, mode, VisitReason.REGULAR, first, last, last)


def plan(
    policy: Policy,
    elders: list[Elder],
    visitors: list[Visitor],
    visits: list[DueVisit],
    monday: date = MONDAY,
) -> TownPlan:
    calendar = WorkCalendar(policy)
    days = tuple(week_days(monday))
    working = frozenset((v.visitor_id, d) for v in visitors for d in days if calendar.works(v, d))
    week = TownWeek(
        TOWN, days, {e.elder_id: e for e in elders}, tuple(visitors), tuple(visits), working, policy
    )
    return plan_town(week, time_limit_s=0.5)


def test_a_visit_only_allowed_at_the_weekend_bites_work_days(policy: Policy) -> None:
    result = plan(
        policy, [make_elder()], [make_visitor()], [due("E1", first=SUNDAY - timedelta(1))]
    )
    assert not result.visits
    (reason,) = result.unassigned
    assert reason_text(reason, "en").startswith(
        "no visitor serving 王庄村 (古邵镇) works between Sat 2026-12-12"
    )
    assert reason_text(reason, "zh").startswith("服务王庄村 (古邵镇)的人员在2026-12-12（周六）至")


def test_a_weekday_visit_is_planned_on_a_work_day(policy: Policy) -> None:
    result = plan(policy, [make_elder()], [make_visitor()], [due("E1")])
    assert [v.day.weekday() < 5 for v in result.visits] == [True]
    assert not result.unassigned


def test_public_holidays_are_off(policy: Policy) -> None:
    national_day_week = date(2026, 9, 28)  # 1 and 2 October are holidays
    visit = due("E1", first=date(2026, 10, 1), last=date(2026, 10, 2))
    result = plan(policy, [make_elder()], [make_visitor()], [visit], national_day_week)
    assert not result.visits
    assert "(2026-10-01, 2026-10-02 public holiday)" in reason_text(result.unassigned[0], "en")


def test_a_makeup_saturday_is_worked_by_standard_week_staff_only(policy: Policy) -> None:
    week = date(2026, 10, 5)
    saturday = date(2026, 10, 10)  # worked in lieu of the National Day holiday
    assert WorkCalendar(policy).is_makeup_workday(saturday)
    visit = due("E1", first=saturday, last=saturday)
    staff = plan(policy, [make_elder()], [make_visitor()], [visit], week)
    volunteer = make_visitor(work_weekdays=frozenset({0, 2, 4}))
    assert [v.day for v in staff.visits] == [saturday]
    assert not plan(policy, [make_elder()], [volunteer], [visit], week).visits


def test_visits_stay_inside_the_shift(policy: Policy) -> None:
    short = make_visitor(shift=window("09:00-10:00"))
    result = plan(policy, [make_elder()], [short], [due("E1", first=MONDAY, last=MONDAY)])
    (visit,) = result.visits
    assert visit.arrival_min - visit.travel_minutes >= 9 * 60 and visit.departure_min <= 10 * 60


def test_hours_outside_every_shift_bite(policy: Policy) -> None:
    evening = make_elder(time_windows=(window("18:00-19:00"),))
    result = plan(policy, [evening], [make_visitor()], [due("E1")])
    assert not result.visits
    assert "visiting hours 18:00-19:00" in reason_text(result.unassigned[0], "en")


def test_the_elders_hours_are_kept(policy: Policy) -> None:
    afternoon = make_elder(time_windows=(window("14:00-15:00"),))
    (visit,) = plan(policy, [afternoon], [make_visitor()], [due("E1")]).visits
    assert visit.arrival_min >= 14 * 60 and visit.departure_min <= 15 * 60


def test_a_village_nobody_serves_bites(policy: Policy) -> None:
    elsewhere = make_elder(village="李家庄")
    result = plan(policy, [elsewhere], [make_visitor()], [due("E1")])
    assert reason_text(result.unassigned[0], "en").startswith("no visitor serves 李家庄 (古邵镇)")


def test_a_visitor_with_no_villages_serves_the_whole_town(policy: Policy) -> None:
    elsewhere = make_elder(village="李家庄")
    result = plan(policy, [elsewhere], [make_visitor(villages=frozenset())], [due("E1")])
    assert len(result.visits) == 1


def test_the_daily_cap_of_home_visits_bites(policy: Policy) -> None:
    elders = [make_elder(f"E{i}") for i in range(3)]
    visits = [due(e.elder_id, first=MONDAY, last=MONDAY) for e in elders]
    result = plan(policy, elders, [make_visitor(max_home_visits_per_day=2)], visits)
    assert len(result.visits) == 2
    assert "full daily home visits" in reason_text(result.unassigned[0], "en")


def test_the_daily_cap_does_not_bite_below_it(policy: Policy) -> None:
    elders = [make_elder(f"E{i}") for i in range(3)]
    visits = [due(e.elder_id, first=MONDAY, last=MONDAY) for e in elders]
    assert len(plan(policy, elders, [make_visitor(max_home_visits_per_day=3)], visits).visits) == 3


def test_the_usual_visitor_is_kept_over_a_nearer_one(policy: Policy) -> None:
    elder = make_elder(usual_visitor_id="FAR")
    near = make_visitor("NEAR")
    far = make_visitor("FAR", start=LonLat(CENTRE.lon + 0.02, CENTRE.lat))
    (visit,) = plan(policy, [elder], [near, far], [due("E1")]).visits
    assert visit.visitor_id == "FAR"


def test_without_a_usual_visitor_the_nearer_one_goes(policy: Policy) -> None:
    near = make_visitor("NEAR")
    far = make_visitor("FAR", start=LonLat(CENTRE.lon + 0.02, CENTRE.lat))
    (visit,) = plan(policy, [make_elder()], [near, far], [due("E1")]).visits
    assert visit.visitor_id == "NEAR"


def test_a_usual_visitor_who_cannot_come_does_not_block_the_visit(policy: Policy) -> None:
    elder = make_elder(usual_visitor_id="AWAY")
    away = make_visitor("AWAY", work_weekdays=frozenset({5}))
    (visit,) = plan(
        policy, [elder], [make_visitor("V1"), away], [due("E1", last=MONDAY + timedelta(4))]
    ).visits
    assert visit.visitor_id == "V1"


def test_visits_cluster_by_village(policy: Policy) -> None:
    east, west = LonLat(CENTRE.lon + 0.05, CENTRE.lat), LonLat(CENTRE.lon - 0.05, CENTRE.lat)
    elders = [make_elder(f"E{i}", location=east if i % 2 else west) for i in range(8)]
    visitors = [make_visitor("VE", start=east), make_visitor("VW", start=west)]
    result = plan(
        policy, elders, visitors, [due(e.elder_id, first=MONDAY, last=MONDAY) for e in elders]
    )
    by_id = {e.elder_id: e for e in elders}
    for visit in result.visits:
        home = by_id[visit.elder_id].location
        assert (visit.visitor_id == "VE") == (home == east)


def test_calls_take_slots_in_the_shift_and_bite_when_it_is_full(policy: Policy) -> None:
    elders = [make_elder(f"E{i}") for i in range(8)]
    calls = [
        due(e.elder_id, mode=VisitMode.PHONE, first=MONDAY, last=MONDAY, tier=Tier.GENERAL)
        for e in elders
    ]
    one_hour = make_visitor(shift=window("09:00-10:00"))
    result = plan(policy, elders, [one_hour], calls)
    assert len(result.visits) == 6
    assert all(v.travel_minutes == 0 and v.mode is VisitMode.PHONE for v in result.visits)
    assert all(
        "the shifts of V1 are full on Mon 2026-12-07" in reason_text(u, "en")
        for u in result.unassigned
    )


def test_calls_fit_around_home_visits_without_overlap(policy: Policy) -> None:
    elders = [
        make_elder(f"E{i}", location=LonLat(CENTRE.lon + 0.01 * i, CENTRE.lat)) for i in range(6)
    ]
    visits = [due(f"E{i}", first=MONDAY, last=MONDAY) for i in range(3)]
    visits += [
        due(f"E{i}", mode=VisitMode.PHONE, first=MONDAY, last=MONDAY, tier=Tier.GENERAL)
        for i in range(3, 6)
    ]
    result = plan(policy, elders, [make_visitor(shift=window("09:00-12:00"))], visits)
    spans = sorted((v.arrival_min - v.travel_minutes, v.departure_min) for v in result.visits)
    assert len(spans) == 6
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert [v.sequence for v in sorted(result.visits, key=lambda v: v.arrival_min)] == list(
        range(1, 7)
    )


def test_routes_follow_the_roster_and_return_to_the_start(policy: Policy) -> None:
    elders = [
        make_elder(f"E{i}", location=LonLat(CENTRE.lon + 0.005 * i, CENTRE.lat))
        for i in range(1, 4)
    ]
    result = plan(
        policy,
        elders,
        [make_visitor()],
        [due(e.elder_id, first=MONDAY, last=MONDAY) for e in elders],
    )
    (route,) = result.routes
    assert route.path[0] == route.path[-1] == CENTRE
    assert list(route.elder_ids) == [
        v.elder_id for v in sorted(result.visits, key=lambda v: v.sequence)
    ]
    assert route.km > 0 and route.minutes >= sum(v.travel_minutes for v in result.visits)


@pytest.mark.parametrize("mode", ["walk", "car"])
def test_travel_time_follows_the_travel_mode(policy: Policy, mode: str) -> None:
    elder = make_elder(location=LonLat(CENTRE.lon + 0.02, CENTRE.lat))
    visitor = replace(make_visitor(), travel_mode=TravelMode(mode))
    (visit,) = plan(policy, [elder], [visitor], [due("E1")]).visits
    km = 0.02 * 111.32 * 0.8215 * policy.detour_factor  # 0.02° of longitude at 34.8°N
    assert visit.travel_minutes == pytest.approx(
        km / policy.speed_kph[visitor.travel_mode] * 60, abs=1.5
    )


@pytest.mark.parametrize(("max_visits", "town_searches"), [(0, 0), (1500, 1)])
def test_a_large_town_keeps_the_visitors_own_routes(
    policy: Policy, monkeypatch: pytest.MonkeyPatch, max_visits: int, town_searches: int
) -> None:
    monkeypatch.setattr("planner.engine.town_plan.TOWN_SEARCH_MAX_VISITS", max_visits)
    searches: list[int] = []
    solve = engine_ortools.solve

    def counted(problem: RoutingProblem, **options: Any) -> RoutingSolution:
        searches.append(len(problem.vehicles))
        return solve(problem, **options)

    monkeypatch.setattr(engine_ortools, "solve", counted)
    elders = [
        make_elder(f"E{i}", location=LonLat(CENTRE.lon + 0.003 * i, CENTRE.lat)) for i in range(9)
    ]
    visitors = [make_visitor("V1"), make_visitor("V2", start=LonLat(CENTRE.lon + 0.03, CENTRE.lat))]
    result = plan(policy, elders, visitors, [due(e.elder_id) for e in elders])
    assert len(result.visits) == 9 and not result.unassigned
    # The visitors' own weeks are routed one by one (a visitor's days each); a town-wide search
    # has every visitor-day of the town.
    every_day = len(visitors) * 5
    assert sum(1 for vehicles in searches if vehicles == every_day) == town_searches
    for route in result.routes:
        roster = sorted(
            (v for v in result.visits if (v.visitor_id, v.day) == (route.visitor_id, route.day)),
            key=lambda v: v.sequence,
        )
        assert list(route.elder_ids) == [v.elder_id for v in roster]


def test_a_weekend_public_holiday_is_off_for_weekend_volunteers(policy: Policy) -> None:
    spring_festival_week = date(2026, 2, 16)
    saturday = date(2026, 2, 21)  # inside the Spring Festival holiday
    assert WorkCalendar(policy).is_public_holiday(saturday)
    volunteer = make_visitor(work_weekdays=frozenset({5}))
    visit = due("E1", first=saturday, last=saturday)
    assert not plan(policy, [make_elder()], [volunteer], [visit], spring_festival_week).visits


def test_an_ordinary_weekend_is_worked_by_weekend_volunteers(policy: Policy) -> None:
    saturday = MONDAY + timedelta(days=5)
    volunteer = make_visitor(work_weekdays=frozenset({5}))
    visit = due("E1", first=saturday, last=saturday)
    assert [v.day for v in plan(policy, [make_elder()], [volunteer], [visit]).visits] == [saturday]


def test_a_shift_shorter_than_a_visit_is_named_as_such(policy: Policy) -> None:
    short = make_visitor(shift=window("08:00-08:20"))
    (reason,) = plan(policy, [make_elder()], [short], [due("E1")]).unassigned
    assert reason_text(reason, "en").startswith(
        "the shifts of V1 are shorter than a 30-minute visit"
    )


def test_a_visitor_without_home_visits_is_named_as_such(policy: Policy) -> None:
    no_home = make_visitor(max_home_visits_per_day=0)
    (reason,) = plan(policy, [make_elder()], [no_home], [due("E1")]).unassigned
    assert "make no home visits (max_home_visits_per_day is 0)" in reason_text(reason, "en")


def test_saturday_is_not_advised_to_those_who_work_it(policy: Policy) -> None:
    elders = [make_elder(f"E{i}") for i in range(8)]
    calls = [
        due(e.elder_id, mode=VisitMode.PHONE, first=MONDAY, last=MONDAY, tier=Tier.GENERAL)
        for e in elders
    ]
    six_days = make_visitor(shift=window("09:00-10:00"), work_weekdays=frozenset(range(6)))
    reasons = {reason_text(u, "en") for u in plan(policy, elders, [six_days], calls).unassigned}
    assert reasons and all(not r.endswith("or allow Saturday") for r in reasons)
