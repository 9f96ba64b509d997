"""Masking of personal data in everything published (xlsx, maps, pages).

Names keep the first and last character (张*三, 李*), phone numbers the first three and last
four digits (138****5678), resident ID numbers the first four and last four (3704**********1234).

Some districts number their elders by ID number or mobile number. The input refuses such ids,
but a plan can be built without the input (tests, a service): ``looks_like_personal_number``
lets every writer recognise one, ``public_id`` masks it where people read ids, and
``mask_personal_numbers`` masks any that a free text (a reason, a flag's detail) quotes.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from planner.model import Elder

# 17 digits and a check character (GB 11643). Any 18-digit run is taken for one: a mistyped ID
# number is still someone's.
_RESIDENT_ID: Final = re.compile(r"\d{17}[\dXx]")
# The pre-1999 form: 6 digits of place, YYMMDD, 3 digits. Only with a real date, as districts
# also use 15-digit numbers of their own.
_OLD_RESIDENT_ID: Final = re.compile(r"\d{6}(?P<yymmdd>\d{6})\d{3}")
# Mainland mobile numbers, optionally with the country code; ``-`` and spaces are separators.
_MOBILE_NUMBER: Final = re.compile(r"(?:\+?86)?1[3-9]\d{9}")
_SEPARATORS: Final = re.compile(r"[\s-]")
# The same shapes inside free text, where no longer run of digits holds them.
_RESIDENT_ID_IN_TEXT: Final = re.compile(r"(?<!\d)(?:\d{17}[\dXx]|\d{15})(?!\d)")
_MOBILE_NUMBER_IN_TEXT: Final = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)")
# Landlines with their area code (0 and 2 or 3 digits, perhaps in brackets), then a local number
# of 7 or 8 digits (not starting with 0), perhaps split by a space or hyphen: 0531-88886666,
# (010) 8765 4321. Without an area code a number is not told apart from an amount or a count.
_LANDLINE_IN_TEXT: Final = re.compile(
    r"(?<!\d)(?P<area>\(0\d{2,3}\)\s?|0\d{2,3}[\s-]?)(?P<local>[1-9]\d{2,3}[\s-]?\d{4})(?!\d)"
)


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


def looks_like_resident_id(text: str) -> bool:
    """Whether ``text`` is shaped like a resident ID number: 18 characters (17 digits and a
    digit or X), or the old 15 digits with a valid birth date (YYMMDD) in them."""
    value = text.strip()
    if _RESIDENT_ID.fullmatch(value):
        return True
    old = _OLD_RESIDENT_ID.fullmatch(value)
    return old is not None and _is_yymmdd(old["yymmdd"])


def _is_yymmdd(digits: str) -> bool:
    try:
        date(1900 + int(digits[:2]), int(digits[2:4]), int(digits[4:]))
    except ValueError:
        return False
    return True


def looks_like_mobile_number(text: str) -> bool:
    """Whether ``text`` is a mainland mobile number: 1[3-9] and 9 more digits, optionally after
    +86, with spaces or hyphens anywhere (``138 1234 5678``)."""
    return _MOBILE_NUMBER.fullmatch(_SEPARATORS.sub("", text)) is not None


def looks_like_personal_number(text: str) -> bool:
    """Whether ``text`` is a resident ID number or a mobile number, which must not be published."""
    return looks_like_resident_id(text) or looks_like_mobile_number(text)


def public_id(identifier: str) -> str:
    """An id as people may read it: masked when it is a resident ID or mobile number."""
    if looks_like_resident_id(identifier):
        return mask_id_number(identifier)
    if looks_like_mobile_number(identifier):
        return mask_phone(identifier)
    return identifier


def public_elder_id(elder: Elder) -> str:
    """The elder's id as people may read it: masked too when it repeats the elder's own ID
    number or phone number in a shape ``public_id`` does not know (a landline, a typo)."""
    elder_id = elder.elder_id.strip()
    if elder.id_number and elder_id == elder.id_number.strip():
        return mask_id_number(elder_id)
    if elder.phone and elder_id == elder.phone.strip():
        return mask_phone(elder_id)
    return public_id(elder.elder_id)


def masked_emergency_contact(elder: Elder) -> str:
    """Whom to call when the elder cannot be reached, as published output shows it: the name
    and phone masked (``张*明 139****0001``); empty when the table gives none."""
    name = mask_name(elder.emergency_contact or "")
    phone = mask_phone(elder.emergency_phone) if elder.emergency_phone else ""
    return f"{name} {phone}".strip()


def mask_personal_numbers(text: str) -> str:
    """``text`` with every resident ID number (18 characters, or 15 digits with a birth date),
    mobile number and landline (with its area code) in it masked.

    For free text that people type (an address, a note: "call her son 13812345678"), wherever
    a masked view shows it. The masked forms keep what the published ones keep (3704...1234,
    138****5678, 0531-****6666), so masking twice changes nothing.
    """
    text = _RESIDENT_ID_IN_TEXT.sub(lambda found: public_id(found[0]), text)
    text = _MOBILE_NUMBER_IN_TEXT.sub(lambda found: mask_phone(found[0]), text)
    return _LANDLINE_IN_TEXT.sub(_masked_landline, text)


def _masked_landline(found: re.Match[str]) -> str:
    """The area code kept; of the local number only the last four digits."""
    local = list(found["local"])
    digits = [position for position, char in enumerate(local) if char.isdigit()]
    for position in digits[:-4]:
        local[position] = "*"
    return found["area"] + "".join(local)
