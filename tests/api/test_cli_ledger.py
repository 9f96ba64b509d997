"""A town's Excel ledger through the command line, run as a real process."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl

from tests.api.test_cli import DATA, visitplan
from tests.planner.io.town_ledger import HEADER, build_town_ledger, id_number


def unwrapped(text: str) -> str:
    return re.sub(r"\s+", "", text)


def plan(elders: Path, out: Path) -> list[str | Path]:
    return [
        "plan",
        "--elders",
        elders,
        "--visitors",
        DATA / "visitors_good.csv",
        "--week",
        "2026-12-07",
        "--out",
        out,
    ]


def test_a_ledger_keyed_by_id_numbers_with_a_misspelt_header_exits_2(tmp_path: Path) -> None:
    elders = build_town_ledger(tmp_path / "台账.xlsx")
    workbook = openpyxl.load_workbook(elders)
    sheet = workbook.active
    assert sheet is not None
    consent = HEADER.index("是否同意入户") + 1
    sheet.cell(row=4, column=consent, value="是否同意入户嘛")
    first_id = id_number("19400512", "001")
    sheet.cell(row=5, column=HEADER.index("编号") + 1, value=first_id)
    workbook.save(elders)
    out = tmp_path / "out"
    result = visitplan(*plan(elders, out))
    assert result.returncode == 2, result.stderr
    printed = unwrapped(result.stderr)  # the terminal's width wraps the lines
    guess = "row 4, column 是否同意入户嘛: did you mean 同意入户 (home_visit_consent)?"
    masked = f"row 5, column 编号: '3704**********{first_id[-4:]}' is a resident ID number"
    assert unwrapped(guess) in printed and unwrapped(masked) in printed
    assert first_id not in printed + result.stdout
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_town_ledger_is_planned_and_what_was_skipped_is_said_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = visitplan(*plan(build_town_ledger(tmp_path / "台账.xlsx"), out))
    assert result.returncode == 0, result.stderr
    notices = [line for line in result.stderr.splitlines() if line.startswith("notice: ")]
    assert len(notices) == 5, result.stderr
    assert "were skipped: the header is row 4" in notices[0]
    assert "'序号', '备注'" in notices[3]
    assert (
        "visitors_good.csv, row 1: 1 column not read by visitplan, ignored: 'phone'" in (notices[4])
    )
    flags = (out / "flags.csv").read_text(encoding="utf-8")
    assert flags.count("filled_from_merged_cell") == 3
