"""The visitors table: a ``Visitor`` from each row, checked against the elders.

Each row's cells are read with the contract's defaults (an e-bike, Monday to Friday, 08:30 to
17:00, eight home visits a day), ids must be unique, and a visitor without start coordinates
sets out from the centre of the first village served that has located elders, else of the
town's located elders (flagged). A visitor whose town or village has no elder is flagged, and so
is an elder whose usual visitor does not serve the elder's village; a usual visitor missing from
the table is a problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from geo.crs import LonLat
from planner.io.cells import (
    Cell,
    parse_int,
    parse_names,
    parse_role,
    parse_text,
    parse_travel_mode,
    shown,
)
from planner.io.columns import VISITOR_COLUMNS
from planner.io.elders import ElderDraft, Places
from planner.io.headers import Layout, layout_of
from planner.io.ids import parse_visitor_id
from planner.io.problems import Notice, Problem
from planner.io.reading import RawTable
from planner.io.rows import RowReader, check_unique_ids, read_location
from planner.io.times import parse_time_window, parse_work_days
from planner.model import TimeWindow, TravelMode, Visitor
from planner.notes import Flag, FlagCode

__all__ = [
    "DEFAULT_MAX_HOME_VISITS_PER_DAY",
    "DEFAULT_SHIFT",
    "DEFAULT_WORK_DAYS",
    "VisitorDraft",
    "check_usual_visitors",
    "read_visitors",
]

DEFAULT_SHIFT = TimeWindow(8 * 60 + 30, 17 * 60)
DEFAULT_WORK_DAYS = frozenset(range(5))
DEFAULT_MAX_HOME_VISITS_PER_DAY = 8


def _parse_visit_limit(cell: Cell) -> int:
    try:
        limit = parse_int(cell)
    except ValueError:
        raise ValueError(
            f"{shown(cell)} is not a number of visits: write a whole number such as 8 "
            f"(empty means {DEFAULT_MAX_HOME_VISITS_PER_DAY})"
        ) from None
    if limit < 0:
        raise ValueError(f"{limit} home visits per day is negative: write 0 or more")
    return limit


@dataclass
class VisitorDraft:
    row: int
    visitor_id: str | None
    town: str | None
    villages: tuple[str, ...]
    start: LonLat | None
    visitor: Visitor | None


def _read_visitor(reader: RowReader, flags: list[Flag]) -> VisitorDraft:
    visitor_id = reader.require(
        "visitor_id", parse_visitor_id, what="every visitor needs an id, unique within the file"
    )
    name = reader.require("name", parse_text, what="write the visitor's name")
    role = reader.require(
        "role", parse_role, what="write the kind of visitor, e.g. village_staff or 村干部"
    )
    town = reader.require("town", parse_text, what="write the town (镇街) the visitor works in")
    villages = reader.get("villages", parse_names, ())
    start, _ = read_location(reader, "start_lon", "start_lat")
    travel_mode = reader.get("travel_mode", parse_travel_mode, TravelMode.EBIKE)
    work_days = reader.get("work_days", parse_work_days, DEFAULT_WORK_DAYS)
    shift = reader.get("shift", parse_time_window, DEFAULT_SHIFT)
    limit = reader.get(
        "max_home_visits_per_day", _parse_visit_limit, DEFAULT_MAX_HOME_VISITS_PER_DAY
    )
    visitor = None
    if (
        reader.ok
        and visitor_id is not None
        and name is not None
        and role is not None
        and town is not None
    ):
        reader.flag_merged_cells(visitor_id, flags)
        visitor = Visitor(
            visitor_id=visitor_id,
            name=name,
            role=role,
            town=town,
            start=start or LonLat(0.0, 0.0),  # placed later when no start was given
            villages=frozenset(villages),
            travel_mode=travel_mode,
            work_weekdays=work_days,
            shift=shift,
            max_home_visits_per_day=limit,
        )
    return VisitorDraft(reader.row.number, visitor_id, town, villages, start, visitor)


def _default_start(draft: VisitorDraft, places: Places) -> tuple[LonLat, Flag] | None:
    """Where a visitor without start coordinates sets out from, and the flag saying so."""
    assert draft.town is not None and draft.visitor_id is not None
    flag = Flag(draft.visitor_id, FlagCode.APPROXIMATE_START)
    for village in draft.villages:
        centre = places.village_centres.get((draft.town, village))
        if centre is not None:
            return centre, replace(flag, village=village, town=draft.town)
    town_centre = places.town_centres.get(draft.town)
    if town_centre is not None:
        return town_centre, replace(flag, town=draft.town)
    if places.district_centre is not None:
        # No elder lives in that town: the visitor serves nobody and is flagged for it.
        return places.district_centre, flag
    return None


def _place_visitors(
    drafts: Sequence[VisitorDraft],
    layout: Layout,
    places: Places,
    problems: list[Problem],
    flags: list[Flag],
) -> None:
    for draft in drafts:
        if draft.visitor is None or draft.start is not None:
            continue
        start = _default_start(draft, places)
        if start is None:
            if places.complete:
                problems.append(
                    Problem(
                        layout.table.file,
                        draft.row,
                        layout.column_name("start_lon"),
                        f"no elder of {draft.town} has coordinates to start from: give "
                        "start_lon/start_lat",
                    )
                )
            continue
        draft.visitor = replace(draft.visitor, start=start[0], approximate_start=True)
        flags.append(start[1])


def _flag_areas_without_elders(
    drafts: Sequence[VisitorDraft], places: Places, flags: list[Flag]
) -> None:
    for draft in drafts:
        if draft.visitor is None:
            continue
        visitor = draft.visitor
        if visitor.town not in places.towns:
            flags.append(Flag(visitor.visitor_id, FlagCode.TOWN_WITHOUT_ELDERS, town=visitor.town))
            continue
        for village in draft.villages:
            if (visitor.town, village) not in places.villages:
                flags.append(
                    Flag(
                        visitor.visitor_id,
                        FlagCode.VILLAGE_WITHOUT_ELDERS,
                        village=village,
                        town=visitor.town,
                    )
                )


def read_visitors(
    table: RawTable,
    places: Places,
    problems: list[Problem],
    notices: list[Notice],
    flags: list[Flag],
) -> tuple[list[VisitorDraft], Layout]:
    """Read every row of the visitors table, place visitors without a start, flag areas."""
    layout = layout_of(table, VISITOR_COLUMNS, problems, notices)
    if not table.rows:
        message = "has a header but no data rows: add one row per visitor"
        problems.append(Problem(table.file, None, None, message))
    drafts = [_read_visitor(RowReader(layout, row, problems), flags) for row in table.rows]
    check_unique_ids(
        ((draft.row, draft.visitor_id) for draft in drafts), layout, "visitor_id", problems
    )
    _place_visitors(drafts, layout, places, problems, flags)
    _flag_areas_without_elders(drafts, places, flags)
    return drafts, layout


def check_usual_visitors(
    elders: Sequence[ElderDraft],
    elder_layout: Layout,
    visitors: Sequence[VisitorDraft],
    visitor_file: str,
    problems: list[Problem],
    flags: list[Flag],
) -> None:
    """Each elder's usual visitor must be listed (a problem) and serve the elder (a flag)."""
    by_id = {draft.visitor_id: draft for draft in visitors if draft.visitor_id is not None}
    for elder in elders:
        if elder.usual_visitor_id is None:
            continue
        visitor = by_id.get(elder.usual_visitor_id)
        if visitor is None:
            problems.append(
                Problem(
                    elder_layout.table.file,
                    elder.row,
                    elder_layout.column_name("usual_visitor_id"),
                    f"usual visitor {shown(elder.usual_visitor_id)} is not in {visitor_file}: "
                    "write a "
                    "visitor_id of that file, or leave the cell empty",
                )
            )
        elif (
            visitor.visitor is not None
            and elder.elder is not None
            and not visitor.visitor.serves(elder.elder.town, elder.elder.village)
        ):
            flags.append(
                Flag(
                    elder.elder.elder_id,
                    FlagCode.USUAL_VISITOR_ELSEWHERE,
                    visitor_id=visitor.visitor.visitor_id,
                    village=elder.elder.village,
                    town=elder.elder.town,
                )
            )
