"""Load on a real server, on loopback: visitors reading their day page at once (``pages``), and
visitors recording visits while coordinators read (``records``, ``benchmarks.record_load``), on
SQLite and on PostgreSQL (a throwaway ``pg_virtualenv`` cluster).

A real ``visitplan serve`` (uvicorn, its plan worker) is started on a free port; the demo
district's tables are imported and its current week planned through the API, then one account
per visitor logs in. Reported: requests, errors, requests per second, latency percentiles, and
for the records whether each acknowledged one is stored exactly once, written to
``benchmarks/results/service_load.md``. The client runs on the same machine (2 cores here), so
the figures include its own share of the CPU.

    python -m benchmarks.service_load [--loads pages,records] [--visitors 50] [--seconds 30]
        [--elders 3000] [--writers 150] [--readers 50] [--record-seconds 60]
        [--record-elders 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx2

from api.service.accounts import add_user
from api.service.db import make_engine, session_factory, transaction
from api.service.settings import Settings
from planner.demo.district import DemoSize, write_demo_tables

RESULTS = Path(__file__).parent / "results" / "service_load.md"
CHINA = ZoneInfo("Asia/Shanghai")
PASSWORD = "load-test-password"
SECRET = "load-test-secret-key-of-at-least-32-characters"
COORDINATOR = "district"
COOKIE = "visitplan_token"


@dataclass(frozen=True)
class LoadResult:
    """What the readers saw: one latency (seconds) per answered request, and the failures."""

    latencies_s: tuple[float, ...]
    errors: int
    seconds: float
    readers: int
    pause_s: float

    @property
    def requests(self) -> int:
        return len(self.latencies_s) + self.errors

    def percentile_ms(self, share: float) -> float:
        ordered = sorted(self.latencies_s)
        if not ordered:
            return float("nan")
        return 1000 * ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_url(db: Path | str) -> str:
    """An SQLite file's URL, or ``db`` itself when it is already a URL."""
    return db if isinstance(db, str) else f"sqlite:///{db}"


