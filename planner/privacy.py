"""Masking of personal data in everything published (xlsx, maps, pages).

Names keep the first and last character (张*三, 李*), phone numbers the first three and last
four digits (138****5678), resident ID numbers the first four and last four (3704**********1234).
"""

from __future__ import annotations


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
