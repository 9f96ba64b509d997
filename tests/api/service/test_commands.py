"""``visitplan users add`` and ``visitplan serve`` as a user runs them (real processes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from api.service.db import make_engine, session_factory
from api.service.models import AuditEntry, User


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api", *args], env=env, capture_output=True, text=True, check=False
    )


def base_env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VISITPLAN_")}
    return {**env, "VISITPLAN_DATABASE_URL": f"sqlite:///{db}", "VISITPLAN_ENV": "test"}


def test_users_add_creates_the_database_and_needs_no_secret_key(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    env = {**base_env(db), "VISITPLAN_PASSWORD": "long enough password"}
    added = run("users", "add", "wang", "--role", "coordinator", "--town", "城关镇", env=env)
    assert added.returncode == 0, added.stderr
    with session_factory(make_engine(f"sqlite:///{db}"))() as session:
        user = session.scalars(select(User)).one()
        audited = session.scalars(select(AuditEntry.action)).all()
    assert (user.username, user.role, user.town) == ("wang", "coordinator", "城关镇")
    assert user.password_hash.startswith("$argon2id$")
    assert audited == ["add_user"]


def test_users_add_refuses_what_cannot_be_an_account(tmp_path: Path) -> None:
    env = {**base_env(tmp_path / "x.db"), "VISITPLAN_PASSWORD": "long enough password"}
    no_visitor_id = run("users", "add", "liu", "--role", "visitor", env=env)
    assert no_visitor_id.returncode == 2
    assert "--visitor-id" in no_visitor_id.stderr
    bad_role = run("users", "add", "liu", "--role", "boss", env=env)
    assert bad_role.returncode == 2
    assert run("users", "add", "liu", "--role", "auditor", env=env).returncode == 0
    again = run("users", "add", "liu", "--role", "auditor", env=env)
    assert again.returncode == 2
    assert "exists" in again.stderr
    short = run("users", "add", "ma", "--role", "auditor", env={**env, "VISITPLAN_PASSWORD": "x"})
    assert short.returncode == 2


def test_serve_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {**base_env(tmp_path / "x.db"), "VISITPLAN_ENV": "production"}
    refused = run("serve", "--port", "1", env=env)
    assert refused.returncode == 2
    assert "VISITPLAN_SECRET_KEY" in refused.stderr
    assert "Traceback" not in refused.stderr
