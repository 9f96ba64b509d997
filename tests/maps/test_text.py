"""What the maps say: personal data masked, every word in the chosen language, data as text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from planner.model import Plan, Tier
from planner.privacy import mask_id_number, mask_name, mask_phone
from tests.conftest import reason_quoting
from tests.maps.conftest import (
    ELDER_BY_ID,
    RAW_PERSONAL_DATA,
    V001_MONDAY,
    shapes,
    write_pages,
)

# --- privacy -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_raw_personal_data_in_any_page(small_plan: Plan, tmp_path: Path, lang: str) -> None:
    pages = write_pages(small_plan, tmp_path, lang)

    for name, page in pages.items():
        leaks = [value for value in RAW_PERSONAL_DATA if value in page]
        assert leaks == [], f"{name} shows {leaks}"


def test_popups_show_masked_names_and_phones(small_plan: Plan, tmp_path: Path) -> None:
    page = write_pages(small_plan, tmp_path)[V001_MONDAY]
    e1 = ELDER_BY_ID["E1"]

    assert mask_name(e1.name) == "王*明"
    popups = [badge["popup"] for badge in shapes(page, "badges")]
    assert "王*明" in popups[0]
    assert mask_phone("13812345678") in popups[0]  # 138****5678
    assert "王庄村1号" in popups[0]


def test_personal_data_in_free_text_is_masked(small_plan: Plan, tmp_path: Path) -> None:
    """A planner's reason or an address that repeats the elder's name or phone is masked too."""
    e5 = ELDER_BY_ID["E5"]
    reason = reason_quoting(f"{e5.name} ({e5.phone})")
    unassigned = (replace(small_plan.unassigned[0], reason=reason),)
    elders = tuple(
        replace(e, address=f"{e.name}家, {e.id_number}") if e.elder_id == "E5" else e
        for e in small_plan.elders
    )
    plan = replace(small_plan, elders=elders, unassigned=unassigned)

    page = write_pages(plan, tmp_path)["index.html"]

    assert e5.name not in page and str(e5.phone) not in page and str(e5.id_number) not in page
    assert f"{mask_name(e5.name)} ({mask_phone(str(e5.phone))}) (古邵镇)" in page
    assert mask_id_number(str(e5.id_number)) in page


def test_an_elder_id_that_is_an_id_number_is_masked(small_plan: Plan, tmp_path: Path) -> None:
    raw_id = str(ELDER_BY_ID["E6"].id_number)  # a district that uses ID numbers as elder ids
    elders = tuple(
        replace(e, elder_id=raw_id) if e.elder_id == "E6" else e for e in small_plan.elders
    )
    plan = replace(small_plan, elders=elders, tiers={**small_plan.tiers, raw_id: Tier.GENERAL})

    page = write_pages(plan, tmp_path)["index.html"]

    assert raw_id not in page
    assert mask_id_number(raw_id) in page


def test_popups_say_when_a_place_is_approximate(small_plan: Plan, tmp_path: Path) -> None:
    guessed = replace(small_plan.elders[0], approximate_location=True, home_visit_consent=False)
    plan = replace(small_plan, elders=(guessed, *small_plan.elders[1:]))
    overview = write_pages(plan, tmp_path)["index.html"]
    assert "位置为村居中心(估计)" in overview and "不同意入户" in overview
    assert "位置为村居中心(估计)" not in write_pages(small_plan, tmp_path / "plain")["index.html"]


# --- language ----------------------------------------------------------------------------------


def test_english_labels_on_request(small_plan: Plan, tmp_path: Path) -> None:
    pages = write_pages(small_plan, tmp_path, lang="en")
    day = pages[V001_MONDAY]

    title = "V001 陈*华 · 2026-12-07 Mon · home 2 · phone 1 · 42 min travel · 11.3 km"
    assert f"<title>{title}</title>" in day
    assert "Visiting plan 2026-12-07 to 2026-12-13" in pages["index.html"]
    badge_popup = shapes(day, "badges")[0]["popup"]
    assert ">key<" in badge_popup and ">home<" in badge_popup
    for page in pages.values():
        for chinese_word in ("周一", "入户", "电话", "重点", "图例", "探访计划"):
            assert chinese_word not in page


def test_chinese_is_the_default(small_plan: Plan, tmp_path: Path) -> None:
    day = write_pages(small_plan, tmp_path)[V001_MONDAY]

    badge_popup = shapes(day, "badges")[0]["popup"]
    assert ">重点<" in badge_popup and ">入户<" in badge_popup
    assert "图例" in day and "当日安排" in day


# --- robustness --------------------------------------------------------------------------------


def test_markup_and_template_syntax_in_data_are_shown_as_text(
    small_plan: Plan, tmp_path: Path
) -> None:
    address = "</script><script>alert(1)</script> {{ 7*7 }} {% if %} `${x}`"
    elders = tuple(
        replace(e, address=address) if e.elder_id == "E1" else e for e in small_plan.elders
    )
    plan = replace(small_plan, elders=elders)

    pages = write_pages(plan, tmp_path)

    for page in pages.values():
        assert "<script>alert" not in page and "{{ 7*7 }}" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in pages[V001_MONDAY]
