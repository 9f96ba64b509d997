"""The visitor's morning through a real server in Debian's chromium: log in with the form, open
the day, tap a stop's record button, save; the record is in the database once. The OpenAPI page
renders offline, from the package's own files. Screenshots are kept in
``test-artifacts/screenshots``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from playwright.sync_api import Browser, sync_playwright
from sqlalchemy import select

from api.service.db import make_engine, session_factory
from api.service.models import VisitRecord
from tests.api.service.server import (
    PASSWORD,
    demo_town,
    running_server,
    visitplan,
    wait_for_plan,
)
from tests.api.service.test_server import WEEK, import_town, logged_in
from tests.maps.browser import launch, needs_chromium, phone_context, watch

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def test_a_visitor_logs_in_opens_the_day_and_records_a_visit(
    tmp_path: Path, browser: Browser, screenshots: Path
) -> None:
    db = tmp_path / "visitplan.db"
    tables = demo_town(tmp_path / "tables", elders=40, visitors=4, week=WEEK)
    assert visitplan("users", "add", "boss", "--role", "coordinator", db=db).returncode == 0
    with running_server(db, tmp_path / "server.log") as server:
        coordinator = logged_in(server.url, "boss")
        import_town(coordinator, tables)
        location = coordinator.post("/plans", json={"week": WEEK.isoformat()}).headers["location"]
        _wait_done(coordinator, location)
        first = coordinator.get(f"{location}/roster").json()[0]
        visitor_id, day = first["visitor_id"], first["date"]
        added = visitplan(
            "users", "add", "walker", "--role", "visitor", "--visitor-id", visitor_id, db=db
        )
        assert added.returncode == 0, added.stderr

        context = phone_context(browser)
        page = context.new_page()
        log = watch(page)
        page.goto(f"{server.url}/me/{day}")
        assert page.url.endswith("/login")
        page.locator("#vp-username").fill("walker")
        page.locator("#vp-password").fill(PASSWORD)
        page.locator("button[type=submit]").click()
        page.wait_for_url(f"{server.url}/me/today")
        page.goto(f"{server.url}/me/{day}")
        stops = page.locator(".vp-stop")
        assert stops.count() >= 1
        page.screenshot(path=screenshots / "server-visitor-day.png", full_page=True)
        page.locator(".vp-record").first.click()
        page.locator("#vp-note").fill("血压正常")
        page.locator("button[type=submit]").click()
        page.locator("#vp-status.vp-ok").wait_for()
        page.screenshot(path=screenshots / "server-visitor-record.png", full_page=True)
        context.close()
        assert log.errors == []
    with session_factory(make_engine(f"sqlite:///{db}"))() as session:
        records = session.scalars(select(VisitRecord)).all()
    assert [(r.visitor_id, r.note) for r in records] == [(visitor_id, "血压正常")]


def _wait_done(client: httpx2.Client, location: str) -> None:
    plan = wait_for_plan(client, location, until={"done", "failed"})
    assert plan["status"] == "done", plan


def test_the_openapi_page_renders_offline(
    tmp_path: Path, browser: Browser, screenshots: Path
) -> None:
    """``/docs`` is Swagger UI from the service's own files: no CDN, so it works where the
    internet does not reach; every request the page makes stays on the server."""
    with running_server(tmp_path / "visitplan.db", tmp_path / "server.log") as server:
        page = browser.new_page()
        log = watch(page)
        page.goto(f"{server.url}/docs")
        page.locator(".opblock-summary-path", has_text="/plans/{plan_id}/roster").first.wait_for()
        page.screenshot(path=screenshots / "openapi-docs.png", full_page=True)
        page.close()
    assert log.errors == []
    assert log.requests and all(url.startswith(server.url) for url in log.requests)
