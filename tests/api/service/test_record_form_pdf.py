"""GET /elders/{id}/form.pdf: the elder's record form of a year, filled from the database, for
the town's coordinators only (unmasked, audited); anyone else gets 404."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.service.models import AuditEntry
from api.service.settings import Settings
from tests.api.service.conftest import login, make_user
from tests.api.service.reading import database_session
from tests.api.service.test_records import FULL, PROFILE, Headers, people, put

__all__ = ["people"]  # the fixture, used by name
pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is not installed (.ci/run does)"
)


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_towns_coordinator_prints_the_form_filled_from_the_records(
    client: TestClient, people: dict[str, Headers], settings: Settings, tmp_path: Path
) -> None:
    assert put(client, people["v01"], FULL).status_code == 201
    make_user(settings, "chengguan", "coordinator", town="城关镇")
    answer = client.get(
        "/elders/E001/form.pdf", params={"year": 2024}, headers=login(client, "chengguan")
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["cache-control"] == "private, no-store"
    text = pdf_text(answer.content, tmp_path)
    assert "张三丰" in text and "13812345678" in text  # the archive copy is unmasked
    for words in ("五、探访情况", "2024年05月28日", "肺炎", "不安全", "更换燃气软管", "基本满意"):
        assert words in text
    with database_session(settings) as session:
        actions = session.scalars(
            select(AuditEntry.object).where(AuditEntry.action == "print_record_form")
        ).all()
    assert actions == ["elder E001, 2024"]


def test_sections_one_to_four_come_from_the_stored_profile(
    client: TestClient, people: dict[str, Headers], tmp_path: Path
) -> None:
    assert (
        client.put("/elders/E001/profile", json=PROFILE, headers=people["v01"]).status_code == 200
    )
    answer = client.get("/elders/E001/form.pdf?year=2024", headers=people["district"])
    text = pdf_text(answer.content, tmp_path)
    for words in ("37011219400512001342", "370112194005120013", "李秀英", "配偶", "低保对象"):
        assert words in text  # unmasked: the archive copy
    for words in ("1,200", "养老保险、低保", "王主任", "每月送米面油", "■ 志愿者"):
        assert words in text


def test_another_years_form_has_no_visit_rows(
    client: TestClient, people: dict[str, Headers], tmp_path: Path
) -> None:
    put(client, people["v01"], FULL)
    answer = client.get("/elders/E001/form.pdf?year=2025", headers=people["district"])
    text = pdf_text(answer.content, tmp_path)
    assert "2025 年尚无探访记录" in text and "肺炎" not in text


@pytest.mark.parametrize("who", ["v01", "audit", "beiyuan"])
def test_anyone_but_a_coordinator_of_the_town_gets_404(
    client: TestClient, people: dict[str, Headers], who: str
) -> None:
    answer = client.get("/elders/E001/form.pdf", headers=people[who])
    assert answer.status_code == 404
    assert client.get("/elders/E001/form.pdf").status_code == 401


def test_a_year_out_of_range_is_422_and_an_unknown_elder_404(
    client: TestClient, people: dict[str, Headers]
) -> None:
    answer = client.get("/elders/E001/form.pdf?year=1999", headers=people["district"])
    assert answer.status_code == 422 and "year" in answer.text
    assert client.get("/elders/E999/form.pdf", headers=people["district"]).status_code == 404
