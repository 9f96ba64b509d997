"""The search's start (``territories``): each elder's visits to one visitor, the usual visitor
preferred over a nearer one by the policy's bonus, the nearer one otherwise."""

from __future__ import annotations

from dataclasses import replace

from geo.crs import LonLat
from planner.calendar import WorkCalendar
from planner.demand import week_days
from planner.engine.territories import visitor_weeks
from planner.engine.town_plan import _build_home_problem
from planner.engine.town_week import TownWeek, visitor_days
from planner.model import DueVisit, Elder, Tier, VisitMode, VisitReason
from planner.policy import Policy
from tests.conftest import CENTRE, MONDAY, TOWN, make_elder, make_visitor

SUNDAY = week_days(MONDAY)[-1]
NEAR_V1 = LonLat(CENTRE.lon + 0.001, CENTRE.lat)
V2_START = LonLat(CENTRE.lon + 0.01, CENTRE.lat)


def _territories(policy: Policy, elders: list[Elder]) -> dict[str, list[str]]:
    visitors = (make_visitor("V1"), make_visitor("V2", start=V2_START))
    days = tuple(week_days(MONDAY))
    calendar = WorkCalendar(policy)
    working = frozenset((v.visitor_id, d) for v in visitors for d in days if calendar.works(v, d))
    home = [
        DueVisit(e.elder_id, Tier.KEY, VisitMode.HOME, VisitReason.REGULAR, MONDAY, SUNDAY, SUNDAY)
        for e in elders
    ]
    week = TownWeek(
        TOWN, days, {e.elder_id: e for e in elders}, visitors, tuple(home), working, policy
    )
    service = policy.visit_minutes[VisitMode.HOME]
    problem, vehicle_days, _ = _build_home_problem(week, home, visitor_days(week), service)
    found: dict[str, list[str]] = {}
    for vehicles, stops, _part in visitor_weeks(week, home, problem, vehicle_days):
        visitor_id = vehicle_days[vehicles[0]][0]
        found[visitor_id] = sorted(home[s].elder_id for s in stops)
    return found


def test_without_a_usual_visitor_the_nearer_one_takes_the_elder(policy: Policy) -> None:
    assert _territories(policy, [make_elder("E1", location=NEAR_V1)]) == {"V1": ["E1"]}


def test_the_usual_visitor_takes_the_elder_over_a_nearer_one(policy: Policy) -> None:
    elder = make_elder("E1", location=NEAR_V1, usual_visitor_id="V2")
    assert _territories(policy, [elder]) == {"V2": ["E1"]}
    no_bonus = replace(policy, usual_visitor_bonus_minutes=0)
    assert _territories(no_bonus, [elder]) == {"V1": ["E1"]}
