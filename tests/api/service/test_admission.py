"""Waiting is queueing, not failing: requests beyond what the server serves at once wait their
turn, and one that cannot be served in time (no turn, no database connection) is a 503 with
``Retry-After``, never a 500."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import anyio
import pytest
from fastapi.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

from api.service import db as service_db
from api.service.admission import Admission
from api.service.app import create_app
from api.service.db import make_engine
from api.service.migrate import migrate
from api.service.settings import Settings
from tests.api.service.conftest import login, make_user


def _scope() -> Scope:
    return {"type": "http", "method": "GET", "path": "/", "headers": []}


async def _nothing() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _answer(app: Admission) -> tuple[int, dict[bytes, bytes]]:
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    await app(_scope(), _nothing, send)
    start = sent[0]
    return start["status"], dict(start["headers"])


def test_a_request_waits_its_turn_and_is_served() -> None:
    release = anyio.Event()
    served: list[str] = []

    async def slow_then_fast(_scope: Scope, _receive: Receive, send: Send) -> None:
        if not served:
            served.append("first")
            await release.wait()
        else:
            served.append("second")
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    app = Admission(slow_then_fast, at_once=1, wait_s=60)

    async def main() -> list[int]:
        statuses: list[int] = []
        async with anyio.create_task_group() as group:

            async def ask() -> None:
                statuses.append((await _answer(app))[0])

            group.start_soon(ask)
            await anyio.wait_all_tasks_blocked()
            group.start_soon(ask)
            await anyio.wait_all_tasks_blocked()
            assert served == ["first"], "the second waits while the first is served"
            release.set()
        return statuses

    assert anyio.run(main) == [200, 200]
    assert served == ["first", "second"]


def test_a_request_that_waits_too_long_is_503_with_retry_after() -> None:
    async def never_done(_scope: Scope, _receive: Receive, _send: Send) -> None:
        await anyio.sleep_forever()

    app = Admission(never_done, at_once=1, wait_s=0.2)

    async def main() -> tuple[int, dict[bytes, bytes]]:
        async with anyio.create_task_group() as group:
            group.start_soon(_answer, app)
            await anyio.wait_all_tasks_blocked()
            answer = await _answer(app)
            group.cancel_scope.cancel()
        return answer

    status, headers = anyio.run(main)
    assert status == 503
    assert headers[b"retry-after"] == b"5"
    assert headers[b"content-type"] == b"application/problem+json"


def test_no_database_connection_in_time_is_503_not_500(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service_db, "POOL_TIMEOUT_S", 0.2)
    app = create_app(settings)
    make_user(settings, "boss", "coordinator")
    with TestClient(app) as client:
        headers = login(client, "boss")
        assert client.get("/plans", headers=headers).status_code == 200
        engine = app.state.services.sessions.kw["bind"]
        every_connection = service_db.REQUESTS_AT_ONCE + service_db.POOL_SPARE
        held = [engine.connect() for _ in range(every_connection)]
        try:
            answer = client.get("/plans", headers=headers)
        finally:
            for connection in held:
                connection.close()
        assert answer.status_code == 503
        assert answer.headers["retry-after"] == "5"
        assert client.get("/plans", headers=headers).status_code == 200


def test_a_database_locked_past_its_busy_timeout_is_503_not_500(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service_db, "SQLITE_BUSY_TIMEOUT_MS", 200)
    db = tmp_path / "visitplan.db"
    settings = Settings(env="test", database_url=f"sqlite:///{db}", secret_key="k" * 40)
    migrate(make_engine(settings.database_url))
    make_user(settings, "boss", "coordinator")
    with TestClient(create_app(settings)) as client:
        headers = login(client, "boss")
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")  # another writer, for longer than the busy timeout
        try:
            answer = client.post("/plans", json={"week": "2024-05-06"}, headers=headers)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert answer.status_code == 503
        assert answer.headers["retry-after"] == "5"
        again = client.post("/plans", json={"week": "2024-05-06"}, headers=headers)
        assert again.status_code == 202


def test_no_route_opens_a_second_connection_beside_its_requests() -> None:
    """Every authenticated route already holds the request's session (the account is read on
    each request), so a route that opens its own transaction needs two connections of the
    pool, and 20 such requests at once froze the service (issue 18). Writes go through
    ``api.service.db.writing`` on the request's session."""
    routers = Path(__file__).parents[3] / "api" / "service" / "routers"
    second = {
        path.name: line_number
        for path in sorted(routers.glob("*.py"))
        for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "found.sessions" in line or "transaction(" in line
    }
    assert second == {}, "use `with writing(db) as session:` on the request's session"
