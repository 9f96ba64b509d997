"""A real browser for the page tests: Debian's chromium driven by Playwright, and a tiny server.

Playwright's own browser download cannot work here (no internet), so it drives the chromium
that ``.ci/run`` installs from Debian. Pages are served by ``LoopbackSite``, an http.server on
127.0.0.1 that also takes the record form's PUTs and the login form's POST and remembers them.
The map tiles are answered in the browser with a blank tile: no test reaches the internet, and
a tile that cannot load is not taken for an error of the page.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route

CHROMIUM = Path("/usr/lib/chromium/chromium")
PHONE_VIEWPORT = {"width": 390, "height": 844}
TILE_HOSTS = ("tile.openstreetmap.org",)
# A 1x1 transparent PNG.
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (.ci/run installs it)",
)


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )


@dataclass
class PageLog:
    """What a page said and asked for while a test looked at it."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def phone_context(browser: Browser) -> BrowserContext:
    """A phone-sized context whose map tiles are answered with a blank tile."""
    context = browser.new_context(viewport=PHONE_VIEWPORT, device_scale_factor=2, is_mobile=True)

    def blank_tile(route: Route) -> None:
        route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)

    for host in TILE_HOSTS:
        context.route(f"https://*.{host}/**", blank_tile)
        context.route(f"https://{host}/**", blank_tile)
    return context


def watch(page: Page) -> PageLog:
    log = PageLog()
    page.on("console", lambda m: log.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: log.errors.append(str(error)))
    page.on("request", lambda request: log.requests.append(request.url))
    return log


@dataclass
class Received:
    method: str
    path: str
    body: bytes
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class LoopbackSite:
    """A folder served on 127.0.0.1, taking PUT and POST; ``replies`` says how to answer the
    next ones: a status (with ``{}``), a status and the JSON to answer, or ``None`` to drop the
    connection as a lost signal would."""

    root: Path
    url: str = ""
    received: list[Received] = field(default_factory=list)
    replies: list[int | tuple[int, Any] | None] = field(default_factory=list)


def _handler(site: LoopbackSite) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(site.root), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet test output

        def _take(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            site.received.append(Received(self.command, self.path, body, dict(self.headers)))
            reply = site.replies.pop(0) if site.replies else 200
            if reply is None:
                self.close_connection = True
                return
            status, answer = reply if isinstance(reply, tuple) else (reply, {})
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_PUT(self) -> None:
            self._take()

        def do_POST(self) -> None:
            self._take()

    return Handler


@contextmanager
def serve(root: Path) -> Iterator[LoopbackSite]:
    site = LoopbackSite(root)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
