"""End-to-end tests of the commands, run as real processes on small fixtures."""

from __future__ import annotations

import csv
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import as_one_who_obeys_permissions
from tests.hostile_files import far_column_rows, write_workbook

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


def test_classify_words_the_rule_in_chinese_with_lang_zh() -> None:
    args = ("classify", "--elders", DATA / "elders_good.csv", "--on", "2026-12-07")
    english, chinese = visitplan(*args), visitplan(*args, "--lang", "zh")
    assert english.returncode == chinese.returncode == 0, chinese.stderr
    reasons = {r["elder_id"]: r["reason"] for r in csv.DictReader(chinese.stdout.splitlines())}
    assert reasons["E001"] == "年龄86岁，满80岁"
    assert reasons["E006"] == "重度残疾（1级）"
    assert reasons["E007"] == "年龄78岁，不满80岁，未记录失能"
    rows = [r[:2] for r in csv.reader(english.stdout.splitlines())]
    assert [r[:2] for r in csv.reader(chinese.stdout.splitlines())] == rows  # the same tiers


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


def test_plan_writes_beside_a_users_files_and_leaves_them(tmp_path: Path) -> None:
    out = tmp_path / "work"
    out.mkdir()
    (out / "elders.csv").write_text("precious\n", encoding="utf-8")
    result = visitplan(*plan_args(out))
    assert result.returncode == 0, result.stderr
    assert (out / "elders.csv").read_text(encoding="utf-8") == "precious\n"
    assert (out / "roster.csv").exists()


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


# --- the output folder: a plan replaces only what an earlier plan wrote ----------------------

SMALL_DEMO = ("--elders", "20", "--visitors", "3", "--towns", "1", "--seed", "3")


def says(stderr: str, text: str) -> bool:
    """Whether ``text`` is in ``stderr`` however the console wrapped it (even inside a path)."""
    return "".join(text.split()) in "".join(stderr.split())


def folder_snapshot(folder: Path) -> dict[str, bytes | int]:
    """Every file's bytes and every folder's mode, the folder's own included."""
    tree: dict[str, bytes | int] = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        tree[rel] = path.read_bytes() if path.is_file() else stat.S_IMODE(path.stat().st_mode)
    return tree


