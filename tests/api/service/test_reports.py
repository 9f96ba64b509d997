"""``GET /reports/monthly`` and its files: the same report as the command line's, who sees it."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select

from api.service.db import make_engine, session_factory
from api.service.models import AuditEntry
from api.service.settings import Settings
from tests.api.service.conftest import login, make_user, upload
from tests.api.test_cli import visitplan
from tests.api.test_cli_report import DATA, report_args

NOVEMBER = {"month": "2026-11", "on": "2026-11-30"}


@pytest.fixture
def month(client: TestClient, coordinator: dict[str, str]) -> dict[str, str]:
    """The hand-counted November imported; the district coordinator's headers."""
    for kind in ("elders", "visitors", "history"):
        answer = upload(client, coordinator, kind, DATA / f"{kind}_month.csv")
        assert answer.status_code == 200, answer.text  # type: ignore[attr-defined]
    return coordinator


def test_the_service_and_the_command_line_give_the_same_report(
    client: TestClient, month: dict[str, str], tmp_path: Path
) -> None:
    done = visitplan(*report_args(tmp_path, "--on", "2026-11-30"))
    assert done.returncode == 0, done.stderr
    expected = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    answer = client.get("/reports/monthly", params=NOVEMBER, headers=month)
    assert answer.status_code == 200, answer.text
    assert answer.json() == expected
    assert answer.json()["floor_rate"] == 0.8333


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_visitor_is_refused_every_report(
    client: TestClient, month: dict[str, str], settings: Settings
) -> None:
    make_user(settings, "liu", "visitor", visitor_id="V01")
    headers = login(client, "liu")
    for path in ("monthly", "monthly.xlsx", "monthly.pdf"):
        answer = client.get(f"/reports/{path}", params=NOVEMBER, headers=headers)
        assert answer.status_code == 403, path
    answer = client.get("/exports/national.xlsx", params=NOVEMBER, headers=headers)
    assert answer.status_code == 403


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_town_coordinator_sees_their_town_only(
    client: TestClient, month: dict[str, str], settings: Settings
) -> None:
    make_user(settings, "chengguan", "coordinator", town="城关镇")
    headers = login(client, "chengguan")
    answer = client.get("/reports/monthly", params=NOVEMBER, headers=headers)
    assert answer.status_code == 200
    assert (answer.json()["town"], answer.json()["elders_owed"]) == ("城关镇", 3)
    assert set(answer.json()["by_town"]) == {"城关镇"}
    other = client.get("/reports/monthly", params={**NOVEMBER, "town": "北园街道"}, headers=headers)
    assert other.status_code == 403
    beiyuan = {**NOVEMBER, "town": "北园街道"}
    district = client.get("/reports/monthly", params=beiyuan, headers=month)
    assert district.json()["elders_owed"] == 3


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_workbook_and_the_pdf(
    client: TestClient, month: dict[str, str], tmp_path: Path
) -> None:
    answer = client.get("/reports/monthly.xlsx", params=NOVEMBER, headers=month)
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["汇总", "各村居探访率", "北园街道", "城关镇"]
    pdf = client.get("/reports/monthly.pdf", params=NOVEMBER, headers=month)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    (tmp_path / "report.pdf").write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", tmp_path / "report.pdf", "-"], capture_output=True, text=True
    ).stdout
    assert "月探访率" in text and "83.3%" in text


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_national_export_in_full_for_a_coordinator_audited_masked_for_an_auditor(
    client: TestClient, month: dict[str, str], settings: Settings
) -> None:
    full = client.get("/exports/national.xlsx", params=NOVEMBER, headers=month)
    assert full.status_code == 200
    assert "370112195006010013" in _cells(full.content)
    with session_factory(make_engine(settings.database_url))() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "export_national" in actions
    make_user(settings, "audit", "auditor")
    masked = client.get("/exports/national.xlsx", params=NOVEMBER, headers=login(client, "audit"))
    assert masked.status_code == 200
    cells = _cells(masked.content)
    assert "3701**********0013" in cells and "370112195006010013" not in cells


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "params", [{"month": "2026-13"}, {"month": "11/2026"}, {"month": "2026-11", "on": "2026-12-01"}]
)
def test_a_bad_month_or_day_is_422(
    client: TestClient, month: dict[str, str], params: dict[str, str]
) -> None:
    answer = client.get("/reports/monthly", params=params, headers=month)
    assert answer.status_code == 422


def _cells(content: bytes) -> set[str]:
    book = load_workbook(io.BytesIO(content))
    return {str(c) for row in book["elders"].iter_rows(values_only=True) for c in row}
