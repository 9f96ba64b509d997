"""Passwords (Argon2 through pwdlib) and bearer tokens (JWT, signed with the secret key).

Tests use Argon2 parameters cheap enough to hash in milliseconds; the service uses the
library's defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import ClassVar

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from api.service.settings import DatabaseSettings, Settings

ALGORITHM = "HS256"


def password_hasher(settings: DatabaseSettings) -> PasswordHash:
    if settings.is_test:
        return PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1),))
    return PasswordHash((Argon2Hasher(),))


def hash_password(settings: DatabaseSettings, password: str) -> str:
    return password_hasher(settings).hash(password)


def password_matches(settings: DatabaseSettings, password: str, password_hash: str) -> bool:
    return password_hasher(settings).verify(password, password_hash)


def issue_token(settings: Settings, username: str, *, now: datetime | None = None) -> str:
    issued = now or datetime.now(UTC)
    claims = {
        "sub": username,
        "iat": issued,
        "exp": issued + timedelta(minutes=settings.token_minutes),
    }
    return jwt.encode(claims, settings.secret_key, algorithm=ALGORITHM)


def token_subject(settings: Settings, token: str) -> str | None:
    """The username a valid, unexpired token was issued to; None for any other token."""
    try:
        claims = jwt.decode(
            token, settings.secret_key, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]}
        )
    except jwt.PyJWTError:
        return None
    subject = claims.get("sub")
    return subject if isinstance(subject, str) else None


@dataclass
class LoginLimiter:
    """Failed logins per (username, client) in a sliding window: past the allowance, wait.

    Kept in the server's memory: one server process, and a restart forgets (an attacker gains
    one window per restart, which the Argon2 cost keeps small)."""

    allowed: int
    window: timedelta
    MAX_TRACKED: ClassVar[int] = 10_000
    """Past this many (username, client) pairs, those without a recent failure are forgotten:
    guessing many user names must not fill the server's memory."""

    def __post_init__(self) -> None:
        self._failures: dict[tuple[str, str], list[datetime]] = {}

    def blocked(self, username: str, client: str, now: datetime) -> bool:
        recent = self._recent((username, client), now)
        return len(recent) >= self.allowed

    def failed(self, username: str, client: str, now: datetime) -> None:
        key = (username, client)
        self._failures[key] = [*self._recent(key, now), now]
        if len(self._failures) > self.MAX_TRACKED:
            self._forget_old(now)

    def succeeded(self, username: str, client: str) -> None:
        self._failures.pop((username, client), None)

    def _forget_old(self, now: datetime) -> None:
        for key in list(self._failures):
            if not self._recent(key, now):
                del self._failures[key]

    def _recent(self, key: tuple[str, str], now: datetime) -> list[datetime]:
        return [at for at in self._failures.get(key, []) if now - at < self.window]
