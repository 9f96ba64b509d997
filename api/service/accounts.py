"""Accounts: creating, changing and removing users (the ``users`` commands) and checking a
login (the token endpoint and the login page share it, with the same rate limit).

User names are NFKC-normalised and lower-cased before they are stored or compared, and may hold
only letters a-z, digits, ``.``, ``_``, ``-``, ``@`` and Chinese characters: two names that look
alike (``Ana`` and ``ana``, a Cyrillic ``а``, a zero-width space) are one name or refused.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.service.clock import utcnow
from api.service.deps import COORDINATOR, ROLES, VISITOR, Services
from api.service.models import User, VisitorRow
from api.service.problems import ProblemError
from api.service.security import (
    LoginLimiter,
    TokenClaims,
    hash_password,
    new_token_stamp,
    verify_or_waste,
)
from api.service.settings import DatabaseSettings, Settings
from api.service.store import audit

MIN_PASSWORD_CHARS: Final = 8
_USERNAME: Final = re.compile(r"[a-z0-9._@\-\u4e00-\u9fff]{1,64}")


class AccountError(ValueError):
    """A user that cannot be created or changed as asked."""


def normal_username(typed: str) -> str:
    """The name as stored and compared: NFKC, stripped, lower case."""
    return unicodedata.normalize("NFKC", typed).strip().casefold()


def _checked_username(typed: str) -> str:
    name = normal_username(typed)
    if not _USERNAME.fullmatch(name):
        raise AccountError(
            f"user name {typed!r}: use 1 to 64 letters a-z, digits, '.', '_', '-', '@' or Chinese "
            "characters (no spaces, no look-alike letters of other scripts)"
        )
    return name


def _checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"the password is shorter than {MIN_PASSWORD_CHARS} characters")
    return password


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
    """Create an account. ``town`` None is the whole district; an empty or blank town is
    refused (it would be taken for the district by a typo)."""
    if role not in ROLES:
        raise AccountError(f"role {role!r}: use one of {', '.join(ROLES)}")
    name = _checked_username(username)
    _checked_password(password)
    if role == VISITOR and not visitor_id:
        raise AccountError("a visitor account needs --visitor-id, the visitor_id it belongs to")
    if role != VISITOR and visitor_id:
        raise AccountError("--visitor-id is for visitor accounts only")
    if town is not None and not town.strip():
        raise AccountError("--town is empty: leave --town out for the whole district")
    if role != COORDINATOR and town:
        raise AccountError("--town is for coordinators only (without it: the whole district)")
    if visitor_id is not None and role == VISITOR:
        _check_visitor_id(session, visitor_id)
    if find_user(session, name) is not None:
        raise AccountError(f"user {name!r} exists already")
    user = User(
        username=name,
        password_hash=hash_password(settings, password),
        role=role,
        town=town.strip() if town else None,
        visitor_id=visitor_id or None,
        created_at=utcnow(),
        token_stamp=new_token_stamp(),
        disabled=False,
    )
    session.add(user)
    audit(session, "visitplan users add", "add_user", f"user {name} ({role})")
    return user


def visitors_imported(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(VisitorRow)))


def _check_visitor_id(session: Session, visitor_id: str) -> None:
    """Once visitors are imported, an account must name one of them (a typo would make an
    account that sees nothing, or later someone else's elders)."""
    if visitors_imported(session) and session.get(VisitorRow, visitor_id) is None:
        raise AccountError(
            f"visitor_id {visitor_id!r} is not in the imported visitors table: check the "
            "spelling, or import the visitors table that lists them first"
        )


def find_user(session: Session, username: str) -> User | None:
    name = normal_username(username)
    if "\x00" in name:
        return None
    return session.scalars(select(User).where(User.username == name)).first()


def _existing(session: Session, username: str) -> User:
    user = find_user(session, username)
    if user is None:
        raise AccountError(f"no user {normal_username(username)!r}: see `visitplan users list`")
    return user


def change_password(
    session: Session, settings: DatabaseSettings, username: str, password: str
) -> User:
    """A new password, and a new stamp: every token issued before stops working."""
    user = _existing(session, username)
    user.password_hash = hash_password(settings, _checked_password(password))
    user.token_stamp = new_token_stamp()
    audit(session, "visitplan users passwd", "change_password", f"user {user.username}")
    return user


def set_disabled(session: Session, username: str, *, disabled: bool) -> User:
    """Disable (or enable again) an account; disabling ends its tokens at once."""
    user = _existing(session, username)
    user.disabled = disabled
    user.token_stamp = new_token_stamp()
    action = "disable_user" if disabled else "enable_user"
    audit(session, f"visitplan users {action.split('_')[0]}", action, f"user {user.username}")
    return user


def delete_user(session: Session, username: str) -> None:
    """Remove an account. Its tokens die with it; a new account of the same name has a stamp
    of its own, so they do not come back."""
    user = _existing(session, username)
    session.delete(user)
    audit(session, "visitplan users delete", "delete_user", f"user {user.username}")


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def revoke_tokens(session: Session, claims: TokenClaims) -> None:
    """Log out: a new stamp ends every token of the account (on every device). A token already
    revoked changes nothing (a replayed old token must not log its owner out again)."""
    user = find_user(session, claims.username)
    if user is not None and user.token_stamp == claims.stamp:
        user.token_stamp = new_token_stamp()
        audit(session, user.username, "logout", f"user {user.username}")


def limiter(settings: Settings) -> LoginLimiter:
    return LoginLimiter(
        settings.login_failures_allowed, timedelta(seconds=settings.login_failure_window_s)
    )


def authenticate(
    services: Services, session: Session, username: str, password: str, client: str
) -> User:
    """The user whose password this is, or a 401 (or a 429 after too many attempts).

    The attempt is counted before the password is checked, so that parallel guesses cannot
    outrun the count; an unknown name costs the same hash as a known one; a failure is
    audited."""
    name = normal_username(username)
    if not services.login_limiter.attempt(name, client, utcnow()):
        raise ProblemError(
            429,
            "too many failed logins for this user from here: wait a minute and try again",
            headers={"Retry-After": str(services.settings.login_failure_window_s)},
        )
    user = find_user(session, name)
    known = user is not None and not user.disabled
    hashed = user.password_hash if user is not None and known else None
    if not verify_or_waste(services.settings, password, hashed) or user is None:
        audit(session, name[:100], "login_failed", f"from {client}")
        session.commit()
        raise ProblemError(
            401, "wrong user name or password", headers={"WWW-Authenticate": "Bearer"}
        )
    services.login_limiter.succeeded(name, client)
    return user
