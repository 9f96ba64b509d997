"""``visitplan report`` end to end, as a real process, on the hand-counted November of
``tests/data/report`` (the figures of tests/planner/test_rates.py, without the pause)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.api.test_cli import visitplan

DATA = Path(__file__).parent.parent / "data" / "report"


def report_args(out: Path, *more: str | Path) -> list[str | Path]:
    return [
        "report",
        "--elders",
        DATA / "elders_month.csv",
        "--history",
        DATA / "history_month.csv",
        "--visitors",
        DATA / "visitors_month.csv",
        "--month",
        "2026-11",
        "--out",
        out,
        *more,
    ]


@pytest.fixture(scope="module")
def month_end(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    done = visitplan(*report_args(out, "--on", "2026-11-30", "--national"))
    assert done.returncode == 0, done.stderr
    return out


def test_report_json_has_the_hand_counted_month(month_end: Path) -> None:
    report = json.loads((month_end / "report.json").read_text(encoding="utf-8"))
    assert (report["month"], report["as_of"]) == ("2026-11", "2026-11-30")
    assert (report["elders_owed"], report["floor_met"], report["frequency_met"]) == (6, 5, 3)
    assert report["floor_rate"] == 0.8333 and report["frequency_rate"] == 0.5
    assert report["by_town"]["城关镇"]["floor_met"] == 2  # G1's weather call does not count
    assert report["by_village"]["北园街道/西村"]["frequency_met"] == 1  # T80 owes 3 from the 15th
    assert report["by_visitor"]["V02"]["elders_owed"] == 3
    assert report["by_tier"]["key"]["frequency_met"] == 2  # K1's call is not a home visit
    work = {w["key"]: w for w in report["work"]["by_role"]}
    assert work["care_institution"]["reward"] == "pay" and work["volunteer"]["reward"] == "points"


def test_at_risk_csv_at_the_month_end(month_end: Path) -> None:
    with (month_end / "at_risk.csv").open(encoding="utf-8") as stream:
        rows = {row["elder_id"]: row for row in csv.DictReader(stream)}
    assert rows["G1"]["missing"].split(";")[0] == "contact"
    assert rows["K1"]["missing"] == "home_visits" and rows["K1"]["behind"] == "1"
    assert "K2" not in rows and "T80" not in rows


def test_the_at_risk_list_mid_month_with_a_plan(tmp_path: Path) -> None:
    plan = DATA / "plan_week_of_nov16"
    done = visitplan(*report_args(tmp_path, "--on", "2026-11-16", "--plan", plan))
    assert done.returncode == 0, done.stderr
    assert "G1, G2" in done.stdout
    with (tmp_path / "at_risk.csv").open(encoding="utf-8") as stream:
        rows = {row["elder_id"]: row for row in csv.DictReader(stream)}
    assert set(rows) == {"G1", "G2"}
    assert (rows["G1"]["planned_on"], rows["G1"]["unplanned"]) == ("2026-11-18", "")
    assert (rows["G2"]["planned_on"], rows["G2"]["unplanned"]) == ("", "yes")
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    t80 = next(w for w in report["work"]["by_visitor"] if w["key"] == "V02")
    assert t80["travel_minutes"] == 0  # the roster's visit on the 18th is after the day


def test_the_pdf_has_its_pages_and_the_chinese_text(month_end: Path) -> None:
    pdf = month_end / "report.pdf"
    pages = subprocess.run(
        ["pdftoppm", "-r", "20", "-png", pdf, month_end / "page"], capture_output=True
    )
    assert pages.returncode == 0
    assert len(list(month_end.glob("page-*.png"))) == 3  # the district, then a page per town
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    for words in ("月探访率", "城关镇", "北园街道", "各村居探访率", "本月逐周进度", "探访工作量"):
        assert words in text
    assert "张*鸣" in text and "张一鸣" not in text  # G1 and K1 are listed, names masked
    assert "83.3%" in text


def test_the_workbook_has_a_sheet_per_town_masked(month_end: Path) -> None:
    book = load_workbook(month_end / "report.xlsx")
    assert book.sheetnames == ["汇总", "各村居探访率", "北园街道", "城关镇"]
    cells = [str(c) for row in book["城关镇"].iter_rows(values_only=True) for c in row]
    assert "张*鸣" in cells and "张一鸣" not in cells


def test_the_national_export_masks_id_numbers_on_the_command_line(month_end: Path) -> None:
    with (month_end / "national_elders.csv").open(encoding="utf-8") as stream:
        rows = {row["elder_id"]: row for row in csv.DictReader(stream)}
    assert rows["G2"]["id_number"] == "3701**********0013"
    assert rows["T80"]["tier"] == "key"
    book = load_workbook(month_end / "national.xlsx")
    assert book.sheetnames == ["elders", "visits"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--month", "2026-13"), "--month '2026-13' is not a month"),
        (("--month", "2026-11", "--on", "2026-12-01"), "is not in --month 2026-11"),
        (("--month", "2026-11", "--lang", "fr"), "--lang 'fr'"),
        (("--month", "2026-11", "--plan", str(DATA)), "no roster.csv here"),
    ],
)
def test_bad_options_exit_2_and_write_nothing(
    tmp_path: Path, args: tuple[str, ...], words: str
) -> None:
    out = tmp_path / "out"
    base = [a for a in report_args(out) if a not in ("--month", "2026-11")]
    done = visitplan(*base, *args)
    assert done.returncode == 2 and words in done.stderr
    assert not out.exists()


def test_a_bad_history_row_names_the_file_row_and_column(tmp_path: Path) -> None:
    history = tmp_path / "history.csv"
    history.write_text("date,elder_id,visitor_id,mode\n2026-11-31,K1,V01,home\n", encoding="utf-8")
    args = report_args(tmp_path / "out")
    args[args.index(DATA / "history_month.csv")] = history
    done = visitplan(*args)
    assert done.returncode == 2
    assert "history.csv, row 2, column date" in done.stderr
    assert not (tmp_path / "out").exists()


def test_help_loads_neither_the_pdf_nor_the_charts() -> None:
    probe = (
        "import sys; from typer.testing import CliRunner; from api.cli import app; "
        "CliRunner().invoke(app, ['--help']); "
        "print(sorted(m for m in ('weasyprint', 'matplotlib') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stderr
