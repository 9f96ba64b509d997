"""A real ``visitplan serve`` on a free loopback port, in its own process group, for the
end-to-end tests; and a demo town's tables to feed it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx2

from planner.demo.district import DemoSize, build_demo_district
from planner.policy import load_policy

SECRET = "end-to-end-secret-" + "k" * 40
PASSWORD = "correct horse battery"
STARTUP_LIMIT_S = 120.0
"""How long a server may take to start before the test gives up (a hang, not a timing)."""


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen[bytes]

    def kill_group(self) -> None:
        """SIGKILL the server and its worker at once, as a power cut would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_url_of(db: Path | str) -> str:
    """An SQLite file's URL, or ``db`` itself when it is already a URL (PostgreSQL)."""
    return db if isinstance(db, str) else f"sqlite:///{db}"


def service_env(db: Path | str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "VISITPLAN_SECRET_KEY": SECRET,
        "VISITPLAN_DATABASE_URL": database_url_of(db),
        "VISITPLAN_PASSWORD": PASSWORD,
        "VISITPLAN_ENV": "production",
        "VISITPLAN_WORKER_POLL_S": "0.2",
        # The tests plan a fixed week (2026-12-07): recording its visits stays allowed later.
        "VISITPLAN_RECORD_DAYS_BACK": "100000",
        **extra,
    }


def visitplan(*args: str, db: Path | str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "api", *args]
    return subprocess.run(command, env=service_env(db), capture_output=True, text=True, check=False)


@contextmanager
def running_server(db: Path | str, log: Path, **env: str) -> Iterator[Server]:
    """The server on an SQLite file (a path) or on a database URL; ``env``: more variables."""
    port = free_port()
    command = [sys.executable, "-m", "api", "serve", "--port", str(port)]
    with log.open("ab") as output:
        process = subprocess.Popen(
            command if isinstance(db, str) else [*command, "--db", str(db)],
            env=service_env(db, **env),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        _wait_until_up(server, log)
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill_group()


def _wait_until_up(server: Server, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_LIMIT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"the server stopped at start:\n{log.read_text()}")
        try:
            if httpx2.get(f"{server.url}/openapi.json", timeout=2).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"the server did not start:\n{log.read_text()}")


def demo_town(folder: Path, *, elders: int, visitors: int, week: date) -> Path:
    """One demo town's elders.csv, visitors.csv and history.csv in ``folder``."""
    villages = max(1, elders // 25)
    size = DemoSize(elders=elders, visitors=visitors, towns=1, villages=villages)
    build_demo_district(folder, size, week, load_policy())
    return folder


def wait_for_plan(client: httpx2.Client, location: str, *, until: set[str]) -> dict[str, object]:
    """Poll the plan until its status is one of ``until`` (the worker's pace, not a timing)."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        plan: dict[str, object] = client.get(location).json()
        if plan["status"] in until:
            return plan
        time.sleep(0.05)
    raise AssertionError(f"plan {location} never reached {until}")
