"""Attacks on the service that once worked (issue 18), each refused now: hostile uploads,
bodies without limit, guessing passwords in parallel or from forged addresses, stale tokens,
records dated anywhere, numbers in free text, cross-site requests and the smaller findings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.service.settings import Settings
from planner.io.table_limits import MAX_CELL_CHARS, QUOTE_CHARS
from tests.api.service.conftest import TABLES, login, make_user, upload
from tests.hostile_files import far_column_rows, long_cell_rows, write_workbook, zeros

# --------------------------------------------------------------------------- uploads, bodies


@pytest.mark.parametrize(
    "build",
    [
        lambda path: write_workbook(path, long_cell_rows(1_800, 20_000)),
        lambda path: write_workbook(path, far_column_rows(2_000)),
        lambda path: write_workbook(path, [], extra_parts=[("xl/media/a.bin", zeros(64 << 20))]),
        lambda path: write_workbook(path, long_cell_rows(50, MAX_CELL_CHARS * 3)),
    ],
    ids=["long-cells-bomb", "column-xfd", "zip-bomb", "long-cells"],
)
def test_a_hostile_workbook_is_422_in_a_few_short_lines(
    client: TestClient, coordinator: dict[str, str], tmp_path: Path, build: object
) -> None:
    path = build(tmp_path / "elders.xlsx")  # type: ignore[operator]
    answer = upload(client, coordinator, "elders", path)
    assert answer.status_code == 422, answer.text  # type: ignore[attr-defined]
    assert len(answer.content) < 5_000  # type: ignore[attr-defined]
    assert "x" * (QUOTE_CHARS + 1) not in answer.text  # type: ignore[attr-defined]


def _chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    for _ in range(total // size + 1):
        yield b"x" * size


def test_a_chunked_upload_over_the_limit_is_413_not_400(
    client: TestClient, coordinator: dict[str, str], settings: Settings
) -> None:
    boundary = b"--b0undary"
    head = (
        boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="e.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n"
    )

    def body() -> Iterator[bytes]:
        yield head
        yield from _chunks(settings.upload_limit_bytes + 256 * 1024)

    headers = {**coordinator, "Content-Type": "multipart/form-data; boundary=b0undary"}
    answer = client.post("/imports/elders", content=body(), headers=headers)
    assert answer.status_code == 413
    assert answer.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("path", ["/auth/token", "/plans", "/visits/x", "/login", "/warnings"])
def test_a_large_body_is_413_before_the_login_is_checked(client: TestClient, path: str) -> None:
    declared = {"Content-Type": "application/json", "Content-Length": str(150 * 1024 * 1024)}
    answer = client.post(path, content=b"{}", headers=declared)
    assert answer.status_code == 413


def test_a_large_streamed_body_is_cut_off_with_413(client: TestClient) -> None:
    """Without a length to judge by: counted as it comes, refused at the limit (a route that
    never reads its body, one answering 401 or 404 first, never holds it either)."""
    chunked = {"Content-Type": "application/json"}
    streamed = client.post("/plans", content=_chunks(2 * 1024 * 1024), headers=chunked)
    assert "content-length" not in streamed.request.headers
    assert streamed.status_code == 413


def test_a_small_body_still_reaches_the_login_check(client: TestClient) -> None:
    answer = client.post("/plans", json={"week": "2026-12-07"})
    assert answer.status_code == 401


def test_an_ordinary_import_is_not_hindered(
    client: TestClient, coordinator: dict[str, str]
) -> None:
    answer = upload(client, coordinator, "elders", TABLES / "elders_good.csv")
    assert answer.status_code == 200  # type: ignore[attr-defined]


__all__ = ["login", "make_user"]
