"""The service's commands: ``visitplan users add|passwd|disable|delete|list`` and ``visitplan
serve`` (CONTRACT.md).

Both read their settings from ``VISITPLAN_*`` variables (``api.service.settings``) and create or
migrate the database first, so a fresh machine needs no other step.
"""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from sqlalchemy.orm import Session

from api.service.accounts import (
    AccountError,
    add_user,
    change_password,
    delete_user,
    list_users,
    set_disabled,
    visitors_imported,
)
from api.service.db import make_engine, session_factory, transaction
from api.service.deps import ROLES
from api.service.migrate import migrate
from api.service.settings import DatabaseSettings, Settings

EXIT_BAD_INPUT = 2
S = TypeVar("S", bound=DatabaseSettings)
users_app = typer.Typer(help="Accounts of the web service.", no_args_is_help=True)
stderr = Console(stderr=True)


def _settings(kind: type[S], **overrides: str) -> S:
    try:
        return kind(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        for item in error.errors():
            stderr.print(f"[red]error[/]: {escape(str(item['msg']))}", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def _fail(message: str) -> typer.Exit:
    stderr.print(f"[red]error[/]: {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_BAD_INPUT)


def _password(name: str) -> str:
    return os.environ.get("VISITPLAN_PASSWORD") or getpass.getpass(f"password for {name}: ")


@contextmanager
def _accounts(settings: DatabaseSettings) -> Iterator[Session]:
    """A transaction on the migrated database; an ``AccountError`` is exit status 2."""
    engine = make_engine(settings.database_url)
    migrate(engine)
    try:
        with transaction(session_factory(engine)) as session:
            yield session
    except AccountError as error:
        raise _fail(str(error)) from None


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The user name to log in with.")],
    role: Annotated[str, typer.Option(help=f"One of {', '.join(ROLES)}.")],
    town: Annotated[
        str | None,
        typer.Option(help="A coordinator's town; leave it out for the whole district."),
    ] = None,
    visitor_id: Annotated[str | None, typer.Option(help="A visitor account's visitor_id.")] = None,
) -> None:
    """Create an account; the password from VISITPLAN_PASSWORD, or asked for."""
    settings = _settings(DatabaseSettings)
    password = _password(name)
    with _accounts(settings) as session:
        user = add_user(
            session, settings, name, password, role=role, town=town, visitor_id=visitor_id
        )
        if visitor_id is not None and not visitors_imported(session):
            stderr.print(
                f"[yellow]warning[/]: no visitors are imported yet: check that "
                f"{escape(visitor_id)} is in the visitors table when you import it (the "
                "account sees nothing until then)",
                highlight=False,
            )
        added = user.username
    typer.echo(f"user {added} added ({role})")


@users_app.command("passwd")
def users_passwd(name: Annotated[str, typer.Argument(help="The user name.")]) -> None:
    """Set a new password (VISITPLAN_PASSWORD, or asked for); the user's tokens stop working."""
    settings = _settings(DatabaseSettings)
    password = _password(name)
    with _accounts(settings) as session:
        change_password(session, settings, name, password)
    typer.echo(f"password of {name} changed; their tokens no longer work")


@users_app.command("disable")
def users_disable(
    name: Annotated[str, typer.Argument(help="The user name.")],
    enable: Annotated[bool, typer.Option("--enable", help="Enable the account again.")] = False,
) -> None:
    """Disable an account (its tokens stop working at once), or enable it again."""
    with _accounts(_settings(DatabaseSettings)) as session:
        set_disabled(session, name, disabled=not enable)
    typer.echo(f"user {name} {'enabled' if enable else 'disabled'}")


@users_app.command("delete")
def users_delete(name: Annotated[str, typer.Argument(help="The user name.")]) -> None:
    """Delete an account; its tokens stop working, also if the name is added again."""
    with _accounts(_settings(DatabaseSettings)) as session:
        delete_user(session, name)
    typer.echo(f"user {name} deleted")


@users_app.command("list")
def users_list() -> None:
    """Print the accounts as CSV: username, role, town, visitor_id, disabled."""
    with _accounts(_settings(DatabaseSettings)) as session:
        rows = [
            (user.username, user.role, user.town or "", user.visitor_id or "", user.disabled)
            for user in list_users(session)
        ]
    typer.echo("username,role,town,visitor_id,disabled")
    for username, role, town, visitor, disabled in rows:
        typer.echo(f"{username},{role},{town},{visitor},{str(disabled).lower()}")


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

    overrides = {"database_url": f"sqlite:///{db}"} if db is not None else {}
    settings = _settings(Settings, **overrides)
    migrate(make_engine(settings.database_url))
    env = {**os.environ, "VISITPLAN_DATABASE_URL": settings.database_url}
    worker = WorkerProcess(env)
    worker.start()
    try:
        # proxy_headers off: uvicorn would take X-Forwarded-For from 127.0.0.1 on trust; the
        # app reads it from VISITPLAN_TRUSTED_PROXIES only (api.service.routers.auth).
        uvicorn.run(
            create_app(settings), host=host, port=port, log_level="info", proxy_headers=False
        )
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
