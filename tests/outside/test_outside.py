"""The real ``visitplan plan`` on towns the project has never seen, checked from its files only.

For each kind of town (``tests.outside.towns``): the command exits 0, the plan breaks no rule,
and no visit it leaves out fits into its roster as it stands. Two findings of the first run are
fixed and kept here as tests: a key elder's home visit three days after a call in the history
(the spacing now counts every visit), and home visits a call pushed out that another visitor's
free afternoon could take (``planner.engine.reinsert``). ``python -m tests.outside.run KIND``
prints the findings of a town in full.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.outside.check import Report
from tests.outside.run import Outcome, plan_town
from tests.outside.towns import KINDS, WEEK, make_town, write_town

Planned = Callable[[str], Outcome]


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Planned:
    """Each kind's town planned once per module (and per test worker), on first use."""
    cache: dict[str, Outcome] = {}

    def plan(kind: str) -> Outcome:
        if kind not in cache:
            cache[kind] = plan_town(kind, tmp_path_factory.mktemp(kind))
        return cache[kind]

    return plan


def _report(planned: Planned, kind: str) -> Report:
    outcome = planned(kind)
    assert outcome.process.returncode == 0, outcome.process.stderr
    return outcome.report()


@pytest.mark.parametrize("kind", KINDS)
def test_the_command_plans_the_town(planned: Planned, kind: str) -> None:
    outcome = planned(kind)
    assert outcome.process.returncode == 0, outcome.process.stderr
    for name in ("roster.csv", "unassigned.csv", "summary.json", "routes.geojson"):
        assert (outcome.out / name).is_file()


@pytest.mark.parametrize("kind", KINDS)
def test_no_rule_is_broken(planned: Planned, kind: str) -> None:
    report = _report(planned, kind)
    assert [str(b) for b in report.breaches if b.kind != "spacing_call_home"] == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_call_and_a_home_visit_keep_the_spacing(planned: Planned, kind: str) -> None:
    report = _report(planned, kind)
    assert [str(b) for b in report.breaches if b.kind == "spacing_call_home"] == []


@pytest.mark.parametrize("kind", KINDS)
def test_no_unassigned_visit_fits_the_roster(planned: Planned, kind: str) -> None:
    report = _report(planned, kind)
    assert [i.describe() for i in report.insertions] == []


@pytest.mark.parametrize("kind", ["too_few_visitors", "split_windows", "half_day_shifts", "mixed"])
def test_the_town_leaves_visits_out_so_the_insertion_check_has_work(
    planned: Planned, kind: str
) -> None:
    """A town where everything is planned would make the insertion test vacuous."""
    figures = json.loads((planned(kind).out / "summary.json").read_text(encoding="utf-8"))
    assert figures["unassigned"] > 0


def test_some_elders_were_visited_this_week_so_the_spacing_check_has_work() -> None:
    town = make_town("too_few_visitors")
    this_week = [row for row in town.history if row["date"] == WEEK.isoformat()]
    assert len(this_week) >= 5


def test_the_generated_files_are_the_same_for_the_same_seed(tmp_path: Path) -> None:
    first = write_town(make_town("mixed", seed=7), tmp_path / "a")
    second = write_town(make_town("mixed", seed=7), tmp_path / "b")
    other = write_town(make_town("mixed", seed=8), tmp_path / "c")
    assert first.elders.read_bytes() == second.elders.read_bytes()
    assert first.visitors.read_bytes() == second.visitors.read_bytes()
    assert first.history.read_bytes() == second.history.read_bytes()
    assert first.elders.read_bytes() != other.elders.read_bytes()
