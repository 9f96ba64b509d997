"""What a spreadsheet would run instead of showing: the one notion of a formula cell.

Text starting with one of ``FORMULA_LEADS`` is taken for a formula when a spreadsheet opens a CSV
file or a cell is edited (OWASP, "CSV Injection"). The input refuses ids that start so; the CSV
and XLSX writers neutralise any other text that does; the maps keep such text out of file names.
"""

from __future__ import annotations

from typing import Final

FORMULA_LEADS: Final = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet would take ``text`` for a formula (see ``FORMULA_LEADS``)."""
    return text.startswith(FORMULA_LEADS)


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that a spreadsheet shows and never runs.

    Text that starts like a formula gets a leading ``'`` (OWASP's advice), which spreadsheets
    read as "this is text". Only text is changed: an int or float is written as a number, so a
    negative number stays a number (the project's CSVs hold none, and never write numbers as
    text).
    """
    if isinstance(value, str) and starts_like_formula(value):
        return "'" + value
    return value
