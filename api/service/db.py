"""The database engine: SQLite by default (WAL, synchronous=FULL, foreign keys, a busy
timeout), PostgreSQL when the URL says so.

``postgresql://`` URLs are driven by psycopg 3; an empty host part (``postgresql://``) lets
libpq read the ``PG*`` environment variables.

A request uses one session, so one connection, for its reads and its write (``writing``); the
server lets at most ``REQUESTS_AT_ONCE`` requests in at a time (``api.service.admission``) and
the pool holds that many connections and a few more, so a request never waits for a
connection that another waiting request holds. Should it wait anyway (``POOL_TIMEOUT_S``), the
answer is a 503 with ``Retry-After``, never a 500.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 15_000
REQUESTS_AT_ONCE = 32
"""Requests served at once: under anyio's 40 threads for sync endpoints, so that threads are
never what a request holding a connection waits for."""
POOL_SPARE = 8
"""Connections beyond one per request in flight: the worker's heartbeat and commands."""
POOL_TIMEOUT_S = 10.0


def normalized_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3 here."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def make_engine(url: str) -> Engine:
    url = normalized_url(url)
    pool = {
        "pool_size": REQUESTS_AT_ONCE,
        "max_overflow": POOL_SPARE,
        "pool_timeout": POOL_TIMEOUT_S,
    }
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **pool)
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, **pool)


def _tune_sqlite(connection: Any, _record: object) -> None:
    """WAL lets readers go on while the worker writes; FULL sync keeps a commit through a
    power cut; foreign keys are off in SQLite unless asked for on every connection."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction in a session of its own: committed when the block ends, rolled back if
    it raises. For the worker and the commands; a request writes with ``writing``."""
    with sessions() as session, session.begin():
        yield session


@contextmanager
def writing(session: Session) -> Iterator[Session]:
    """The request's session's write: committed when the block ends (before the answer, so
    what is acknowledged is stored), rolled back if it raises."""
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
