"""``visitplan plan ... --previous DIR --now TIME``: the re-plan through the command line."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest

from tests.api.test_cli import plan_args, visitplan

WARNING = "town,villages,start,end,kind,level\n城关镇,李家庄,2026-12-10,2026-12-10,寒潮,orange\n"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("week") / "published"
    result = visitplan(*plan_args(out))
    assert result.returncode == 0, result.stderr
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _replan(published: Path, out: Path, *more: str | Path) -> list[str | Path]:
    return [*plan_args(out), "--previous", published, *more]


def test_changes_csv_is_the_difference_of_the_two_rosters(published: Path, tmp_path: Path) -> None:
    warnings = tmp_path / "warnings.csv"
    warnings.write_text(WARNING, encoding="utf-8")
    alarms = tmp_path / "alarms.csv"
    alarms.write_text("elder_id,at,kind\nE001,2026-12-11T16:30,smart_device\n", encoding="utf-8")
    out = tmp_path / "replanned"
    args = ["--now", "2026-12-08T08:00", "--warnings", warnings, "--alarms", alarms]
    result = visitplan(*_replan(published, out, *args))
    assert result.returncode == 0, result.stderr

    def visits(folder: Path) -> set[tuple[str, ...]]:
        return {
            (r["elder_id"], r["date"], r["visitor_id"], r["arrival"])
            for r in _rows(folder / "roster.csv")
        }

    before, after = visits(published), visits(out)
    changes = _rows(out / "changes.csv")
    added = {
        (c["elder_id"], c["to_date"], c["to_visitor"], c["to_arrival"])
        for c in changes
        if c["to_date"]
    }
    removed = {
        (c["elder_id"], c["from_date"], c["from_visitor"], c["from_arrival"])
        for c in changes
        if c["from_date"]
    }
    assert (before - removed) | added == after and added.isdisjoint(before)
    assert {c["reason"] for c in changes} == {"weather", "urgent"}
    assert _has_changes_sheet(out / "roster.xlsx")
    (urgent,) = [c for c in changes if c["reason"] == "urgent"]
    day_map = out / "maps" / f"{urgent['to_visitor']}_{urgent['to_date']}.html"
    page = day_map.read_text(encoding="utf-8")
    assert "[新增]" in page  # the new stop is marked
    assert "张*明" in page and "13900000001" not in page  # whom to call, masked
    changed_days = {f"{c['to_visitor']}_{c['to_date']}.html" for c in changes if c["to_date"]}
    unchanged = [p for p in (out / "maps").glob("*_*.html") if p.name not in changed_days]
    assert unchanged and all("[新增]" not in p.read_text(encoding="utf-8") for p in unchanged)


def _has_changes_sheet(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return "变更" in archive.read("xl/workbook.xml").decode("utf-8")


def test_a_replan_into_the_folder_it_reads_is_refused(published: Path) -> None:
    before = (published / "roster.csv").read_bytes()
    result = visitplan(*_replan(published, published, "--now", "2026-12-08T08:00"))
    assert result.returncode == 2
    assert "roster.csv: an input of this run" in result.stderr
    assert (published / "roster.csv").read_bytes() == before


@pytest.mark.parametrize(
    ("now", "alarm", "expected"),
    [
        (
            "2026-12-20T08:00",
            "E001,2026-12-08T09:00,call",
            "--now: 2026-12-20T08:00 is not in the week",
        ),
        ("2026-12-08T08:00", "E999,2026-12-08T09:00,call", "row 2, column elder_id"),
        ("2026-12-08T08:00", "E001,tomorrow,call", "row 2, column at"),
    ],
)
def test_bad_now_or_alarms_exit_2_naming_the_place(
    published: Path, tmp_path: Path, now: str, alarm: str, expected: str
) -> None:
    alarms = tmp_path / "alarms.csv"
    alarms.write_text(f"elder_id,at,kind\n{alarm}\n", encoding="utf-8")
    result = visitplan(*_replan(published, tmp_path / "o", "--now", now, "--alarms", alarms))
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr.replace("\n", " ")
    assert not (tmp_path / "o").exists()


def test_pin_file_rows_must_name_a_published_visit(published: Path, tmp_path: Path) -> None:
    first = _rows(published / "roster.csv")[0]
    pins = tmp_path / "pins.csv"
    pins.write_text(
        f"elder_id,date\n{first['elder_id']},{first['date']}\nE001,2026-12-13\n", encoding="utf-8"
    )
    result = visitplan(
        *_replan(published, tmp_path / "o", "--now", "2026-12-08T08:00", "--pin", pins)
    )
    assert result.returncode == 2
    assert "row 3, column elder_id: E001 has no published visit on 2026-12-13" in result.stderr
    pins.write_text(f"elder_id,date\n{first['elder_id']},{first['date']}\n", encoding="utf-8")
    result = visitplan(
        *_replan(published, tmp_path / "o", "--now", "2026-12-08T08:00", "--pin", pins)
    )
    assert result.returncode == 0, result.stderr
