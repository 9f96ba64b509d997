"""The use case (planner.usecases.plan): load every table, plan the week checked, write it whole."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

import planner.usecases.plan
from planner.engine.town_plan import TownPlan, TownWeek
from planner.io.output_folder import OutputFolderError
from planner.io.tables import InputError
from planner.model import Plan
from planner.policy import Policy
from planner.usecases.plan import (
    InputFiles,
    PlanBrokeRulesError,
    PlanRequest,
    load_request,
    plan_week,
    write_plan,
)
from tests.conftest import MONDAY, make_elder, make_visitor

DATA = Path(__file__).resolve().parents[2] / "data" / "tables"
PLAN_FILES = ("roster.csv", "roster.xlsx", "unassigned.csv", "flags.csv", "routes.geojson")
KEY_ELDER_BIRTH = date(1930, 1, 1)


@pytest.fixture(scope="module")
def small_plan(policy: Policy) -> Plan:
    elders = [make_elder(f"E{i}", birth_date=KEY_ELDER_BIRTH) for i in range(3)]
    return plan_week(PlanRequest(elders, [make_visitor()], MONDAY, policy), workers=1)


def _column(path: Path, *names: str) -> list[tuple[str, ...]]:
    """The cells of ``names`` in each row, as the csv module reads them (not the planner)."""
    with path.open(encoding="utf-8", newline="") as file:
        return [tuple(row[name] for name in names) for row in csv.DictReader(file)]


def test_load_request_reads_every_table(policy: Policy) -> None:
    files = InputFiles(
        DATA / "elders_good.csv",
        DATA / "visitors_good.csv",
        history=DATA / "history_good.csv",
        warnings=DATA / "warnings_good.csv",
    )
    request = load_request(files, MONDAY, policy)
    assert [(e.elder_id,) for e in request.elders] == _column(files.elders, "elder_id")
    assert [(v.visitor_id,) for v in request.visitors] == _column(files.visitors, "visitor_id")
    elder_ids = {e.elder_id for e in request.elders}
    history = _column(DATA / "history_good.csv", "date", "elder_id")
    assert [(str(v.day), v.elder_id) for v in request.history] == [
        row for row in history if row[1] in elder_ids
    ]
    unknown = {row[1] for row in history if row[1] not in elder_ids}
    assert unknown and {f.subject_id for f in request.flags} >= unknown  # flagged, not planned
    assert [(w.town, str(w.start)) for w in request.warnings] == _column(
        DATA / "warnings_good.csv", "town", "start"
    )
    assert request.week_start == MONDAY


def test_the_files_a_plan_never_replaces_are_those_given() -> None:
    files = InputFiles(DATA / "elders_good.csv", DATA / "visitors_good.csv")
    assert files.paths() == (DATA / "elders_good.csv", DATA / "visitors_good.csv")
    with_history = InputFiles(files.elders, files.visitors, history=DATA / "history_good.csv")
    assert with_history.paths()[-1] == DATA / "history_good.csv"


def test_load_request_gathers_the_problems_of_every_file_before_stopping(policy: Policy) -> None:
    files = InputFiles(
        DATA / "elders_several_defects.csv",
        DATA / "visitors_good.csv",
        warnings=DATA / "warnings_several_defects.csv",
    )
    with pytest.raises(InputError) as raised:
        load_request(files, MONDAY, policy)
    named = {Path(problem.file).name for problem in raised.value.problems}
    assert named == {"elders_several_defects.csv", "warnings_several_defects.csv"}


def test_a_checked_plan_comes_back(small_plan: Plan) -> None:
    assert len(small_plan.visits) == 3 and not small_plan.unassigned


def test_a_plan_that_breaks_a_rule_is_an_error_never_a_plan(
    policy: Policy, monkeypatch: pytest.MonkeyPatch
) -> None:
    def forgetful(week: TownWeek, *, time_limit_s: float | None = None) -> TownPlan:
        return TownPlan(visits=(), unassigned=(), routes=())  # drops every due visit unsaid

    monkeypatch.setattr(planner.usecases.plan, "plan_town", forgetful)
    elders = [make_elder("E1", birth_date=KEY_ELDER_BIRTH)]
    with pytest.raises(PlanBrokeRulesError, match="neither planned nor explained"):
        plan_week(PlanRequest(elders, [make_visitor()], MONDAY, policy), workers=1)


def test_write_plan_writes_the_files_the_pages_and_the_tables(
    small_plan: Plan, tmp_path: Path
) -> None:
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "elders.csv").write_text("elder_id\nE1\n", encoding="utf-8")
    steps: list[str] = []

    def page(plan: Plan, folder: Path) -> None:
        (folder / "page.html").write_text(str(len(plan.visits)), encoding="utf-8")

    def run_step(description: str, work: object) -> object:
        steps.append(description)
        return work()  # type: ignore[operator]

    out = tmp_path / "out"
    write_plan(
        small_plan, out, lang="en", tables=tables, pages=(("page", page),), run_step=run_step
    )
    assert all((out / name).is_file() for name in PLAN_FILES)
    assert (out / "page.html").read_text(encoding="utf-8") == "3"
    assert (out / "input" / "elders.csv").is_file()
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["planned_visits"] == 3
    assert steps == ["writing roster, routes and summary", "page"]


def test_a_page_that_fails_leaves_the_earlier_plan_as_it_was(
    small_plan: Plan, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    write_plan(small_plan, out, lang="zh")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken_page(plan: Plan, folder: Path) -> None:
        (folder / "half.html").write_text("half", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OutputFolderError, match="disk full"):
        write_plan(small_plan, out, lang="en", pages=(("broken", broken_page),))
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_file_the_run_read_is_never_replaced(small_plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_plan(small_plan, out, lang="zh")
    roster = out / "roster.csv"
    with pytest.raises(OutputFolderError):
        write_plan(small_plan, out, lang="zh", keep=(roster,))