@contextmanager
def running_server(db: Path | str, port: int) -> Iterator[str]:
    """``visitplan serve`` on loopback until the block ends, on an SQLite file or a database
    URL; its base URL."""
    env = {
        **os.environ,
        "VISITPLAN_SECRET_KEY": SECRET,
        "VISITPLAN_DATABASE_URL": database_url(db),
    }
    command = [sys.executable, "-m", "api", "serve", "--port", str(port)]
    server = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, server)
        yield base_url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def _wait_until_up(base_url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped at start (status {server.returncode})")
        try:
            if httpx2.get(f"{base_url}/openapi.json", timeout=2).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not answer within 60 s")


def add_accounts(
    db: Path | str, visitor_ids: Sequence[str] = (), *, coordinator: bool = False
) -> None:
    """Accounts straight into the database: the district coordinator, and/or one per visitor."""
    settings = Settings(database_url=database_url(db), secret_key=SECRET)
    with transaction(session_factory(make_engine(settings.database_url))) as session:
        if coordinator:
            add_user(session, settings, COORDINATOR, PASSWORD, role="coordinator")
        for visitor_id in visitor_ids:
            add_user(session, settings, visitor_id, PASSWORD, role="visitor", visitor_id=visitor_id)


def token(client: httpx2.Client, name: str) -> str:
    answer = client.post("/auth/token", data={"username": name, "password": PASSWORD})
    answer.raise_for_status()
    return str(answer.json()["access_token"])


def page_cookie(client: httpx2.Client, name: str) -> str:
    """Log in through the pages' form, as a phone does: the session cookie's value."""
    answer = client.post("/login", data={"username": name, "password": PASSWORD})
    if answer.status_code != 303 or COOKIE not in answer.cookies:
        raise RuntimeError(f"login of {name} failed: {answer.status_code}")
    return str(answer.cookies[COOKIE])


def plan_week_through_api(client: httpx2.Client, tables: Path, week: date) -> int:
    """Import the tables and plan ``week``, as a coordinator does; the plan's id."""
    headers = {"Authorization": f"Bearer {token(client, COORDINATOR)}"}
    for kind in ("elders", "visitors"):
        with (tables / f"{kind}.csv").open("rb") as table:
            answer = client.post(
                f"/imports/{kind}", files={"file": (f"{kind}.csv", table)}, headers=headers
            )
        answer.raise_for_status()
    answer = client.post("/plans", json={"week": week.isoformat()}, headers=headers)
    answer.raise_for_status()
    location = answer.headers["location"]
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        status = client.get(location, headers=headers).json()
        if status["status"] == "done":
            return int(location.rstrip("/").rsplit("/", 1)[-1])
        if status["status"] == "failed":
            raise RuntimeError(f"the plan failed: {status}")
        time.sleep(0.5)
    raise RuntimeError("the plan did not finish within 10 minutes")


def visitors_on_duty(client: httpx2.Client, plan_id: int, day: date) -> list[str]:
    headers = {"Authorization": f"Bearer {token(client, COORDINATOR)}"}
    answer = client.get(
        f"/plans/{plan_id}/roster", params={"date": day.isoformat()}, headers=headers
    )
    answer.raise_for_status()
    return sorted({row["visitor_id"] for row in answer.json()})


async def read_pages(
    base_url: str, cookies: Sequence[str], path: str, seconds: float, *, pause_s: float = 0.0
) -> LoadResult:
    """Each session cookie reads ``path`` in a loop for ``seconds``, all at once, waiting
    ``pause_s`` after each answer (0: as fast as the server answers)."""
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + seconds
    limits = httpx2.Limits(max_connections=len(cookies), max_keepalive_connections=len(cookies))

    async def reader(client: httpx2.AsyncClient, cookie: str) -> None:
        nonlocal errors
        headers = {"Cookie": f"{COOKIE}={cookie}"}
        while True:  # every reader reads at least once, however slow the start
            started = time.perf_counter()
            try:
                answer = await client.get(path, headers=headers)
                ok = answer.status_code == 200 and "<html" in answer.text[:200].lower()
            except httpx2.HTTPError:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1
            if time.perf_counter() >= stop_at:
                return
            if pause_s:
                await asyncio.sleep(pause_s)

    started = time.perf_counter()
    async with httpx2.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
        await asyncio.gather(*(reader(client, cookie) for cookie in cookies))
    elapsed = time.perf_counter() - started
    return LoadResult(tuple(latencies), errors, elapsed, len(cookies), pause_s)


PAGES_HEADING = "## Visitors reading their day page"


def report(results: Sequence[LoadResult], *, path: str, elders: int, plan_seconds: float) -> str:
    lines = [
        PAGES_HEADING,
        "",
        f"`python -m benchmarks.service_load --loads pages`, {datetime.now(CHINA):%Y-%m-%d %H:%M} "
        f"(China time), {platform.machine()}, {os.cpu_count()} cores shared by the server, its "
        "worker and the client. A real `visitplan serve` (uvicorn, SQLite file) on loopback; the "
        f"demo district of {elders:,} elders imported and its week planned through the API "
        f"({plan_seconds:.0f} s from `POST /plans` to `done`).",
        "",
        "| readers at once | pause between reads s | seconds | requests | per second | errors "
        "| p50 ms | p95 ms | p99 ms | mean ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *(_row(result) for result in results),
        "",
        "Each reader is a visitor with visits that day, logged in through the login form (its "
        f"session cookie), reading `{path}` again after each answer and the pause (pause 0: a "
        "closed loop, as fast as the server answers, the worst case); an error is any answer "
        "but a 200 HTML page, or no answer.",
    ]
    return "\n".join(lines) + "\n"


def with_section(text: str, heading: str, section: str) -> str:
    """``text`` (the results file) with the section under ``heading`` replaced or added."""
    title = "# Load on the service\n\n"
    parts = [part for part in text.split("\n## ") if part.strip()]
    sections = {("## " + part).split("\n", 1)[0]: "## " + part for part in parts[1:]}
    sections[heading] = section
    return title + "\n".join(sections[key].rstrip() + "\n" for key in sorted(sections))


def _row(result: LoadResult) -> str:
    rate = result.requests / result.seconds if result.seconds else 0.0
    mean_ms = 1000 * statistics.fmean(result.latencies_s) if result.latencies_s else float("nan")
    return (
        f"| {result.readers} | {result.pause_s:g} | {result.seconds:.0f} | {result.requests:,} "
        f"| {rate:.0f} | {result.errors} | {result.percentile_ms(0.50):.0f} "
        f"| {result.percentile_ms(0.95):.0f} | {result.percentile_ms(0.99):.0f} | {mean_ms:.0f} |"
    )


def main(argv: Sequence[str] | None = None) -> None:
    from benchmarks.record_load import RECORDS_HEADING, record_section

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--loads", default="pages,records", help="which loads to run")
    parser.add_argument("--visitors", type=int, default=50, help="page readers at once")
    parser.add_argument("--seconds", type=float, default=30.0, help="of each page load")
    parser.add_argument(
        "--pauses", default="1,0", help="seconds each reader waits between reads, one load each"
    )
    parser.add_argument("--elders", type=int, default=3000, help="of the pages' district")
    parser.add_argument("--writers", type=int, default=150, help="visitors recording at once")
    parser.add_argument("--readers", type=int, default=50, help="coordinator reads at once")
    parser.add_argument("--record-seconds", type=float, default=60.0)
    parser.add_argument("--record-elders", type=int, default=1000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--out", type=Path, default=RESULTS)
    options = parser.parse_args(argv)
    text = options.out.read_text(encoding="utf-8") if options.out.exists() else ""
    loads = options.loads.split(",")
    if "pages" in loads:
        text = with_section(text, PAGES_HEADING, _page_section(options))
        options.out.write_text(text, encoding="utf-8")
    if "records" in loads:
        text = with_section(text, RECORDS_HEADING, record_section(options))
        options.out.write_text(text, encoding="utf-8")
    print(text)


def _page_section(options: argparse.Namespace) -> str:
    pauses = [float(pause) for pause in options.pauses.split(",")]
    today = datetime.now(CHINA).date()
    week = today - timedelta(days=today.weekday())
    size = DemoSize(elders=options.elders, visitors=max(2 * 7, options.elders // 20))
    with tempfile.TemporaryDirectory(prefix="visitplan-load-") as scratch:
        folder = Path(scratch)
        write_demo_tables(folder / "tables", size=size, planning_date=week)
        db = folder / "visitplan.db"
        with running_server(db, free_port()) as base_url:
            with httpx2.Client(base_url=base_url, timeout=60) as client:
                add_accounts(db, coordinator=True)
                started = time.perf_counter()
                plan_id = plan_week_through_api(client, folder / "tables", week)
                plan_seconds = time.perf_counter() - started
                path, on_duty = _page_and_readers(client, plan_id, today, week)
                readers = [on_duty[i % len(on_duty)] for i in range(options.visitors)]
                add_accounts(db, sorted(set(readers)))
                cookies = [page_cookie(client, visitor_id) for visitor_id in readers]
            results = [
                asyncio.run(read_pages(base_url, cookies, path, options.seconds, pause_s=pause))
                for pause in pauses
            ]
    return report(results, path=path, elders=options.elders, plan_seconds=plan_seconds)


def _page_and_readers(
    client: httpx2.Client, plan_id: int, today: date, week: date
) -> tuple[str, list[str]]:
    """``/me/today`` and the visitors with visits today; on a day without visits (a weekend)
    the week's Monday instead."""
    on_duty = visitors_on_duty(client, plan_id, today)
    if on_duty:
        return "/me/today", on_duty
    return f"/me/{week.isoformat()}", visitors_on_duty(client, plan_id, week)


if __name__ == "__main__":
    main()
