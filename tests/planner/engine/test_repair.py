"""The repair after the search, on tiny problems worked out by hand: places on a line a minute
apart per unit (``test_ortools.problem``), stops left out on purpose by the given solution."""

from __future__ import annotations

from datetime import timedelta
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.crs import LonLat
from planner.calendar import WorkCalendar
from planner.demand import week_days
from planner.engine import town_plan as engine_week
from planner.engine.repair import VehicleTrial, repair, schedule, trials
from planner.engine.solver.problem import RoutingProblem, RoutingSolution
from planner.engine.town_plan import TownPlan, TownWeek, plan_town
from planner.model import Blocked, DueVisit, Elder, Tier, TimeWindow, TravelMode, Visitor
from planner.policy import Policy
from tests.conftest import CENTRE, MONDAY, TOWN, make_elder, make_visitor, window
from tests.oracle import Oracle
from tests.planner.engine.solver.test_ortools import problem
from tests.planner.engine.test_town_plan import due


def left_out(stops: int, routes: dict[int, list[int]], given: RoutingProblem) -> RoutingSolution:
    """A solution of ``given`` with these routes and every other of the ``stops`` dropped."""
    scheduled = []
    for vehicle, order in sorted(routes.items()):
        route = schedule(given, vehicle, order)
        assert route is not None
        scheduled.append(route)
    served = {s for order in routes.values() for s in order}
    return RoutingSolution(tuple(scheduled), tuple(s for s in range(stops) if s not in served))


def orders(solution: RoutingSolution) -> dict[int, list[int]]:
    return {r.vehicle: [s.stop for s in r.stops] for r in solution.routes}


def test_a_stop_that_fits_is_put_in_at_its_cheapest_position() -> None:
    # Depot at 0, stops at 10, 20, 15: 15 belongs between the other two (no detour at all).
    given = problem([0, 10, 20, 15], [{"node": 1}, {"node": 2}, {"node": 3}])
    repaired = repair(given, left_out(3, {0: [0, 1]}, given))
    assert orders(repaired) == {0: [0, 2, 1]} and not repaired.dropped


def test_a_stop_is_put_in_an_empty_vehicle() -> None:
    given = problem([0, 10], [{"node": 1}], vehicles=({}, {}))
    repaired = repair(given, left_out(1, {}, given))
    assert orders(repaired) == {0: [0]}


def test_the_second_window_of_a_stop_is_used() -> None:
    # The first window (0-5) is missed by the time the vehicle arrives (10): the second serves.
    given = problem([0, 10], [{"node": 1, "windows": ((0, 5), (100, 120))}])
    (route,) = repair(given, left_out(1, {}, given)).routes
    assert route.stops[0].start == 100


def test_the_way_back_counts_against_the_shift() -> None:
    # 10 out, 10 of service, 10 back: 30 minutes; a shift of 29 cannot take it, one of 30 can.
    for shift_end, served in ((29, False), (30, True)):
        given = problem([0, 10], [{"node": 1}], vehicles=({"shift_end": shift_end},))
        repaired = repair(given, left_out(1, {}, given))
        assert bool(repaired.routes) is served


def test_the_capacity_is_kept() -> None:
    given = problem([0, 1, 2], [{"node": 1}, {"node": 2}], vehicles=({"capacity": 1},))
    repaired = repair(given, left_out(2, {0: [0]}, given))
    assert repaired.dropped == (1,)


def test_a_stop_goes_only_to_the_vehicles_it_allows() -> None:
    given = problem([0, 1], [{"node": 1, "allowed_vehicles": (1,)}], vehicles=({}, {}))
    assert orders(repair(given, left_out(1, {}, given))) == {1: [0]}


def test_another_stop_is_moved_to_make_room() -> None:
    # Vehicle 0 holds one stop (capacity 1); stop 1 may only go with vehicle 0, stop 0 may also
    # go with vehicle 1: moving stop 0 makes room.
    given = problem(
        [0, 5, 6],
        [{"node": 1}, {"node": 2, "allowed_vehicles": (0,)}],
        vehicles=({"capacity": 1}, {}),
    )
    repaired = repair(given, left_out(2, {0: [0]}, given))
    assert orders(repaired) == {0: [1], 1: [0]} and not repaired.dropped


def test_highest_penalty_first_when_only_one_fits() -> None:
    given = problem(
        [0, 1, 2],
        [{"node": 1, "drop_penalty": 5}, {"node": 2, "drop_penalty": 9}],
        vehicles=({"capacity": 1},),
    )
    assert repair(given, left_out(2, {}, given)).dropped == (0,)


def test_untouched_routes_keep_their_schedule() -> None:
    given = problem([0, 10, 20], [{"node": 1}, {"node": 2}], vehicles=({}, {}))
    searched = left_out(2, {0: [0], 1: [1]}, given)
    assert repair(given, searched) == searched


def test_the_trial_names_what_stopped_the_stop_in_each_vehicle() -> None:
    # Vehicle 0: full (capacity 1). Vehicle 1: too short a shift to go at all. Vehicle 2: its
    # one stop (10-20 at place 10) takes the time the stop's window (0-15, same place) offers.
    given = problem(
        [0, 10, 10],
        [
            {"node": 1, "allowed_vehicles": (0,)},
            {"node": 2, "windows": ((10, 10),), "allowed_vehicles": (2,)},
            {"node": 1, "windows": ((0, 15),)},
        ],
        vehicles=({"capacity": 1}, {"shift_end": 25}, {}),
    )
    solution = repair(given, left_out(3, {0: [0], 2: [1]}, given))
    assert solution.dropped == (2,)
    assert trials(given, solution)[2] == [
        VehicleTrial(0, Blocked.CAP_FULL, 1, 10, 580),
        VehicleTrial(1, Blocked.OUT_OF_REACH, 0, 10, 5),
        VehicleTrial(2, Blocked.DAY_FULL, 1, 10, 580),
    ]


