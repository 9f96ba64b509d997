"""Folium maps of a weekly plan: which files they are, and writing them.

``write_plan_maps`` writes ``index.html`` (``maps.overview``: every elder by tier, the visits not
planned, and one layer per visitor with their week) and ``<visitor_id>_<date>.html``
(``maps.day``) for each visitor and day with at least one planned visit (their start, the homes
in route order, the route, the day's calls), and Leaflet into ``lib/`` beside them.

Everything published is masked (``planner.privacy``, through ``maps.text``): names, phone numbers
and ID numbers never reach the HTML in clear, nor in a file name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Final

from maps.day import day_map
from maps.lookup import DayKey, PlanLookup
from maps.overview import overview_map
from maps.page import LIBRARY_FOLDER, copy_library, save
from planner.io.spreadsheet import starts_like_formula
from planner.io.words import LANGUAGES
from planner.model import Plan
from planner.privacy import public_id

INDEX_FILE: Final = "index.html"

_UNSAFE_FILE_NAME_CHARS: Final = re.compile(r'[\x00-\x1f/\\:*?"<>|]')
"""What no file system takes (or Windows refuses); anything else, Chinese included, is kept."""
# Most file systems allow 255 bytes a name; the date, a clash counter and ``.html`` need 20.
_MAX_FILE_STEM_BYTES: Final = 200


def write_plan_maps(
    plan: Plan,
    directory: Path,
    *,
    lang: str = "zh",
    marks: Mapping[tuple[str, date, str], str] | None = None,
) -> list[Path]:
    """Write the plan's maps into ``directory`` and return the paths written.

    Parameters
    ----------
    plan
        The weekly plan; every visit's elder and visitor must be in ``plan.elders`` and
        ``plan.visitors``.
    directory
        Created when missing. Receives ``index.html`` and one
        ``<visitor_id>_<YYYY-MM-DD>.html`` per visitor and day with at least one planned visit
        (see ``day_map_file_name`` for ids that are not safe in file names).
    lang
        ``"zh"`` (default) or ``"en"``: the language of every word on the maps.
    marks
        A re-plan's changed stops: (visitor_id, day, elder_id) -> ``added`` or ``moved``.

    Returns
    -------
    list[Path]
        ``index.html`` first, then the day maps by visitor and date.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    lookup = PlanLookup.of(plan)
    file_names = _day_file_names(list(lookup.days))
    directory.mkdir(parents=True, exist_ok=True)
    copy_library(directory / LIBRARY_FOLDER)
    written: list[Path] = []
    for key, visits in lookup.days.items():
        path = _inside(directory, file_names[key])
        day_marks = {e: kind for (v, d, e), kind in (marks or {}).items() if (v, d) == key}
        page = day_map(lookup, key, visits, overview_file=INDEX_FILE, lang=lang, marks=day_marks)
        save(page, path)
        written.append(path)
    index_path = directory / INDEX_FILE
    save(overview_map(plan, lookup, file_names, lang=lang), index_path)
    return [index_path, *written]


def day_map_file_name(visitor_id: str, day: date) -> str:
    """``<visitor_id>_<YYYY-MM-DD>.html`` (../shared/CONTRACT.md), the id made safe as a file name.

    Characters no file name holds (``/`` and ``\\`` among them) become ``_``, so the name never
    leaves its folder; so does a first character that would hide the file (``.``) or open like a
    formula or an option (``= + - @``). An id that is a resident ID or mobile number is masked,
    and a very long one cut short.
    """
    stem = _UNSAFE_FILE_NAME_CHARS.sub("_", public_id(visitor_id))
    if stem.startswith(".") or starts_like_formula(stem):
        stem = "_" + stem[1:]
    stem = stem.encode("utf-8")[:_MAX_FILE_STEM_BYTES].decode("utf-8", errors="ignore")
    return f"{stem}_{day.isoformat()}.html"


def _inside(directory: Path, file_name: str) -> Path:
    """``directory / file_name``, refused unless it names a file right inside ``directory``."""
    path = directory / file_name
    if path.resolve().parent != directory.resolve():
        raise ValueError(f"map file name {file_name!r} would leave {directory}")
    return path


def _day_file_names(keys: Sequence[DayKey]) -> dict[DayKey, str]:
    """File names per visitor-day; ids that clash once made safe get ``-2``, ``-3``… appended."""
    names: dict[DayKey, str] = {}
    taken: set[str] = {INDEX_FILE}
    for visitor_id, day in keys:
        name = day_map_file_name(visitor_id, day)
        stem, suffix, counter = name.removesuffix(".html"), ".html", 2
        while name in taken:
            name, counter = f"{stem}-{counter}{suffix}", counter + 1
        taken.add(name)
        names[visitor_id, day] = name
    return names
