"""The same input and policy give the same plan, byte for byte, on every run and with any number
of workers; a search stopped by the wall-clock cap is reported, and its plan still complete."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from planner.demo.district import DemoSize, build_demo_district
from planner.io.outputs import write_plan_files
from planner.model import Plan
from planner.policy import Policy
from planner.usecases.plan import PlanRequest, plan_week
from tests.conftest import MONDAY

SMALL_DISTRICT = DemoSize(elders=200, visitors=10, towns=2, villages=10)


@pytest.fixture(scope="module")
def request_(policy: Policy, tmp_path_factory: pytest.TempPathFactory) -> PlanRequest:
    tables = build_demo_district(tmp_path_factory.mktemp("tables"), SMALL_DISTRICT, MONDAY, policy)
    return PlanRequest.from_tables(tables, MONDAY, policy)


def written(plan: Plan, folder: Path) -> dict[str, bytes]:
    write_plan_files(plan, folder, lang="zh")
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def without_seconds(summary: bytes) -> dict[str, object]:
    figures: dict[str, object] = json.loads(summary)
    del figures["seconds"]
    return figures


def test_the_same_plan_twice_and_with_any_workers(request_: PlanRequest, tmp_path: Path) -> None:
    runs = [
        written(plan_week(request_, workers=workers), tmp_path / f"run{n}")
        for n, workers in enumerate((1, 1, 2))
    ]
    assert runs[0]["roster.csv"].count(b"\n") > 50
    for run in runs[1:]:
        assert run.keys() == runs[0].keys()
        for name, content in run.items():
            if name == "summary.json":
                assert without_seconds(content) == without_seconds(runs[0][name])
            else:
                assert content == runs[0][name], f"{name} differs between runs"
    assert json.loads(runs[0]["summary.json"])["time_cap_hit"] == []


def test_a_search_stopped_by_the_clock_is_reported_and_the_plan_complete(
    request_: PlanRequest, tmp_path: Path
) -> None:
    hurried = replace(request_, policy=replace(request_.policy, max_seconds_per_town=0.01))
    plan = plan_week(hurried, workers=1)  # checked: every rule kept, every due visit accounted for
    assert plan.time_cap_hit and set(plan.time_cap_hit) <= {e.town for e in plan.elders}
    assert len(plan.visits) + len(plan.unassigned) == len(plan.due)
    assert all(item.reason is not None for item in plan.unassigned)
    summary = json.loads(written(plan, tmp_path)["summary.json"])
    assert summary["time_cap_hit"] == list(plan.time_cap_hit)
    assert any("wall-clock cap" in warning for warning in summary["warnings"])