def test_a_full_cap_is_named_only_when_room_for_one_more_would_let_the_stop_in() -> None:
    # Capacity 1, taken by a stop at 10-20 at place 10; the left-out stop must start by 15 at
    # the same place: a second place in the day would not help, the day is full.
    given = problem(
        [0, 10],
        [{"node": 1, "windows": ((10, 10),)}, {"node": 1, "windows": ((0, 15),)}],
        vehicles=({"capacity": 1},),
    )
    solution = repair(given, left_out(2, {0: [0]}, given))
    assert [t.blocked for t in trials(given, solution)[1]] == [Blocked.DAY_FULL]


def test_the_repair_is_deterministic() -> None:
    given = problem(
        [0, 3, 7, 4, 9, 2],
        [{"node": n} for n in range(1, 6)],
        vehicles=({"capacity": 2}, {"capacity": 2}, {"capacity": 1}),
    )
    searched = left_out(5, {}, given)
    assert repair(given, searched) == repair(given, searched)


# --- on random towns, against the oracle ------------------------------------------------------

VILLAGES = ("甲村", "乙村", "丙村")
SHIFTS = ("08:30-17:00", "08:00-12:00", "13:30-17:30")


def _near(draw: st.DrawFn, centre: LonLat, spread: float) -> LonLat:
    dx, dy = (draw(st.floats(-spread, spread)) for _ in range(2))
    return LonLat(centre.lon + dx, centre.lat + dy)


def _hours(draw: st.DrawFn) -> tuple[TimeWindow, ...]:
    """None, one, or two short windows apart (a morning and an afternoon)."""
    kind = draw(st.sampled_from(("any", "one", "two")))
    if kind == "any":
        return ()
    start = draw(st.integers(8 * 60, 11 * 60))
    first = TimeWindow(start, start + draw(st.integers(40, 180)))
    if kind == "one":
        return (first,)
    later = draw(st.integers(13 * 60, 16 * 60))
    return first, TimeWindow(later, later + draw(st.integers(40, 90)))


@st.composite
def towns(draw: st.DrawFn) -> tuple[list[Elder], list[Visitor], list[DueVisit]]:
    """Shapes the demo does not make: walkers far from their villages, half-day shifts, visitors
    on a few days a week, usual visitors anywhere in the town, too few visitors, two windows."""
    centres = {v: _near(draw, CENTRE, 0.04) for v in VILLAGES}
    visitors = [
        make_visitor(
            f"V{n}",
            start=_near(draw, CENTRE, 0.06),
            villages=frozenset(draw(st.lists(st.sampled_from(VILLAGES), max_size=2))),
            travel_mode=draw(st.sampled_from(list(TravelMode))),
            shift=window(draw(st.sampled_from(SHIFTS))),
            work_weekdays=frozenset(draw(st.lists(st.integers(0, 4), min_size=1, max_size=5))),
            max_home_visits_per_day=draw(st.integers(1, 6)),
        )
        for n in range(1, draw(st.integers(1, 4)) + 1)
    ]
    elders, visits = [], []
    for n in range(draw(st.integers(3, 24))):
        village = draw(st.sampled_from(VILLAGES))
        usual = draw(st.sampled_from([None, *(v.visitor_id for v in visitors)]))
        elders.append(
            make_elder(
                f"E{n}",
                village=village,
                location=_near(draw, centres[village], 0.006),
                time_windows=_hours(draw),
                usual_visitor_id=usual,
            )
        )
        first = draw(st.integers(0, 4))
        last = draw(st.integers(first, 4))
        tier = draw(st.sampled_from(list(Tier)))
        visits.append(
            due(f"E{n}", first=MONDAY + timedelta(first), last=MONDAY + timedelta(last), tier=tier)
        )
    return elders, visitors, visits


def town_week(
    policy: Policy, elders: list[Elder], visitors: list[Visitor], visits: list[DueVisit]
) -> TownWeek:
    calendar = WorkCalendar(policy)
    days = tuple(week_days(MONDAY))
    working = frozenset((v.visitor_id, d) for v in visitors for d in days if calendar.works(v, d))
    elder_map = {e.elder_id: e for e in elders}
    return TownWeek(TOWN, days, elder_map, tuple(visitors), tuple(visits), working, policy)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(towns(), st.booleans())
def test_no_visit_left_out_fits_the_final_roster(
    policy: Policy, town: tuple[list[Elder], list[Visitor], list[DueVisit]], large: bool
) -> None:
    elders, visitors, visits = town
    week = town_week(policy, elders, visitors, visits)
    # A short search; or, as for a large town, the visitors' own routes without the town-wide
    # search (where most visits were left out before the repair).
    with patch.object(engine_week, "TOWN_SEARCH_MAX_VISITS", 0 if large else 1500):
        result: TownPlan = plan_town(week, time_limit_s=0.1)
    oracle = Oracle(week)
    # The roster keeps every rule, its travel is the oracle's to the minute...
    assert oracle.roster_breaches(result.visits) == []
    # ...and nothing left out fits into it, nothing moved.
    for left in result.unassigned:
        (visit,) = [v for v in visits if v.elder_id == left.elder_id]
        assert oracle.insertions(result.visits, visit) == [], left.reason
