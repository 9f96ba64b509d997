"""Hostile text in names and villages (markup, SQL, spreadsheet formulas) comes back inert in
every page, map, export and feed the service serves: escaped in HTML, neutralised in the
workbook, never run, never breaking the database."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import icalendar
import openpyxl
import pytest
from fastapi.testclient import TestClient

from api.service.settings import Settings
from tests.api.service.conftest import TABLES, login, make_user, upload
from tests.api.service.planned import MONDAY, plan_the_week

SCRIPT_NAME = '<script>alert("name")</script>'
SQL_NAME = "' OR 1=1 --"
FORMULA_NAME = '=HYPERLINK("http://evil.example","x")'
# The village of E001, E002 and V01 (李家庄 in the good tables).
HOSTILE_VILLAGE = "李家庄<img src=x onerror=alert(1)>"
RAW_MARKUP = ("<script>alert", "<img src=x", "onerror=alert(1)>")


def _hostile_tables(folder: Path) -> tuple[Path, Path]:
    """The good tables with hostile names and the village renamed, written as proper CSV."""
    swaps = {
        "张三丰": SCRIPT_NAME,
        "李四娘": SQL_NAME,
        "刘一": FORMULA_NAME,
        "李家庄": HOSTILE_VILLAGE,
    }
    paths = []
    for kind in ("elders", "visitors"):
        with (TABLES / f"{kind}_good.csv").open(encoding="utf-8", newline="") as table:
            rows = [[_swap(cell, swaps) for cell in row] for row in csv.reader(table)]
        path = folder / f"{kind}.csv"
        with path.open("w", encoding="utf-8", newline="") as table:
            csv.writer(table).writerows(rows)
        paths.append(path)
    return paths[0], paths[1]


def _swap(cell: str, swaps: dict[str, str]) -> str:
    for good, hostile in swaps.items():
        cell = cell.replace(good, hostile)
    return cell


@pytest.fixture
def hostile_plan(
    client: TestClient, coordinator: dict[str, str], settings: Settings, tmp_path: Path
) -> tuple[str, dict[str, str]]:
    elders, visitors = _hostile_tables(tmp_path)
    for kind, path in (("elders", elders), ("visitors", visitors)):
        answer = upload(client, coordinator, kind, path)
        assert answer.status_code == 200, answer.text  # type: ignore[attr-defined]
    location = plan_the_week(client, coordinator, settings)
    make_user(settings, "v01", "visitor", visitor_id="V01")
    return location, login(client, "v01")


def test_pages_escape_hostile_names_and_villages(
    client: TestClient, hostile_plan: tuple[str, dict[str, str]]
) -> None:
    _, visitor = hostile_plan
    pages = [
        client.get(f"/visitors/V01/routes/{MONDAY}/map", headers=visitor),
        client.get(f"/me/{MONDAY}", headers=_cookie(visitor)),
    ]
    record_links = re.findall(r'href="(/me/visits/\d+/record)"', pages[1].text)
    assert record_links, "the day page links no record form"
    pages += [client.get(link, headers=_cookie(visitor)) for link in record_links]
    for page in pages:
        assert page.status_code == 200, (page.url, page.text)
        assert not any(markup in page.text for markup in RAW_MARKUP), page.url
        assert "&lt;img src=x" in page.text or "\\u003cimg" in page.text, page.url


def test_exports_and_feeds_keep_hostile_text_inert(
    client: TestClient, hostile_plan: tuple[str, dict[str, str]], coordinator: dict[str, str]
) -> None:
    location, visitor = hostile_plan
    workbook = client.get(f"{location}/roster", params={"format": "xlsx"}, headers=coordinator)
    assert workbook.status_code == 200
    cells = [
        cell
        for sheet in openpyxl.load_workbook(io.BytesIO(workbook.content)).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    # Text that starts like a formula is stored as text (with Excel's quote prefix), never run.
    assert not [cell.value for cell in cells if cell.data_type == "f"]
    assert [cell.value for cell in cells if cell.value.startswith("=")], "no formula-like text"
    assert all(cell.quotePrefix for cell in cells if cell.value.startswith("="))
    texts = [cell.value for cell in cells]
    assert any(HOSTILE_VILLAGE in text for text in texts)
    feed = client.get("/visitors/V01/calendar.ics", headers=visitor)
    assert feed.status_code == 200
    calendar = icalendar.Calendar.from_ical(feed.content)
    texts = [str(event.get("SUMMARY", "")) for event in calendar.walk("VEVENT")]
    assert texts and not any(SCRIPT_NAME in text or SQL_NAME in text for text in texts)
    geojson = client.get(f"/visitors/V01/routes/{MONDAY}", headers=visitor)
    assert geojson.status_code == 200 and geojson.json()["type"] == "FeatureCollection"
    elder = client.get("/elders/E001", headers=coordinator).json()
    assert elder["name"] == SCRIPT_NAME  # stored as given, unmasked for the coordinator


def _cookie(headers: dict[str, str]) -> dict[str, str]:
    """The pages' session cookie of the same token, as a browser sends it."""
    return {"Cookie": "visitplan_token=" + headers["Authorization"].removeprefix("Bearer ")}
