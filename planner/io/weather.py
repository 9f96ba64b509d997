"""The weather warnings table: a ``WeatherWarning`` from each row, its area checked.

A warning covers a town, or some of its villages, from a start to an end date. Its area is
checked against the places of the elders when they are known, since a misspelt area would
bring no extra visit to anyone. ``planner.io.tables.load_warnings`` reads the file.
"""

from __future__ import annotations

from collections.abc import Mapping

from planner.io.cells import (
    parse_bool,
    parse_date,
    parse_names,
    parse_text,
    parse_warning_level,
)
from planner.io.rows import RowReader
from planner.model import WeatherWarning

__all__ = ["check_warning_area", "read_warning"]


def read_warning(reader: RowReader) -> WeatherWarning | None:
    """The warning of one row, or None when the row has a problem."""
    town = reader.require("town", parse_text, what="write the town the warning covers")
    start = reader.require("start", parse_date, what="write the first day of the weather")
    end = reader.require("end", parse_date, what="write the last day of the weather")
    villages = reader.get("villages", parse_names, ())
    severe = reader.get("severe", parse_bool, False)
    kind = reader.get("kind", parse_text, "")
    level = reader.get("level", parse_warning_level, None)
    if town is None or start is None or end is None or not reader.ok:
        return None
    if end < start:
        reader.problem("end", f"{end} is before the start {start}: swap the dates")
        return None
    return WeatherWarning(town, start, end, severe, frozenset(villages), kind, level)


def check_warning_area(
    reader: RowReader, warning: WeatherWarning, places: Mapping[str, set[str]]
) -> None:
    """A problem when the warning's town or villages have no elder (a misspelt area)."""
    if warning.town not in places:
        reader.problem(
            "town", f"no elder lives in {warning.town!r}: check the spelling against the elders"
        )
        return
    unknown = sorted(warning.villages - places[warning.town])
    if unknown:
        reader.problem(
            "villages",
            f"{', '.join(unknown)} has no elders in {warning.town}: check the spelling",
        )
