"""A travel source plugged into the weekly planner: the routes follow the matrices it gives.

``geo.travel.TravelSource`` is the seam where a road network or an OSRM server comes in; these
tests plug in sources of their own and check the planner takes its times from them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from geo.crs import LonLat
from geo.travel import StraightLine, TravelMatrices, TravelSource, whole_matrix_rows
from planner.demand import week_days
from planner.engine.town_plan import TownWeek, _travel_matrices, plan_town
from planner.model import DueVisit, ReasonCode, Tier, VisitMode, VisitReason
from planner.policy import Policy
from tests.conftest import CENTRE, MONDAY, TOWN, make_elder, make_visitor

FAR_ELDER = LonLat(CENTRE.lon + 0.001, CENTRE.lat + 0.001)


@dataclass(frozen=True)
class FarAway:
    """Straight lines, except that one place is five hours from everywhere (a river between)."""

    straight: StraightLine
    place: LonLat

    def matrices(self, places: Sequence[LonLat], mode: str) -> TravelMatrices:
        travel = self.straight.matrices(places, mode)
        far = [i for i, p in enumerate(places) if p == self.place]
        seconds = travel.seconds.copy()
        seconds[far, :] = seconds[:, far] = 5 * 3600.0
        np.fill_diagonal(seconds, 0.0)
        return TravelMatrices(seconds, travel.metres)

    def seconds_by_rows(
        self, places: Sequence[LonLat], modes: Sequence[str]
    ) -> Iterator[tuple[slice, dict[str, NDArray[np.float64]]]]:
        return whole_matrix_rows(self, places, modes)

    def path(self, start: LonLat, end: LonLat, mode: str) -> tuple[LonLat, ...]:
        return (start, end)


@dataclass(frozen=True)
class SevenMinutes:
    """Seven minutes from anywhere to anywhere else."""

    def matrices(self, places: Sequence[LonLat], mode: str) -> TravelMatrices:
        seconds = np.full((len(places), len(places)), 7 * 60.0)
        np.fill_diagonal(seconds, 0.0)
        return TravelMatrices(seconds, seconds * 5.0)

    def seconds_by_rows(
        self, places: Sequence[LonLat], modes: Sequence[str]
    ) -> Iterator[tuple[slice, dict[str, NDArray[np.float64]]]]:
        return whole_matrix_rows(self, places, modes)

    def path(self, start: LonLat, end: LonLat, mode: str) -> tuple[LonLat, ...]:
        return (start, end)


def _town_week(policy: Policy, travel: TravelSource | None) -> TownWeek:
    elders = [make_elder("E1"), make_elder("E2", location=FAR_ELDER)]
    visitor = make_visitor()
    days = tuple(week_days(MONDAY))
    due = tuple(
        DueVisit(e.elder_id, Tier.KEY, VisitMode.HOME, VisitReason.REGULAR, MONDAY, MONDAY, MONDAY)
        for e in elders
    )
    working = frozenset((visitor.visitor_id, d) for d in days[:5])
    elder_by_id = {e.elder_id: e for e in elders}
    return TownWeek(TOWN, days, elder_by_id, (visitor,), due, working, policy, travel)


def test_the_default_source_is_the_policys_straight_line(policy: Policy) -> None:
    speeds = {mode.value: kph for mode, kph in policy.speed_kph.items()}
    given = plan_town(
        _town_week(policy, StraightLine(policy.detour_factor, speeds)), time_limit_s=0.3
    )
    default = plan_town(_town_week(policy, None), time_limit_s=0.3)
    assert [v.travel_minutes for v in default.visits] == [v.travel_minutes for v in given.visits]
    assert len(default.visits) == 2


def test_a_source_that_puts_an_elder_far_away_leaves_the_visit_out(policy: Policy) -> None:
    straight = policy.straight_line()
    result = plan_town(_town_week(policy, FarAway(straight, FAR_ELDER)), time_limit_s=0.3)
    assert [v.elder_id for v in result.visits] == ["E1"]
    (left_out,) = result.unassigned
    assert (left_out.elder_id, left_out.reason.code) == ("E2", ReasonCode.VISIT_OUT_OF_REACH)


def test_the_roster_keeps_the_sources_minutes(policy: Policy) -> None:
    result = plan_town(_town_week(policy, SevenMinutes()), time_limit_s=0.3)
    (route,) = result.routes
    assert [v.travel_minutes for v in result.visits] == [7, 7]
    assert route.minutes == 3 * 7


def test_the_planners_matrices_hold_the_sources_whole_minutes_and_seconds() -> None:
    source = StraightLine(1.3, {"walk": 4.5, "car": 30.0})
    near = [LonLat(CENTRE.lon + i / 100, CENTRE.lat) for i in range(5)]
    sydney = LonLat(151.2093, -33.8688)  # 145,000 minutes on foot: more than int16 holds
    for places in (near, [*near, sydney]):
        found = _travel_matrices(source, places, ["walk", "car"])
        for mode, (minutes, cost) in found.items():
            travel = source.matrices(places, mode)
            assert np.array_equal(minutes, travel.minutes)
            assert np.array_equal(cost, np.rint(travel.seconds))
    assert found["walk"][0].max() > np.iinfo(np.int16).max
