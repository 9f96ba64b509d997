"""End-to-end tests of the commands, run as real processes on small fixtures."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent.parent / "data" / "tables"
ROSTER_COLUMNS = (
    "date,visitor_id,elder_id,tier,mode,sequence,arrival,departure,travel_minutes,reason"
)
SUMMARY_KEYS = {
    "elders",
    "visitors",
    "due_visits",
    "planned_visits",
    "unassigned",
    "home_visits",
    "phone_visits",
    "travel_minutes",
    "seconds",
}


def visitplan(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def plan_args(
    out: Path, elders: str = "elders_good.csv", week: str = "2026-12-07"
) -> list[str | Path]:
    return [
        "plan",
        "--elders",
        DATA / elders,
        "--visitors",
        DATA / "visitors_good.csv",
        "--history",
        DATA / "history_good.csv",
        "--week",
        week,
        "--out",
        out,
    ]


def test_plan_writes_every_output_of_the_contract(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = visitplan(*plan_args(out))
    assert result.returncode == 0, result.stderr
    assert (out / "roster.csv").read_text(encoding="utf-8").splitlines()[0] == ROSTER_COLUMNS
    assert (
        (out / "unassigned.csv")
        .read_text(encoding="utf-8")
        .startswith("elder_id,tier,due_by,reason")
    )
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary.keys() >= SUMMARY_KEYS
    rows = list(csv.DictReader((out / "roster.csv").open(encoding="utf-8")))
    assert summary["planned_visits"] == len(rows) > 0
    geojson = json.loads((out / "routes.geojson").read_text(encoding="utf-8"))
    assert geojson["type"] == "FeatureCollection"
    assert (out / "roster.xlsx").stat().st_size > 0
    assert (out / "maps" / "index.html").exists()
    for visitor_id, day in {(r["visitor_id"], r["date"]) for r in rows}:
        assert (out / "maps" / f"{visitor_id}_{day}.html").exists()


def test_plan_accepts_chinese_headers(tmp_path: Path) -> None:
    result = visitplan(
        "plan",
        "--elders",
        DATA / "elders_zh_bom.csv",
        "--visitors",
        DATA / "visitors_zh.csv",
        "--history",
        DATA / "history_zh.csv",
        "--week",
        "2026-12-07",
        "--out",
        tmp_path / "out",
    )
    assert result.returncode == 0, result.stderr


def test_bad_input_exits_2_names_row_and_column_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = visitplan(*plan_args(out, elders="elders_several_defects.csv"))
    assert result.returncode == 2
    assert "elders_several_defects.csv, row" in result.stderr and "column" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not out.exists()


def test_bad_input_leaves_an_earlier_plan_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert visitplan(*plan_args(out)).returncode == 0
    before = (out / "roster.csv").read_bytes()
    assert visitplan(*plan_args(out, elders="elders_duplicate_id.csv")).returncode == 2
    assert (out / "roster.csv").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--week", "2026-12-08"],
            "is a Tuesday: give the Monday that starts the week, e.g. 2026-12-07",
        ),
        (["--week", "next week"], "is not a date"),
        (["--lang", "fr"], "use zh or en"),
    ],
)
def test_bad_options_exit_2_with_the_fix(tmp_path: Path, args: list[str], message: str) -> None:
    result = visitplan(*plan_args(tmp_path / "out"), *args)
    assert result.returncode == 2
    assert message in " ".join(result.stderr.split())


def test_a_bad_policy_file_exits_2(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("[frequency]\nkey = -1\n", encoding="utf-8")
    result = visitplan(*plan_args(tmp_path / "out"), "--policy", policy)
    assert result.returncode == 2 and "frequency.key" in result.stderr


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = visitplan(*plan_args(tmp_path / "out", elders="no_such_file.csv"))
    assert result.returncode == 2 and "no_such_file.csv" in result.stderr


def test_classify_prints_tier_and_rule(tmp_path: Path) -> None:
    result = visitplan("classify", "--elders", DATA / "elders_good.csv", "--on", "2026-12-07")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert list(rows[0]) == ["elder_id", "tier", "reason"]
    by_id = {r["elder_id"]: r for r in rows}
    assert by_id["E001"]["tier"] == "key" and by_id["E001"]["reason"].startswith("age 86")
    assert {r["tier"] for r in rows} <= {"key", "secondary", "general"}


def test_classify_bad_input_exits_2() -> None:
    result = visitplan("classify", "--elders", DATA / "elders_lat_lon_swapped.csv")
    assert result.returncode == 2 and "swapped" in result.stderr


def test_demo_plans_a_small_district(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = visitplan(
        "demo",
        "--out",
        out,
        "--elders",
        "300",
        "--visitors",
        "16",
        "--towns",
        "2",
        "--week",
        "2026-12-07",
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["elders"] == 300 and summary["visitors"] == 16
    assert summary["planned_visits"] >= 0.95 * summary["due_visits"]
    assert (out / "input" / "elders.csv").exists()
    assert "visitplan: week of 2026-12-07" in result.stdout


def test_bench_solomon_prints_routes_distance_and_vehicles() -> None:
    tiny = DATA.parent / "solomon" / "TINY6.txt"
    result = visitplan("bench", "solomon", tiny, "--seconds", "1")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert {"routes", "distance", "vehicles"} <= answer.keys()
    assert sorted(c for r in answer["routes"] for c in r) == [1, 2, 3, 4, 5, 6]
    assert answer["vehicles"] == len(answer["routes"]) and answer["problems"] == []


def test_bench_solomon_refuses_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("not an instance\n", encoding="utf-8")
    result = visitplan("bench", "solomon", bad)
    assert (
        result.returncode == 2 and "bad.txt" in result.stderr and "Traceback" not in result.stderr
    )


def test_plan_refuses_to_replace_a_folder_that_is_not_an_earlier_plan(tmp_path: Path) -> None:
    out = tmp_path / "work"
    out.mkdir()
    (out / "elders.csv").write_text("precious\n", encoding="utf-8")
    result = visitplan(*plan_args(out))
    assert result.returncode == 2 and "not a visitplan output" in result.stderr
    assert (out / "elders.csv").read_text(encoding="utf-8") == "precious\n"


def test_plan_adds_a_visit_before_extreme_weather(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = visitplan(*plan_args(out), "--warnings", DATA / "warnings_good.csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader((out / "roster.csv").open(encoding="utf-8")))
    weather = [r for r in rows if r["reason"] == "weather"]
    assert weather and all(r["date"] < "2026-12-10" for r in weather)
    assert {r["mode"] for r in weather} <= {"home", "phone"}


def test_bad_warnings_and_bad_tables_are_reported_together(tmp_path: Path) -> None:
    args = plan_args(tmp_path / "out", elders="elders_several_defects.csv")
    result = visitplan(*args, "--warnings", DATA / "warnings_several_defects.csv")
    assert result.returncode == 2
    assert "elders_several_defects.csv, row" in result.stderr
    assert "warnings_several_defects.csv, row 3, column end" in " ".join(result.stderr.split())
