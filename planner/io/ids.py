"""Ids and personal numbers in a cell: elder and visitor ids, resident ID numbers, phones.

Ids are published in every output and name the map files, so an id that is a resident ID or
mobile number, that a spreadsheet would take for a formula, or that cannot be a file name is
refused. Resident ID numbers are checked against GB 11643 (length, digits, the birth date they
hold, the check character). A long number that Excel stored as a number and cut is refused with
how to fix the column. Messages show ID and phone numbers masked only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from planner.io.cells import Cell, cell_text, shown
from planner.io.spreadsheet import starts_like_formula
from planner.privacy import (
    looks_like_mobile_number,
    looks_like_resident_id,
    mask_id_number,
    mask_personal_numbers,
)

__all__ = [
    "MAX_ID_CHARACTERS",
    "birth_date_of_id_number",
    "id_check_character",
    "parse_elder_id",
    "parse_id_number",
    "parse_phone",
    "parse_visitor_id",
]

# GB 11643-1999: the resident identity number and its ISO 7064 MOD 11-2 check character.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARACTERS = "10X98765432"


def id_check_character(first_17_digits: str) -> str:
    """The check character (``0``-``9`` or ``X``) that completes 17 digits of a resident ID."""
    if not re.fullmatch(r"\d{17}", first_17_digits):
        raise ValueError(f"expected 17 digits, got {mask_personal_numbers(first_17_digits)!r}")
    total = sum(
        int(digit) * weight for digit, weight in zip(first_17_digits, _ID_WEIGHTS, strict=True)
    )
    return _ID_CHECK_CHARACTERS[total % 11]


def birth_date_of_id_number(id_number: str) -> date:
    """The birth date written in characters 7-14 of a resident ID number."""
    digits = id_number[6:14]
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        # The digits stay out of the message: with them, the masked number is not masked.
        raise ValueError("characters 7-14 (the birth date) are not a date") from None


_EXCEL_LOST_DIGITS = (
    "Excel stored this as a number and lost digits: format the column as text and type it again"
)
# How Excel shows a long number in a General cell, and writes it into a CSV file: 3.70402E+17.
_SCIENTIFIC_NOTATION = re.compile(r"\d+(?:\.\d+)?[eE]\+\d+")
# Excel keeps 15 significant digits; a number with more, or a long one ending in a run of zeros
# (1.38123E+10 read back is 13812300000), has lost some.
_EXCEL_DIGITS = 15
_LONG_NUMBER_DIGITS = 11
_LOST_DIGITS_ZEROS = "00000"


def _lost_digits(cell: Cell) -> bool:
    """Whether Excel turned this id or phone into a number and dropped some of its digits."""
    if isinstance(cell, str):
        return _SCIENTIFIC_NOTATION.fullmatch(cell_text(cell)) is not None
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        return False
    digits = cell_text(cell).lstrip("-")
    significant = digits.rstrip("0")
    return len(significant) > _EXCEL_DIGITS or (
        len(digits) >= _LONG_NUMBER_DIGITS and digits.endswith(_LOST_DIGITS_ZEROS)
    )


def parse_phone(cell: Cell) -> str:
    """A phone number as text; refused when Excel has turned it into a number and cut it."""
    if _lost_digits(cell):
        raise ValueError(_EXCEL_LOST_DIGITS)
    return cell_text(cell)


def parse_id_number(cell: Cell) -> str:
    """A resident ID number (18 characters) checked against GB 11643; returned upper-case.

    The number is masked in messages: they end up in terminals and logs.
    """
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        raise ValueError(
            "the ID number is stored as a number, which loses digits (Excel keeps only 15): "
            "format the whole column as Text and type the numbers again"
        )
    if _lost_digits(cell):
        raise ValueError(_EXCEL_LOST_DIGITS)
    text = re.sub(r"\s+", "", cell_text(cell)).upper()
    shown = repr(mask_id_number(text))
    if len(text) != 18:
        raise ValueError(
            f"{shown} has {len(text)} characters: a resident ID number has 18 "
            "(17 digits and a final digit or X)"
        )
    if not re.fullmatch(r"\d{17}[\dX]", text):
        raise ValueError(f"{shown} may hold only digits and a final X: correct the number")
    try:
        born = birth_date_of_id_number(text)
    except ValueError as error:
        raise ValueError(f"{shown}: {error}, so the number is wrong: correct it") from None
    if born > date.today():
        raise ValueError(
            f"{shown}: its birth date (characters 7-14) lies in the future, so the number is "
            "wrong: correct it"
        )
    expected = id_check_character(text[:17])
    if text[17] != expected:
        raise ValueError(
            # Not which character it should end with: that would tell of the masked digits.
            f"{shown} fails the GB 11643 check (its last character, a check on the others, "
            "does not fit them): look for a mistyped digit"
        )
    return text


MAX_ID_CHARACTERS = 64
"""Ids name files (``maps/<visitor_id>_<date>.html``) and fill cells: longer ones are refused."""

# Characters no file name may hold on Windows (and '/' nowhere), which ids become in maps/.
_NOT_IN_FILE_NAMES = frozenset('/\\:*?"<>|')


@dataclass(frozen=True)
class _IdKind:
    """Whose id a column holds, for the advice given when it is unusable."""

    who: str
    example: str
    why_phone: str = ""


_ELDER_ID = _IdKind("elder", "E0001")
_VISITOR_ID = _IdKind(
    "visitor",
    "V001",
    " (a visitor's phone is less private than an elder's, but the id also names the visitor's "
    "map files)",
)


def _id_parser(kind: _IdKind) -> Callable[[Cell], str]:
    """A parser of ids of ``kind``: refuses personal numbers, formulas and unsafe file names."""
    own_number = f"give each {kind.who} a number of the town's own (e.g. {kind.example})"

    def parse(cell: Cell) -> str:
        text = cell_text(cell)
        if looks_like_resident_id(text):
            raise ValueError(
                f"{shown(text)} is a resident ID number, which every output would publish: "
                f"{own_number} in this column, and keep the ID number in 身份证号 (id_number)"
            )
        if looks_like_mobile_number(text):
            raise ValueError(
                f"{shown(text)} is a mobile phone number, which every output would publish"
                f"{kind.why_phone}: {own_number} in this column, and keep the phone number in "
                "its own column"
            )
        if _lost_digits(cell):
            raise ValueError(_EXCEL_LOST_DIGITS)
        problem = _unsafe_id_problem(text)
        if problem is not None:
            raise ValueError(
                f"{shown(text)} {problem}: give the {kind.who} a plain id such as {kind.example}"
            )
        return text

    return parse


def _is_control(char: str) -> bool:
    return unicodedata.category(char).startswith("C")


def _unsafe_id_problem(text: str) -> str | None:
    """Why an id cannot name a file or sit in a spreadsheet cell, or None when it can."""
    if starts_like_formula(text):
        return f"begins with {text[0]!r}, which a spreadsheet takes for a formula"
    bad = sorted({char for char in text if char in _NOT_IN_FILE_NAMES or _is_control(char)})
    if bad:
        shown = " ".join(repr(char) for char in bad)
        return f"holds {shown}, which cannot be in a file name (the maps are named by the ids)"
    if text in {".", ".."}:
        return "is not usable as a file name (the maps are named by the ids)"
    if len(text) > MAX_ID_CHARACTERS:
        return f"has {len(text)} characters, more than the {MAX_ID_CHARACTERS} an id may have"
    return None


parse_elder_id = _id_parser(_ELDER_ID)
parse_visitor_id = _id_parser(_VISITOR_ID)
