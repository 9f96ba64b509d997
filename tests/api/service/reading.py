"""Reading the service's database from a test, the engine closed after, so that a long run
of tests against one PostgreSQL cluster does not pile up idle connections."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from api.service.db import make_engine, session_factory
from api.service.settings import Settings


@contextmanager
def database_session(settings: Settings) -> Iterator[Session]:
    engine = make_engine(settings.database_url)
    try:
        with session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()
