"""Every word people read, in Chinese and English (``planner.io.words``)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from planner.io.words import LANGUAGES, label, weekday_label
from planner.model import Tier, VisitMode, VisitReason
from tests.planner.io.week_plan import MONDAY

# --- labels ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_enum_value_has_a_label_in_every_language(lang: str) -> None:
    for kind, values in (("tier", Tier), ("mode", VisitMode), ("reason", VisitReason)):
        assert all(label(kind, value, lang) for value in values)


def test_labels_are_chinese_by_contract_words_and_english_on_request() -> None:
    assert [label("tier", tier, "zh") for tier in Tier] == ["重点", "次重点", "一般"]
    assert [label("mode", mode, "zh") for mode in VisitMode] == ["入户", "电话", "网络", "路遇"]
    assert [label("reason", reason, "zh") for reason in VisitReason] == [
        "常规",
        "天气",
        "节日",
        "回访",
        "紧急",
    ]
    assert label("tier", "key", "en") == "key"
    assert weekday_label(MONDAY, "zh") == "周一"
    assert weekday_label(MONDAY + timedelta(days=6), "en") == "Sun"


def test_label_refuses_unknown_language_and_value() -> None:
    with pytest.raises(ValueError, match="lang"):
        label("tier", "key", "fr")
    with pytest.raises(ValueError, match="_LABELS"):
        label("tier", "vip", "zh")
