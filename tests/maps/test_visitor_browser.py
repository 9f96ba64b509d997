"""The visitor's pages as a phone shows them: Debian's chromium, driven by Playwright.

The pages are served on loopback with Leaflet beside them, as the service serves them; the map
tiles get a blank tile (tests/maps/browser.py). Screenshots are kept in
``test-artifacts/screenshots`` (the ``screenshots`` fixture of tests/conftest.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from planner.io.page_words import page_text
from tests.maps.browser import (
    PHONE_VIEWPORT,
    TILE_HOSTS,
    LoopbackSite,
    PageLog,
    needs_chromium,
    phone_context,
    serve,
    watch,
)
from tests.maps.visitor_day import DAY_PAGE, HOSTILE_VILLAGE, write_site

pytestmark = needs_chromium
# The smallest JPEG a phone might send: its first bytes are what the service checks.
PHOTO = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")
STABLE_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoopbackSite]:
    root = tmp_path_factory.mktemp("site")
    write_site(root)
    with serve(root) as running:
        yield running


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = phone_context(browser)
    yield context
    context.close()


def open_page(context: BrowserContext, url: str) -> tuple[Page, PageLog]:
    page = context.new_page()
    log = watch(page)
    page.goto(url)
    return page, log


def test_the_day_lists_the_stops_in_order_and_the_map_draws_them(
    context: BrowserContext, site: LoopbackSite, screenshots: Path
) -> None:
    page, log = open_page(context, site.url + DAY_PAGE)
    page.locator(".vp-stop-marker").first.wait_for()
    sequences = page.locator(".vp-stop").evaluate_all("cards => cards.map(c => c.dataset.sequence)")
    assert sequences == ["1", "2", "3", "4", "5"]
    names = page.locator(".vp-stop .vp-name").all_inner_texts()
    assert names == ["王*明", "孙*", "赵*海", "周*强", "郑*"]
    # Leaflet drew the numbered homes in order, the call as a faded dot, the route, the start.
    assert page.locator(".leaflet-container").count() == 1
    assert page.locator(".vp-stop-marker").all_inner_texts() == ["1", "3", "4", "5"]
    assert page.locator("path.vp-call-marker").count() == 1
    assert page.locator(".vp-start").count() == 1
    assert page.locator("path.leaflet-interactive").count() == 2  # the route and the call
    assert log.errors == []
    assert all(url.startswith(site.url) or _is_tile(url) for url in log.requests)
    page.screenshot(path=screenshots / "visitor-day.png", full_page=True)


def _is_tile(url: str) -> bool:
    return any(host in url for host in TILE_HOSTS)


def test_the_page_fits_a_phone_with_big_buttons(
    context: BrowserContext, site: LoopbackSite
) -> None:
    page, _ = open_page(context, site.url + DAY_PAGE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_VIEWPORT["width"]
    for button in page.locator(".vp-btn").all():
        box = button.bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 44


def test_tapping_a_navigation_link_goes_to_amap(
    context: BrowserContext, site: LoopbackSite
) -> None:
    page, _ = open_page(context, site.url + DAY_PAGE)
    links = page.locator(".vp-navigate")
    assert links.count() == 4
    href = links.first.get_attribute("href") or ""
    assert href.startswith("https://uri.amap.com/navigation?to=")


def test_hostile_names_and_villages_come_out_as_text(
    context: BrowserContext, site: LoopbackSite, screenshots: Path
) -> None:
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log = watch(page)
    page.goto(site.url + "/hostile.html")
    page.locator(".vp-stop-marker").first.wait_for()
    assert page.evaluate("window.pwned") is None
    assert dialogs == [] and log.errors == []
    assert HOSTILE_VILLAGE in page.locator(".vp-stop .vp-meta").first.inner_text()
    assert page.locator(".vp-sub").first.inner_text().startswith("V<b>1</b>")
    assert page.locator(".vp-stops img, .vp-sub img").count() == 0
    page.screenshot(path=screenshots / "visitor-day-hostile.png", full_page=True)


def test_without_leaflet_the_list_still_works(context: BrowserContext, site: LoopbackSite) -> None:
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.goto(site.url + "/no-leaflet.html")
    assert page.locator("#vp-map").inner_text() == page_text("map_unavailable", "zh")
    assert page.locator(".vp-stop").count() == 5
    assert page_errors == []


def test_the_day_links_lead_to_the_days_around(context: BrowserContext, site: LoopbackSite) -> None:
    page, _ = open_page(context, site.url + DAY_PAGE)
    assert page.locator("a[rel=prev]").get_attribute("href") == "/me/2026-12-06.html"
    page.locator(".vp-record").first.click()
    page.wait_for_url("**/record/1.html")
    assert page.locator("#vp-date").input_value() == "2026-12-07"


def fill_section_five(page: Page) -> None:
    """A home visit that found the gas unsafe, mobility worse, a serious illness, one person
    fewer at home, needs of care, confirmed by the person supporting the elder, and a meal
    service given."""
    page.locator("#vp-duration_minutes").fill("25")
    page.locator("#vp-note").fill("血压正常 <ok>")
    page.locator("input[name=topics][value=health]").check()
    page.locator("input[name=topics][value=home_safety]").check()
    page.locator("input[name=household_direction][value=down]").check()
    page.locator("#vp-household_count").fill("1")
    page.locator("input[name=speech][value=same]").check()
    page.locator("input[name=mobility][value=worse]").check()
    page.locator("input[name=illness][value=serious]").check()
    page.locator("#vp-illness_name").fill("高血压")
    page.locator("input[name=mood][value=better]").check()
    page.locator("input[name=gas_safety][value=unsafe]").check()
    page.locator("input[name=fire_safety][value=fairly_safe]").check()
    page.locator("input[name=indoor_environment][value=same]").check()
    page.locator("input[name=needs_kinds][value=care]").check()
    page.locator("input[name=needs_kinds][value=medical]").check()
    page.locator("#vp-needs").fill("需要助餐")
    page.locator("#vp-suggested_care").fill("联系燃气公司检修")
    page.locator("#vp-event").select_option("fall")
    page.locator("#vp-elder_confirmed").check()
    page.locator("input[name=confirmed_by][value=supporter]").check()
    page.locator("#vp-service_given").check()
    page.locator("#vp-service_done").fill("送餐一次")
    page.locator("#vp-service_given_by").fill("村助餐点")
    page.locator("input[name=satisfaction][value=satisfied]").check()


EXPECTED_RECORD = {
    "date": "2026-12-07",
    "elder_id": "E1",
    "mode": "home",
    "duration_minutes": 25,
    "note": "血压正常 <ok>",
    "topics": ["health", "home_safety"],
    "reason": "regular",
    "observations": {
        "speech": "same",
        "mobility": "worse",
        "illness": "serious",
        "mood": "better",
        "gas_safety": "unsafe",
        "fire_safety": "fairly_safe",
        "indoor_environment": "same",
        "household_change": -1,
        "illness_name": "高血压",
        "needs": "需要助餐",
        "needs_kinds": ["medical", "care"],
        "suggested_care": "联系燃气公司检修",
    },
    "care_services": [
        {
            "date": "2026-12-07",
            "done": "送餐一次",
            "given_by": "村助餐点",
            "satisfaction": "satisfied",
        }
    ],
    "signatures": {"elder_confirmed": True, "confirmed_by": "supporter"},
    "event": "fall",
}


def test_a_record_survives_a_lost_connection_and_is_sent_with_one_uuid(
    context: BrowserContext, site: LoopbackSite, screenshots: Path
) -> None:
    site.received.clear()
    site.replies[:] = [None, 200]  # the first try loses the connection
    context.add_cookies([{"name": "session", "value": "s1", "url": site.url}])
    page, log = open_page(context, site.url + "/record/1.html")
    fill_section_five(page)
    page.locator("button[type=submit]").click()
    status = page.locator("#vp-status")
    status.filter(has_text=page_text("offline", "zh")).wait_for()
    page.locator("button[type=submit]").click()
    status.filter(has_text=page_text("saved", "zh")).wait_for()
    page.screenshot(path=screenshots / "record-form.png", full_page=True)

    uuid = page.locator("#vp-record").get_attribute("data-uuid") or ""
    assert STABLE_UUID.fullmatch(uuid)
    puts = [r for r in site.received if r.method == "PUT" and r.path == f"/visits/{uuid}"]
    assert len(puts) == 2
    assert puts[0].body == puts[1].body
    assert puts[1].json() == EXPECTED_RECORD
    assert puts[1].headers["Content-Type"] == "application/json"
    assert "session=s1" in puts[1].headers.get("Cookie", "")
    assert [e for e in log.errors if "ERR_EMPTY_RESPONSE" not in e] == []  # only the lost try


def test_a_form_left_as_it_opened_sends_nothing_it_did_not_see(
    context: BrowserContext, site: LoopbackSite
) -> None:
    site.received.clear()
    page, _ = open_page(context, site.url + "/record/2.html")  # a call: no kitchen to see
    with page.expect_response("**/proof"):
        page.locator("button[type=submit]").click()
    assert page.locator("#vp-status").inner_text() == page_text("saved", "zh")
    sent = next(r for r in site.received if r.method == "PUT").json()
    proof = site.received[-1]
    assert proof.path.endswith("/proof") and set(proof.json()) == {"saved_at"}
    assert sent["observations"] == {
        "household_change": 0,
        "needs": "",
        "needs_kinds": [],
        "suggested_care": "",
    }
    assert sent["care_services"] == [] and sent["signatures"] == {"elder_confirmed": False}
    assert "event" not in sent and sent["mode"] == "phone"


def test_with_the_tick_the_location_and_the_photo_follow_the_record(
    browser: Browser, site: LoopbackSite, tmp_path: Path
) -> None:
    context = phone_context(browser)
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": 36.6512, "longitude": 117.0201, "accuracy": 25})
    try:
        site.received.clear()
        page = context.new_page()
        page.goto(site.url + "/record/1.html")
        photo = tmp_path / "visit.jpg"
        photo.write_bytes(PHOTO)
        page.locator("#vp-photo").set_input_files(str(photo))
        page.locator("#vp-allow_location").check()
        page.locator("button[type=submit]").click()
        page.locator("#vp-status").filter(has_text=page_text("photo_saved", "zh")).wait_for()
        uuid = page.locator("#vp-record").get_attribute("data-uuid")
        record, proof, sent_photo = (r for r in site.received if r.method == "PUT")
        assert [r.path for r in (record, proof, sent_photo)] == [
            f"/visits/{uuid}",
            f"/visits/{uuid}/proof",
            f"/visits/{uuid}/photo",
        ]
        where = proof.json()["location"]
        assert (where["lat"], where["lon"], where["accuracy_m"]) == (36.6512, 117.0201, 25)
        assert proof.json()["saved_at"].endswith("Z")
        assert sent_photo.body == PHOTO and sent_photo.headers["Content-Type"] == "image/jpeg"
    finally:
        context.close()


def test_without_the_tick_the_browser_is_never_asked_where_it_is(
    context: BrowserContext, site: LoopbackSite
) -> None:
    site.received.clear()
    page = context.new_page()
    page.add_init_script(
        "window.asked = 0; navigator.geolocation.getCurrentPosition = function () {"
        " window.asked += 1; };"
    )
    page.goto(site.url + "/record/3.html")
    with page.expect_response("**/proof"):
        page.locator("button[type=submit]").click()
    assert page.evaluate("window.asked") == 0


def test_a_reload_keeps_the_records_uuid(context: BrowserContext, site: LoopbackSite) -> None:
    page, _ = open_page(context, site.url + "/record/2.html")
    first = page.locator("#vp-record").get_attribute("data-uuid")
    page.reload()
    assert page.locator("#vp-record").get_attribute("data-uuid") == first
    page.goto(site.url + "/record/3.html")
    assert page.locator("#vp-record").get_attribute("data-uuid") != first


@pytest.mark.parametrize(
    ("setup", "invalid"),
    [
        (["input[name=illness][value=serious]"], "#vp-illness_name"),
        (["#vp-elder_confirmed"], "input[name=confirmed_by][value=elder]"),
        (["#vp-service_given"], "#vp-service_done"),
    ],
)
def test_a_box_the_form_requires_is_asked_for_before_sending(
    context: BrowserContext, site: LoopbackSite, setup: list[str], invalid: str
) -> None:
    """The form's own rules, as the API checks them: a serious illness names the disease, a
    confirmation says who gave it, a care service says what was done."""
    site.received.clear()
    page, _ = open_page(context, site.url + "/record/3.html")
    for box in setup:
        page.locator(box).check()
    page.locator("button[type=submit]").click()
    assert page.locator(invalid).evaluate("box => box.validity.valid") is False
    assert [r for r in site.received if r.method == "PUT"] == []


def test_the_hidden_boxes_are_not_required_until_they_apply(
    context: BrowserContext, site: LoopbackSite
) -> None:
    page, _ = open_page(context, site.url + "/record/3.html")
    assert page.locator("#vp-illness-name-box").is_hidden()
    page.locator("input[name=illness][value=serious]").check()
    assert page.locator("#vp-illness_name").is_visible()
    page.locator("input[name=illness][value=better]").check()
    assert page.locator("#vp-illness-name-box").is_hidden()
    assert page.locator("#vp-household_count").is_disabled()
    page.locator("input[name=household_direction][value=up]").check()
    assert page.locator("#vp-household_count").is_enabled()


def test_the_services_refusal_names_the_field(context: BrowserContext, site: LoopbackSite) -> None:
    problem = {
        "errors": [
            {"location": ["body", "observations", "illness_name"], "message": "name it"},
        ]
    }
    site.replies[:] = [(422, problem)]
    page, _ = open_page(context, site.url + "/record/4.html")
    page.locator("button[type=submit]").click()
    page.locator("#vp-status").filter(has_text="疾病名称: name it").wait_for()
    assert page.locator("button[type=submit]").is_enabled()


def test_the_last_visits_hazards_and_needs_head_the_form(
    context: BrowserContext, site: LoopbackSite
) -> None:
    page, _ = open_page(context, site.url + "/record/1.html")
    last = page.locator("#vp-last")
    assert last.locator(".vp-hazard").inner_text() == "燃气不安全"
    assert "想申请助餐服务" in last.inner_text()
    box = last.bounding_box()
    form_box = page.locator("#vp-record").bounding_box()
    assert box is not None and form_box is not None and box["y"] < form_box["y"]


def test_the_whole_form_fits_a_360_px_phone_with_big_targets(
    browser: Browser, site: LoopbackSite, screenshots: Path
) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True
    )
    try:
        page = context.new_page()
        page.goto(site.url + "/record/1.html")
        fill_section_five(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        targets = page.locator(".vp-radio, .vp-check, .vp-btn, select, input[type=date]")
        assert targets.count() > 40
        for target in targets.all():
            box = target.bounding_box()
            assert box is not None and box["height"] >= 44 and box["width"] >= 44
        page.screenshot(path=screenshots / "record-form-full.png", full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize(
    ("status", "words"),
    [(422, page_text("not_saved", "zh", status=422)), (401, page_text("login_again", "zh"))],
)
def test_a_refused_record_says_why(
    context: BrowserContext, site: LoopbackSite, status: int, words: str
) -> None:
    site.replies[:] = [status]
    page, _ = open_page(context, site.url + "/record/3.html")
    page.locator("button[type=submit]").click()
    page.locator("#vp-status").filter(has_text=words).wait_for()
    assert page.locator("button[type=submit]").is_enabled()


def test_the_login_form_posts_the_user_name_and_password(
    context: BrowserContext, site: LoopbackSite, screenshots: Path
) -> None:
    site.received.clear()
    page, log = open_page(context, site.url + "/login.html")
    assert page.locator("[role=alert]").inner_text() == page_text("login_failed", "zh")
    page.screenshot(path=screenshots / "login.png")
    page.locator("#vp-username").fill("wang")
    page.locator("#vp-password").fill("secret pass")
    with page.expect_navigation():
        page.locator("button[type=submit]").click()
    posts = [r for r in site.received if r.method == "POST"]
    assert [r.path for r in posts] == ["/auth/login"]
    assert posts[0].body == b"username=wang&password=secret+pass"
    assert log.errors == []
