"""Hostile strings in names and villages (markup, SQL, spreadsheet formulas) go in through an
import and come back as plain text in every export."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from fastapi.testclient import TestClient

from api.service.settings import Settings
from tests.api.service.conftest import TABLES, upload
from tests.api.service.planned import plan_the_week

HOSTILE_NAME = '=HYPERLINK("http://x","<script>alert(1)</script>")'
HOSTILE_VILLAGE = "李家庄' OR 1=1 --"


def test_hostile_names_and_villages_come_back_as_text(
    client: TestClient, coordinator: dict[str, str], settings: Settings, tmp_path: Path
) -> None:
    for kind in ("elders", "visitors"):
        text = (TABLES / f"{kind}_good.csv").read_text(encoding="utf-8")
        text = text.replace("李家庄", HOSTILE_VILLAGE)
        if kind == "elders":
            text = text.replace("张三丰", '"' + HOSTILE_NAME.replace('"', '""') + '"')
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        answer = upload(client, coordinator, kind, path)
        assert answer.status_code == 200, answer.text
    location = plan_the_week(client, coordinator, settings)
    elder = client.get("/elders/E001", headers=coordinator).json()
    assert (elder["name"], elder["village"]) == (HOSTILE_NAME, HOSTILE_VILLAGE)
    workbook = client.get(f"{location}/roster", params={"format": "xlsx"}, headers=coordinator)
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert any(HOSTILE_VILLAGE in text for text in texts)
    assert all(cell.data_type != "f" for cell in cells)
