"""Hostile uploads and login floods against a real server on loopback: how long each refusal
takes and how much the server's memory grows.

A real ``visitplan serve`` (production settings: the real Argon2 cost) is started on a free
port with an SQLite file. Each hostile file of the attacks that were found (issue 18) is built
at full scale and uploaded by a coordinator; the server process's resident memory is read from
``/proc/<pid>/status`` every 10 ms while the request runs. Then 30 parallel guesses of one
account's password, and the answer times of known and unknown user names. Written to
``benchmarks/results/hostile_files.md``.

    python -m benchmarks.hostile_files
"""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx2

from planner.io.table_limits import MAX_TABLE_BYTES
from tests.api.service.server import PASSWORD, running_server, visitplan
from tests.hostile_files import (
    far_column_rows,
    long_cell_rows,
    many_rows,
    wide_row,
    write_workbook,
    zeros,
)

RESULTS = Path(__file__).parent / "results" / "hostile_files.md"
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Refusal:
    name: str
    upload_bytes: int
    status: int
    seconds: float
    growth_mb: float
    answer_bytes: int


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _while_sampling(
    pid: int, request: Callable[[], httpx2.Response]
) -> tuple[httpx2.Response, float, float]:
    """The answer, the seconds it took, and the server's peak memory growth (MB) meanwhile."""
    baseline = _rss_mb(pid)
    peak = baseline
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _rss_mb(pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    try:
        answer = request()
    except httpx2.TransportError:
        # The server answered 413 and closed while the client was still sending.
        answer = httpx2.Response(413, content=b"(closed while sending)")
    finally:
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
    return answer, seconds, max(peak, _rss_mb(pid)) - baseline


def _hostile_files(folder: Path) -> Iterator[tuple[str, Path]]:
    yield (
        "30,000 cells of 30,000 characters (900 MB of sheet XML)",
        write_workbook(folder / "long_cells_bomb.xlsx", long_cell_rows(30_000, 30_000)),
    )
    yield (
        "a cell in column XFD on every row (2,000 rows)",
        write_workbook(folder / "xfd.xlsx", far_column_rows(2_000)),
    )
    yield (
        "zip bomb: 1 GB of zeros beside the sheet",
        write_workbook(
            folder / "zeros.xlsx", [], extra_parts=[("xl/media/image1.bin", zeros(1024 * MEGABYTE))]
        ),
    )
    yield "1,000,000 rows", write_workbook(folder / "rows.xlsx", many_rows(1_000_000))
    yield "one row of 1,000,000 cells", write_workbook(folder / "wide.xlsx", wide_row(1_000_000))
    yield (
        "1,000 cells of 20,000 characters (20 MB of XML, inside the unzipped limit)",
        write_workbook(folder / "long_cells.xlsx", long_cell_rows(1_000, 20_000)),
    )
    yield (
        "15,000 cells of 1,900 characters (29 MB of XML: inside every limit, read whole)",
        write_workbook(folder / "at_limits.xlsx", long_cell_rows(15_000, 1_900)),
    )
    wide_csv = folder / "wide.csv"
    wide_csv.write_bytes(b"elder_id" + b",x" * (4_900_000) + b"\n")
    yield "CSV: one line of 4.9 million fields (9.8 MB)", wide_csv
    long_csv = folder / "long.csv"
    long_csv.write_bytes(b"elder_id,name\n" + (b"E1," + b"y" * 30_000 + b"\n") * 300)
    yield "CSV: 300 cells of 30,000 characters (9 MB)", long_csv


def _refusals(url: str, headers: dict[str, str], pid: int, folder: Path) -> list[Refusal]:
    refusals = []
    with httpx2.Client(base_url=url, headers=headers, timeout=600) as client:
        for name, path in _hostile_files(folder):
            content = path.read_bytes()

            def upload(path: Path = path, content: bytes = content) -> httpx2.Response:
                return client.post("/imports/elders", files={"file": (path.name, content)})

            answer, seconds, growth = _while_sampling(pid, upload)
            refusals.append(
                Refusal(
                    name, len(content), answer.status_code, seconds, growth, len(answer.content)
                )
            )
            print(refusals[-1], flush=True)
        body = b"x" * (150 * MEGABYTE)

        def unauthenticated() -> httpx2.Response:
            return httpx2.post(f"{url}/plans", content=body, timeout=600)

        answer, seconds, growth = _while_sampling(pid, unauthenticated)
        refusals.append(
            Refusal(
                "150 MB JSON body, no login",
                len(body),
                answer.status_code,
                seconds,
                growth,
                len(answer.content),
            )
        )

        def chunked() -> httpx2.Response:
            chunks = (b"x" * MEGABYTE for _ in range(150))
            return httpx2.post(f"{url}/plans", content=chunks, timeout=600)

        answer, seconds, growth = _while_sampling(pid, chunked)
        refusals.append(
            Refusal(
                "150 MB chunked body, no login",
                len(body),
                answer.status_code,
                seconds,
                growth,
                len(answer.content),
            )
        )
    return refusals


@dataclass(frozen=True)
class Logins:
    statuses: Counter[int]
    flood_seconds: float
    known_ms: float
    unknown_ms: float


def _logins(url: str, pid: int) -> Logins:
    def guess(name: str, password: str = "a wrong guess") -> tuple[int, float]:
        started = time.perf_counter()
        answer = httpx2.post(
            f"{url}/auth/token", data={"username": name, "password": password}, timeout=600
        )
        return answer.status_code, time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=30) as pool:
        statuses = Counter(status for status, _ in pool.map(lambda _: guess("target"), range(30)))
    flood = time.perf_counter() - started
    known = [guess(f"known{number}")[1] for number in range(5)]
    unknown = [guess(f"nobody{number}")[1] for number in range(5)]
    return Logins(
        statuses, flood, statistics.median(known) * 1000, statistics.median(unknown) * 1000
    )


