"""Reading the rows of a table by column, with the checks every table shares.

``RowReader`` reads the cells of one row by column name through a cell parser and records a
``Problem`` for each bad cell, so that every problem of a row is reported at once. Here also
what several tables check alike: a point given as lon/lat in any coordinate system (converted to
WGS-84 here, on the way in, and checked to lie in China), and ids unique within a file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from geo.crs import CoordSystem, LonLat, to_wgs84
from planner.io.cells import Cell, is_blank, parse_coord_system, parse_degrees, shown
from planner.io.headers import Layout
from planner.io.problems import Problem
from planner.io.reading import RawRow
from planner.notes import Flag, FlagCode

__all__ = ["CHINA_LAT_RANGE", "CHINA_LON_RANGE", "RowReader", "check_unique_ids", "read_location"]

# Mainland China and its islands, roughly; a point outside is almost always a typo or swapped.
CHINA_LON_RANGE = (73.0, 136.0)
CHINA_LAT_RANGE = (3.0, 54.0)

_T = TypeVar("_T")
_D = TypeVar("_D")


class RowReader:
    """Reads the cells of one row by column name and records a Problem for each bad one."""

    def __init__(self, layout: Layout, row: RawRow, problems: list[Problem]) -> None:
        self.layout = layout
        self.row = row
        self.failed: set[str] = set()
        self._problems = problems
        self._check_overflow()

    def _check_overflow(self) -> None:
        width = len(self.layout.table.headers)
        overflow = self.row.values[width:]
        if self.layout.table.is_csv and any(not is_blank(cell) for cell in overflow):
            self.problem(
                None,
                f"has {width + len(overflow)} values but the header has {width} columns: a value "
                "probably contains a comma; put the value in double quotes or remove the comma",
            )

    def cell(self, column: str) -> Cell:
        position = self.layout.positions.get(column)
        if position is None or position >= len(self.row.values):
            return None
        return self.row.values[position]

    def blank(self, column: str) -> bool:
        return is_blank(self.cell(column))

    def problem(self, column: str | None, message: str) -> None:
        self.failed.add(column or "")
        name = None if column is None else self.layout.column_name(column)
        self._problems.append(Problem(self.layout.table.file, self.row.number, name, message))

    def get(self, column: str, parse: Callable[[Cell], _T], default: _D) -> _T | _D:
        """The parsed cell, ``default`` when it is empty or bad (a bad one is recorded)."""
        cell = self.cell(column)
        if is_blank(cell):
            return default
        try:
            return parse(cell)
        except ValueError as error:
            self.problem(column, str(error))
            return default

    def require(self, column: str, parse: Callable[[Cell], _T], *, what: str) -> _T | None:
        """Like ``get`` but an empty cell is a problem (a missing column is the header's)."""
        if self.layout.has(column) and self.blank(column):
            self.problem(column, f"is empty: {what}")
            return None
        return self.get(column, parse, None)

    @property
    def ok(self) -> bool:
        return not self.failed

    def flag_merged_cells(self, subject_id: str, flags: list[Flag]) -> None:
        """Flag a row whose cells of contract columns were read from a merged block above."""
        filled = [
            (self.layout.column_name(column), self.row.filled_from[position])
            for column, position in self.layout.positions.items()
            if position in self.row.filled_from
        ]
        if not filled:
            return
        flag = Flag(
            subject_id,
            FlagCode.FILLED_FROM_MERGED_CELL,
            rows=(self.row.number,),
            columns=tuple(header for header, _ in filled),
            cells=tuple(dict.fromkeys(ref for _, ref in filled)),
        )
        flags.append(flag)


def read_location(
    reader: RowReader, lon_column: str, lat_column: str
) -> tuple[LonLat | None, bool]:
    """The WGS-84 point of a row, and whether the row gave coordinates at all (good or bad)."""
    lon = reader.get(lon_column, parse_degrees, None)
    lat = reader.get(lat_column, parse_degrees, None)
    system = reader.get("coord_system", parse_coord_system, CoordSystem.WGS84)
    given = not (reader.blank(lon_column) and reader.blank(lat_column))
    if not given or {lon_column, lat_column, "coord_system"} & reader.failed:
        return None, given
    if lon is None or lat is None:
        missing, present = (lon_column, lat_column) if lon is None else (lat_column, lon_column)
        reader.problem(
            missing,
            f"is empty but {reader.layout.column_name(present)} is given: give both "
            "coordinates, or neither to place the row at its village's centre",
        )
        return None, True
    message = _coordinate_problem(lon, lat, lon_column, lat_column)
    if message is not None:
        reader.problem(message[0], message[1])
        return None, True
    return to_wgs84(LonLat(lon, lat), system), True


def _coordinate_problem(
    lon: float, lat: float, lon_column: str, lat_column: str
) -> tuple[str, str] | None:
    china_lon, china_lat = CHINA_LON_RANGE, CHINA_LAT_RANGE
    looks_swapped = china_lon[0] <= lat <= china_lon[1] and china_lat[0] <= lon <= china_lat[1]
    swap_hint = (
        f" lon {lon} and lat {lat} look swapped: in China the longitude is about "
        f"{china_lon[0]:g} to {china_lon[1]:g} and the latitude "
        f"{china_lat[0]:g} to {china_lat[1]:g}"
    )
    if not -180.0 <= lon <= 180.0:
        return lon_column, f"{lon} is not a longitude (-180 to 180):" + (
            swap_hint if looks_swapped else " check the number"
        )
    if not -90.0 <= lat <= 90.0:
        return lat_column, f"{lat} is not a latitude (-90 to 90):" + (
            swap_hint if looks_swapped else " check the number"
        )
    inside = china_lon[0] <= lon <= china_lon[1] and china_lat[0] <= lat <= china_lat[1]
    if inside:
        return None
    if looks_swapped:
        return lon_column, f"is this lat/lon swapped?{swap_hint}"
    return lon_column, (
        f"the point (lon {lon}, lat {lat}) lies outside China (lon {china_lon[0]:g} to "
        f"{china_lon[1]:g}, lat {china_lat[0]:g} to {china_lat[1]:g}): is this lat/lon swapped, "
        "or a digit wrong? Check the coordinates"
    )


def check_unique_ids(
    ids: Iterable[tuple[int, str | None]], layout: Layout, column: str, problems: list[Problem]
) -> None:
    """A problem for each (row, id) whose id an earlier row of the file already has."""
    first_row: dict[str, int] = {}
    for row, identifier in ids:
        if identifier is None:
            continue
        if identifier in first_row:
            problems.append(
                Problem(
                    layout.table.file,
                    row,
                    layout.column_name(column),
                    f"{shown(identifier)} is used on rows {first_row[identifier]} and {row}: "
                    "ids must be unique within the file, give one of them another id",
                )
            )
        else:
            first_row[identifier] = row
