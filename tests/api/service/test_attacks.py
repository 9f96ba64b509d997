"""Attacks on the service that once worked (issue 18), each refused now: hostile uploads,
bodies without limit, guessing passwords in parallel or from forged addresses, stale tokens,
records dated anywhere, numbers in free text, cross-site requests and the smaller findings."""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import select

from api.service.accounts import (
    AccountError,
    add_user,
    change_password,
    delete_user,
    set_disabled,
)
from api.service.app import create_app
from api.service.clock import china_today
from api.service.db import make_engine, session_factory, transaction
from api.service.models import AuditEntry
from api.service.settings import PLACEHOLDER_SECRET, Settings
from planner.io.table_limits import MAX_CELL_CHARS, QUOTE_CHARS
from tests.api.service.conftest import PASSWORD, TABLES, login, make_user, upload
from tests.api.service.planned import MONDAY, plan_the_week, run_worker
from tests.hostile_files import far_column_rows, long_cell_rows, write_workbook, zeros

# --------------------------------------------------------------------------- uploads, bodies


@pytest.mark.parametrize(
    "build",
    [
        lambda path: write_workbook(path, long_cell_rows(1_800, 20_000)),
        lambda path: write_workbook(path, far_column_rows(2_000)),
        lambda path: write_workbook(path, [], extra_parts=[("xl/media/a.bin", zeros(64 << 20))]),
        lambda path: write_workbook(path, long_cell_rows(50, MAX_CELL_CHARS * 3)),
    ],
    ids=["long-cells-bomb", "column-xfd", "zip-bomb", "long-cells"],
)
def test_a_hostile_workbook_is_422_in_a_few_short_lines(
    client: TestClient, coordinator: dict[str, str], tmp_path: Path, build: object
) -> None:
    path = build(tmp_path / "elders.xlsx")  # type: ignore[operator]
    answer = upload(client, coordinator, "elders", path)
    assert answer.status_code == 422, answer.text  # type: ignore[attr-defined]
    assert len(answer.content) < 5_000  # type: ignore[attr-defined]
    assert "x" * (QUOTE_CHARS + 1) not in answer.text  # type: ignore[attr-defined]