def _report(refusals: list[Refusal], logins: Logins) -> str:
    lines = [
        "# Hostile uploads and login floods (`python -m benchmarks.hostile_files`)",
        "",
        f"A real `visitplan serve` on loopback, production settings, SQLite; "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores shared with "
        "other work. Memory: the growth of the server process's resident set (VmRSS, sampled "
        "every 10 ms) over its value before the request. Unzipped limit "
        f"{MAX_TABLE_BYTES // MEGABYTE} MB.",
        "",
        "| hostile input | upload | answer | seconds | server memory growth | answer size |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for item in refusals:
        lines.append(
            f"| {item.name} | {item.upload_bytes / 1024:,.0f} KB | {item.status} | "
            f"{item.seconds:.2f} | {item.growth_mb:.1f} MB | {item.answer_bytes:,} B |"
        )
    answered = ", ".join(f"{count} × {status}" for status, count in sorted(logins.statuses.items()))
    lines += [
        "",
        "## Logins",
        "",
        f"- 30 parallel wrong guesses of one account: {answered} in {logins.flood_seconds:.1f} s "
        "(only the allowed attempts reach the Argon2 check).",
        f"- Median answer to a wrong password: known user name {logins.known_ms:.0f} ms, "
        f"unknown user name {logins.unknown_ms:.0f} ms (a dummy hash is checked for unknown "
        "names).",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="visitplan-hostile-") as folder_name:
        folder = Path(folder_name)
        db = folder / "visitplan.db"
        for name, role in [("boss", "coordinator"), ("target", "auditor")] + [
            (f"known{number}", "auditor") for number in range(5)
        ]:
            added = visitplan("users", "add", name, "--role", role, db=db)
            assert added.returncode == 0, added.stderr
        with running_server(db, folder / "server.log") as server:
            token = httpx2.post(
                f"{server.url}/auth/token",
                data={"username": "boss", "password": PASSWORD},
                timeout=60,
            ).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            refusals = _refusals(server.url, headers, server.process.pid, folder)
            logins = _logins(server.url, server.process.pid)
    report = _report(refusals, logins)
    RESULTS.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
