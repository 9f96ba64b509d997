"""Masking personal numbers inside any text (messages that quote a cell)."""

from __future__ import annotations

import pytest

from planner.privacy import is_id_number_like, is_mobile_number_like, mask_personal_numbers


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("370402194005120017", "3704**********0017"),
        ("37040219400512001X is wrong", "3704**********001X is wrong"),
        ("old form 370402400512001", "old form 3704*******2001"),
        ("call 13812345678.", "call 138****5678."),
        ("+8613812345678", "+86*******5678"),
        ("E0001, 80, 2026-12-07", "E0001, 80, 2026-12-07"),
        ("1234567890123456789", "1234567890123456789"),  # no ID number: too long
        ("A13812345678", "A13812345678"),  # part of a longer code
    ],
)
def test_personal_numbers_in_text_are_masked(text: str, masked: str) -> None:
    assert mask_personal_numbers(text) == masked


def test_the_forms_of_personal_numbers() -> None:
    assert is_id_number_like("37040219400512001x") and is_id_number_like("370402400512001")
    assert not is_id_number_like("3704021940051200") and not is_id_number_like("E0001")
    assert is_mobile_number_like("13812345678") and is_mobile_number_like("8613812345678")
    assert not is_mobile_number_like("12812345678") and not is_mobile_number_like("1381234567")
