"""Recognising and masking resident ID numbers, mobile numbers and landlines, alone and inside
free text (planner.privacy)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.privacy import (
    looks_like_mobile_number,
    looks_like_personal_number,
    looks_like_resident_id,
    mask_personal_numbers,
    public_elder_id,
    public_id,
)
from tests.conftest import make_elder

RESIDENT_IDS = ("370402198001011234", "11010519491231002X", "11010519491231002x")
OLD_RESIDENT_ID = "370402800101123"  # 15 digits, born 1980-01-01
MOBILE_NUMBERS = ("13812345678", "19900001111", "+8613812345678", "138 1234 5678", "138-1234-5678")


@pytest.mark.parametrize("text", [*RESIDENT_IDS, OLD_RESIDENT_ID, f" {RESIDENT_IDS[0]} "])
def test_resident_id_shapes_are_recognised(text: str) -> None:
    assert looks_like_resident_id(text) and looks_like_personal_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "E001",
        "37040219800101123",  # 17 digits
        "3704021980010112345",  # 19 digits
        "37040219800101123Y",
        "370402801301123",  # 15 digits without a date: a district's own number
        "E370402198001011234",  # an id holding an ID number is masked in texts, not here
    ],
)
def test_other_ids_are_not_resident_ids(text: str) -> None:
    assert not looks_like_resident_id(text)


@pytest.mark.parametrize("text", MOBILE_NUMBERS)
def test_mobile_numbers_are_recognised(text: str) -> None:
    assert looks_like_mobile_number(text) and looks_like_personal_number(text)


@pytest.mark.parametrize("text", ["12812345678", "1381234567", "138123456789", "0632-1234567"])
def test_other_numbers_are_not_mobile_numbers(text: str) -> None:
    assert not looks_like_mobile_number(text)


def test_public_id_masks_personal_numbers_and_keeps_other_ids() -> None:
    assert public_id("370402198001011234") == "3704**********1234"
    assert public_id("13812345678") == "138****5678"
    assert public_id("E001") == "E001"
    assert public_id("=cmd") == "=cmd"  # formula leads are the writers' business


def test_public_elder_id_also_masks_an_id_that_repeats_the_elders_own_numbers() -> None:
    assert public_elder_id(make_elder("0632-1234567", phone="0632-1234567")) == "063*****4567"
    assert public_elder_id(make_elder("ABC123456", id_number="ABC123456")) == "ABC1*3456"
    assert public_elder_id(make_elder("E1")) == "E1"


def test_personal_numbers_inside_text_are_masked() -> None:
    text = (
        "rows 3, 4 name elder 370402198001011234, call 13812345678 or +86 138-1234-5678; "
        "old id 370402800101123 (E13812345678x)"
    )
    assert mask_personal_numbers(text) == (
        "rows 3, 4 name elder 3704**********1234, call 138****5678 or +86**********5678; "
        "old id 3704*******1123 (E138****5678x)"
    )


def test_text_without_personal_numbers_is_unchanged() -> None:
    text = (
        "the shifts of V01 and V02 are full between Mon 2026-12-07 and Fri 2026-12-11: 08:30-17:00"
    )
    assert mask_personal_numbers(text) == text
    assert mask_personal_numbers("a number of the district: 370402801301123") == (
        "a number of the district: 370402801301123"
    )


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
        ("A13812345678", "A138****5678"),  # masked even inside a longer code: safe side
    ],
)
def test_personal_numbers_in_text_are_masked(text: str, masked: str) -> None:
    assert mask_personal_numbers(text) == masked


def test_the_forms_of_personal_numbers() -> None:
    assert looks_like_resident_id("37040219400512001x") and looks_like_resident_id(
        "370402400512001"
    )
    assert not looks_like_resident_id("3704021940051200") and not looks_like_resident_id("E0001")
    assert looks_like_mobile_number("13812345678") and looks_like_mobile_number("8613812345678")
    assert not looks_like_mobile_number("12812345678") and not looks_like_mobile_number(
        "1381234567"
    )


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("call 0531-88886666 now", "call 0531-****6666 now"),
        ("(010) 8765 4321", "(010) **** 4321"),
        ("家里座机05318888666", "家里座机0531***8666"),
        ("0632-1234567", "0632-***4567"),
        (
            "2026-12-07 08:30-17:00, 3 visits, 120 yuan",
            "2026-12-07 08:30-17:00, 3 visits, 120 yuan",
        ),
    ],
)
def test_landlines_with_their_area_code_are_masked_in_text(text: str, masked: str) -> None:
    assert mask_personal_numbers(text) == masked


# Free text around a number: any characters but digits (a digit would make it another number).
_AROUND = st.text(alphabet=st.characters(exclude_categories=("Nd",)), max_size=12)
_SEPARATOR = st.sampled_from(["", " ", "-"])


@st.composite
def _mobile(draw: st.DrawFn) -> str:
    digits = (
        "1" + draw(st.sampled_from("3456789")) + draw(st.text("0123456789", min_size=9, max_size=9))
    )
    cut = draw(_SEPARATOR)
    return f"{digits[:3]}{cut}{digits[3:7]}{cut}{digits[7:]}"


@st.composite
def _landline(draw: st.DrawFn) -> str:
    area = "0" + draw(st.text("0123456789", min_size=2, max_size=3))
    local = draw(st.sampled_from("123456789")) + draw(st.text("0123456789", min_size=6, max_size=7))
    return f"{area}{draw(_SEPARATOR)}{local}"


@st.composite
def _resident_id(draw: st.DrawFn) -> str:
    return draw(st.text("0123456789", min_size=17, max_size=17)) + draw(
        st.sampled_from("0123456789X")
    )


@given(
    before=_AROUND,
    number=st.one_of(_mobile(), _landline(), _resident_id()),
    after=_AROUND,
)
def test_a_number_typed_into_free_text_never_shows_whole(
    before: str, number: str, after: str
) -> None:
    """Property: the number's digits never appear in a row of more than four once masked, the
    text around it stays as it was, and masking again changes nothing."""
    masked = mask_personal_numbers(before + number + after)
    digits = "".join(char for char in number if char.isdigit())
    assert digits not in "".join(char for char in masked if char.isdigit() or char == "*")
    assert masked.startswith(before) and masked.endswith(after)
    assert mask_personal_numbers(masked) == masked


@given(st.text(alphabet=st.characters(exclude_categories=("Nd",))))
def test_text_without_digits_is_never_changed(text: str) -> None:
    assert mask_personal_numbers(text) == text
