"""Fixtures of the service's tests: a fresh, migrated database on SQLite and on a real
PostgreSQL server (a throwaway cluster that ``pg_virtualenv -t`` starts for the session), the
app on it, and accounts."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from api.service.accounts import add_user
from api.service.app import create_app
from api.service.db import make_engine, session_factory, transaction
from api.service.migrate import migrate
from api.service.settings import Settings

TABLES = Path(__file__).parents[2] / "data" / "tables"
PASSWORD = "correct horse battery"
# Blocks until its stdin closes, after printing the cluster's PG* variables as one JSON line.
_PRINT_ENV_AND_WAIT = (
    "import json, os, sys; "
    "print(json.dumps({k: v for k, v in os.environ.items() if k.startswith('PG')}), flush=True); "
    "sys.stdin.read()"
)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[URL]:
    """A PostgreSQL cluster for the whole session (or xdist worker): its admin URL."""
    if shutil.which("pg_virtualenv") is None:
        pytest.skip("pg_virtualenv is not installed (Debian's postgresql package)")
    failures = []
    # Clusters started at once (xdist workers, other checkouts) can race for one port: each
    # try asks for a port that was free a moment ago.
    for _ in range(_CLUSTER_TRIES):
        process, env, why = _start_cluster()
        if env is not None:
            break
        failures.append(why)
    else:
        pytest.fail("pg_virtualenv could not start a PostgreSQL cluster:\n" + "\n".join(failures))
    assert process.stdin is not None
    admin_url = URL.create(
        "postgresql+psycopg",
        username=env["PGUSER"],
        password=env["PGPASSWORD"],
        host=env["PGHOST"],
        port=int(env["PGPORT"]),
        database=env["PGDATABASE"],
    )
    try:
        yield admin_url
    finally:
        _close_what_tests_left_open(admin_url)
        process.stdin.close()
        # Dropping the cluster and its many test databases took 48-60 s on the shared 2-core
        # machine: a teardown is no place for a timed failure.
        process.wait(timeout=300)


def _close_what_tests_left_open(admin_url: URL) -> None:
    """End the sessions of engines a test never disposed: the throwaway cluster then stops at
    once instead of waiting for them."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'"
                )
            )
    finally:
        admin.dispose()


_CLUSTER_TRIES = 5


def _start_cluster() -> tuple[subprocess.Popen[str], dict[str, str] | None, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        ["pg_virtualenv", "-t", "-c", f"-p {port}", sys.executable, "-c", _PRINT_ENV_AND_WAIT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    # pg_virtualenv says what it does on stdout first; the variables are the JSON line.
    line = process.stdout.readline()
    while line and not line.startswith("{"):
        line = process.stdout.readline()
    if line:
        return process, json.loads(line), ""
    _, errors = process.communicate(timeout=60)
    return process, None, errors.strip()[-500:]


def _fresh_postgres_database(server: URL) -> str:
    name = f"visitplan_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, migrated database: an SQLite file, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'visitplan.db'}"
    else:
        url = _fresh_postgres_database(request.getfixturevalue("postgres_server"))
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    return url


@pytest.fixture
def settings(database_url: str) -> Settings:
    # The fixtures' visits are of a fixed week (2024-05-06): records of it stay allowed; the
    # window itself is tested with its default (test_attacks).
    return Settings(
        env="test",
        database_url=database_url,
        secret_key="test-secret-" + "x" * 32,
        record_days_back=100_000,
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app) as test_client:
        yield test_client
    # Close the app's pooled connections now, not whenever the engine is collected: a session's
    # PostgreSQL cluster serves every test of its worker and has a limit of clients.
    app.state.services.sessions.kw["bind"].dispose()


@contextmanager
def database(settings: Settings) -> Iterator[Session]:
    """A session on the test's database, its connections closed afterwards."""
    engine = make_engine(settings.database_url)
    try:
        with session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()


def make_user(
    settings: Settings,
    name: str,
    role: str,
    *,
    town: str | None = None,
    visitor_id: str | None = None,
) -> None:
    engine = make_engine(settings.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            add_user(session, settings, name, PASSWORD, role=role, town=town, visitor_id=visitor_id)
    finally:  # closed now, not when collected: the test server takes few connections
        engine.dispose()


def login(client: TestClient, name: str) -> dict[str, str]:
    """The Authorization header of ``name``'s token."""
    answer = client.post("/auth/token", data={"username": name, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


@pytest.fixture
def coordinator(client: TestClient, settings: Settings) -> dict[str, str]:
    """A district coordinator's headers."""
    make_user(settings, "district", "coordinator")
    return login(client, "district")


def upload(
    client: TestClient,
    headers: dict[str, str],
    kind: str,
    path: Path,
    *,
    name: str | None = None,
) -> object:
    content = path.read_bytes()
    files = {"file": (name or path.name, content, "text/csv")}
    return client.post(f"/imports/{kind}", files=files, headers=headers)


@pytest.fixture
def imported(client: TestClient, coordinator: dict[str, str]) -> dict[str, str]:
    """The good elders and visitors tables imported (two towns); the coordinator's headers."""
    for kind in ("elders", "visitors"):
        answer = upload(client, coordinator, kind, TABLES / f"{kind}_good.csv")
        assert answer.status_code == 200, answer.text  # type: ignore[attr-defined]
    return coordinator
