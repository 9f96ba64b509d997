"""The month's floor in the summary: elders who would miss the month, visitor-days to close it
(``planner.io.gap``)."""

from __future__ import annotations

from dataclasses import replace

from planner.io.summary import summary
from planner.io.words import label
from planner.model import Plan, Priority, VisitMode


def _with_floor(plan: Plan) -> Plan:
    return replace(plan, due=tuple(replace(v, priority=Priority.MONTH_FLOOR) for v in plan.due))


def test_no_floor_visit_left_out_means_no_gap(plan: Plan) -> None:
    figures = summary(plan)
    assert figures["elders_missing_month"] == 0
    assert figures["visitor_days_to_close_gap"] == 0


def test_floor_visits_left_out_are_counted_by_elder_and_priced_in_visitor_days(
    plan: Plan,
) -> None:
    floor = _with_floor(plan)
    figures = summary(floor)
    assert figures["elders_missing_month"] == len({u.elder_id for u in plan.unassigned}) > 0
    home = sum(1 for u in plan.unassigned if u.mode is VisitMode.HOME)
    cap = min(v.max_home_visits_per_day for v in plan.visitors)
    assert figures["visitor_days_to_close_gap"] >= max(1, -(-home // cap))


def test_the_gap_has_words_in_both_languages() -> None:
    for key in ("elders_missing_month", "visitor_days_to_close_gap"):
        assert label("summary", key, "zh") != label("summary", key, "en")
