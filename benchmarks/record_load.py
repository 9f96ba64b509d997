"""Load on the service's writes: visitors recording visits while coordinators read, at once.

Each writer is a visitor with visits in the planned week, PUTting a record (a new uuid) for one
of their visits after each answer; writers come in pairs that send the same uuids, so that every
record arrives twice, often at the same moment (a phone re-sending on a weak signal). Each
reader is the district coordinator reading an elder in full (``GET /elders/{id}``, which writes
the audit log) or one visitor's day of the roster, in turn. After the load the records in the
database are counted: every acknowledged uuid must be stored exactly once, and nothing else.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import httpx2
from sqlalchemy import select
from sqlalchemy.engine import URL

from api.service.db import make_engine, session_factory
from api.service.models import VisitRecord
from benchmarks.service_load import (
    CHINA,
    COORDINATOR,
    add_accounts,
    free_port,
    plan_week_through_api,
    running_server,
    token,
)
from planner.demo.district import DemoSize, write_demo_tables

# Blocks until its stdin closes, after printing the cluster's PG* variables as one JSON line.
_PRINT_ENV_AND_WAIT = (
    "import json, os, sys; "
    "print(json.dumps({k: v for k, v in os.environ.items() if k.startswith('PG')}), flush=True); "
    "sys.stdin.read()"
)


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """A throwaway PostgreSQL cluster (Debian's ``pg_virtualenv -t``) while the block runs: the
    URL of its database."""
    process = subprocess.Popen(
        ["pg_virtualenv", "-t", sys.executable, "-c", _PRINT_ENV_AND_WAIT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    line = process.stdout.readline()
    while line and not line.startswith("{"):
        line = process.stdout.readline()
    if not line:
        process.wait()
        raise RuntimeError("pg_virtualenv could not start a PostgreSQL cluster")
    env = json.loads(line)
    try:
        yield URL.create(
            "postgresql+psycopg",
            username=env["PGUSER"],
            password=env["PGPASSWORD"],
            host=env["PGHOST"],
            port=int(env["PGPORT"]),
            database=env["PGDATABASE"],
        ).render_as_string(hide_password=False)
    finally:
        process.stdin.close()
        process.wait(timeout=120)


@dataclass
class WriteLoad:
    """What the clients saw: latencies (seconds) of answered requests, failures, and the uuids
    acknowledged (a 200 or 201) with how many were created (201)."""

    write_s: list[float] = field(default_factory=list)
    read_s: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    acknowledged: set[uuid.UUID] = field(default_factory=set)
    created: int = 0
    seconds: float = 0.0
    stored: int = 0
    stored_ids: set[uuid.UUID] = field(default_factory=set)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def each_stored_once(self) -> bool:
        return (
            self.stored == len(self.acknowledged) == self.created
            and self.stored_ids == self.acknowledged
        )


async def record_and_read(
    base_url: str,
    visits_of: dict[str, list[dict[str, str]]],
    tokens: dict[str, str],
    coordinator_token: str,
    roster_path: str,
    *,
    writers: int,
    readers: int,
    seconds: float,
) -> WriteLoad:
    """``writers`` visitors recording and ``readers`` coordinator reads at once for ``seconds``."""
    load = WriteLoad()
    visitor_ids = sorted(visits_of)
    elder_ids = sorted({v["elder_id"] for visits in visits_of.values() for v in visits})
    stop_at = time.perf_counter() + seconds
    clients = writers + readers
    limits = httpx2.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def writer(client: httpx2.AsyncClient, pair: int) -> None:
        visitor_id = visitor_ids[pair % len(visitor_ids)]
        headers = {"Authorization": f"Bearer {tokens[visitor_id]}"}
        chosen = random.Random(pair)  # both of a pair draw the same records
        while time.perf_counter() < stop_at:
            visit = chosen.choice(visits_of[visitor_id])
            record_id = uuid.UUID(int=chosen.getrandbits(128), version=4)
            record = {
                "date": visit["date"],
                "elder_id": visit["elder_id"],
                "mode": visit["mode"],
                "duration_minutes": 20,
                "note": "",
            }
            status = await _timed(
                load.write_s, load, client.put(f"/visits/{record_id}", json=record, headers=headers)
            )
            if status in (200, 201):
                load.acknowledged.add(record_id)
                load.created += status == 201

    async def reader(client: httpx2.AsyncClient, index: int) -> None:
        headers = {"Authorization": f"Bearer {coordinator_token}"}
        chosen = random.Random(10_000 + index)
        turn = index
        while time.perf_counter() < stop_at:
            turn += 1
            if turn % 2:
                path = f"/elders/{chosen.choice(elder_ids)}"
            else:
                visitor_id = chosen.choice(visitor_ids)
                path = f"{roster_path}&visitor={visitor_id}"
            await _timed(load.read_s, load, client.get(path, headers=headers))

    started = time.perf_counter()
    async with httpx2.AsyncClient(base_url=base_url, limits=limits, timeout=120) as client:
        await asyncio.gather(
            *(writer(client, index // 2) for index in range(writers)),
            *(reader(client, index) for index in range(readers)),
        )
    load.seconds = time.perf_counter() - started
    return load


async def _timed(
    latencies: list[float], load: WriteLoad, request: Awaitable[httpx2.Response]
) -> int:
    started = time.perf_counter()
    try:
        answer = await request
    except httpx2.HTTPError as error:
        load.errors[type(error).__name__] += 1
        return -1
    if answer.status_code in (200, 201):
        latencies.append(time.perf_counter() - started)
    else:
        load.errors[str(answer.status_code)] += 1
    return int(answer.status_code)


def count_stored(load: WriteLoad, database_url: str) -> None:
    """The records in the database after the load, into ``load``."""
    engine = make_engine(database_url)
    with session_factory(engine)() as session:
        load.stored_ids = set(session.scalars(select(VisitRecord.id)))
    engine.dispose()
    load.stored = len(load.stored_ids)


def percentile_ms(latencies: Sequence[float], share: float) -> float:
    ordered = sorted(latencies)
    if not ordered:
        return float("nan")
    return 1000 * ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report_rows(database: str, load: WriteLoad, writers: int, readers: int) -> list[str]:
    """Two rows of the results table: the writes and the reads of one load."""
    rows = []
    for kind, latencies, clients in (
        ("records (PUT /visits)", load.write_s, writers),
        ("coordinator reads", load.read_s, readers),
    ):
        p50, p95, p99 = (percentile_ms(latencies, share) for share in (0.5, 0.95, 0.99))
        rows.append(
            f"| {database} | {kind} | {clients} | {len(latencies):,} "
            f"| {len(latencies) / load.seconds:.0f} | {p50:.0f} | {p95:.0f} | {p99:.0f} |"
        )
    return rows


RECORDS_HEADING = "## Records and reads at once"


def record_section(options: argparse.Namespace) -> str:
    """Each database's load, as the results file's section."""
    rows: list[str] = []
    notes: list[str] = []
    for database in options.databases.split(","):
        with _database(database) as (url, folder):
            load, plan_seconds = _one_database(url, folder, options)
        rows += report_rows(NAMES[database], load, options.writers, options.readers)
        errors = ", ".join(f"{count} × {kind}" for kind, count in sorted(load.errors.items()))
        notes.append(
            f"- {NAMES[database]}: {load.seconds:.0f} s, **{load.error_count} errors**"
            f"{f' ({errors})' if errors else ''}; {len(load.acknowledged):,} records "
            f"acknowledged, {load.created:,} of them created (201), {load.stored:,} in the "
            f"database after: each stored exactly once: **{load.each_stored_once}**; the week "
            f"planned in {plan_seconds:.0f} s; the machine's load average after: "
            f"{_load_average()}."
        )
    return "\n".join(
        [
            RECORDS_HEADING,
            "",
            f"`python -m benchmarks.service_load --loads records`, "
            f"{datetime.now(CHINA):%Y-%m-%d %H:%M} (China time), {platform.machine()}, "
            f"{os.cpu_count()} cores shared by the server, its worker, the database server, the "
            "client and other work on the machine. The demo district of "
            f"{options.record_elders:,} elders imported and its week planned through the API; "
            f"{options.writers} visitors (in pairs sending the same uuids) PUTting records and "
            f"{options.readers} coordinator reads (`GET /elders/{{id}}` and one visitor's day of "
            "the roster, in turn), all at once, each sending again as soon as answered.",
            "",
            "| database | requests | clients at once | answered | per second | p50 ms | p95 ms "
            "| p99 ms |",
            "|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            *notes,
        ]
    )


NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _load_average() -> str:
    """The 1-minute load average: how shared the 2 cores were (other work on the machine)."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "unknown"


@contextmanager
def _database(database: str) -> Iterator[tuple[str, Path]]:
    with tempfile.TemporaryDirectory(prefix="visitplan-records-") as scratch:
        folder = Path(scratch)
        if database == "sqlite":
            yield f"sqlite:///{folder / 'visitplan.db'}", folder
        else:
            with postgres_cluster() as url:
                yield url, folder


def _one_database(url: str, folder: Path, options: argparse.Namespace) -> tuple[WriteLoad, float]:
    today = datetime.now(CHINA).date()
    week = today - timedelta(days=today.weekday())
    size = DemoSize(elders=options.record_elders, visitors=max(14, options.record_elders // 20))
    write_demo_tables(folder / "tables", size=size, planning_date=week)
    with (
        running_server(url, free_port()) as base_url,
        httpx2.Client(base_url=base_url, timeout=120) as client,
    ):
        add_accounts(url, coordinator=True)
        started = time.perf_counter()
        plan_id = plan_week_through_api(client, folder / "tables", week)
        plan_seconds = time.perf_counter() - started
        coordinator = token(client, COORDINATOR)
        roster = client.get(
            f"/plans/{plan_id}/roster", headers={"Authorization": f"Bearer {coordinator}"}
        ).json()
        visits_of: dict[str, list[dict[str, str]]] = {}
        for visit in roster:
            visits_of.setdefault(visit["visitor_id"], []).append(visit)
        add_accounts(url, sorted(visits_of))
        tokens = {visitor_id: token(client, visitor_id) for visitor_id in visits_of}
        load = asyncio.run(
            record_and_read(
                base_url,
                visits_of,
                tokens,
                coordinator,
                f"/plans/{plan_id}/roster?date={week.isoformat()}",
                writers=options.writers,
                readers=options.readers,
                seconds=options.record_seconds,
            )
        )
    count_stored(load, url)
    return load, plan_seconds
