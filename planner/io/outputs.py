"""Writing a plan to the output files of CONTRACT.md ("Output of a plan for one week").

The CSV and GeoJSON files are for programs: ids and codes only, fixed columns, stable order. The
workbook is for people: one sheet per town, Chinese headers by default, and every name, phone
number and ID number masked (``planner.privacy``). The words people read live in one table here
(``label``) so that maps and reports say the same thing.

Folium maps (``maps/``) are written elsewhere; ``write_plan_files`` writes everything else.

Two guards stand at this boundary whatever the input let through. Every CSV the project writes
goes through ``write_csv``, so no cell opens like a formula (``spreadsheet_safe``). And a plan
whose ids are resident ID or mobile numbers is refused (``check_ids_are_not_personal_numbers``),
while the people's files mask such ids and any such number quoted in a reason or a flag.
"""

from __future__ import annotations

import csv
import itertools
import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Final, TextIO, TypeVar

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from geo.crs import LonLat
from geo.travel import path_km
from planner.io.spreadsheet import spreadsheet_safe, starts_like_formula
from planner.io.words import label, reason_text, weekday_label
from planner.model import (
    DayRoute,
    Elder,
    Flag,
    Plan,
    PlannedVisit,
    Tier,
    UnassignedVisit,
    VisitMode,
    Visitor,
    format_hhmm,
)
from planner.privacy import (
    looks_like_personal_number,
    mask_id_number,
    mask_name,
    mask_personal_numbers,
    mask_phone,
    public_elder_id,
    public_id,
)

ROSTER_CSV: Final = "roster.csv"
UNASSIGNED_CSV: Final = "unassigned.csv"
ROUTES_GEOJSON: Final = "routes.geojson"
SUMMARY_JSON: Final = "summary.json"
ROSTER_XLSX: Final = "roster.xlsx"

ROSTER_COLUMNS: Final = (
    "date",
    "visitor_id",
    "elder_id",
    "tier",
    "mode",
    "sequence",
    "arrival",
    "departure",
    "travel_minutes",
    "reason",
)
UNASSIGNED_COLUMNS: Final = ("elder_id", "tier", "due_by", "reason", "mode", "visit_reason")
FLAGS_CSV: Final = "flags.csv"
FLAG_COLUMNS: Final = ("subject_id", "kind", "detail")
"""The contract's four columns, then extras (extending is allowed, renaming is not)."""

COORDINATE_DECIMALS: Final = 6  # about 0.1 m, finer than any address
PUBLISHED_COORDINATE_DECIMALS: Final = 3
"""With ``publish``: 0.001 degree is 111 m of latitude and 91 m of longitude at Zaozhuang
(34.8 N), so a home is known to about 100 m, a cell that holds several homes. Rounding the
degrees, rather than snapping to a metric grid, keeps the files plain WGS-84 that anyone can
check by reading the numbers."""
KM_DECIMALS: Final = 2

_TIER_ORDER: Final = {tier: rank for rank, tier in enumerate(Tier)}

ROSTER_SHEET_HEADERS: Final = (
    "date",
    "weekday",
    "visitor_id",
    "visitor_name",
    "elder_id",
    "elder_name",
    "phone",
    "id_number",
    "village",
    "address",
    "tier",
    "mode",
    "sequence",
    "arrival",
    "departure",
    "travel_minutes",
    "reason",
    "due_by",
)
UNASSIGNED_SHEET_HEADERS: Final = (
    "elder_id",
    "name",
    "village",
    "tier",
    "due_by",
    "unassigned_reason",
    "town",
    "mode",
    "reason",
)

# Excel refuses these in sheet titles and caps titles at 31 characters.
_SHEET_TITLE_FORBIDDEN: Final = str.maketrans("", "", "[]:*?/\\")
_SHEET_TITLE_MAX_CHARS: Final = 31
_MAX_COLUMN_WIDTH_CHARS: Final = 50

CellValue = str | int | float | None


# --- ordering and lookups shared by the writers ---------------------------------------------


def _sorted_visits(visits: Iterable[PlannedVisit]) -> list[PlannedVisit]:
    return sorted(visits, key=lambda visit: (visit.day, visit.visitor_id, visit.sequence))


def _sorted_unassigned(unassigned: Iterable[UnassignedVisit]) -> list[UnassignedVisit]:
    return sorted(unassigned, key=lambda item: (item.due_by, _TIER_ORDER[item.tier], item.elder_id))


_Member = TypeVar("_Member", Elder, Visitor)


