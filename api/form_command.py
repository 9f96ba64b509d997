"""The plumbing of ``visitplan form``: one elder's record form of a year as a PDF, from the
elders table and a records table (``planner.io.records_table``)."""

from __future__ import annotations

from pathlib import Path

from planner.io.problems import InputError, Problem
from planner.io.record_form import write_record_form
from planner.io.records_table import load_records
from planner.io.tables import load_table

FIRST_YEAR = 2000
LAST_YEAR = 2100


def print_form(elders: Path, records: Path, elder_id: str, year: int, out: Path) -> int:
    """Write the form; the number of the year's visits printed on it."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError([Problem("--year", None, None, f"{year}: write a year such as 2026")])
    if out.suffix.lower() != ".pdf":
        raise InputError([Problem("--out", None, None, f"{out}: the file must end in .pdf")])
    known = {elder.elder_id: elder for elder in load_table("elders", elders).elders}
    elder = known.get(elder_id)
    if elder is None:
        message = f"{elder_id!r} is not in {elders}: give an elder_id of the elders table"
        raise InputError([Problem("--elder", None, None, message)])
    visits = [r for r in load_records(records).records if r.entry.elder_id == elder_id]
    write_record_form(elder, visits, year, out)
    return sum(1 for record in visits if record.entry.day.year == year)
