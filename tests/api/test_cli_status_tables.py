"""``visitplan plan --pauses --absences --followups``: the tables that change a plan, read with
Chinese headers, honoured in the roster, and refused row by row when wrong (exit 2)."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.api.test_cli import plan_args, visitplan


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def roster(out: Path) -> list[dict[str, str]]:
    with (out / "roster.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_pauses_absences_and_followups_change_the_roster(tmp_path: Path) -> None:
    plain = visitplan(*plan_args(tmp_path / "plain"))
    assert plain.returncode == 0, plain.stderr
    before = roster(tmp_path / "plain")
    assert any(r["elder_id"] == "E002" for r in before), "a key elder is visited every week"
    assert any(r["visitor_id"] == "V01" and r["date"] == "2026-12-07" for r in before)
    pauses = write(
        tmp_path / "pauses.csv", "老人编号,开始日期,结束日期,类型\nE002,2026-12-01,,住院\n"
    )
    absences = write(
        tmp_path / "absences.csv",
        "探访人编号,开始日期,结束日期,类型\nV01,2026-12-07,2026-12-07,病假\n",
    )
    followups = write(
        tmp_path / "followups.csv", "老人编号,类型,探访人类别,截止日期\nE001,燃气,,2026-12-10\n"
    )
    out = tmp_path / "out"
    done = visitplan(
        *plan_args(out), "--pauses", pauses, "--absences", absences, "--followups", followups
    )
    assert done.returncode == 0, done.stderr
    rows = roster(out)
    assert not any(r["elder_id"] == "E002" for r in rows)
    assert not any(r["visitor_id"] == "V01" and r["date"] == "2026-12-07" for r in rows)
    (followup,) = [r for r in rows if r["reason"] == "followup"]
    assert (followup["elder_id"], followup["visitor_id"]) == ("E001", "V01"), "village staff"
    assert followup["mode"] == "home" and followup["date"] <= "2026-12-10"
    with (out / "unassigned.csv").open(encoding="utf-8") as handle:
        assert not any(r["elder_id"] == "E002" for r in csv.DictReader(handle)), "not owed"


def test_bad_rows_are_named_by_file_row_and_column_and_nothing_is_written(tmp_path: Path) -> None:
    pauses = write(
        tmp_path / "pauses.csv",
        "elder_id,start,end,kind\nE999,2026-12-01,,hospital\nE001,2026-12-09,2026-12-01,hospital\n"
        "E003,2026-12-01,,holiday\nE004,2026-12-01,2026-12-05,deceased\n",
    )
    absences = write(tmp_path / "absences.csv", "visitor_id,start,end,kind\nV01,2026-12-08,,sick\n")
    followups = write(tmp_path / "followups.csv", "elder_id,kind,role,due_by\nE001,gas,doctor,x\n")
    out = tmp_path / "out"
    failed = visitplan(
        *plan_args(out), "--pauses", pauses, "--absences", absences, "--followups", followups
    )
    assert failed.returncode == 2, failed.stderr
    said = failed.stderr
    for expected in (
        "row 2",
        "'E999' is not in the elders table",
        "row 3",
        "is before the start",
        "row 4",
        "holiday",
        "row 5",
        "leave end empty",
        "absences.csv",
        "end",
        "followups.csv",
        "doctor",
    ):
        assert expected in said, (expected, said)
    assert "Traceback" not in said
    assert not out.exists()
