"""Attacks on the service's pages, records and readers that once worked (issue 18), each
refused now: cross-site requests with the cookie, pages without a CSP, records dated anywhere or
saved twice, absurd dates, district figures and numbers in free text shown where they should not
be. The uploads, logins and tokens: ``test_attacks.py``."""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient

from api.service.app import create_app
from api.service.clock import china_today
from api.service.settings import Settings
from maps import visitor_page
from maps.dashboard import DASHBOARD_SCRIPT
from maps.page_policy import script_hash
from maps.record_script import RECORD_SCRIPT
from tests.api.service.conftest import PASSWORD, TABLES, login, make_user, upload
from tests.api.service.planned import MONDAY, plan_the_week, run_worker

# --------------------------------------------------------------------------- pages


def _cookie_of(client: TestClient, name: str) -> dict[str, str]:
    page = client.post(
        "/login", data={"username": name, "password": PASSWORD}, follow_redirects=False
    )
    client.cookies.clear()
    return {"Cookie": f"visitplan_token={page.cookies['visitplan_token']}"}


@pytest.mark.parametrize(
    "origin", [None, "http://testserver:8001", "http://evil.example", "null"], ids=str
)
def test_a_change_with_the_cookie_from_elsewhere_is_403(
    client: TestClient, imported: dict[str, str], settings: Settings, origin: str | None
) -> None:
    make_user(settings, "boss", "coordinator")
    headers = _cookie_of(client, "boss") | ({"Origin": origin} if origin else {})
    answer = client.post("/plans", json={"week": "2026-12-07"}, headers=headers)
    assert answer.status_code == 403
    assert "Origin" in answer.json()["detail"]


def test_a_change_with_the_cookie_from_the_site_itself_or_a_bearer_token_is_taken(
    client: TestClient, imported: dict[str, str], settings: Settings
) -> None:
    make_user(settings, "boss", "coordinator")
    cookie = _cookie_of(client, "boss")
    same = client.post(
        "/plans", json={"week": "2026-12-07"}, headers=cookie | {"Origin": "http://testserver"}
    )
    assert same.status_code == 202
    referred = cookie | {"Referer": "http://testserver/me/today"}
    assert client.post("/plans", json={"week": "2026-12-14"}, headers=referred).status_code == 202
    bearer = client.post("/plans", json={"week": "2026-12-21"}, headers=imported)
    assert bearer.status_code == 202


