"""The printed record form (planner.io.record_form, planner.io.pdf): a real PDF made by
WeasyPrint, read back with poppler's pdftotext and rendered with pdftoppm."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from geo.crs import LonLat
from planner.io.record_form import record_form_html, write_record_form
from planner.io.records_table import load_records
from planner.io.tables import load_table
from planner.model import Elder
from planner.records import (
    ElderProfile,
    HelperKind,
    HelpReceived,
    HouseholdMember,
    LivingConditions,
    Relation,
    Sex,
    VisitRecord,
)
from tests.planner.io.record_rows import CALL, FULL_VISIT, write_records
from tests.planner.io.table_files import write_table

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is not installed (.ci/run does)"
)
ELDER_ROW = {
    "elder_id": "E1",
    "name": "王秀英",
    "town": "城关镇",
    "village": "东村",
    "lon": "113.30",
    "lat": "23.10",
    "birth_date": "1940-05-01",
    "phone": "13812345678",
    "lives_alone": "是",
    "disability_grade": "2",
}
PROFILE = ElderProfile(
    "E1",
    lives_at_registered_residence=True,
    disability_certificate="44010219400501002X42",
    household=(HouseholdMember("王秀英", Relation.HEAD, Sex.FEMALE, health="高血压"),),
    living=LivingConditions(safe_housing=False, monthly_income_yuan=1800),
    help=HelpReceived((HelperKind.VOLUNTEER,), "李主任", "每周送餐"),
)


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> tuple[VisitRecord, ...]:
    folder = tmp_path_factory.mktemp("records")
    rows = [FULL_VISIT, CALL, {**CALL, "探访日期": "2025-11-03"}]
    return load_records(write_records(folder / "records.csv", *rows)).records


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, records: tuple[VisitRecord, ...]) -> Path:
    folder = tmp_path_factory.mktemp("form")
    elders = load_table("elders", write_table(folder / "elders.csv", [ELDER_ROW])).elders
    path = folder / "form.pdf"
    write_record_form(elders[0], records, 2026, path, profile=PROFILE)
    return path


def text_of(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_form_has_the_attachments_sections_and_the_elder_unmasked(printed: Path) -> None:
    text = text_of(printed)
    for title in (
        "特殊困难老年人探访关爱服务记录表",
        "一、探访对象基本情况",
        "二、家庭基本情况",
        "三、家庭生活条件",
        "四、已享受帮扶情况",
        "五、探访情况",
        "六、关爱服务情况",
        "此表一式两份",
    ):
        assert title in text
    assert "王秀英" in text and "13812345678" in text  # the archive copy is the town's own
    assert "44010219400501002X42" in text and "李主任" in text and "每周送餐" in text


def test_the_years_visits_are_its_rows_with_their_choices(printed: Path) -> None:
    text = re.sub(r"\s+", "", text_of(printed))  # a narrow cell wraps its words
    assert "2026年03月02日" in text and "2026年04月06日" in text
    assert "2025年11月03日" not in text  # another year's visit
    assert "第2次" in text.split("六、")[0]  # the second visit of the year, in section 五
    for words in ("上门探访", "电话问候", "减少1人", "不安全", "较安全", "高血压", "想申请助餐"):
        assert words in text
    assert "送餐一次" in text and "村助餐点" in text and "满意" in text
    assert "共2次" in text


def test_the_pages_render_first_portrait_then_the_visits_landscape(
    printed: Path, tmp_path: Path
) -> None:
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(printed), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == 2
    first, second = (Image.open(page) for page in pages)
    assert first.height > first.width and second.width > second.height
    for image in (first, second):
        inked = sum(image.convert("L").histogram()[:128])
        assert inked > 1000  # text and table rules, not a blank page


def test_a_year_of_weekly_visits_flows_onto_more_pages(
    records: tuple[VisitRecord, ...], tmp_path: Path
) -> None:
    first = records[0]
    days = [date(2026, 1 + n // 4, 1 + 7 * (n % 4)) for n in range(48)]
    weekly = [
        replace(first, entry=replace(first.entry, day=day, number_in_year=n + 1))
        for n, day in enumerate(days)
    ]
    elder = load_table("elders", write_table(tmp_path / "e.csv", [ELDER_ROW])).elders[0]
    path = tmp_path / "year.pdf"
    write_record_form(elder, weekly, 2026, path)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout)[1])  # type: ignore[index]
    assert pages >= 3
    assert "第48次" in re.sub(r"\s+", "", text_of(path))


def test_no_profile_prints_empty_boxes_to_fill_by_hand(records: tuple[VisitRecord, ...]) -> None:
    elder = load_table_elder()
    html = record_form_html(elder, records, 2026)
    assert html.count("□ 是 □ 否") >= 4  # 户籍所在地, water, electricity, housing
    assert "<td>户主</td>" in html and "<td>3</td>" in html


def test_hostile_text_is_escaped(records: tuple[VisitRecord, ...]) -> None:
    elder = replace(load_table_elder(), name="<script>x()</script>")
    assert "<script>" not in record_form_html(elder, records, 2026)


def test_a_failed_write_leaves_nothing_half_written(
    tmp_path: Path, records: tuple[VisitRecord, ...]
) -> None:
    taken = tmp_path / "form.pdf"
    taken.mkdir()  # the PDF cannot take the place of a folder
    with pytest.raises(OSError):
        write_record_form(load_table_elder(), records, 2026, taken)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["form.pdf"]
    assert list(taken.iterdir()) == []


def load_table_elder() -> Elder:
    return Elder("E1", "王秀英", "城关镇", "东村", LonLat(113.3, 23.1), stated_age=86)
