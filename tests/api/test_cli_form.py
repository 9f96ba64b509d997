"""``visitplan form``: one elder's record form of a year as a PDF, from the elders table and a
records table; bad input is exit 2 naming the row and column, and nothing is written."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.api.test_cli import visitplan
from tests.planner.io.record_rows import CALL, write_records
from tests.planner.io.table_files import write_table
from tests.planner.io.test_record_form import ELDER_ROW

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is not installed (.ci/run does)"
)


@pytest.fixture
def elders(tmp_path: Path) -> Path:
    return write_table(tmp_path / "elders.xlsx", [ELDER_ROW, {**ELDER_ROW, "elder_id": "E2"}])


def test_the_form_is_written_from_the_tables(tmp_path: Path, elders: Path) -> None:
    records = write_records(tmp_path / "records.xlsx")
    out = tmp_path / "out" / "E1-2026.pdf"
    result = visitplan(
        "form",
        "--elders",
        elders,
        "--records",
        records,
        "--elder",
        "E1",
        "--year",
        "2026",
        "--out",
        out,
    )
    assert result.returncode == 0, result.stderr
    assert "2 visit(s) of 2026" in result.stdout
    text = subprocess.run(
        ["pdftotext", str(out), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "王秀英" in text and "五、探访情况" in text and "高血压" in text


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"elder": "E9"}, "'E9' is not in"),
        ({"year": "26"}, "--year: 26"),
        ({"out": "form.png"}, "must end in .pdf"),
        ({"bad_row": True}, "row 3, column 燃气安全"),
    ],
)
def test_bad_input_is_exit_2_and_nothing_is_written(
    tmp_path: Path, elders: Path, change: dict[str, object], words: str
) -> None:
    rows = [CALL, {**CALL, "探访日期": "2026-05-04", "燃气安全": "危险"}]
    records = write_records(tmp_path / "records.csv", *rows[: 2 if change.get("bad_row") else 1])
    out = tmp_path / str(change.get("out", "form.pdf"))
    result = visitplan(
        "form",
        "--elders",
        elders,
        "--records",
        records,
        "--elder",
        str(change.get("elder", "E1")),
        "--year",
        str(change.get("year", "2026")),
        "--out",
        out,
    )
    assert result.returncode == 2
    assert words in result.stderr.replace("\n", " ") and "Traceback" not in result.stderr
    assert not out.exists()