@pytest.mark.parametrize("path", ["/login", "/docs"])
def test_every_html_page_has_a_content_security_policy(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.headers["content-type"].startswith("text/html")
    policy = answer.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy


def test_the_phone_pages_run_only_the_projects_own_scripts(client: TestClient) -> None:
    policy = client.get("/login").headers["content-security-policy"]
    scripts = next(part for part in policy.split("; ") if part.startswith("script-src"))
    assert "'unsafe-inline'" not in scripts
    own = (RECORD_SCRIPT, visitor_page._MAP_SCRIPT, DASHBOARD_SCRIPT)
    assert sorted(scripts.split()[2:]) == sorted(script_hash(script) for script in own)


# --------------------------------------------------------------------------- visit records


@pytest.fixture
def strict_client(settings: Settings) -> Iterator[TestClient]:
    """The app with the record window of a real service (31 days), not the fixtures' own."""
    window = settings.model_copy(update={"record_days_back": 31})
    with TestClient(create_app(window)) as test_client:
        yield test_client


def _record(day: date, elder_id: str = "E001") -> dict[str, object]:
    return {"date": day.isoformat(), "elder_id": elder_id, "mode": "home", "duration_minutes": 20}


def test_a_record_dated_ahead_or_long_ago_is_422_and_does_not_take_a_visit_off_the_plan(
    client: TestClient, strict_client: TestClient, imported: dict[str, str], settings: Settings
) -> None:
    plan_the_week(client, imported, settings)  # V01 visits E001
    make_user(settings, "v01", "visitor", visitor_id="V01")
    visitor = login(strict_client, "v01")
    today = china_today()
    for day in (today + timedelta(days=3), date(9999, 12, 31), today - timedelta(days=32)):
        answer = strict_client.put(f"/visits/{uuid.uuid4()}", json=_record(day), headers=visitor)
        assert answer.status_code == 422, day
        assert answer.json()["errors"][0]["location"] == ["body", "date"]
    for day in (today, today - timedelta(days=31)):
        answer = strict_client.put(f"/visits/{uuid.uuid4()}", json=_record(day), headers=visitor)
        assert answer.status_code == 201, answer.text
    next_monday = today + timedelta(days=7 - today.weekday())
    asked = client.post("/plans", json={"week": next_monday.isoformat()}, headers=imported)
    run_worker(settings)
    location = asked.headers["location"]
    roster = client.get(f"{location}/roster", headers=imported).json()
    unassigned = client.get(f"{location}/unassigned", headers=imported).json()
    assert "E001" in {row["elder_id"] for row in roster + unassigned}


def test_the_record_form_keeps_its_uuid_when_reloaded(
    client: TestClient, imported: dict[str, str], settings: Settings
) -> None:
    plan_the_week(client, imported, settings)
    make_user(settings, "v01", "visitor", visitor_id="V01")
    cookie = _cookie_of(client, "v01")
    day_page = client.get(f"/me/{MONDAY}", headers=cookie).text
    form_url = re.search(r'href="(/me/visits/\d+/record)"', day_page)
    assert form_url is not None
    uuids = {_form_uuid(client.get(form_url[1], headers=cookie).text) for _ in range(2)}
    assert len(uuids) == 1
    record_id = uuids.pop()
    origin = cookie | {"Origin": "http://testserver"}
    record = _record(date.fromisoformat(MONDAY))
    assert client.put(f"/visits/{record_id}", json=record, headers=origin).status_code == 201
    assert client.put(f"/visits/{record_id}", json=record, headers=origin).status_code == 200


def _form_uuid(page: str) -> str:
    found = re.search(r'<form id="vp-record"[^>]* data-uuid="([0-9a-f-]+)"', page)
    assert found is not None
    return found[1]


# --------------------------------------------------------------------------- absurd dates


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2026-02-30", "99999-01-01"])
def test_an_absurd_day_page_is_404_or_422_not_500(
    client: TestClient, imported: dict[str, str], settings: Settings, day: str
) -> None:
    plan_the_week(client, imported, settings)
    make_user(settings, "v01", "visitor", visitor_id="V01")
    cookie = _cookie_of(client, "v01")
    bearer = login(client, "v01")
    assert client.get(f"/me/{day}", headers=cookie).status_code in (404, 422)
    for path in (f"/visitors/V01/routes/{day}", f"/visitors/V01/routes/{day}/map"):
        assert client.get(path, headers=bearer).status_code in (404, 422)


@pytest.mark.parametrize("week", ["9999-12-27", "0001-01-01", "2031-01-06", "2019-01-07"])
def test_a_plan_for_a_week_years_away_is_422(
    client: TestClient, imported: dict[str, str], week: str
) -> None:
    answer = client.post("/plans", json={"week": week}, headers=imported)
    assert answer.status_code == 422
    assert "week" in answer.text


def test_a_plan_for_a_week_near_enough_is_queued(
    client: TestClient, imported: dict[str, str]
) -> None:
    today = china_today()
    for week in (today - timedelta(days=today.weekday() + 364), today + timedelta(days=300)):
        monday = week - timedelta(days=week.weekday())
        answer = client.post("/plans", json={"week": monday.isoformat()}, headers=imported)
        assert answer.status_code == 202, answer.text


def test_a_town_coordinator_reads_only_their_towns_figures_of_a_district_plan(
    client: TestClient, imported: dict[str, str], settings: Settings
) -> None:
    location = plan_the_week(client, imported, settings)
    district = client.get(location, headers=imported).json()["summary"]
    make_user(settings, "chengguan", "coordinator", town="城关镇")
    town = client.get(location, headers=login(client, "chengguan")).json()["summary"]
    lines = (TABLES / "elders_good.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert district["towns"] == 2
    assert town["towns"] == 1
    assert town["elders"] == sum("城关镇" in line for line in lines) < district["elders"]


# --------------------------------------------------------------------------- free text

TYPED_NUMBERS = ("13912345678", "370112194005120013", "88886666")
TYPED_ADDRESS = "李家庄1号 儿子13912345678 身份证370112194005120013 座机0531-88886666"


@pytest.fixture
def numbers_in_an_address(
    client: TestClient, coordinator: dict[str, str], tmp_path: Path
) -> dict[str, str]:
    """The good tables with phone and ID numbers typed into E001's address."""
    text = (TABLES / "elders_good.csv").read_text(encoding="utf-8")
    elders = tmp_path / "elders.csv"
    elders.write_text(text.replace("李家庄1号", TYPED_ADDRESS, 1), encoding="utf-8")
    for kind, path in (("elders", elders), ("visitors", TABLES / "visitors_good.csv")):
        assert upload(client, coordinator, kind, path).status_code == 200  # type: ignore[attr-defined]
    return coordinator


def test_numbers_typed_into_an_address_are_masked_for_auditors_and_visitors(
    client: TestClient, numbers_in_an_address: dict[str, str], settings: Settings
) -> None:
    plan_the_week(client, numbers_in_an_address, settings)
    make_user(settings, "audit", "auditor")
    make_user(settings, "v01", "visitor", visitor_id="V01")
    for reader in ("audit", "v01"):
        address = client.get("/elders/E001", headers=login(client, reader)).json()["address"]
        assert address.startswith("李家庄1号 儿子139****5678 身份证3701")
        assert not any(number in address for number in TYPED_NUMBERS)
    coordinator = client.get("/elders/E001", headers=numbers_in_an_address).json()
    assert coordinator["address"] == TYPED_ADDRESS  # the coordinator's unmasked view


def test_numbers_typed_into_an_address_are_masked_in_the_auditors_workbook(
    client: TestClient, numbers_in_an_address: dict[str, str], settings: Settings
) -> None:
    location = plan_the_week(client, numbers_in_an_address, settings)
    make_user(settings, "audit", "auditor")
    answer = client.get(f"{location}/roster?format=xlsx", headers=login(client, "audit"))
    workbook = openpyxl.load_workbook(io.BytesIO(answer.content))
    cells = [
        str(value)
        for sheet in workbook
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert any("139****5678" in cell for cell in cells)
    assert not any(number in cell for cell in cells for number in TYPED_NUMBERS)
