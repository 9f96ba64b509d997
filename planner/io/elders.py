"""The elders table: an ``Elder`` from each row, checked, and placed on the map.

Each row's cells are read and checked together (the ID number against the birth date and sex),
ids must be unique, and an elder without coordinates is placed at the centre of the located
elders of the village, and flagged. What the other tables need to know of the elders (their
ids, villages and centres) comes back as ``Places``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TypedDict

from geo.crs import LonLat
from geo.travel import centroid
from planner.io.cells import (
    parse_ability,
    parse_age,
    parse_birth_date,
    parse_bool,
    parse_consent_giver,
    parse_date,
    parse_disability_grade,
    parse_sex,
    parse_text,
    parse_visit_consent,
    shown,
)
from planner.io.columns import ELDER_COLUMNS
from planner.io.headers import Layout, layout_of
from planner.io.ids import (
    birth_date_of_id_number,
    parse_elder_id,
    parse_id_number,
    parse_phone,
    parse_visitor_id,
)
from planner.io.problems import Notice, Problem, counted
from planner.io.reading import RawTable
from planner.io.rows import RowReader, check_unique_ids, read_location
from planner.io.times import parse_time_windows
from planner.model import Ability, ConsentGiver, Elder, Flag, VisitConsent

__all__ = ["ElderDraft", "Places", "no_places", "places_of", "read_elders"]


@dataclass
class ElderDraft:
    """A row of the elders table while the whole table is being checked."""

    row: int
    elder_id: str | None
    town: str | None
    village: str | None
    location: LonLat | None
    coords_given: bool
    usual_visitor_id: str | None
    elder: Elder | None


@dataclass(frozen=True)
class Places:
    """What the visitors and history tables need to know about the elders table."""

    elder_ids: frozenset[str]
    villages: frozenset[tuple[str, str]]
    towns: frozenset[str]
    village_centres: Mapping[tuple[str, str], LonLat]
    town_centres: Mapping[str, LonLat]
    district_centre: LonLat | None
    complete: bool
    """The elders table was read and has no problem (else cross-checks would cascade)."""


def _read_elder(reader: RowReader, flags: list[Flag]) -> ElderDraft:
    # Every cell is read before the row is judged, so that all its problems are reported at once.
    elder_id = reader.require(
        "elder_id", parse_elder_id, what="every elder needs an id, unique within the file"
    )
    name = reader.require("name", parse_text, what="write the elder's name")
    town = reader.require("town", parse_text, what="write the elder's town (镇街)")
    village = reader.require("village", parse_text, what="write the elder's village (村居)")
    birth_date = reader.get("birth_date", parse_birth_date, None)
    age = reader.get("age", parse_age, None)
    sex = reader.get("sex", parse_sex, None)
    id_number = reader.get("id_number", parse_id_number, None)
    if id_number is not None:
        birth_date = _reconcile_birth_date(reader, birth_date, id_number)
        if elder_id is not None and sex is not None:
            _flag_sex_against_id_number(elder_id, sex, id_number, flags)
    birth_columns = ("birth_date", "age", "id_number")
    if (
        birth_date is None
        and age is None
        and not reader.failed.intersection(birth_columns)
        and any(reader.layout.has(column) for column in birth_columns)
    ):
        reader.problem(
            "birth_date",
            "neither birth_date nor age is given: write the birth date as YYYY-MM-DD "
            "(or the age in whole years)",
        )
    location, coords_given = read_location(reader, "lon", "lat")
    flags_of_need = {column: reader.get(column, parse_bool, False) for column in _NEED_COLUMNS}
    disability_grade = reader.get("disability_grade", parse_disability_grade, None)
    ability = reader.get("ability", parse_ability, Ability.UNASSESSED)
    home_visit_consent = reader.get("home_visit_consent", parse_bool, True)
    consent = _read_consent(reader, elder_id, flags)
    time_windows = reader.get("time_window", parse_time_windows, ())
    usual_visitor_id = reader.get("usual_visitor_id", parse_visitor_id, None)
    contacts = _read_contacts(reader)
    elder = None
    if (
        reader.ok
        and elder_id is not None
        and name is not None
        and town is not None
        and village is not None
    ):
        reader.flag_merged_cells(elder_id, flags)
        elder = Elder(
            elder_id=elder_id,
            name=name,
            town=town,
            village=village,
            location=location or LonLat(0.0, 0.0),  # unlocated rows get their village centre later
            birth_date=birth_date,
            stated_age=age,
            sex=sex,
            id_number=id_number,
            lives_alone=flags_of_need["lives_alone"],
            empty_nest=flags_of_need["empty_nest"],
            left_behind=flags_of_need["left_behind"],
            family_planning_special=flags_of_need["family_planning_special"],
            disability_grade=disability_grade,
            ability=ability,
            bedridden=flags_of_need["bedridden"],
            limited_mobility=flags_of_need["limited_mobility"],
            dementia=flags_of_need["dementia"],
            home_visit_consent=home_visit_consent
            and consent["visit_consent"] in (None, VisitConsent.HOME),
            time_windows=time_windows,
            usual_visitor_id=usual_visitor_id,
            **contacts,
            **consent,
        )
    return ElderDraft(
        reader.row.number, elder_id, town, village, location, coords_given, usual_visitor_id, elder
    )


class _Consent(TypedDict):
    visit_consent: VisitConsent | None
    consent_given_by: ConsentGiver | None
    consent_date: date | None


def _read_consent(reader: RowReader, elder_id: str | None, flags: list[Flag]) -> _Consent:
    """The elder's consent to visits, who gave it and when. In a table that records consent,
    an empty cell is "not yet asked": flagged, so that the coordinator asks (the elder is
    planned as before meanwhile). Calls only or none turn the home visits off."""
    consent = reader.get("visit_consent", parse_visit_consent, None)
    if consent is None and reader.layout.has("visit_consent") and elder_id is not None:
        flags.append(Flag(elder_id, "consent_not_asked", "consent to visits not yet asked"))
    return {
        "visit_consent": consent,
        "consent_given_by": reader.get("consent_given_by", parse_consent_giver, None),
        "consent_date": reader.get("consent_date", parse_date, None),
    }


class _Contacts(TypedDict):
    phone: str | None
    address: str | None
    emergency_contact: str | None
    emergency_phone: str | None


def _read_contacts(reader: RowReader) -> _Contacts:
    """The elder's phone, address and emergency contact, as the Elder's keyword arguments."""
    return {
        "phone": reader.get("phone", parse_phone, None),
        "address": reader.get("address", parse_text, None),
        "emergency_contact": reader.get("emergency_contact", parse_text, None),
        "emergency_phone": reader.get("emergency_phone", parse_phone, None),
    }


_NEED_COLUMNS = (
    "lives_alone",
    "empty_nest",
    "left_behind",
    "family_planning_special",
    "bedridden",
    "limited_mobility",
    "dementia",
)


def _reconcile_birth_date(
    reader: RowReader, birth_date: date | None, id_number: str
) -> date | None:
    """birth_date checked against the ID number, or taken from it when the cell is empty."""
    id_birth_date = birth_date_of_id_number(id_number)
    if birth_date is None and reader.blank("birth_date"):
        return id_birth_date
    if birth_date is not None and birth_date != id_birth_date:
        reader.problem(
            "id_number",
            # Neither date is shown: either would show the masked digits of the ID number.
            f"{shown(id_number)} gives another birth date (characters 7-14) than the "
            f"{reader.layout.column_name('birth_date')} column: correct whichever is wrong",
        )
    return birth_date


def _flag_sex_against_id_number(elder_id: str, sex: str, id_number: str, flags: list[Flag]) -> None:
    """The 17th digit of an ID number is odd for men: a mismatch is a typo in one of them."""
    id_sex = "M" if int(id_number[16]) % 2 == 1 else "F"
    if id_sex != sex:
        flags.append(
            Flag(
                elder_id,
                "sex_differs_from_id_number",
                f"sex is {sex} but the ID number is that of a {'man' if id_sex == 'M' else 'woman'}"
                ": check both",
            )
        )


def _place_unlocated_elders(
    drafts: Sequence[ElderDraft], layout: Layout, problems: list[Problem], flags: list[Flag]
) -> dict[tuple[str, str], LonLat]:
    """Put rows without coordinates at their village's centre; return the village centres."""
    points: dict[tuple[str, str], list[LonLat]] = defaultdict(list)
    for draft in drafts:
        if draft.location is not None and draft.town is not None and draft.village is not None:
            points[(draft.town, draft.village)].append(draft.location)
    centres = {place: centroid(located) for place, located in points.items()}
    tried = {(draft.town, draft.village) for draft in drafts if draft.coords_given}
    if drafts and not (layout.has("lon") or layout.has("lat")):
        # One problem for the header rather than the same one on every row.
        problems.append(
            Problem(
                layout.table.file,
                layout.table.header_row,
                "lon",
                "the header has no lon and lat (经度, 纬度) columns, so no elder can be placed "
                "on a map: add them, with coordinates for at least one elder of each village",
            )
        )
        return centres
    for draft in drafts:
        if draft.coords_given or draft.town is None or draft.village is None:
            continue
        place = (draft.town, draft.village)
        centre = centres.get(place)
        if centre is None:
            if place not in tried:  # else fixing that row's coordinates fixes this one
                problems.append(
                    Problem(
                        layout.table.file,
                        draft.row,
                        layout.column_name("lon"),
                        f"no elder of {draft.village} ({draft.town}) has coordinates, so its "
                        "centre is unknown: give lon/lat for this row or for one elder of the "
                        "village",
                    )
                )
            continue
        if draft.elder is not None:
            draft.elder = replace(draft.elder, location=centre, approximate_location=True)
            flags.append(
                Flag(
                    draft.elder.elder_id,
                    "approximate_location",
                    f"no coordinates: placed at the centre of {draft.village} ({draft.town}), the "
                    f"mean of {counted(len(points[place]), 'located elder')}; give lon/lat for "
                    "better routes",
                )
            )
    return centres


