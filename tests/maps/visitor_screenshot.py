"""The README's pictures of the visitor's pages: ``python -m tests.maps.visitor_screenshot``.

Renders the Monday of ``tests.maps.visitor_day``, serves it on loopback, opens it in Debian's
chromium at a phone's size and saves the screen as ``docs/visitor-page.png`` (or the path
given), and the whole record form of the first visit, filled in as the browser test fills it,
as ``docs/record-form.png`` beside it. Chinese text needs a CJK font on the machine (Debian:
``fonts-wqy-microhei``); the map tiles stay blank, as on a phone without signal.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.maps.browser import launch, phone_context, serve
from tests.maps.test_visitor_browser import fill_section_five
from tests.maps.visitor_day import DAY_PAGE, write_site

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "docs" / "visitor-page.png"


def take_screenshot(out: Path, lang: str = "zh") -> Path:
    with tempfile.TemporaryDirectory() as folder, serve(Path(folder)) as site:
        write_site(Path(folder), lang=lang)
        with sync_playwright() as playwright:
            browser = launch(playwright)
            context = phone_context(browser)
            page = context.new_page()
            page.goto(site.url + DAY_PAGE)
            page.locator(".vp-stop-marker").first.wait_for()
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=out)
            form = context.new_page()
            form.goto(site.url + "/record/1.html")
            fill_section_five(form)
            form.screenshot(path=out.with_name("record-form.png"), full_page=True)
            browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    arguments = parser.parse_args()
    print(take_screenshot(arguments.out, arguments.lang))


if __name__ == "__main__":
    main()
