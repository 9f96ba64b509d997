"""Attacks on the service that once worked (issue 18), each refused now: hostile uploads,
bodies without limit, guessing passwords in parallel or from forged addresses, stale tokens,
confusable names and guessable keys. The pages, records and free text:
``test_attacks_pages.py``."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.service.accounts import (
    AccountError,
    add_user,
    change_password,
    delete_user,
    set_disabled,
)
from api.service.app import create_app
from api.service.db import make_engine, session_factory, transaction
from api.service.models import AuditEntry
from api.service.settings import PLACEHOLDER_SECRET, Settings
from planner.io.table_limits import MAX_CELL_CHARS, QUOTE_CHARS
from tests.api.service.conftest import PASSWORD, TABLES, login, make_user, upload
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


def _accounts(settings: Settings) -> AbstractContextManager[Session]:
    return transaction(session_factory(make_engine(settings.database_url)))


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
            change_password(session, settings, "ana", "another long password")
        elif change == "disable":
            set_disabled(session, "ana", disabled=True)
        else:
            delete_user(session, "ana")
    if change == "delete and add again":
        make_user(settings, "ana", "coordinator")  # now of the whole district
    answer = client.get("/plans/1", headers=old)
    assert answer.status_code == 401
    assert "log in again" in answer.json()["detail"]


def test_a_disabled_account_cannot_log_in(client: TestClient, settings: Settings) -> None:
    make_user(settings, "ana", "coordinator")
    with _accounts(settings) as session:
        set_disabled(session, "ana", disabled=True)
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
        add_user(session, settings, name, PASSWORD, role="auditor")


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
