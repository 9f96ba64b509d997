"""The record form and the login page as HTML (maps.visitor_forms); the browser tests send them."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from maps.record_script import RECORD_SCRIPT
from maps.visitor_forms import planned_record_uuid
from maps.visitor_page import render_login_page, render_record_form
from planner.privacy import mask_name
from planner.records import MajorEvent, NeedKind
from tests.maps.conftest import RAW_PERSONAL_DATA
from tests.maps.visitor_day import ELDERS, HOSTILE_NAME, HOSTILE_VILLAGE, LAST_VISIT, VISITS

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
    data = form_data(text)
    record_id = planned_record_uuid(FIRST)
    assert data["submitUrl"] == f"/visits/{record_id}"
    assert f'data-uuid="{record_id}"' in text
    assert (data["elderId"], data["reason"]) == ("E1", "regular")
    assert data["proofUrl"] == f"/visits/{record_id}/proof"
    assert data["photoUrl"] == f"/visits/{record_id}/photo"


def test_the_photo_comes_from_the_camera_and_the_location_only_with_a_tick() -> None:
    text = form()
    assert re.search(
        r'<input id="vp-photo" name="photo" type="file" accept="[^"]*image/\*"'
        r' capture="environment">',
        text,
    )
    assert '<input type="checkbox" id="vp-allow_location" name="allow_location">' in text
    assert "getCurrentPosition" in RECORD_SCRIPT
    assert RECORD_SCRIPT.index('el["allow_location"].checked') < RECORD_SCRIPT.index(
        "getCurrentPosition"
    )


def test_a_planned_visit_keeps_its_uuid_and_each_visit_has_its_own() -> None:
    assert form_data(form())["submitUrl"] == form_data(form())["submitUrl"]
    moved = replace(FIRST, sequence=4, arrival_min=FIRST.arrival_min + 60)
    assert planned_record_uuid(moved) == planned_record_uuid(FIRST)  # a re-plan's new time
    others = {planned_record_uuid(visit) for visit in VISITS}
    assert len(others) == len(VISITS)
    assert planned_record_uuid(replace(FIRST, day=FIRST.day.replace(day=8))) not in others
    assert planned_record_uuid(FIRST).version == 5


@pytest.mark.parametrize(
    ("name", "choices"),
    [
        ("speech", ["same", "better", "worse"]),
        ("mobility", ["same", "better", "worse"]),
        ("illness", ["same", "serious", "better"]),
        ("mood", ["same", "better", "worse"]),
        ("gas_safety", ["safe", "fairly_safe", "unsafe"]),
        ("water_heating_safety", ["safe", "fairly_safe", "unsafe"]),
        ("electricity_safety", ["safe", "fairly_safe", "unsafe"]),
        ("fire_safety", ["safe", "fairly_safe", "unsafe"]),
        ("personal_hygiene", ["same", "better", "worse"]),
        ("household_hygiene", ["same", "better", "worse"]),
        ("indoor_environment", ["same", "better", "worse"]),
        ("confirmed_by", ["elder", "supporter"]),
        ("satisfaction", ["satisfied", "fairly_satisfied", "dissatisfied"]),
    ],
)
def test_each_box_of_the_form_offers_the_forms_own_choices(name: str, choices: list[str]) -> None:
    text = form()
    assert re.findall(rf'type="radio" name="{name}" value="(\w+)"', text) == choices
    assert re.search(rf'name="{name}" value="\w+" checked', text) is None  # nothing assumed


def test_the_boxes_carry_the_attachments_words() -> None:
    text = form()
    for words in ("无变化", "较好", "较差", "安全", "较安全", "不安全", "严重", "转好"):
        assert f"<span>{words}</span>" in text
    for words in ("燃气安全", "水暖安全", "用电安全", "消防安全", "疾病名称", "实施关爱服务建议"):
        assert words in text
    assert re.findall(r'name="needs_kinds" value="(\w+)"', text) == [k.value for k in NeedKind]
    events = text[text.index('<select id="vp-event"') :]
    events = events[: events.index("</select>")]
    assert re.findall(r'<option value="(\w*)">', events) == ["", *[e.value for e in MajorEvent]]
    assert 'name="household_direction" value="none" checked' in text


def test_the_last_visits_needs_and_hazards_come_first() -> None:
    text = form(last=LAST_VISIT)
    summary = text[text.index('id="vp-last"') : text.index('id="vp-record"')]
    assert "上次探访" in summary and "燃气不安全" in summary and "想申请助餐服务" in summary
    assert "照护" in summary and "联系家庭医生复查血压" in summary
    assert 'id="vp-last"' not in form()
    quiet = replace(LAST_VISIT, hazards=(), needs_kinds=(), needs="", suggested_care="")
    assert "无隐患、无特别需求" in form(last=quiet)


def test_a_call_has_its_mode_selected() -> None:
    assert '<option value="phone" selected>电话</option>' in form(CALL)


def test_the_seven_services_are_there_to_tick_the_pressing_ones_first() -> None:
    topics = re.findall(r'name="topics" value="(\w+)"', form())
    assert len(topics) == len(set(topics)) == 7
    assert topics[:2] == ["health", "care_advice"]  # E1 is bedridden
    assert re.search(r"<input[^>]*name=\"topics\"[^>]* checked", form()) is None  # ticked by hand
    call_topics = re.findall(r'name="topics" value="(\w+)"', form(CALL))
    assert call_topics[-1] == "home_safety"  # a call's list leaves it to the end


def test_the_elder_is_named_masked_and_nothing_else_personal_is_shown() -> None:
    text = form()
    assert mask_name(ELDERS["E1"].name) in text
    for secret in RAW_PERSONAL_DATA:
        assert secret not in text


def test_the_script_puts_the_record_and_has_no_inline_handlers() -> None:
    text = form()
    assert 'method: "PUT"' in text and 'credentials: "same-origin"' in text
    assert re.search(r"<[^>]+ on[a-z]+=", text) is None  # a CSP without unsafe-inline holds
    assert text.count("<script>") == 1 and RECORD_SCRIPT in text


def test_english_on_request() -> None:
    text = form(lang="en")
    assert '<html lang="en">' in text and "Visit record" in text and "Save" in text
    assert form_data(text)["words"] == {
        "saving": "Saving…",
        "saved": "Saved.",
        "offline": "No connection, not saved. Tap Save again later: it will not be recorded twice.",
        "login_again": "Your login has expired: log in again, then save.",
        "not_saved": "Not saved ({status}): check and try again.",
        "photo_saved": "Saved, with the photo.",
        "photo_not_saved": "Saved, but the photo was not ({status}): tap Save again.",
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
    assert form_data(text)["submitUrl"] == f"/v/{planned_record_uuid(FIRST)}</script>"


def test_the_login_page_posts_user_name_and_password() -> None:
    text = render_login_page(action="/auth/login?next=/me/today")
    assert '<form method="post" action="/auth/login?next=/me/today">' in text
    assert 'name="username"' in text and 'name="password" type="password"' in text
    assert "用户名" in text and "登录" in text and 'role="alert"' not in text


def test_the_login_page_shows_its_error_escaped_and_speaks_english() -> None:
    text = render_login_page(lang="en", action="/login", error="<b>wrong</b>")
    assert '<p class="vp-status vp-error" role="alert">&lt;b&gt;wrong&lt;/b&gt;</p>' in text
    assert "User name" in text and "Log in" in text
