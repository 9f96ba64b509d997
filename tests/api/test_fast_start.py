"""Each command loads only the heavy libraries it uses, so that `visitplan --help` and `classify`
start at once (the README's figure, measured by hand: timings never go in a test).

Each command runs as a real process under a probe that lists, when the process exits, which
of the heavy libraries it had imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.api.test_cli import DATA, plan_args

HEAVY = frozenset(
    {
        "folium",
        "pandas",
        "fastapi",
        "sqlalchemy",
        "ortools",
        "pyvrp",
        "weasyprint",
        "matplotlib",
        "ray",
        "pyrosm",
    }
)
SERVICE = frozenset({"fastapi", "sqlalchemy"})
"""The web service's: no command but `serve` and `users` needs them."""

PROBE = """
import atexit, json, sys

report, *args = sys.argv[1:]

def list_heavy():
    loaded = {name.partition(".")[0] for name in sys.modules}
    with open(report, "w", encoding="utf-8") as file:
        json.dump(sorted(loaded & set(json.loads(HEAVY))), file)

atexit.register(list_heavy)
sys.argv = ["visitplan", *args]
import api.cli
api.cli.main()
"""


def heavy_loaded(
    tmp_path: Path, *args: str | Path, env: dict[str, str] | None = None
) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """Run ``visitplan ARGS`` and return the heavy libraries it imported, and the process."""
    report = tmp_path / "heavy.json"
    probe = PROBE.replace("json.loads(HEAVY)", repr(sorted(HEAVY)))
    result = subprocess.run(
        [sys.executable, "-c", probe, str(report), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )
    return set(json.loads(report.read_text(encoding="utf-8"))), result


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("plan", "--help"),
        ("demo", "--help"),
        ("serve", "--help"),
        ("users", "add", "--help"),
        ("bench", "solomon", "--help"),
    ],
)
def test_help_loads_no_heavy_library(tmp_path: Path, args: tuple[str, ...]) -> None:
    loaded, result = heavy_loaded(tmp_path, *args)
    assert result.returncode == 0, result.stderr
    assert loaded == set()


def test_classify_loads_no_heavy_library(tmp_path: Path) -> None:
    elders = DATA / "elders_good.csv"
    loaded, result = heavy_loaded(tmp_path, "classify", "--elders", elders, "--on", "2026-12-07")
    assert result.returncode == 0, result.stderr
    assert loaded == set()


def test_plan_loads_the_solver_and_the_maps_but_not_the_service(tmp_path: Path) -> None:
    loaded, result = heavy_loaded(tmp_path, *plan_args(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert {"ortools", "folium"} <= loaded  # the probe sees what a command does load
    assert loaded <= {"ortools", "folium", "pandas"}  # folium brings pandas


def test_bad_input_to_plan_loads_no_service(tmp_path: Path) -> None:
    args = plan_args(tmp_path / "out", elders="elders_lat_lon_swapped.csv")
    loaded, result = heavy_loaded(tmp_path, *args)
    assert result.returncode == 2, result.stderr
    assert not loaded & SERVICE


def test_users_add_loads_the_database_but_not_the_planner(tmp_path: Path) -> None:
    env = {
        "VISITPLAN_DATABASE_URL": f"sqlite:///{tmp_path / 'service.db'}",
        "VISITPLAN_PASSWORD": "a long password",
    }
    loaded, result = heavy_loaded(tmp_path, "users", "add", "wang", "--role", "auditor", env=env)
    assert result.returncode == 0, result.stderr
    assert "sqlalchemy" in loaded
    assert not loaded & {"folium", "pandas", "ortools", "pyvrp"}