def _member(members: dict[str, _Member], member_id: str, kind: str) -> _Member:
    """``members[member_id]``, or an error that names the broken reference."""
    try:
        return members[member_id]
    except KeyError:
        message = f"the plan names {kind} {member_id!r}, who is not in plan.{kind}s"
        raise ValueError(message) from None


# --- CSV -------------------------------------------------------------------------------------


def write_csv(stream: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write a CSV table, ``\\n`` line endings, every cell ``spreadsheet_safe``.

    Every CSV the project writes goes through here: the plan's files, ``classify``'s output and
    the demo's tables, all of which people open in a spreadsheet.
    """
    minimal = csv.writer(stream, lineterminator="\n")
    # Python 3.11 quotes a field holding "\n" but not one holding a lone "\r" when lines end in
    # "\n", and a reader would end the row there: such rows have every field quoted.
    quoted = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in itertools.chain([header], rows):
        cells = [spreadsheet_safe(value) for value in row]
        has_cr = any(isinstance(cell, str) and "\r" in cell for cell in cells)
        (quoted if has_cr else minimal).writerow(cells)


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """UTF-8 without BOM (see ``write_csv``)."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        write_csv(stream, header, rows)


def write_roster_csv(plan: Plan, path: Path) -> None:
    """Write ``roster.csv``: one row per planned visit, by date, visitor and sequence; ids only."""
    rows = (
        (
            visit.day.isoformat(),
            visit.visitor_id,
            visit.elder_id,
            visit.tier.value,
            visit.mode.value,
            visit.sequence,
            format_hhmm(visit.arrival_min),
            format_hhmm(visit.departure_min),
            visit.travel_minutes,
            visit.reason.value,
        )
        for visit in _sorted_visits(plan.visits)
    )
    _write_csv(path, ROSTER_COLUMNS, rows)


def write_flags_csv(plan: Plan, path: Path) -> None:
    """Write ``flags.csv``: what a coordinator should check (approximate places, no consent …)."""
    rows = ((f.subject_id, f.kind, flag_detail(f)) for f in sorted(plan.flags, key=_flag_order))
    _write_csv(path, FLAG_COLUMNS, rows)


def _flag_order(flag: Flag) -> tuple[str, str]:
    return (flag.kind, flag.subject_id)


def flag_detail(flag: Flag) -> str:
    """The flag's detail, with any ID or mobile number it quotes masked."""
    return mask_personal_numbers(flag.detail)


def _flag_label(kind: str, lang: str) -> str:
    try:
        return label("flag", kind, lang)
    except ValueError:
        return kind


def write_unassigned_csv(plan: Plan, path: Path) -> None:
    """Write ``unassigned.csv``: due visits not planned, by due date, tier (key first), elder."""
    rows = (
        (
            item.elder_id,
            item.tier.value,
            item.due_by.isoformat(),
            reason_text(item, "en"),
            item.mode.value,
            item.visit_reason.value,
        )
        for item in _sorted_unassigned(plan.unassigned)
    )
    _write_csv(path, UNASSIGNED_COLUMNS, rows)


# --- GeoJSON ---------------------------------------------------------------------------------


def _position(point: LonLat, decimals: int) -> list[float]:
    return [round(point.lon, decimals), round(point.lat, decimals)]


def _line_positions(
    route: DayRoute, visitors: dict[str, Visitor], decimals: int
) -> list[list[float]]:
    """The route's path with at least two positions, as a LineString must have.

    A visitor who stays put still gets a line (start to start), so every route shows on a map.
    """
    places = list(route.path)
    if not places and route.visitor_id in visitors:
        places = [visitors[route.visitor_id].start]
    if not places:
        message = f"route of {route.visitor_id} on {route.day} has no path and no known start"
        raise ValueError(message)
    if len(places) == 1:
        places.append(places[0])
    return [_position(place, decimals) for place in places]


def _route_feature(
    route: DayRoute, visitors: dict[str, Visitor], decimals: int
) -> dict[str, object]:
    positions = _line_positions(route, visitors, decimals)
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": positions},
        "properties": {
            "visitor_id": route.visitor_id,
            "date": route.day.isoformat(),
            "home_visits": len(route.elder_ids),
            "minutes": route.minutes,
            "km": round(route.km, KM_DECIMALS),
        },
    }


def _home_visit_feature(visit: PlannedVisit, elder: Elder, decimals: int) -> dict[str, object]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": _position(elder.location, decimals)},
        "properties": {
            "elder_id": visit.elder_id,
            "visitor_id": visit.visitor_id,
            "date": visit.day.isoformat(),
            "sequence": visit.sequence,
            "tier": visit.tier.value,
            "arrival": format_hhmm(visit.arrival_min),
            "departure": format_hhmm(visit.departure_min),
        },
    }


