"""Passwords (Argon2 through pwdlib) and bearer tokens (JWT, signed with the secret key).

Tests use Argon2 parameters cheap enough to hash in milliseconds; the service uses the
library's defaults.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import ClassVar

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from api.service.settings import DatabaseSettings, Settings

ALGORITHM = "HS256"


_TEST_HASHER = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1),))


def password_hasher(settings: DatabaseSettings) -> PasswordHash:
    if settings.is_test:
        return _TEST_HASHER
    return PasswordHash((Argon2Hasher(),))


def hash_password(settings: DatabaseSettings, password: str) -> str:
    return password_hasher(settings).hash(password)


def password_matches(settings: DatabaseSettings, password: str, password_hash: str) -> bool:
    return password_hasher(settings).verify(password, password_hash)


_DUMMY_PASSWORD = "not-a-password-of-anyone"


@lru_cache(maxsize=2)
def _dummy_hash(is_test: bool) -> str:
    """A hash nobody's password matches, with the same cost as a real one."""
    hasher = _TEST_HASHER if is_test else PasswordHash((Argon2Hasher(),))
    return hasher.hash(_DUMMY_PASSWORD)


def verify_or_waste(settings: DatabaseSettings, password: str, password_hash: str | None) -> bool:
    """Whether ``password`` matches; for a user who does not exist (None) the same work is done
    on a dummy hash, so that the time of the answer does not tell which names exist."""
    if password_hash is None:
        password_matches(settings, password, _dummy_hash(settings.is_test))
        return False
    return password_matches(settings, password, password_hash)


def new_token_stamp() -> str:
    """A random stamp per account, changed by a new password, a logout, a disabling: a token
    carries the stamp it was issued with and is good only while the account still has it."""
    return secrets.token_hex(16)


@dataclass(frozen=True)
class TokenClaims:
    username: str
    stamp: str


def issue_token(
    settings: Settings, username: str, stamp: str, *, now: datetime | None = None
) -> str:
    issued = now or datetime.now(UTC)
    claims = {
        "sub": username,
        "stp": stamp,
        "iat": issued,
        "exp": issued + timedelta(minutes=settings.token_minutes),
    }
    return jwt.encode(claims, settings.secret_key, algorithm=ALGORITHM)


def token_claims(settings: Settings, token: str) -> TokenClaims | None:
    """Whom a valid, unexpired token was issued to, and with which stamp; None for any other."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key,
            algorithms=[ALGORITHM],
            options={"require": ["exp", "sub", "stp"]},
        )
    except jwt.PyJWTError:
        return None
    subject, stamp = claims.get("sub"), claims.get("stp")
    if isinstance(subject, str) and isinstance(stamp, str):
        return TokenClaims(subject, stamp)
    return None


@dataclass
class LoginLimiter:
    """Logins per (username, client) in a sliding window: past the allowance, wait.

    An attempt is counted when it starts, before the slow password check, and under a lock:
    parallel guesses cannot all slip in before the first is counted. A success takes its own
    attempt back (and forgets the earlier failures). Kept in the server's memory: one server
    process, and a restart forgets (an attacker gains one window per restart, which the Argon2
    cost keeps small)."""

    allowed: int
    window: timedelta
    MAX_TRACKED: ClassVar[int] = 10_000
    """Past this many (username, client) pairs, those without a recent attempt are forgotten:
    guessing many user names must not fill the server's memory."""

    def __post_init__(self) -> None:
        self._attempts: dict[tuple[str, str], list[datetime]] = {}
        self._lock = threading.Lock()

    def attempt(self, username: str, client: str, now: datetime) -> bool:
        """Count an attempt and say whether it may go on (False: too many in the window)."""
        key = (username, client)
        with self._lock:
            recent = self._recent(key, now)
            if len(recent) >= self.allowed:
                return False
            self._attempts[key] = [*recent, now]
            if len(self._attempts) > self.MAX_TRACKED:
                self._forget_old(now)
            return True

    def succeeded(self, username: str, client: str) -> None:
        with self._lock:
            self._attempts.pop((username, client), None)

    def tracked(self) -> int:
        return len(self._attempts)

    def _forget_old(self, now: datetime) -> None:
        for key in list(self._attempts):
            if not self._recent(key, now):
                del self._attempts[key]

    def _recent(self, key: tuple[str, str], now: datetime) -> list[datetime]:
        return [at for at in self._attempts.get(key, []) if now - at < self.window]
