"""The service's settings, from ``VISITPLAN_*`` environment variables (pydantic-settings).

A secret key that is unset, left at its placeholder, short or of few different characters is
refused outside tests (``VISITPLAN_ENV=test``): tokens signed with a known or guessable key would
let anyone in. In tests an unset key is a random one of the process, never the placeholder.
"""

from __future__ import annotations

import secrets
from functools import cached_property
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRET = "change-me"
MIN_SECRET_CHARS = 32
MIN_SECRET_DISTINCT_CHARS = 10
"""A key such as 32 spaces or ``abab...`` is refused; a random hex key has 16."""
_KEY_RECIPE = "`python -c 'import secrets; print(secrets.token_hex(32))'`"
MEGABYTE = 1024 * 1024


class InsecureSettingsError(ValueError):
    """The settings would run a service anyone could log into."""


class DatabaseSettings(BaseSettings):
    """What the commands that only touch the database need (``users add``): no secret key."""

    model_config = SettingsConfigDict(env_prefix="VISITPLAN_", extra="ignore")

    env: Literal["production", "test"] = "production"
    database_url: str = "sqlite:///visitplan.db"

    @cached_property
    def is_test(self) -> bool:
        return self.env == "test"


class Settings(DatabaseSettings):
    """Everything the service needs; refuses to exist with a secret key anyone could know."""

    secret_key: str = PLACEHOLDER_SECRET
    token_minutes: int = 8 * 60
    """How long a token (and the pages' cookie) stays valid: a working day."""
    upload_limit_bytes: int = 10 * MEGABYTE
    """An imported file's size (compressed, for XLSX: planner.io.table_limits bounds the rest)."""
    body_limit_bytes: int = MEGABYTE
    """Any other request's body (JSON of a record, a plan, a warning: a few KB)."""
    login_failures_allowed: int = 5
    login_failure_window_s: int = 60
    plan_workers: int = 1
    """Processes the worker plans towns in (each a solver); 1 leaves a core to the server."""
    worker_poll_s: float = 1.0
    worker_heartbeat_s: float = 10.0
    """How often a worker planning a plan says so in the database."""
    worker_stale_s: float = 120.0
    """A running plan whose worker has been silent this long is taken for abandoned (a worker
    on another machine that died; one of this machine is known dead at once)."""
    worker_hang_s: float = 60.0
    """A worker of ``serve`` whose heartbeat file is older than this is taken for hung
    (stopped, stuck): killed and replaced."""
    lang: Literal["zh", "en"] = "zh"
    record_days_back: int = 31
    """How far back a visitor may date a visit record (older visits: the history table)."""
    trusted_proxies: str = ""
    """Addresses of the reverse proxies (comma-separated) whose ``X-Forwarded-For`` names the
    client; none by default: behind no proxy, the header is anyone's to forge."""

    @cached_property
    def trusted_proxy_addresses(self) -> frozenset[str]:
        return frozenset(part.strip() for part in self.trusted_proxies.split(",") if part.strip())

    @model_validator(mode="after")
    def _refuse_insecure_secret(self) -> Settings:
        if self.secret_key in ("", PLACEHOLDER_SECRET) and self.env == "test":
            # Never the public placeholder, not even in tests: a key of this process alone
            # (its tokens end with it).
            self.secret_key = secrets.token_hex(32)
        if self.env == "test":
            return self
        if self.secret_key in ("", PLACEHOLDER_SECRET):
            raise InsecureSettingsError(
                "VISITPLAN_SECRET_KEY is unset or still the placeholder: set it to a long "
                f"random string (e.g. {_KEY_RECIPE})"
            )
        key = "".join(self.secret_key.split())
        if len(key) < MIN_SECRET_CHARS:
            raise InsecureSettingsError(
                f"VISITPLAN_SECRET_KEY is shorter than {MIN_SECRET_CHARS} characters (spaces not "
                f"counted): use a long random string (e.g. {_KEY_RECIPE})"
            )
        if len(set(key)) < MIN_SECRET_DISTINCT_CHARS:
            raise InsecureSettingsError(
                f"VISITPLAN_SECRET_KEY has fewer than {MIN_SECRET_DISTINCT_CHARS} different "
                f"characters, easy to guess: use a long random string (e.g. {_KEY_RECIPE})"
            )
        return self