def _chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    for _ in range(total // size + 1):
        yield b"x" * size


def test_a_chunked_upload_over_the_limit_is_413_not_400(
    client: TestClient, coordinator: dict[str, str], settings: Settings
) -> None:
    boundary = b"--b0undary"
    head = (
        boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="e.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n"
    )

    def body() -> Iterator[bytes]:
        yield head
        yield from _chunks(settings.upload_limit_bytes + 256 * 1024)

    headers = {**coordinator, "Content-Type": "multipart/form-data; boundary=b0undary"}
    answer = client.post("/imports/elders", content=body(), headers=headers)
    assert answer.status_code == 413
    assert answer.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("path", ["/auth/token", "/plans", "/visits/x", "/login", "/warnings"])
def test_a_large_body_is_413_before_the_login_is_checked(client: TestClient, path: str) -> None:
    declared = {"Content-Type": "application/json", "Content-Length": str(150 * 1024 * 1024)}
    answer = client.post(path, content=b"{}", headers=declared)
    assert answer.status_code == 413


def test_a_large_streamed_body_is_cut_off_with_413(client: TestClient) -> None:
    """Without a length to judge by: counted as it comes, refused at the limit (a route that
    never reads its body, one answering 401 or 404 first, never holds it either)."""
    chunked = {"Content-Type": "application/json"}
    streamed = client.post("/plans", content=_chunks(2 * 1024 * 1024), headers=chunked)
    assert "content-length" not in streamed.request.headers
    assert streamed.status_code == 413


def test_a_small_body_still_reaches_the_login_check(client: TestClient) -> None:
    answer = client.post("/plans", json={"week": "2026-12-07"})
    assert answer.status_code == 401


def test_an_ordinary_import_is_not_hindered(
    client: TestClient, coordinator: dict[str, str]
) -> None:
    answer = upload(client, coordinator, "elders", TABLES / "elders_good.csv")
    assert answer.status_code == 200  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- logins


def _guess(client: TestClient, name: str, password: str = "a wrong guess", **headers: str) -> int:
    answer = client.post(
        "/auth/token", data={"username": name, "password": password}, headers=headers
    )
    return answer.status_code


def test_parallel_guesses_get_no_more_answers_than_allowed(
    client: TestClient, settings: Settings
) -> None:
    make_user(settings, "ana", "coordinator")
    with ThreadPoolExecutor(max_workers=30) as pool:
        statuses = list(pool.map(lambda _: _guess(client, "ana"), range(30)))
    allowed = settings.login_failures_allowed
    assert sorted(statuses) == [401] * allowed + [429] * (30 - allowed)


def test_a_forged_forwarded_for_does_not_reset_the_count(
    client: TestClient, settings: Settings
) -> None:
    make_user(settings, "ana", "coordinator")
    for number in range(settings.login_failures_allowed):
        assert _guess(client, "ana", **{"X-Forwarded-For": f"10.0.0.{number}"}) == 401
    forged = {"X-Forwarded-For": "10.9.9.9"}
    assert _guess(client, "ana", PASSWORD, **forged) == 429


def test_a_trusted_proxy_names_the_client(database_url: str) -> None:
    settings = Settings(
        env="test", database_url=database_url, trusted_proxies="10.0.0.1, testclient"
    )
    make_user(settings, "ana", "coordinator")
    with TestClient(create_app(settings)) as client:
        for _ in range(settings.login_failures_allowed):
            assert _guess(client, "ana", **{"X-Forwarded-For": "192.0.2.7"}) == 401
        assert _guess(client, "ana", PASSWORD, **{"X-Forwarded-For": "192.0.2.7"}) == 429
        assert _guess(client, "ana", PASSWORD, **{"X-Forwarded-For": "192.0.2.8"}) == 200


def test_unknown_names_are_answered_as_wrong_passwords_and_audited(
    client: TestClient, settings: Settings
) -> None:
    make_user(settings, "ana", "coordinator")
    known = client.post("/auth/token", data={"username": "ana", "password": "wrong one"})
    unknown = client.post("/auth/token", data={"username": "nobody", "password": "wrong one"})
    assert (known.status_code, known.json()["detail"]) == (
        unknown.status_code,
        unknown.json()["detail"],
    )
    with session_factory(make_engine(settings.database_url))() as session:
        failed = session.scalars(
            select(AuditEntry.username).where(AuditEntry.action == "login_failed")
        ).all()
    assert sorted(failed) == ["ana", "nobody"]


# --------------------------------------------------------------------------- tokens


def _accounts(settings: Settings) -> Iterator[object]:
    return transaction(session_factory(make_engine(settings.database_url)))  # type: ignore[return-value]


def test_logout_revokes_the_cookie_and_every_token_of_the_account(
    client: TestClient, settings: Settings
) -> None:
    make_user(settings, "ana", "coordinator")
    bearer = login(client, "ana")
    page = client.post(
        "/login", data={"username": "ana", "password": PASSWORD}, follow_redirects=False
    )
    cookie = {"Cookie": f"visitplan_token={page.cookies['visitplan_token']}"}
    client.cookies.clear()
    assert client.get("/plans/1", headers=cookie).status_code == 404
    out = client.post("/logout", headers=cookie | {"Origin": str(client.base_url)})
    assert out.status_code in (200, 303)
    client.cookies.clear()
    assert client.get("/plans/1", headers=cookie).status_code == 401
    assert client.get("/plans/1", headers=bearer).status_code == 401
    assert client.get("/plans/1", headers=login(client, "ana")).status_code == 404


@pytest.mark.parametrize("change", ["passwd", "disable", "delete and add again"])
def test_a_changed_account_ends_its_tokens(
    client: TestClient, settings: Settings, change: str
) -> None:
    make_user(settings, "ana", "coordinator", town="城关镇")
    old = login(client, "ana")
    with _accounts(settings) as session:
        if change == "passwd":
            change_password(session, settings, "ana", "another long password")  # type: ignore[arg-type]
        elif change == "disable":
            set_disabled(session, "ana", disabled=True)  # type: ignore[arg-type]
        else:
            delete_user(session, "ana")  # type: ignore[arg-type]
    if change == "delete and add again":
        make_user(settings, "ana", "coordinator")  # now of the whole district
    answer = client.get("/plans/1", headers=old)
    assert answer.status_code == 401
    assert "log in again" in answer.json()["detail"]


def test_a_disabled_account_cannot_log_in(client: TestClient, settings: Settings) -> None:
    make_user(settings, "ana", "coordinator")
    with _accounts(settings) as session:
        set_disabled(session, "ana", disabled=True)  # type: ignore[arg-type]
    assert _guess(client, "ana", PASSWORD) == 401


def test_a_visitor_removed_from_the_table_loses_access(
    client: TestClient, imported: dict[str, str], settings: Settings, tmp_path: Path
) -> None:
    make_user(settings, "v02", "visitor", visitor_id="V02")
    visitor = login(client, "v02")
    assert client.get("/visitors/V02/calendar.ics", headers=visitor).status_code == 200
    lines = (TABLES / "visitors_good.csv").read_text(encoding="utf-8").splitlines()
    without = tmp_path / "visitors.csv"
    without.write_text("\n".join(line for line in lines if not line.startswith("V02,")) + "\n")
    assert upload(client, imported, "visitors", without).status_code == 200  # type: ignore[attr-defined]
    answer = client.get("/visitors/V02/calendar.ics", headers=visitor)
    assert answer.status_code == 403
    assert "V02 is no longer in the visitors table" in answer.json()["detail"]


def test_a_visitor_account_must_name_an_imported_visitor(
    client: TestClient, imported: dict[str, str], settings: Settings
) -> None:
    with pytest.raises(AccountError, match="not in the imported visitors table"):
        make_user(settings, "v99", "visitor", visitor_id="V99")
    make_user(settings, "v01", "visitor", visitor_id="V01")


# --------------------------------------------------------------------------- names, keys


@pytest.mark.parametrize(
    "name",
    ["Ana", "ANA", "\u0430na", "a\u200bna", " ", "", "an a", "ana\x00"],
    ids=["title-case", "upper-case", "cyrillic-a", "zero-width", "blank", "empty", "space", "nul"],
)
def test_confusable_user_names_are_refused(settings: Settings, name: str) -> None:
    make_user(settings, "ana", "coordinator")
    with pytest.raises(AccountError), _accounts(settings) as session:
        add_user(session, settings, name, PASSWORD, role="auditor")  # type: ignore[arg-type]


def test_a_user_name_is_one_whatever_its_case(client: TestClient, settings: Settings) -> None:
    make_user(settings, "王芳", "coordinator")
    make_user(settings, "Li.Ming", "auditor")
    assert _guess(client, "LI.MING", PASSWORD) == 200
    assert _guess(client, "王芳", PASSWORD) == 200


def test_an_empty_town_is_refused_not_taken_for_the_district(settings: Settings) -> None:
    with pytest.raises(AccountError, match="leave --town out"):
        make_user(settings, "wang", "coordinator", town="")
    with pytest.raises(AccountError, match="leave --town out"):
        make_user(settings, "wang", "coordinator", town="  ")


@pytest.mark.parametrize("key", [" " * 32, " " * 40 + "abc", "ab" * 20, "0123456789" * 3])
def test_a_guessable_secret_key_is_refused(key: str) -> None:
    with pytest.raises(ValidationError, match="VISITPLAN_SECRET_KEY"):
        Settings(env="production", secret_key=key)


def test_a_random_key_is_accepted_and_tests_never_sign_with_the_placeholder() -> None:
    Settings(env="production", secret_key="0f3a9c" + "d2b871e4" * 4)
    first, second = Settings(env="test"), Settings(env="test")
    assert PLACEHOLDER_SECRET not in (first.secret_key, second.secret_key)
    assert first.secret_key != second.secret_key


def test_an_import_error_does_not_name_another_town_to_a_town_coordinator(
    client: TestClient, imported: dict[str, str], settings: Settings, tmp_path: Path
) -> None:
    lines = (TABLES / "elders_good.csv").read_text(encoding="utf-8").splitlines()
    mine = [line for line in lines[1:] if "城关镇" in line]
    clash = tmp_path / "elders.csv"  # E006 is an elder of 北园街道
    clash.write_text("\n".join([lines[0], *mine, mine[0].replace("E001,", "E006,", 1)]) + "\n")
    make_user(settings, "chengguan", "coordinator", town="城关镇")
    town = upload(client, login(client, "chengguan"), "elders", clash)
    assert town.status_code == 422  # type: ignore[attr-defined]
    assert "E006 is already used in another town" in town.text  # type: ignore[attr-defined]
    assert "北园" not in town.text  # type: ignore[attr-defined]
    district = upload(client, imported, "elders", clash)
    assert "北园街道" in district.text  # type: ignore[attr-defined]


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
    assert scripts.count("'sha256-") == 2


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
