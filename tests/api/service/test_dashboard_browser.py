"""The coordinators' dashboard through a real server in Debian's chromium, desk- and
phone-sized: the month's rate, the elders at risk, and the button that queues this week's plan
through ``POST /plans``. Screenshots are kept in ``test-artifacts/screenshots``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx2
import pytest
from playwright.sync_api import Browser, sync_playwright

from api.service.clock import china_today
from tests.api.service.server import PASSWORD, demo_town, running_server, visitplan
from tests.api.service.test_server import logged_in
from tests.maps.browser import launch, needs_chromium, phone_context, watch

pytestmark = needs_chromium
DESK_VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def test_the_dashboard_shows_the_month_and_plans_the_missing_visits(
    tmp_path: Path, browser: Browser, screenshots: Path
) -> None:
    db = tmp_path / "visitplan.db"
    monday = china_today() - timedelta(days=china_today().weekday())
    tables = demo_town(tmp_path / "tables", elders=40, visitors=4, week=monday)
    assert visitplan("users", "add", "boss", "--role", "coordinator", db=db).returncode == 0
    with running_server(db, tmp_path / "server.log") as server:
        coordinator = logged_in(server.url, "boss")
        # Elders and visitors, no visits yet this month: every elder is at risk.
        for kind in ("elders", "visitors"):
            with (tables / f"{kind}.csv").open("rb") as file:
                files = {"file": (f"{kind}.csv", file)}
                answer = coordinator.post(f"/imports/{kind}", files=files)
            assert answer.status_code == 200, answer.text

        desk = browser.new_context(viewport=DESK_VIEWPORT)
        page = desk.new_page()
        page.goto(f"{server.url}/dashboard")
        assert page.url.endswith("/login")
        page.locator("#vp-username").fill("boss")
        page.locator("#vp-password").fill(PASSWORD)
        page.locator("button[type=submit]").click()
        page.wait_for_load_state()  # the login lands on /me/today, a visitor's page
        page.goto(f"{server.url}/dashboard")
        log = watch(page)  # from here: the /me/today page asks for a favicon that is not there
        page.reload()
        assert page.locator("#vp-rate").inner_text() == "0.0%"
        assert page.locator("#vp-at-risk tr").count() == 41  # the header and 40 elders
        page.locator("#vp-plan").click()
        page.locator("#vp-plan-status.vp-ok").wait_for()
        page.screenshot(path=screenshots / "dashboard-desk.png", full_page=True)
        assert page.locator("#vp-plan").is_disabled()
        cookies = desk.cookies()
        desk.close()
        assert log.errors == []

        phone = phone_context(browser)
        phone.add_cookies(cookies)
        small = phone.new_page()
        small.goto(f"{server.url}/dashboard")
        assert small.locator("#vp-at-risk").is_visible()
        small.screenshot(path=screenshots / "dashboard-phone.png", full_page=True)
        phone.close()

        plans = coordinator.get("/plans", params={"week": monday.isoformat()}).json()
        assert [p["week"] for p in plans] == [monday.isoformat()]


def test_the_dashboard_is_for_coordinators(tmp_path: Path) -> None:
    db = tmp_path / "visitplan.db"
    added = visitplan("users", "add", "walker", "--role", "visitor", "--visitor-id", "V1", db=db)
    assert added.returncode == 0, added.stderr
    with running_server(db, tmp_path / "server.log") as server:
        anonymous = httpx2.get(f"{server.url}/dashboard", follow_redirects=False)
        assert anonymous.status_code == 303 and anonymous.headers["location"] == "/login"
        visitor = httpx2.Client(base_url=server.url)
        form = {"username": "walker", "password": PASSWORD}
        assert visitor.post("/login", data=form).status_code == 303
        assert visitor.get("/dashboard").status_code == 403
