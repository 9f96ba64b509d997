"""The independent checks of a plan (planner.checks): each rule noticed when a plan breaks it.

A plan the planner made keeps every rule (the "does not bite" half of each pair: ``clean``);
each test breaks one rule by hand and expects the check to name it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from geo.crs import LonLat
from planner.checks import check_plan
from planner.model import Plan, PlannedVisit, VisitMode, VisitReason
from planner.policy import Policy
from planner.usecases.plan import PlanRequest, plan_week
from tests.conftest import CENTRE, MONDAY, make_elder, make_visitor, window


@pytest.fixture(scope="module")
def clean(policy: Policy) -> Plan:
    """Four key elders (over 80) visited at home by one visitor on the same Monday week."""
    elders = [
        make_elder(
            f"E{i}",
            location=LonLat(CENTRE.lon + 0.004 * i, CENTRE.lat),
            birth_date=date(1930, 1, 1),
        )
        for i in range(4)
    ]
    plan = plan_week(PlanRequest(elders, [make_visitor()], MONDAY, policy), workers=1)
    assert len(plan.visits) >= 2
    return plan


def problems_of(plan: Plan, policy: Policy, *, visits: tuple[PlannedVisit, ...]) -> list[str]:
    return check_plan(replace(plan, visits=visits), policy)


def test_a_plan_the_planner_made_keeps_every_rule(clean: Plan, policy: Policy) -> None:
    assert check_plan(clean, policy) == []


def test_overlapping_visits_are_noticed(clean: Plan, policy: Policy) -> None:
    first, second = clean.visits[0], clean.visits[1]
    on_top = replace(
        second,
        day=first.day,
        visitor_id=first.visitor_id,
        arrival_min=first.arrival_min,
        departure_min=first.departure_min,
        sequence=2,
    )
    problems = problems_of(clean, policy, visits=(replace(first, sequence=1), on_top))
    assert any("before the previous one ends" in p for p in problems)


def test_a_visit_after_the_shift_is_noticed(clean: Plan, policy: Policy) -> None:
    late = replace(clean.visits[-1], arrival_min=17 * 60, departure_min=17 * 60 + 30)
    problems = problems_of(clean, policy, visits=(*clean.visits[:-1], late))
    assert any("after the shift" in p for p in problems)


def test_a_lost_visit_is_noticed(clean: Plan, policy: Policy) -> None:
    problems = problems_of(clean, policy, visits=clean.visits[1:])
    assert any("neither planned nor explained" in p for p in problems)


def test_a_visit_on_a_day_off_is_noticed(clean: Plan, policy: Policy) -> None:
    sunday = replace(clean.visits[0], day=MONDAY + timedelta(days=6))
    problems = problems_of(clean, policy, visits=(sunday, *clean.visits[1:]))
    assert any("not a working day" in p for p in problems)


def test_more_home_visits_than_the_cap_are_noticed(clean: Plan, policy: Policy) -> None:
    busiest = max(
        {(v.visitor_id, v.day) for v in clean.visits},
        key=lambda key: sum((v.visitor_id, v.day) == key for v in clean.visits),
    )
    on_that_day = sum((v.visitor_id, v.day) == busiest for v in clean.visits)
    capped = [replace(v, max_home_visits_per_day=on_that_day - 1) for v in clean.visitors]
    assert any("over the cap" in p for p in check_plan(replace(clean, visitors=capped), policy))


def test_an_elder_outside_the_visitors_area_is_noticed(clean: Plan, policy: Policy) -> None:
    elsewhere = [replace(v, villages=frozenset({"李家庄"})) for v in clean.visitors]
    problems = check_plan(replace(clean, visitors=tuple(elsewhere)), policy)
    assert any("outside the visitor's area" in p for p in problems)


def test_a_visit_outside_the_elders_hours_is_noticed(clean: Plan, policy: Policy) -> None:
    visited = clean.visits[0].elder_id
    hours = (window("06:00-07:00"),)
    elders = tuple(
        replace(e, time_windows=hours) if e.elder_id == visited else e for e in clean.elders
    )
    problems = check_plan(replace(clean, elders=elders), policy)
    assert any(f"{visited} visited outside their hours" in p for p in problems)


def test_a_home_visit_without_consent_is_noticed(clean: Plan, policy: Policy) -> None:
    visited = clean.visits[0].elder_id
    elders = tuple(
        replace(e, home_visit_consent=False) if e.elder_id == visited else e for e in clean.elders
    )
    problems = check_plan(replace(clean, elders=elders), policy)
    assert any(f"home visit to {visited} without consent" in p for p in problems)


def test_a_call_with_travel_time_is_noticed(clean: Plan, policy: Policy) -> None:
    call = replace(clean.visits[0], mode=VisitMode.PHONE, travel_minutes=5)
    problems = problems_of(clean, policy, visits=(call, *clean.visits[1:]))
    assert any("has travel time" in p for p in problems)


def test_a_gap_in_the_days_sequence_is_noticed(clean: Plan, policy: Policy) -> None:
    renumbered = replace(clean.visits[0], sequence=clean.visits[0].sequence + 10)
    problems = problems_of(clean, policy, visits=(renumbered, *clean.visits[1:]))
    assert any("sequence is not" in p for p in problems)


def test_a_route_that_differs_from_the_roster_is_noticed(clean: Plan, policy: Policy) -> None:
    route = clean.routes[0]
    assert len(route.elder_ids) >= 2
    swapped = replace(route, elder_ids=tuple(reversed(route.elder_ids)))
    problems = check_plan(replace(clean, routes=(swapped, *clean.routes[1:])), policy)
    assert any("route order differs" in p for p in problems)


# --- the rules no plan above breaks: each broken alone, and named alone ------------------------


def a_call_after_the_day(plan: Plan, **changes: Any) -> PlannedVisit:
    """A call of the first visit's elder after the last visit of that visitor's day: it needs no
    route, travel or home-visit cap, so it breaks only what ``changes`` make it break."""
    first = plan.visits[0]
    day = [v for v in plan.visits if (v.visitor_id, v.day) == (first.visitor_id, first.day)]
    last = max(day, key=lambda v: v.sequence)
    call = replace(
        first,
        mode=VisitMode.PHONE,
        travel_minutes=0,
        sequence=last.sequence + 1,
        arrival_min=last.departure_min,
        departure_min=last.departure_min + 10,
    )
    return replace(call, **changes)


def test_a_visit_that_was_not_due_is_noticed(clean: Plan, policy: Policy) -> None:
    festival = a_call_after_the_day(clean, reason=VisitReason.FESTIVAL)
    problems = problems_of(clean, policy, visits=(*clean.visits, festival))
    assert problems == [
        f"visit {(festival.elder_id, 'festival', festival.due_by)} is planned but was not due"
    ]


def test_two_regular_visits_of_an_elder_on_one_day_are_noticed(clean: Plan, policy: Policy) -> None:
    again = a_call_after_the_day(clean)
    owed_twice = next(  # the accounting sees two visits due, so only the day's rule is broken
        d for d in clean.due if (d.elder_id, d.due_by) == (again.elder_id, again.due_by)
    )
    plan = replace(clean, due=(*clean.due, owed_twice), visits=(*clean.visits, again))
    assert check_plan(plan, policy) == [f"{again.elder_id} gets 2 regular visits on {again.day}"]


def test_a_visit_on_a_day_it_was_not_due_is_noticed(clean: Plan, policy: Policy) -> None:
    visit = clean.visits[0]
    other_day = visit.day + timedelta(days=1)
    due = tuple(
        replace(d, earliest=other_day, latest=other_day)
        if (d.elder_id, d.due_by) == (visit.elder_id, visit.due_by)
        else d
        for d in clean.due
    )
    assert check_plan(replace(clean, due=due), policy) == [
        f"{visit.visitor_id} on {visit.day}: {visit.elder_id} visited on a day the visit was "
        "not due"
    ]


def test_a_round_back_after_the_shift_is_noticed(clean: Plan, policy: Policy) -> None:
    route = clean.routes[0]
    day = [v for v in clean.visits if (v.visitor_id, v.day) == (route.visitor_id, route.day)]
    shift_end = next(v.shift.end_min for v in clean.visitors if v.visitor_id == route.visitor_id)
    # The way back is the route's minutes less the journeys to the stops: one minute too long.
    back_late = shift_end - max(v.departure_min for v in day) + 1
    longer = replace(route, minutes=sum(v.travel_minutes for v in day) + back_late)
    assert check_plan(replace(clean, routes=(longer, *clean.routes[1:])), policy) == [
        f"{route.visitor_id} on {route.day}: back after the shift ends"
    ]
