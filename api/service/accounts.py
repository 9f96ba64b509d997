"""Accounts: creating users (the ``users add`` command) and checking a login (the token
endpoint and the login page share it, with the same rate limit)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.service.clock import utcnow
from api.service.deps import COORDINATOR, ROLES, VISITOR, Services
from api.service.models import User
from api.service.problems import ProblemError
from api.service.security import LoginLimiter, hash_password, password_matches
from api.service.settings import DatabaseSettings, Settings
from api.service.store import audit


class AccountError(ValueError):
    """A user that cannot be created as asked."""


def add_user(
    session: Session,
    settings: DatabaseSettings,
    username: str,
    password: str,
    *,
    role: str,
    town: str | None = None,
    visitor_id: str | None = None,
) -> User:
    if role not in ROLES:
        raise AccountError(f"role {role!r}: use one of {', '.join(ROLES)}")
    if not username.strip() or "\x00" in username:
        raise AccountError("the user name is empty or holds a NUL character")
    if len(password) < 8:
        raise AccountError("the password is shorter than 8 characters")
    if role == VISITOR and not visitor_id:
        raise AccountError("a visitor account needs --visitor-id, the visitor_id it belongs to")
    if role != VISITOR and visitor_id:
        raise AccountError("--visitor-id is for visitor accounts only")
    if role != COORDINATOR and town:
        raise AccountError("--town is for coordinators only (empty: the whole district)")
    if session.scalars(select(User).where(User.username == username)).first() is not None:
        raise AccountError(f"user {username!r} exists already")
    user = User(
        username=username,
        password_hash=hash_password(settings, password),
        role=role,
        town=town or None,
        visitor_id=visitor_id or None,
        created_at=utcnow(),
    )
    session.add(user)
    audit(session, "visitplan users add", "add_user", f"user {username} ({role})")
    return user


def limiter(settings: Settings) -> LoginLimiter:
    return LoginLimiter(
        settings.login_failures_allowed, timedelta(seconds=settings.login_failure_window_s)
    )


def authenticate(
    services: Services, session: Session, username: str, password: str, client: str
) -> User:
    """The user whose password this is, or a 401 (or a 429 after too many failures)."""
    now = utcnow()
    limit = services.login_limiter
    if limit.blocked(username, client, now):
        raise ProblemError(
            429,
            "too many failed logins for this user from here: wait a minute and try again",
            headers={"Retry-After": str(services.settings.login_failure_window_s)},
        )
    user = None
    if "\x00" not in username:
        user = session.scalars(select(User).where(User.username == username)).first()
    if user is None or not password_matches(services.settings, password, user.password_hash):
        limit.failed(username, client, now)
        raise ProblemError(
            401, "wrong user name or password", headers={"WWW-Authenticate": "Bearer"}
        )
    limit.succeeded(username, client)
    return user
