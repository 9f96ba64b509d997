"""The demo's visitors: the policy's kinds in believable numbers, and capacity to spare."""

from __future__ import annotations

from collections import Counter

import pytest
from ortools.graph.python import max_flow

from planner.model import Role, Tier
from tests.planner.demo.conftest import Tables, serves, tiers_of, work_weekdays

WEEKLY_HOME_VISITS = {Tier.KEY: 0.93, Tier.SECONDARY: 0.46, Tier.GENERAL: 0.1}


def test_visitors_are_the_policys_kinds_in_believable_numbers(default_tables: Tables) -> None:
    elders, visitors = default_tables
    roles = Counter(Role(row["role"]) for row in visitors)
    assert roles[Role.VILLAGE_STAFF] > len(visitors) / 2
    assert roles[Role.FAMILY_DOCTOR] >= len({row["town"] for row in elders})
    assert roles[Role.SOCIAL_WORKER] and roles[Role.CARE_INSTITUTION] and roles[Role.VOLUNTEER]
    part_timers = [r for r in visitors if r["role"] in ("volunteer", "elders_association")]
    assert all(
        len(work_weekdays(r["work_days"])) < 5 or r["work_days"] == "Mon-Fri" for r in part_timers
    )
    assert all(int(r["max_home_visits_per_day"]) <= 4 for r in part_timers)
    assert all(
        6 <= int(r["max_home_visits_per_day"]) <= 10
        for r in visitors
        if r["role"] == "village_staff"
    )


def test_visitors_without_a_start_have_a_first_village(default_tables: Tables) -> None:
    _, visitors = default_tables
    no_start = [row for row in visitors if not row["start_lon"]]
    assert no_start, "some rows leave the start empty, as real tables do"
    assert all(row["villages"] and not row["start_lat"] for row in no_start)


def test_visitors_are_split_over_towns_by_elders(default_tables: Tables) -> None:
    elders, visitors = default_tables
    elders_per_town = Counter(row["town"] for row in elders)
    visitors_per_town = Counter(row["town"] for row in visitors)
    for town, count in elders_per_town.items():
        assert abs(visitors_per_town[town] - count * len(visitors) / len(elders)) <= 1


def test_most_elders_have_a_usual_visitor(default_tables: Tables) -> None:
    elders, _ = default_tables
    share = sum(bool(row["usual_visitor_id"]) for row in elders) / len(elders)
    assert 0.5 < share < 0.65


@pytest.mark.parametrize("tables", ["default_tables", "large_tables", "small_tables"])
def test_half_the_home_visit_capacity_covers_the_weekly_need(
    tables: str, request: pytest.FixtureRequest
) -> None:
    """A flow from visitors (half their weekly home visits) to the villages they serve meets
    every village's weekly need: the week can be planned in full with room to spare."""
    elders, visitors = request.getfixturevalue(tables)
    tiers = tiers_of(elders)
    need: Counter[tuple[str, str]] = Counter()
    for row in elders:
        if row["home_visit_consent"] == "1":
            need[row["town"], row["village"]] += round(
                100 * WEEKLY_HOME_VISITS[tiers[row["elder_id"]]]
            )
    villages = sorted(need)
    flow = max_flow.SimpleMaxFlow()
    source, sink = 0, 1
    village_node = {village: 2 + index for index, village in enumerate(villages)}
    first_visitor_node = 2 + len(villages)
    for index, visitor in enumerate(visitors):
        node = first_visitor_node + index
        per_day = int(visitor["max_home_visits_per_day"] or 8)
        weekly = per_day * len(work_weekdays(visitor["work_days"]))
        flow.add_arc_with_capacity(source, node, 100 * weekly // 2)
        for village in villages:
            if serves(visitor, *village):
                flow.add_arc_with_capacity(node, village_node[village], 10**9)
    for village in villages:
        flow.add_arc_with_capacity(village_node[village], sink, need[village])
    assert flow.solve(source, sink) == flow.OPTIMAL
    assert flow.optimal_flow() == sum(need.values())