def read_elders(
    table: RawTable, problems: list[Problem], notices: list[Notice], flags: list[Flag]
) -> tuple[list[ElderDraft], Layout, Places]:
    """Read every row of the elders table; a draft per row, the layout, and the places."""
    problems_before = len(problems)
    layout = layout_of(table, ELDER_COLUMNS, problems, notices)
    if not any(layout.has(column) for column in ("birth_date", "age", "id_number")):
        problems.append(
            Problem(
                table.file,
                table.header_row,
                "birth_date",
                "the header has neither birth_date (出生日期) nor age (年龄): add one of them",
            )
        )
    if not table.rows:
        message = "has a header but no data rows: add one row per elder"
        problems.append(Problem(table.file, None, None, message))
    drafts = [_read_elder(RowReader(layout, row, problems), flags) for row in table.rows]
    check_unique_ids(
        ((draft.row, draft.elder_id) for draft in drafts), layout, "elder_id", problems
    )
    centres = _place_unlocated_elders(drafts, layout, problems, flags)
    return drafts, layout, _places(drafts, centres, complete=len(problems) == problems_before)


def _places(
    drafts: Sequence[ElderDraft], centres: Mapping[tuple[str, str], LonLat], *, complete: bool
) -> Places:
    town_points: dict[str, list[LonLat]] = defaultdict(list)
    for draft in drafts:
        if draft.location is not None and draft.town is not None:
            town_points[draft.town].append(draft.location)
    everything = [point for points in town_points.values() for point in points]
    return Places(
        elder_ids=frozenset(draft.elder_id for draft in drafts if draft.elder_id is not None),
        villages=frozenset(
            (draft.town, draft.village)
            for draft in drafts
            if draft.town is not None and draft.village is not None
        ),
        towns=frozenset(draft.town for draft in drafts if draft.town is not None),
        village_centres=centres,
        town_centres={town: centroid(points) for town, points in town_points.items()},
        district_centre=centroid(everything) if everything else None,
        complete=complete,
    )


def no_places() -> Places:
    """The places when there is no elders table to read them from."""
    return Places(frozenset(), frozenset(), frozenset(), {}, {}, None, complete=False)


def places_of(elders: Sequence[Elder]) -> Places:
    """The places of elders already validated (a service's stored elders), against which a
    visitors or history table is checked on its own."""
    located: dict[tuple[str, str], list[LonLat]] = defaultdict(list)
    for elder in elders:
        if not elder.approximate_location:
            located[(elder.town, elder.village)].append(elder.location)
    by_town: dict[str, list[LonLat]] = defaultdict(list)
    for elder in elders:
        by_town[elder.town].append(elder.location)
    everything = [elder.location for elder in elders]
    return Places(
        elder_ids=frozenset(elder.elder_id for elder in elders),
        villages=frozenset((elder.town, elder.village) for elder in elders),
        towns=frozenset(elder.town for elder in elders),
        village_centres={place: centroid(points) for place, points in located.items()},
        town_centres={town: centroid(points) for town, points in by_town.items()},
        district_centre=centroid(everything) if everything else None,
        complete=bool(elders),
    )
