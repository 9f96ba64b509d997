"""Backups of the service's database while it serves, and restoring one into an empty database.

SQLite: the online backup API (``sqlite3.Connection.backup``), a consistent copy while the
server and the worker go on reading and writing. PostgreSQL: ``pg_dump`` in its custom format,
restored by ``pg_restore`` in one transaction. A backup is written under a temporary name and
renamed when complete, so a file named ``visitplan-*`` is always whole. A restore runs the
migrations after, so an older backup comes up to the current schema.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import URL, make_url

from api.service.db import make_engine, normalized_url
from api.service.migrate import migrate
from api.service.models import Base

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """What the operator must fix: the message says what."""


def backup(database_url: str, folder: Path) -> Path:
    """A backup of the database in ``folder`` (created if need be), named by the UTC time."""
    url = make_url(normalized_url(database_url))
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    if url.get_backend_name() == "sqlite":
        target = folder / f"visitplan-{stamp}.sqlite3"
        with _written(target) as partial:
            _sqlite_copy(_sqlite_file(url, must_exist=True), partial)
    else:
        target = folder / f"visitplan-{stamp}.pgdump"
        with _written(target) as partial:
            _run(url, "pg_dump", "--format=custom", f"--file={partial}")
    return target


def restore(database_url: str, file: Path, *, force: bool = False) -> None:
    """Put the backup ``file`` into the database, which must be empty unless ``force``."""
    url = make_url(normalized_url(database_url))
    sqlite = url.get_backend_name() == "sqlite"
    _check_backup_file(file, SQLITE_MAGIC if sqlite else PG_DUMP_MAGIC, sqlite)
    held = _rows_held(database_url) if not sqlite or _sqlite_file(url).exists() else 0
    if held and not force:
        raise BackupError(
            f"the database {url.render_as_string(hide_password=True)} is not empty ({held} "
            "rows): restore into a new database, or add --force to replace what it holds"
        )
    if sqlite:
        _sqlite_copy(file, _sqlite_file(url))
    else:
        clean = ["--clean", "--if-exists"] if held else []
        _run(
            url,
            "pg_restore",
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            *clean,
            f"--dbname={url.database}",
            str(file),
        )
    engine = make_engine(database_url)
    try:
        migrate(engine)
    finally:
        engine.dispose()


def _sqlite_file(url: URL, *, must_exist: bool = False) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("the database URL names no SQLite file")
    path = Path(url.database)
    if must_exist and not path.is_file():
        raise BackupError(f"{path}: no such SQLite file; check VISITPLAN_DATABASE_URL or --db")
    return path


def _sqlite_copy(source: Path, target: Path) -> None:
    """The whole of ``source`` into ``target`` (replacing it), page by page, as of one moment."""
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as reading,
        closing(sqlite3.connect(target)) as writing,
    ):
        reading.backup(writing)


def _check_backup_file(file: Path, magic: bytes, sqlite: bool) -> None:
    kind = "an SQLite backup (.sqlite3)" if sqlite else "a pg_dump custom-format backup (.pgdump)"
    try:
        with file.open("rb") as opened:
            head = opened.read(len(magic))
    except OSError as error:
        raise BackupError(f"{file}: cannot read it ({error.strerror})") from None
    if head != magic:
        raise BackupError(
            f"{file} is not {kind}, which this database needs: give a file that "
            "`visitplan backup` wrote for a database of the same kind"
        )


def _rows_held(database_url: str) -> int:
    """Rows in the service's tables (0 for a new, empty database)."""
    engine = make_engine(database_url)
    try:
        present = set(inspect(engine).get_table_names())
        with engine.connect() as connection:
            return sum(
                connection.scalar(select(func.count()).select_from(table)) or 0
                for table in Base.metadata.sorted_tables
                if table.name in present
            )
    finally:
        engine.dispose()


@contextmanager
def _written(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed to it when the block ends without error."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        yield partial
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def _run(url: URL, program: str, *args: str) -> None:
    """A PostgreSQL client program on the database: connection from ``PG*`` variables, so that
    the password is never on a command line."""
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not installed: install PostgreSQL's client programs")
    env = {**os.environ}
    for variable, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value is not None:
            env[variable] = str(value)
    finished = subprocess.run(
        [program, *args], env=env, capture_output=True, text=True, check=False
    )
    if finished.returncode != 0:
        raise BackupError(f"{program} failed: {finished.stderr.strip()[-2000:]}")
