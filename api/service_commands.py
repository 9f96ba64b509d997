"""The service's commands: ``visitplan users add`` and ``visitplan serve`` (../shared/CONTRACT.md).

Both read their settings from ``VISITPLAN_*`` variables (``api.service.settings``) and create or
migrate the database first, so a fresh machine needs no other step.
"""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from api.service.settings import DatabaseSettings

# The service (pydantic, SQLAlchemy, FastAPI) is imported by the commands when they run, so that
# the other commands and `visitplan --help` do not load it: tests/api/test_fast_start.py.

EXIT_BAD_INPUT = 2
S = TypeVar("S", bound="DatabaseSettings")
users_app = typer.Typer(help="Accounts of the web service.", no_args_is_help=True)
stderr = Console(stderr=True)


def _settings(kind: type[S], **overrides: str) -> S:
    from pydantic import ValidationError

    try:
        return kind(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        for item in error.errors():
            stderr.print(f"[red]error[/]: {escape(str(item['msg']))}", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def _fail(message: str) -> typer.Exit:
    stderr.print(f"[red]error[/]: {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_BAD_INPUT)


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The user name to log in with.")],
    role: Annotated[str, typer.Option(help="coordinator, visitor or auditor.")],
    town: Annotated[
        str | None, typer.Option(help="A coordinator's town (empty: the whole district).")
    ] = None,
    visitor_id: Annotated[str | None, typer.Option(help="A visitor account's visitor_id.")] = None,
) -> None:
    """Create an account; the password from VISITPLAN_PASSWORD, or asked for."""
    from api.service.accounts import AccountError, add_user
    from api.service.db import make_engine, session_factory, transaction
    from api.service.migrate import migrate
    from api.service.settings import DatabaseSettings

    settings = _settings(DatabaseSettings)
    password = os.environ.get("VISITPLAN_PASSWORD") or getpass.getpass(f"password for {name}: ")
    engine = make_engine(settings.database_url)
    migrate(engine)
    try:
        with transaction(session_factory(engine)) as session:
            add_user(session, settings, name, password, role=role, town=town, visitor_id=visitor_id)
    except AccountError as error:
        raise _fail(str(error)) from None
    typer.echo(f"user {name} added ({role})")


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: Annotated[
        Path | None, typer.Option(help="An SQLite file (default: VISITPLAN_DATABASE_URL).")
    ] = None,
) -> None:
    """Run the web service (OpenAPI at /docs) and its plan worker."""
    import uvicorn

    from api.service.app import create_app
    from api.service.db import make_engine
    from api.service.migrate import migrate
    from api.service.settings import Settings

    overrides = {"database_url": f"sqlite:///{db}"} if db is not None else {}
    settings = _settings(Settings, **overrides)
    migrate(make_engine(settings.database_url))
    env = {**os.environ, "VISITPLAN_DATABASE_URL": settings.database_url}
    worker = WorkerProcess(env)
    worker.start()
    try:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
    finally:
        worker.stop()


class WorkerProcess:
    """The plan worker beside the server: started with it, started again should it die (a
    plan it held is failed by the next one), stopped with it."""

    RESTART_PAUSE_S = 2.0

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        """Held while the process is replaced or stopped, so that a stop never misses one."""
        self.process: subprocess.Popen[bytes] | None = None
        self.watcher = threading.Thread(target=self._watch, name="worker-watch", daemon=True)

    def start(self) -> None:
        self.process = self._spawn()
        self.watcher.start()

    def _spawn(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-m", "api.service.worker"], env=self.env)

    def _watch(self) -> None:
        while not self.stopping.is_set():
            assert self.process is not None
            status = self.process.wait()
            if self.stopping.wait(self.RESTART_PAUSE_S):
                return
            with self.lock:
                if self.stopping.is_set():
                    return
                stderr.print(f"the plan worker stopped (status {status}); starting it again")
                self.process = self._spawn()

    def stop(self) -> None:
        with self.lock:
            self.stopping.set()
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def add_service_commands(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.command("serve")(serve)
