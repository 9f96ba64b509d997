"""What the published files may carry, across every file a plan writes: no cell a spreadsheet
would run, no resident ID or mobile number in full, and, with ``--publish``, no home to better
than about 100 m outside the maps."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import api.cli
import planner.io.tables
from maps import write_plan_maps
from planner.io.outputs import PersonalNumberAsIdError, write_plan_files
from planner.io.spreadsheet import starts_like_formula
from planner.io.summary import write_summary_json
from planner.io.tables import Tables
from planner.io.workbook import write_roster_xlsx
from planner.model import Plan
from planner.notes import Flag, FlagCode, PlanWarning, WarningCode
from planner.privacy import public_id
from tests.api.test_cli import DATA, plan_args, visitplan
from tests.conftest import make_elder, reason_quoting, rename_ids
from tests.maps.conftest import build_small_plan

INJECTION = "=cmd|' /C calc'!A0"
RESIDENT_ID = "11010519491231002X"  # valid check digit; no elder of the fixtures has it


def _elders_file(tmp_path: Path, first_id: str) -> Path:
    """elders_good.csv with the first elder's id (E001) replaced."""
    text = (DATA / "elders_good.csv").read_text(encoding="utf-8")
    path = tmp_path / "elders.csv"
    path.write_text(text.replace("\nE001,", f"\n{first_id},", 1), encoding="utf-8")
    return path


def _published_texts(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` as text, its name included; a workbook's XML parts joined."""
    texts = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or "lib" in relative.parts:  # Leaflet itself
            continue
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                text = "".join(archive.read(n).decode("utf-8") for n in archive.namelist())
        else:
            text = path.read_text(encoding="utf-8")
        texts[str(relative)] = f"{relative}\n{text}"
    return texts


# --- formulas in classify's CSV ----------------------------------------------------------------


def test_classify_neutralises_a_formula_id_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the input lets through (here: nothing checks it), the CSV cell stays text."""
    tables = Tables(elders=(make_elder(INJECTION),), visitors=(), history=(), flags=())
    monkeypatch.setattr(planner.io.tables, "load_tables", lambda *_: tables)

    result = CliRunner().invoke(
        api.cli.app, ["classify", "--elders", "x.csv", "--on", "2026-12-07"]
    )

    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows[1][0] == "'" + INJECTION


def test_classify_never_prints_a_formula(tmp_path: Path) -> None:
    result = visitplan(
        "classify", "--elders", _elders_file(tmp_path, INJECTION), "--on", "2026-12-07"
    )

    cells = [cell for row in csv.reader(io.StringIO(result.stdout, newline="")) for cell in row]
    assert not [cell for cell in cells if starts_like_formula(cell)]
    if result.returncode == 0:
        assert "'" + INJECTION in cells
    else:  # the input refuses such ids (issue 6), with the row and column
        assert result.returncode == 2 and "elder_id" in result.stderr


# --- ids that are resident ID numbers ---------------------------------------------------------


def _plan_with_resident_id_as_elder_id() -> Plan:
    """The maps' small plan with E1 numbered by a resident ID, quoted in a reason and a flag."""
    plan = rename_ids(build_small_plan(), elders={"E1": RESIDENT_ID})
    reason = reason_quoting(f"elder {RESIDENT_ID} asked for the afternoon")
    return replace(
        plan,
        unassigned=(
            *plan.unassigned,
            replace(plan.unassigned[0], elder_id=RESIDENT_ID, reason=reason),
        ),
        flags=(Flag(RESIDENT_ID, FlagCode.TOWN_WITHOUT_ELDERS, town=f"{RESIDENT_ID}镇"),),
        warnings=(PlanWarning(WarningCode.TIME_CAP_HIT, town=RESIDENT_ID, cap_s=60),),
    )


def test_an_elder_id_that_is_an_id_number_reaches_no_published_file(tmp_path: Path) -> None:
    """The files for programs are refused whole; the people's files, written on their own
    (as a service might), show the id masked."""
    plan = _plan_with_resident_id_as_elder_id()
    with pytest.raises(PersonalNumberAsIdError):
        write_plan_files(plan, tmp_path / "refused")
    assert not (tmp_path / "refused").exists()

    out = tmp_path / "people"
    out.mkdir()
    write_roster_xlsx(plan, out / "roster.xlsx")
    write_summary_json(plan, out / "summary.json")
    write_plan_maps(plan, out / "maps")

    texts = _published_texts(out)
    assert {"roster.xlsx", "summary.json", "maps/index.html"} <= texts.keys()
    assert not [name for name, text in texts.items() if RESIDENT_ID in text]
    masked = public_id(RESIDENT_ID)
    assert masked in texts["roster.xlsx"] and masked in texts["maps/index.html"]


def test_plan_with_an_id_number_as_elder_id_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = plan_args(out)
    args[args.index(DATA / "elders_good.csv")] = _elders_file(tmp_path, RESIDENT_ID)

    result = visitplan(*args)

    assert result.returncode == 2, result.stderr
    assert not out.exists()
    assert RESIDENT_ID not in result.stdout
    leaked = [p for p in tmp_path.rglob("*") if p.is_file() and p.name != "elders.csv"]
    assert not [p for p in leaked if RESIDENT_ID in p.read_text(encoding="utf-8", errors="replace")]


# --- --publish --------------------------------------------------------------------------------


def _home_points(folder: Path) -> list[list[Any]]:
    collection = json.loads(
        (folder / "routes.geojson").read_text(encoding="utf-8"), parse_float=str
    )
    features = collection["features"]
    return [f["geometry"]["coordinates"] for f in features if f["geometry"]["type"] == "Point"]


def _all_coordinates(folder: Path) -> list[str]:
    collection = json.loads(
        (folder / "routes.geojson").read_text(encoding="utf-8"), parse_float=str
    )
    found = []
    for feature in collection["features"]:
        coordinates = feature["geometry"]["coordinates"]
        positions = coordinates if feature["geometry"]["type"] == "LineString" else [coordinates]
        found += [str(value) for position in positions for value in position]
    return found


def test_publish_rounds_routes_geojson_and_the_maps_keep_exact_homes(tmp_path: Path) -> None:
    exact, published = tmp_path / "exact", tmp_path / "published"
    assert visitplan(*plan_args(exact)).returncode == 0
    result = visitplan(*plan_args(published), "--publish")
    assert result.returncode == 0, result.stderr

    assert max(len(c.partition(".")[2]) for c in _all_coordinates(published)) <= 3
    assert max(len(c.partition(".")[2]) for c in _all_coordinates(exact)) > 3
    homes = _home_points(exact)
    assert homes and _home_points(published) == [
        [str(round(float(value), 3)) for value in home] for home in homes
    ]
    maps = "".join(_published_texts(published / "maps").values())
    assert all(f"[{lat}, {lon}]" in maps for lon, lat in homes)  # exact, in the maps
    for name in ("roster.csv", "unassigned.csv", "flags.csv"):
        assert (published / name).read_bytes() == (exact / name).read_bytes()


def test_demo_offers_publish(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = visitplan(
        "demo",
        "--out",
        out,
        "--elders",
        "60",
        "--visitors",
        "4",
        "--towns",
        "1",
        "--week",
        "2026-12-07",
        "--publish",
    )
    assert result.returncode == 0, result.stderr
    assert max(len(c.partition(".")[2]) for c in _all_coordinates(out)) <= 3