def routes_feature_collection(plan: Plan, *, publish: bool = False) -> dict[str, object]:
    """The plan's routes and home visits as an RFC 7946 FeatureCollection (WGS-84, lon/lat).

    A LineString per visitor and day (start, homes, back to start), then a Point per home visit
    at the elder's home. Positions have ``COORDINATE_DECIMALS``; with ``publish``, for a file
    that leaves the town office, ``PUBLISHED_COORDINATE_DECIMALS`` (homes to about 100 m).
    """
    decimals = PUBLISHED_COORDINATE_DECIMALS if publish else COORDINATE_DECIMALS
    visitors = {visitor.visitor_id: visitor for visitor in plan.visitors}
    elders = {elder.elder_id: elder for elder in plan.elders}
    routes = sorted(plan.routes, key=lambda route: (route.day, route.visitor_id))
    home_visits = [visit for visit in _sorted_visits(plan.visits) if visit.mode is VisitMode.HOME]
    features = [_route_feature(route, visitors, decimals) for route in routes]
    features += [
        _home_visit_feature(visit, _member(elders, visit.elder_id, "elder"), decimals)
        for visit in home_visits
    ]
    return {"type": "FeatureCollection", "features": features}


def write_routes_geojson(plan: Plan, path: Path, *, publish: bool = False) -> None:
    """Write ``routes.geojson`` (see ``routes_feature_collection``)."""
    text = json.dumps(routes_feature_collection(plan, publish=publish), ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


# --- summary ---------------------------------------------------------------------------------


def _by_tier(plan: Plan) -> dict[str, dict[str, int]]:
    due = Counter(visit.tier for visit in plan.due)
    planned = Counter(visit.tier for visit in plan.visits)
    unassigned = Counter(item.tier for item in plan.unassigned)
    return {
        tier.value: {"due": due[tier], "planned": planned[tier], "unassigned": unassigned[tier]}
        for tier in Tier
    }


def _figures(plan: Plan) -> dict[str, CellValue]:
    """The plan's single-valued figures, in their fixed order."""
    modes = Counter(visit.mode for visit in plan.visits)
    home_visits = modes[VisitMode.HOME]
    straight_line_km = sum(path_km(route.path) for route in plan.routes)
    towns = {elder.town for elder in plan.elders} | {visitor.town for visitor in plan.visitors}
    return {
        "week_start": plan.week_start.isoformat(),
        "week_end": (plan.week_start + timedelta(days=6)).isoformat(),
        "elders": len(plan.elders),
        "visitors": len(plan.visitors),
        "towns": len(towns),
        "due_visits": len(plan.due),
        "planned_visits": len(plan.visits),
        "unassigned": len(plan.unassigned),
        "home_visits": home_visits,
        "phone_visits": modes[VisitMode.PHONE],
        "online_visits": modes[VisitMode.ONLINE],
        "visitors_with_visits": len({visit.visitor_id for visit in plan.visits}),
        "travel_minutes": sum(visit.travel_minutes for visit in plan.visits),
        "route_minutes": sum(route.minutes for route in plan.routes),
        "route_km": round(sum(route.km for route in plan.routes), KM_DECIMALS),
        "straight_line_km": round(straight_line_km, KM_DECIMALS),
        "km_per_home_visit": (
            round(straight_line_km / home_visits, KM_DECIMALS) if home_visits else None
        ),
        "approximate_locations": sum(elder.approximate_location for elder in plan.elders),
        "flags": len(plan.flags),
        "seconds": round(plan.seconds, 3),
    }


def summary(plan: Plan) -> dict[str, object]:
    """The plan's figures, in a fixed key order (the contract's keys and useful extras).

    ``travel_minutes`` is the sum of the roster's ``travel_minutes`` column (the legs to each
    stop); ``route_minutes`` and ``route_km`` add up the day routes as ``routes.geojson`` gives
    them. ``km_per_home_visit`` is the straight-line length of all routes per home visit, a
    measure of how compact the rounds are that does not depend on the travel model (``None``
    when there is no home visit). ``by_tier`` counts due, planned and unassigned visits per tier.
    """
    warnings = [mask_personal_numbers(warning) for warning in plan.warnings]
    return {**_figures(plan), "by_tier": _by_tier(plan), "warnings": warnings}


def write_summary_json(plan: Plan, path: Path) -> None:
    """Write ``summary.json`` (see ``summary``): indent 2, UTF-8 text unescaped."""
    text = json.dumps(summary(plan), ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")


# --- workbook --------------------------------------------------------------------------------


def _display_width(text: str) -> int:
    """Width in Excel character units: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _set_cell(sheet: Worksheet, row: int, column: int, value: CellValue) -> None:
    """Set a cell so that text stays text, never a formula, even when it starts with ``=``."""
    cell = sheet.cell(row=row, column=column)
    if not isinstance(value, str):
        cell.value = value
        return
    text = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters would break the file
    cell.value = text
    cell.data_type = "s"
    if starts_like_formula(text):
        # Excel keeps it text even after someone edits the cell; unlike a CSV cell, the value
        # needs no ``'`` of its own, so people read the text as it is.
        cell.quotePrefix = True


def _write_table(
    sheet: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[CellValue]]
) -> None:
    """Header row in bold and frozen, an autofilter, and columns as wide as their content."""
    widths = [_display_width(header) for header in headers]
    for column, header in enumerate(headers, start=1):
        _set_cell(sheet, 1, column, header)
        sheet.cell(row=1, column=column).font = Font(bold=True)
    for row_number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            _set_cell(sheet, row_number, column, value)
            text = "" if value is None else str(value)
            widths[column - 1] = max(widths[column - 1], _display_width(text))
    for column, width in enumerate(widths, start=1):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = min(width + 2, _MAX_COLUMN_WIDTH_CHARS)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _clean_sheet_title(name: str) -> str:
    title = name.translate(_SHEET_TITLE_FORBIDDEN).strip().strip("'")
    return title[:_SHEET_TITLE_MAX_CHARS].strip()


def _town_sheet_titles(
    towns: Sequence[str], *, reserved: Iterable[str], fallback: str
) -> dict[str, str]:
    """A valid, distinct sheet title per town (Excel compares titles without case)."""
    taken = {title.casefold() for title in reserved}
    titles: dict[str, str] = {}
    for town in towns:
        base = _clean_sheet_title(town) or fallback
        title, copy_number = base, 2
        while title.casefold() in taken:
            suffix = f" ({copy_number})"
            title = base[: _SHEET_TITLE_MAX_CHARS - len(suffix)] + suffix
            copy_number += 1
        taken.add(title.casefold())
        titles[town] = title
    return titles


def _towns_in_order(plan: Plan) -> list[str]:
    """Towns as the input lists them (elders first), so sheets follow the coordinator's order."""
    towns = [elder.town for elder in plan.elders] + [visitor.town for visitor in plan.visitors]
    return list(dict.fromkeys(towns))


def _roster_row(
    visit: PlannedVisit, elder: Elder, visitor: Visitor, lang: str
) -> tuple[CellValue, ...]:
    return (
        visit.day.isoformat(),
        weekday_label(visit.day, lang),
        public_id(visit.visitor_id),
        mask_name(visitor.name),
        public_elder_id(elder),
        mask_name(elder.name),
        mask_phone(elder.phone) if elder.phone else "",
        mask_id_number(elder.id_number) if elder.id_number else "",
        elder.village,
        elder.address or "",
        label("tier", visit.tier, lang),
        label("mode", visit.mode, lang),
        visit.sequence,
        format_hhmm(visit.arrival_min),
        format_hhmm(visit.departure_min),
        visit.travel_minutes,
        label("reason", visit.reason, lang),
        visit.due_by.isoformat(),
    )


def _unassigned_row(item: UnassignedVisit, elder: Elder, lang: str) -> tuple[CellValue, ...]:
    return (
        public_elder_id(elder),
        mask_name(elder.name),
        elder.village,
        label("tier", item.tier, lang),
        item.due_by.isoformat(),
        reason_text(item, lang),
        elder.town,
        label("mode", item.mode, lang),
        label("reason", item.visit_reason, lang),
    )


def _summary_rows(plan: Plan, lang: str) -> list[tuple[CellValue, ...]]:
    """The figures of ``summary`` as (label, value) rows: single figures, per tier, warnings."""
    rows: list[tuple[CellValue, ...]] = [
        (label("summary", key, lang), value) for key, value in _figures(plan).items()
    ]
    for tier, counts in _by_tier(plan).items():
        tier_word = label("tier", tier, lang)
        rows += [(f"{tier_word} · {label('summary', key, lang)}", n) for key, n in counts.items()]
    warning_word = label("summary", "warnings", lang)
    rows += [(warning_word, mask_personal_numbers(warning)) for warning in plan.warnings]
    return rows


def _new_workbook() -> Workbook:
    workbook = Workbook()
    for sheet in list(workbook.worksheets):
        workbook.remove(sheet)  # the default empty sheet
    return workbook


def write_roster_xlsx(plan: Plan, path: Path, *, lang: str = "zh") -> None:
    """Write ``roster.xlsx`` for people: a sheet per town, then unassigned visits and a summary.

    Names, phone numbers and ID numbers are masked; every text cell is stored as text, so a
    value such as ``=HYPERLINK(...)`` is shown, never run.
    """
    elders = {elder.elder_id: elder for elder in plan.elders}
    visitors = {visitor.visitor_id: visitor for visitor in plan.visitors}
    unassigned_title = label("sheet", "unassigned", lang)
    summary_title = label("sheet", "summary", lang)
    titles = _town_sheet_titles(
        _towns_in_order(plan),
        reserved=(unassigned_title, summary_title, label("sheet", "flags", lang)),
        fallback=label("sheet", "town", lang),
    )
    rows_by_town: dict[str, list[tuple[CellValue, ...]]] = {town: [] for town in titles}
    for visit in _sorted_visits(plan.visits):
        elder = _member(elders, visit.elder_id, "elder")
        visitor = _member(visitors, visit.visitor_id, "visitor")
        rows_by_town[elder.town].append(_roster_row(visit, elder, visitor, lang))
    unassigned_rows = [
        _unassigned_row(item, _member(elders, item.elder_id, "elder"), lang)
        for item in _sorted_unassigned(plan.unassigned)
    ]

    workbook = _new_workbook()
    roster_headers = [label("header", key, lang) for key in ROSTER_SHEET_HEADERS]
    for town, title in titles.items():
        _write_table(workbook.create_sheet(title), roster_headers, rows_by_town[town])
    _write_table(
        workbook.create_sheet(unassigned_title),
        [label("header", key, lang) for key in UNASSIGNED_SHEET_HEADERS],
        unassigned_rows,
    )
    _write_table(
        workbook.create_sheet(label("sheet", "flags", lang)),
        [label("header", key, lang) for key in ("subject_id", "flag", "detail")],
        [
            (public_id(f.subject_id), _flag_label(f.kind, lang), flag_detail(f))
            for f in sorted(plan.flags, key=_flag_order)
        ],
    )
    _write_table(
        workbook.create_sheet(summary_title),
        [label("header", "item", lang), label("header", "value", lang)],
        _summary_rows(plan, lang),
    )
    workbook.save(path)


class PersonalNumberAsIdError(ValueError):
    """A plan whose ids are resident ID or mobile numbers, which the output would publish."""


def check_ids_are_not_personal_numbers(plan: Plan) -> None:
    """Refuse a plan in which an elder, visitor or flag id is a resident ID or mobile number.

    The input refuses such ids; this is the last line for a plan built without it. The CSV and
    GeoJSON files are for programs and carry ids in full (a week's roster is appended to the
    history), so they cannot mask an id: masked, two elders of a district would often read
    alike (same place code, same last four). The message shows the ids masked.
    """
    ids = [elder.elder_id for elder in plan.elders]
    ids += [visitor.visitor_id for visitor in plan.visitors]
    ids += [flag.subject_id for flag in plan.flags]
    personal = sorted({public_id(i) for i in ids if looks_like_personal_number(i)})
    if personal:
        shown = ", ".join(personal[:5]) + (" ..." if len(personal) > 5 else "")
        raise PersonalNumberAsIdError(
            f"{len(personal)} id(s) are resident ID or mobile numbers ({shown}), which the "
            "output files would publish in full: number elders and visitors in the district's "
            "own way and keep ID numbers and phones in their own columns"
        )


def write_plan_files(
    plan: Plan, directory: Path, *, lang: str = "zh", publish: bool = False
) -> None:
    """Write roster.csv, unassigned.csv, flags.csv, routes.geojson, summary.json, roster.xlsx.

    Nothing is written for a plan whose ids are personal numbers (``PersonalNumberAsIdError``).
    ``publish`` rounds the coordinates of ``routes.geojson`` to about 100 m, for files that
    leave the town office; no other file of these carries coordinates.
    """
    check_ids_are_not_personal_numbers(plan)
    directory.mkdir(parents=True, exist_ok=True)
    write_roster_csv(plan, directory / ROSTER_CSV)
    write_unassigned_csv(plan, directory / UNASSIGNED_CSV)
    write_flags_csv(plan, directory / FLAGS_CSV)
    write_routes_geojson(plan, directory / ROUTES_GEOJSON, publish=publish)
    write_summary_json(plan, directory / SUMMARY_JSON)
    write_roster_xlsx(plan, directory / ROSTER_XLSX, lang=lang)