def append_roster_to_history(out: Path) -> None:
    """What the README suggests once the week's visits are made."""
    history = out / "input" / "history.csv"
    with history.open(encoding="utf-8") as file:
        columns = next(csv.reader(file))
    with (out / "roster.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    with history.open("a", encoding="utf-8", newline="") as file:
        csv.DictWriter(file, columns, extrasaction="ignore").writerows(rows)


def test_a_replan_into_an_earlier_output_keeps_its_inputs_and_the_users_files(
    tmp_path: Path,
) -> None:
    out = tmp_path / "D"
    first = visitplan("demo", *SMALL_DEMO, "--week", "2026-10-12", "--out", out)
    assert first.returncode == 0, first.stderr
    last_week_maps = sorted((out / "maps").glob("*_2026-10-1[2-6].html"))
    assert last_week_maps
    append_roster_to_history(out)
    inputs = {name: (out / "input" / name).read_bytes() for name in os.listdir(out / "input")}
    (out / "notes.txt").write_text("call Mrs Wang on Friday\n", encoding="utf-8")
    (out / "extra").mkdir()
    (out / "extra" / "x.txt").write_text("x\n", encoding="utf-8")
    out.chmod(0o755)

    second = visitplan(
        "plan",
        "--elders",
        out / "input" / "elders.csv",
        "--visitors",
        out / "input" / "visitors.csv",
        "--history",
        out / "input" / "history.csv",
        "--week",
        "2026-10-19",
        "--out",
        out,
    )

    assert second.returncode == 0, second.stderr
    assert {name: (out / "input" / name).read_bytes() for name in inputs} == inputs
    assert (out / "notes.txt").read_text(encoding="utf-8") == "call Mrs Wang on Friday\n"
    assert (out / "extra" / "x.txt").read_text(encoding="utf-8") == "x\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    rows = list(csv.DictReader((out / "roster.csv").open(encoding="utf-8")))
    assert rows and all("2026-10-19" <= row["date"] <= "2026-10-25" for row in rows)
    for visitor_id, day in {(row["visitor_id"], row["date"]) for row in rows}:
        assert (out / "maps" / f"{visitor_id}_{day}.html").exists()
    assert not any(path.exists() for path in last_week_maps)
    assert not list(tmp_path.rglob(".visitplan-scratch-*"))


def test_a_replan_refuses_to_overwrite_an_output_the_user_changed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert visitplan(*plan_args(out)).returncode == 0
    with (out / "roster.csv").open("a", encoding="utf-8") as roster:
        roster.write("my note on the last row\n")
    before = folder_snapshot(out)
    result = visitplan(*plan_args(out, week="2026-12-14"))
    assert result.returncode == 2
    assert says(result.stderr, f"{out.resolve() / 'roster.csv'}: changed since visitplan wrote it")
    assert says(result.stderr, "Move them away, or choose another output folder")
    assert "Traceback" not in result.stderr
    assert folder_snapshot(out) == before


def test_a_plan_refuses_to_overwrite_a_users_file_before_planning(tmp_path: Path) -> None:
    out = tmp_path / "work"
    out.mkdir()
    (out / "summary.json").write_text('{"mine": true}\n', encoding="utf-8")
    before = folder_snapshot(out)
    result = visitplan(*plan_args(out))
    assert result.returncode == 2
    assert says(result.stderr, f"{out.resolve() / 'summary.json'}: not written by visitplan")
    assert folder_snapshot(out) == before


@pytest.mark.parametrize(
    "given_out", ["/proc", "/proc/visitplan-out", "somefile.txt/out", "somefile.txt"]
)
def test_an_unwritable_out_exits_2_naming_the_folder_and_the_fix(
    tmp_path: Path, given_out: str
) -> None:
    (tmp_path / "somefile.txt").write_text("a regular file\n", encoding="utf-8")
    before = folder_snapshot(tmp_path)
    result = visitplan(*plan_args(Path(given_out)), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert says(result.stderr, f"--out {given_out}: cannot write into")
    assert says(result.stderr, "Choose a folder you can write to; nothing was written")
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert folder_snapshot(tmp_path) == before
    assert not Path("/proc/visitplan-out").exists()


def test_a_read_only_out_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir(mode=0o555)
    command = [*as_one_who_obeys_permissions(), sys.executable, "-m", "api"]
    result = subprocess.run(
        [*command, *map(str, plan_args(out))], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 2, result.stderr
    assert says(result.stderr, f"--out {out}: cannot write into {out.resolve()}")
    assert "Permission denied" in result.stderr
    assert list(out.iterdir()) == []


WRITE_FAILS_MIDWAY = """
import errno, sys
import api.cli
import maps

def write_some_maps_then_fail(plan, directory, *, lang):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "index.html").write_text("half", encoding="utf-8")
    raise OSError(errno.ENOSPC, "No space left on device")

maps.write_plan_maps = write_some_maps_then_fail
sys.argv = ["visitplan", *sys.argv[1:]]
api.cli.main()
"""


def test_an_os_error_while_writing_exits_2_and_leaves_the_earlier_plan(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert visitplan(*plan_args(out)).returncode == 0
    before = folder_snapshot(out)
    result = subprocess.run(
        [sys.executable, "-c", WRITE_FAILS_MIDWAY, *map(str, plan_args(out, week="2026-12-14"))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2, result.stderr
    assert says(result.stderr, f"--out {out}: cannot write into {out.resolve()}: No space left")
    assert says(result.stderr, "Choose a folder you can write to")
    assert folder_snapshot(out) == before
    assert not list(tmp_path.rglob(".visitplan-scratch-*"))


def test_the_demo_twice_into_one_folder_replaces_its_own_files_only(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    assert visitplan("demo", *SMALL_DEMO, "--week", "2026-10-12", "--out", out).returncode == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~umask
    assert stat.S_IMODE((out / "input").stat().st_mode) == 0o777 & ~umask
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = visitplan("demo", *SMALL_DEMO, "--week", "2026-10-19", "--out", out)
    assert result.returncode == 0, result.stderr
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["elders"] == 20
    assert not list((out / "maps").glob("*_2026-10-12.html"))
    manifest = json.loads((out / ".visitplan-output.json").read_text(encoding="utf-8"))
    assert "input/history.csv" in manifest["files"] and "notes.txt" not in manifest["files"]


def test_plan_refuses_a_hostile_workbook_with_exit_2_and_one_line(tmp_path: Path) -> None:
    """The command line reads through the service's reader, with the same limits."""
    elders = write_workbook(tmp_path / "elders.xlsx", far_column_rows(20_000))
    args = plan_args(tmp_path / "out")
    args[args.index("--elders") + 1] = elders
    done = visitplan(*args)
    assert done.returncode == 2
    assert "column XFD" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr) < 2_000
    assert not (tmp_path / "out").exists()
