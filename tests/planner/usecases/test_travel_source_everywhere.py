"""Every consumer of travel asks the week's travel source, never straight lines behind its back.

A source of the test's own (``Manhattan``: along the grid at a constant speed, each leg drawn as
an L through its corner) differs from the policy's straight lines in every figure, so each
consumer shows which one it asked: the week's search, the insertion, the day rebuild of a
re-plan, the coordinator's edit, the route's km and the lines written to ``routes.geojson``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from geo.crs import LonLat
from geo.travel import TravelMatrices, path_km, whole_matrix_rows, whole_minutes
from planner.engine.day_rebuild import Legs
from planner.engine.insertion import Insertion
from planner.engine.town_week import TownWeek, VisitorDay
from planner.io.outputs import write_routes_geojson
from planner.io.previous import PublishedRoster
from planner.model import DueVisit, Plan, Tier, VisitMode, VisitReason
from planner.policy import Policy
from planner.usecases.edit import move_visit
from planner.usecases.plan import PlanRequest, plan_week
from planner.usecases.replan import replan_week
from tests.conftest import CENTRE, MONDAY, TOWN, make_elder, make_visitor

KM_PER_DEGREE_LAT = 111.2
KM_PER_DEGREE_LON = KM_PER_DEGREE_LAT * math.cos(math.radians(CENTRE.lat))


@dataclass(frozen=True)
class Manhattan:
    """Along the grid (east-west, then north-south) at ``speed_kph`` whatever the mode."""

    speed_kph: float = 6.0

    def km(self, a: LonLat, b: LonLat) -> float:
        return abs(a.lon - b.lon) * KM_PER_DEGREE_LON + abs(a.lat - b.lat) * KM_PER_DEGREE_LAT

    def matrices(self, places: Sequence[LonLat], mode: str) -> TravelMatrices:
        km = np.array([[self.km(a, b) for b in places] for a in places], dtype=np.float64)
        return TravelMatrices(km / self.speed_kph * 3600.0, km * 1000.0)

    def seconds_by_rows(
        self, places: Sequence[LonLat], modes: Sequence[str]
    ) -> Iterator[tuple[slice, dict[str, NDArray[np.float64]]]]:
        return whole_matrix_rows(self, places, modes)

    def path(self, start: LonLat, end: LonLat, mode: str) -> tuple[LonLat, ...]:
        return (start, LonLat(end.lon, start.lat), end)

    def minutes(self, a: LonLat, b: LonLat) -> int:
        return int(whole_minutes(np.array([self.km(a, b) / self.speed_kph * 3600.0]))[0])


GRID = Manhattan()
NEAR = LonLat(CENTRE.lon + 0.010, CENTRE.lat + 0.008)
FAR = LonLat(CENTRE.lon - 0.012, CENTRE.lat + 0.015)
KEY_AGE = date(1940, 1, 1)  # over 80: a key elder, visited at home every week
ELDERS = [
    make_elder("E1", location=NEAR, birth_date=KEY_AGE),
    make_elder("E2", location=FAR, birth_date=KEY_AGE),
]
VISITOR = make_visitor()


def _request(policy: Policy) -> PlanRequest:
    return PlanRequest(ELDERS, [VISITOR], MONDAY, policy, travel=GRID)


@pytest.fixture(scope="module")
def plan(policy: Policy) -> Plan:
    return plan_week(_request(policy), workers=1)


def _home_visits(plan: Plan) -> list[tuple[str, int]]:
    return [(v.elder_id, v.travel_minutes) for v in plan.visits if v.mode is VisitMode.HOME]


def _expected_minutes(plan: Plan) -> list[tuple[str, int]]:
    """Each home visit's minutes from the previous stop of its day, on the grid."""
    where = {e.elder_id: e.location for e in ELDERS}
    found = []
    for route in plan.routes:
        here = VISITOR.start
        for elder_id in route.elder_ids:
            found.append((elder_id, GRID.minutes(here, where[elder_id])))
            here = where[elder_id]
    return found


def test_the_weeks_search_times_the_legs_on_the_source(plan: Plan) -> None:
    assert sorted(_home_visits(plan)) == sorted(_expected_minutes(plan))
    assert len(_home_visits(plan)) >= 2


def test_the_route_line_and_km_are_the_sources(plan: Plan) -> None:
    for route in plan.routes:
        corners = [p for p in route.path if p not in (VISITOR.start, NEAR, FAR)]
        assert corners, "each leg is drawn as an L through its corner"
        assert route.km == round(path_km(route.path), 3)
        stops = [VISITOR.start, *({"E1": NEAR, "E2": FAR}[e] for e in route.elder_ids)]
        assert route.km > round(path_km([*stops, VISITOR.start]), 3)  # longer than straight


def test_the_lines_written_out_are_the_sources(plan: Plan, tmp_path: Path) -> None:
    write_routes_geojson(plan, tmp_path / "routes.geojson")
    features = json.loads((tmp_path / "routes.geojson").read_text(encoding="utf-8"))["features"]
    lines = [f["geometry"]["coordinates"] for f in features if f["geometry"]["type"] != "Point"]
    drawn = [[LonLat(*point) for point in line] for line in lines]
    assert drawn == [list(r.path) for r in plan.routes]


def test_the_insertion_times_the_visit_on_the_source(policy: Policy) -> None:
    week = TownWeek(
        TOWN, (MONDAY,), {e.elder_id: e for e in ELDERS}, (VISITOR,), (),
        frozenset({("V1", MONDAY)}), policy, GRID,
    )  # fmt: skip
    day = VisitorDay(VISITOR, MONDAY, [(VISITOR.shift.start_min, VISITOR.shift.end_min)])
    visit = DueVisit("E2", Tier.KEY, VisitMode.HOME, VisitReason.REGULAR, MONDAY, MONDAY, MONDAY)
    found = Insertion(week, {}, Legs(week)).into(day, visit, ignore_cap=False)
    assert found is not None
    added, rebuilt, route = found
    there_and_back = GRID.minutes(VISITOR.start, FAR) + GRID.minutes(FAR, VISITOR.start)
    assert added == there_and_back
    assert route is not None and route.minutes == there_and_back
    assert [r.travel_minutes for r in rebuilt.rows] == [GRID.minutes(VISITOR.start, FAR)]


def test_the_replans_day_rebuild_times_the_legs_on_the_source(policy: Policy, plan: Plan) -> None:
    published = PublishedRoster(plan.visits, frozenset(), {}, "roster.csv")
    result = replan_week(_request(policy), published, datetime.combine(MONDAY, time(0, 0)))
    assert sorted(_home_visits(result.plan)) == sorted(_home_visits(plan))
    assert [r.path for r in result.plan.routes] == [r.path for r in plan.routes]


def test_the_edit_retimes_on_the_source_given(policy: Policy, plan: Plan) -> None:
    visit = next(v for v in plan.visits if v.mode is VisitMode.HOME)
    busy = {v.day for v in plan.visits}
    free_day = next(
        MONDAY + timedelta(days=n) for n in range(5) if MONDAY + timedelta(days=n) not in busy
    )
    moved = move_visit(plan, visit, day=free_day, visitor_id="V1", policy=policy, travel=GRID)
    (new,) = [v for v in moved.plan.visits if v.day == free_day]
    location = {e.elder_id: e.location for e in ELDERS}[visit.elder_id]
    assert new.travel_minutes == GRID.minutes(VISITOR.start, location)
    straight = move_visit(plan, visit, day=free_day, visitor_id="V1", policy=policy)
    (by_default,) = [v for v in straight.plan.visits if v.day == free_day]
    assert by_default.travel_minutes != new.travel_minutes
