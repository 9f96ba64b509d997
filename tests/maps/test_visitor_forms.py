"""The record form and the login page as HTML (maps.visitor_forms); the browser tests send them."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from maps.visitor_page import render_login_page, render_record_form
from planner.privacy import mask_name
from tests.maps.conftest import RAW_PERSONAL_DATA
from tests.maps.visitor_day import ELDERS, HOSTILE_NAME, HOSTILE_VILLAGE, VISITS

FIRST = VISITS[0]  # E1, a home visit 08:50-09:20
CALL = VISITS[1]  # E3, by phone


def form(visit=FIRST, lang: str = "zh", **changes: object) -> str:  # type: ignore[no-untyped-def]
    elder = changes.pop("elder", ELDERS[visit.elder_id])
    options = {"submit_url": "/visits/{uuid}", "back_url": "/me/today", **changes}
    return render_record_form(visit, elder, lang=lang, **options)  # type: ignore[arg-type]


def form_data(text: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="vp-form-data">(.*?)</script>', text)
    assert found is not None
    data: dict[str, object] = json.loads(found[1])
    return data


def test_the_form_is_filled_in_from_the_planned_visit() -> None:
    text = form()
    assert '<input id="vp-date" name="date" type="date" value="2026-12-07" required>' in text
    assert '<option value="home" selected>入户</option>' in text
    assert 'name="duration_minutes"' in text and 'value="30"' in text
    assert '<textarea id="vp-note" name="note"' in text
    assert form_data(text) == {
        "submitUrl": "/visits/{uuid}",
        "elderId": "E1",
        "words": form_data(text)["words"],
    }


def test_a_call_has_its_mode_selected() -> None:
    assert '<option value="phone" selected>电话</option>' in form(CALL)


def test_the_seven_services_are_there_to_tick_the_pressing_ones_first() -> None:
    topics = re.findall(r'name="topics" value="(\w+)"', form())
    assert len(topics) == len(set(topics)) == 7
    assert topics[:2] == ["health", "care_advice"]  # E1 is bedridden
    assert re.search(r"<input[^>]* checked", form()) is None  # the visitor ticks what was done
    call_topics = re.findall(r'name="topics" value="(\w+)"', form(CALL))
    assert call_topics[-1] == "home_safety"  # a call's list leaves it to the end


def test_the_elder_is_named_masked_and_nothing_else_personal_is_shown() -> None:
    text = form()
    assert mask_name(ELDERS["E1"].name) in text
    for secret in RAW_PERSONAL_DATA:
        assert secret not in text


def test_the_script_puts_the_record_once_per_uuid() -> None:
    text = form()
    assert 'method: "PUT"' in text and 'credentials: "same-origin"' in text
    assert "randomUUID" in text and "getRandomValues" in text
    assert text.count("var uuid = config.recordUuid || newUuid();") == 1  # once per page load
    assert "recordUuid" not in form_data(text)


def test_a_uuid_given_by_the_page_is_the_records() -> None:
    uuid = "6f1c1c3e-2b7e-5a55-9a1d-0c1d2e3f4a5b"
    text = form(record_uuid=uuid)
    assert form_data(text)["recordUuid"] == uuid


def test_english_on_request() -> None:
    text = form(lang="en")
    assert '<html lang="en">' in text and "Visit record" in text and "Save" in text
    assert form_data(text)["words"] == {
        "saving": "Saving…",
        "saved": "Saved.",
        "offline": "No connection, not saved. Tap Save again later: it will not be recorded twice.",
        "login_again": "Your login has expired: log in again, then save.",
        "not_saved": "Not saved ({status}): check and try again.",
    }


def test_a_submit_url_without_a_place_for_the_uuid_is_refused() -> None:
    with pytest.raises(ValueError, match=r"\{uuid\}"):
        form(submit_url="/visits/")


def test_hostile_data_and_urls_are_escaped() -> None:
    elder = replace(ELDERS["E1"], name=HOSTILE_NAME, village=HOSTILE_VILLAGE)
    text = form(elder=elder, back_url='"><script>x()</script>', submit_url="/v/{uuid}</script>")
    assert "<script>window" not in text and "<script>x()" not in text and "<img" not in text
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in text
    assert text.count("</script>") == 2  # the data block and the form's script, nothing more
    assert form_data(text)["submitUrl"] == "/v/{uuid}</script>"


def test_the_login_page_posts_user_name_and_password() -> None:
    text = render_login_page(action="/auth/login?next=/me/today")
    assert '<form method="post" action="/auth/login?next=/me/today">' in text
    assert 'name="username"' in text and 'name="password" type="password"' in text
    assert "用户名" in text and "登录" in text and 'role="alert"' not in text


def test_the_login_page_shows_its_error_escaped_and_speaks_english() -> None:
    text = render_login_page(lang="en", action="/login", error="<b>wrong</b>")
    assert '<p class="vp-status vp-error" role="alert">&lt;b&gt;wrong&lt;/b&gt;</p>' in text
    assert "User name" in text and "Log in" in text
