"""Accounts, tokens and refusals: 401 without a token, 403 for a role, 429 after failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from api.service.security import TokenClaims, issue_token, token_claims
from api.service.settings import Settings
from tests.api.service.conftest import PASSWORD, login, make_user


def test_no_token_is_401_as_a_problem_document(client: TestClient) -> None:
    answer = client.post("/plans", json={"week": "2024-05-06"})
    assert answer.status_code == 401
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["status"] == 401
    assert answer.headers["www-authenticate"] == "Bearer"


def test_a_wrong_password_is_401_and_a_right_one_gives_a_bearer_token(
    client: TestClient, settings: Settings
) -> None:
    make_user(settings, "ana", "coordinator")
    wrong = client.post("/auth/token", data={"username": "ana", "password": "not it"})
    assert wrong.status_code == 401
    assert client.get("/plans/1", headers=login(client, "ana")).status_code == 404


def test_too_many_failed_logins_are_refused_for_a_while(
    client: TestClient, settings: Settings
) -> None:
    make_user(settings, "ana", "coordinator")
    for _ in range(settings.login_failures_allowed):
        answer = client.post("/auth/token", data={"username": "ana", "password": "guess"})
        assert answer.status_code == 401
    blocked = client.post("/auth/token", data={"username": "ana", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "retry-after" in blocked.headers


def test_an_auditor_may_not_ask_for_a_plan(client: TestClient, settings: Settings) -> None:
    make_user(settings, "audit", "auditor")
    answer = client.post("/plans", json={"week": "2024-05-06"}, headers=login(client, "audit"))
    assert answer.status_code == 403


def test_an_expired_or_forged_token_is_refused() -> None:
    settings = Settings(env="test", secret_key="test-secret-" + "x" * 32, token_minutes=5)
    old = issue_token(settings, "ana", "s1", now=datetime.now(UTC) - timedelta(minutes=6))
    assert token_claims(settings, old) is None
    other = Settings(env="test", secret_key="other-secret-" + "x" * 32)
    assert token_claims(settings, issue_token(other, "ana", "s1")) is None
    assert token_claims(settings, issue_token(settings, "ana", "s1")) == TokenClaims("ana", "s1")


@pytest.mark.parametrize("key", ["", "change-me", "short"])
def test_outside_tests_a_missing_default_or_short_secret_key_is_refused(key: str) -> None:
    with pytest.raises(ValidationError, match="VISITPLAN_SECRET_KEY"):
        Settings(env="production", secret_key=key)


def test_the_login_limiter_forgets_old_failures_of_many_names() -> None:
    from api.service.security import LoginLimiter

    limiter = LoginLimiter(allowed=2, window=timedelta(minutes=1))
    start = datetime(2026, 12, 7, 8, 0)
    for number in range(LoginLimiter.MAX_TRACKED):
        assert limiter.attempt(f"guess{number}", "10.0.0.9", start)
    later = start + timedelta(minutes=2)
    assert limiter.attempt("ana", "10.0.0.9", later)
    assert limiter.attempt("ana", "10.0.0.9", later)
    assert not limiter.attempt("ana", "10.0.0.9", later)
    assert limiter.attempt("ana", "10.0.0.8", later)
    assert limiter.tracked() == 2
