"""The service's commands: ``visitplan users add|passwd|disable|delete|list``, ``visitplan
serve`` (../shared/CONTRACT.md), ``visitplan backup`` and ``visitplan restore``.

They read their settings from ``VISITPLAN_*`` variables (``api.service.settings``); ``users
add`` and ``serve`` create or migrate the database first, so a fresh machine needs no other
step, and ``restore`` migrates what it restored.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

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


def _password(name: str) -> str:
    return os.environ.get("VISITPLAN_PASSWORD") or getpass.getpass(f"password for {name}: ")


@contextmanager
def _accounts(settings: DatabaseSettings) -> Iterator[Session]:
    """A transaction on the migrated database; an ``AccountError`` is exit status 2."""
    from api.service.accounts import AccountError
    from api.service.db import make_engine, session_factory, transaction
    from api.service.migrate import migrate

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
    role: Annotated[str, typer.Option(help="coordinator, visitor or auditor.")],
    town: Annotated[
        str | None,
        typer.Option(help="A coordinator's town; leave it out for the whole district."),
    ] = None,
    visitor_id: Annotated[str | None, typer.Option(help="A visitor account's visitor_id.")] = None,
) -> None:
    """Create an account; the password from VISITPLAN_PASSWORD, or asked for."""
    from api.service.accounts import add_user, visitors_imported
    from api.service.settings import DatabaseSettings

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
    from api.service.accounts import change_password
    from api.service.settings import DatabaseSettings

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
    from api.service.accounts import set_disabled
    from api.service.settings import DatabaseSettings

    with _accounts(_settings(DatabaseSettings)) as session:
        set_disabled(session, name, disabled=not enable)
    typer.echo(f"user {name} {'enabled' if enable else 'disabled'}")


@users_app.command("delete")
def users_delete(name: Annotated[str, typer.Argument(help="The user name.")]) -> None:
    """Delete an account; its tokens stop working, also if the name is added again."""
    from api.service.accounts import delete_user
    from api.service.settings import DatabaseSettings

    with _accounts(_settings(DatabaseSettings)) as session:
        delete_user(session, name)
    typer.echo(f"user {name} deleted")


@users_app.command("list")
def users_list() -> None:
    """Print the accounts as CSV: username, role, town, visitor_id, disabled."""
    from api.service.accounts import list_users
    from api.service.settings import DatabaseSettings

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
    from api.service.app import create_app
    from api.service.db import make_engine
    from api.service.migrate import migrate
    from api.service.settings import Settings
    from api.service.supervisor import serve_beside_worker

    overrides = {"database_url": f"sqlite:///{db}"} if db is not None else {}
    settings = _settings(Settings, **overrides)
    migrate(make_engine(settings.database_url))
    env = {**os.environ, "VISITPLAN_DATABASE_URL": settings.database_url}
    serve_beside_worker(
        lambda: create_app(settings), host=host, port=port, env=env, hang_s=settings.worker_hang_s
    )


DbOption = Annotated[
    Path | None, typer.Option(help="An SQLite file (default: VISITPLAN_DATABASE_URL).")
]


def backup(
    folder: Annotated[Path, typer.Argument(help="Where to write the backup.")],
    db: DbOption = None,
) -> None:
    """Back up the database, also while it serves; print the file's path."""
    from api.service.backup import BackupError, backup

    settings = _database_settings(db)
    try:
        written = backup(settings.database_url, folder)
    except BackupError as error:
        raise _fail(str(error)) from None
    typer.echo(str(written))


def restore(
    file: Annotated[Path, typer.Argument(help="A file `visitplan backup` wrote.")],
    db: DbOption = None,
    force: Annotated[
        bool, typer.Option(help="Replace what the database holds (stop the service first).")
    ] = False,
) -> None:
    """Restore a backup into an empty database and bring it up to date (migrations)."""
    from api.service.backup import BackupError, restore

    settings = _database_settings(db)
    try:
        restore(settings.database_url, file, force=force)
    except BackupError as error:
        raise _fail(str(error)) from None
    typer.echo(f"restored {file}")


def _database_settings(db: Path | None) -> DatabaseSettings:
    from api.service.settings import DatabaseSettings

    overrides = {"database_url": f"sqlite:///{db}"} if db is not None else {}
    return _settings(DatabaseSettings, **overrides)


def add_service_commands(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.command("serve")(serve)
    app.command("backup")(backup)
    app.command("restore")(restore)
