"""Writing a plan to the output files of ../shared/CONTRACT.md ("Output of a plan for one week").

The CSV and GeoJSON files, written here, are for programs: ids and codes only, fixed columns,
stable order. ``summary.json`` is ``planner.io.summary``'s, and the workbook, for people, is
``planner.io.workbook``'s (one sheet per town, Chinese headers by default, every name, phone
number and ID number masked). Folium maps (``maps/``) are written elsewhere;
``write_plan_files`` writes everything else.

Two guards stand at this boundary whatever the input let through. Every CSV the project writes
goes through ``write_csv``, so no cell opens like a formula (``spreadsheet_safe``). And a plan
whose ids are resident ID or mobile numbers is refused (``check_ids_are_not_personal_numbers``),
while the people's files mask such ids and any such number quoted in a reason or a flag.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final, TextIO

from geo.crs import LonLat
from planner.io.note_words import flag_text
from planner.io.plan_rows import (
    KM_DECIMALS,
    flag_order,
    member,
    sorted_unassigned,
    sorted_visits,
)
from planner.io.spreadsheet import spreadsheet_safe
from planner.io.summary import write_summary_json
from planner.io.words import reason_text
from planner.io.workbook import write_roster_xlsx
from planner.model import DayRoute, Elder, Plan, PlannedVisit, VisitMode, Visitor, format_hhmm
from planner.privacy import looks_like_personal_number, public_id

ROSTER_CSV: Final = "roster.csv"
UNASSIGNED_CSV: Final = "unassigned.csv"
FLAGS_CSV: Final = "flags.csv"
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
"""The contract's four columns, then extras (extending is allowed, renaming is not)."""
FLAG_COLUMNS: Final = ("subject_id", "kind", "detail")

COORDINATE_DECIMALS: Final = 6  # about 0.1 m, finer than any address
PUBLISHED_COORDINATE_DECIMALS: Final = 3
"""With ``publish``: 0.001 degree is 111 m of latitude and 91 m of longitude at Zaozhuang
(34.8 N), so a home is known to about 100 m, a cell that holds several homes. Rounding the
degrees, rather than snapping to a metric grid, keeps the files plain WGS-84 that anyone can
check by reading the numbers."""


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
        for visit in sorted_visits(plan.visits)
    )
    _write_csv(path, ROSTER_COLUMNS, rows)


def write_flags_csv(plan: Plan, path: Path) -> None:
    """Write ``flags.csv``: what a coordinator should check (approximate places, no consent …)."""
    flags = sorted(plan.flags, key=flag_order)
    rows = ((f.subject_id, f.kind.value, flag_text(f, "en")) for f in flags)
    _write_csv(path, FLAG_COLUMNS, rows)


def write_unassigned_csv(plan: Plan, path: Path) -> None:
    """Write ``unassigned.csv``: due visits not planned, by due date, tier (key first), elder."""
    elders = {elder.elder_id: elder for elder in plan.elders}
    rows = (
        (
            item.elder_id,
            item.tier.value,
            item.due_by.isoformat(),
            reason_text(item, "en", elders),
            item.mode.value,
            item.visit_reason.value,
        )
        for item in sorted_unassigned(plan.unassigned)
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
    home_visits = [visit for visit in sorted_visits(plan.visits) if visit.mode is VisitMode.HOME]
    features = [_route_feature(route, visitors, decimals) for route in routes]
    features += [
        _home_visit_feature(visit, member(elders, visit.elder_id, "elder"), decimals)
        for visit in home_visits
    ]
    return {"type": "FeatureCollection", "features": features}


def write_routes_geojson(plan: Plan, path: Path, *, publish: bool = False) -> None:
    """Write ``routes.geojson`` (see ``routes_feature_collection``)."""
    text = json.dumps(routes_feature_collection(plan, publish=publish), ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


# --- everything at once, and the guard in front of it ----------------------------------------


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
