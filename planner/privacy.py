"""Masking of personal data in everything published (xlsx, maps, pages).

Names keep the first and last character (张*三, 李*), phone numbers the first three and last
four digits (138****5678), resident ID numbers the first four and last four (3704**********1234).
"""

from __future__ import annotations

import re


def mask_name(name: str) -> str:
    name = name.strip()
    if len(name) <= 1:
        return name + "*" if name else ""
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    digits = phone.strip()
    if len(digits) < 8:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_id_number(id_number: str) -> str:
    value = id_number.strip()
    if len(value) < 9:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


# A resident ID number (18 characters, or the old 15 digits) or a mainland mobile number inside
# any text, not part of a longer run of digits or letters.
_ID_NUMBER_TEXT = r"\d{17}[\dXx]|\d{15}"
_MOBILE_TEXT = r"(?:\+?86)?1[3-9]\d{9}"
_PERSONAL_NUMBER = re.compile(
    rf"(?<![0-9A-Za-z])(?:{_ID_NUMBER_TEXT}|{_MOBILE_TEXT})(?![0-9A-Za-z])"
)


def is_id_number_like(text: str) -> bool:
    """Whether text has the form of a resident ID number (check digit or not)."""
    return re.fullmatch(_ID_NUMBER_TEXT, text.strip()) is not None


def is_mobile_number_like(text: str) -> bool:
    """Whether text has the form of a mainland mobile phone number (1[3-9] and 9 digits).

    Also with the country code, +86 or 86, in front.
    """
    return re.fullmatch(_MOBILE_TEXT, text.strip()) is not None


def mask_personal_numbers(text: str) -> str:
    """Text with every resident ID number and mobile number in it masked.

    For messages that quote a cell: a cell that should hold something else may hold one of
    these (a column shifted by a stray comma), and messages end up in terminals and logs.
    """

    def mask(match: re.Match[str]) -> str:
        number = match.group(0)
        return mask_phone(number) if is_mobile_number_like(number) else mask_id_number(number)

    return _PERSONAL_NUMBER.sub(mask, text)
