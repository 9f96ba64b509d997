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


def test_users_passwd_disable_delete_and_list(tmp_path: Path) -> None:
    env = {**base_env(tmp_path / "x.db"), "VISITPLAN_PASSWORD": "long enough password"}
    assert run("users", "add", "liu", "--role", "auditor", env=env).returncode == 0
    assert run("users", "add", "wang", "--role", "coordinator", env=env).returncode == 0
    with session_factory(make_engine(f"sqlite:///{tmp_path / 'x.db'}"))() as session:
        first_stamp = session.scalars(select(User.token_stamp).where(User.username == "liu")).one()
    changed = run("users", "passwd", "liu", env={**env, "VISITPLAN_PASSWORD": "a new password!"})
    assert changed.returncode == 0, changed.stderr
    assert run("users", "disable", "wang", env=env).returncode == 0
    listed = run("users", "list", env=env)
    assert listed.stdout.splitlines() == [
        "username,role,town,visitor_id,disabled",
        "liu,auditor,,,false",
        "wang,coordinator,,,true",
    ]
    assert run("users", "delete", "wang", env=env).returncode == 0
    missing = run("users", "delete", "wang", env=env)
    assert missing.returncode == 2
    assert "no user 'wang'" in missing.stderr
    with session_factory(make_engine(f"sqlite:///{tmp_path / 'x.db'}"))() as session:
        user = session.scalars(select(User)).one()
        actions = session.scalars(select(AuditEntry.action)).all()
    assert user.token_stamp != first_stamp
    assert {"change_password", "disable_user", "delete_user"} <= set(actions)


def test_users_add_refuses_an_empty_town_and_warns_of_unknown_visitors(tmp_path: Path) -> None:
    env = {**base_env(tmp_path / "x.db"), "VISITPLAN_PASSWORD": "long enough password"}
    empty_town = run("users", "add", "wang", "--role", "coordinator", "--town", "", env=env)
    assert empty_town.returncode == 2
    assert "leave --town out" in empty_town.stderr
    early = run("users", "add", "liu", "--role", "visitor", "--visitor-id", "V01", env=env)
    assert early.returncode == 0
    assert "no visitors are imported yet" in early.stderr
