"""The planner's objects survive the database's JSON columns unchanged."""

from __future__ import annotations

import json
from datetime import date

from api.service.codec import from_json, to_json, tuple_from_json
from planner.io.tables import load_tables
from planner.model import DayRoute, DueVisit, Elder, PlannedVisit, UnassignedVisit, Visitor
from planner.policy import load_policy
from planner.usecases.plan import PlanRequest, plan_week
from tests.api.service.conftest import TABLES


def _through_json(value: object) -> object:
    return json.loads(json.dumps(to_json(value), ensure_ascii=False))


def test_every_object_of_a_plan_comes_back_equal() -> None:
    tables = load_tables(
        TABLES / "elders_good.csv", TABLES / "visitors_good.csv", TABLES / "history_good.csv"
    )
    plan = plan_week(PlanRequest.from_tables(tables, date(2024, 5, 6), load_policy()), workers=1)
    assert tuple_from_json(Elder, _through_json(tables.elders)) == tables.elders
    assert tuple_from_json(Visitor, _through_json(tables.visitors)) == tables.visitors
    for kind, items in (
        (PlannedVisit, plan.visits),
        (DayRoute, plan.routes),
        (DueVisit, plan.due),
        (UnassignedVisit, plan.unassigned),
    ):
        assert tuple_from_json(kind, _through_json(items)) == items  # type: ignore[arg-type]
    assert all(from_json(Elder, to_json(e)).windows == e.windows for e in tables.elders)
