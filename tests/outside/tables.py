"""What the outside checker reads: the input tables, a plan's output files and the policy's
numbers, with the csv module and tomllib only (nothing of the planner's code).

Travel is worked out here again as geo/travel.py documents it: the great-circle distance times
the detour factor, at the travel mode's speed, in whole minutes rounded up.
"""

from __future__ import annotations

import csv
import json
import math
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_POLICY = ROOT / "planner" / "default_policy.toml"
EARTH_KM = 6371.0088
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TRUE_WORDS = {"1", "true", "yes", "y", "是"}
FALSE_WORDS = {"0", "false", "no", "n", "否"}
WHOLE_DAY = (0, 24 * 60)
HEADERS_ZH = {  # the contract's Chinese headers this checker may meet
    "编号": "id",
    "村居": "village",
    "镇街": "town",
    "经度": "lon",
    "纬度": "lat",
    "同意入户": "home_visit_consent",
    "可探访时段": "time_window",
    "服务村居": "villages",
    "出发经度": "start_lon",
    "出发纬度": "start_lat",
    "出行方式": "travel_mode",
    "工作日": "work_days",
    "工作时段": "shift",
    "每日最多入户": "max_home_visits_per_day",
    "坐标系": "coord_system",
}

Point = tuple[float, float]
Span = tuple[int, int]


@dataclass(frozen=True)
class Rules:
    """The policy's numbers the checker needs."""

    visit_minutes: dict[str, int]
    speed_kph: dict[str, float]
    detour_factor: float
    min_days_between_visits: int

    def travel_minutes(self, a: Point, b: Point, mode: str) -> int:
        lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
        h = (
            math.sin((lat2 - lat1) / 2) ** 2
            + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        )
        road_km = 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h))) * self.detour_factor
        return max(0, math.ceil(road_km / self.speed_kph[mode] * 60 - 1e-9))


def load_rules(path: Path = DEFAULT_POLICY) -> Rules:
    with path.open("rb") as stream:
        policy: dict[str, Any] = tomllib.load(stream)
    return Rules(
        visit_minutes={k: int(v) for k, v in policy["visit_minutes"].items()},
        speed_kph={k: float(v) for k, v in policy["travel"]["speed_kph"].items()},
        detour_factor=float(policy["travel"]["detour_factor"]),
        min_days_between_visits=int(policy["spacing"]["min_days_between_visits"]),
    )


@dataclass(frozen=True)
class Elder:
    elder_id: str
    town: str
    village: str
    home: Point
    consent: bool
    windows: tuple[Span, ...]


@dataclass(frozen=True)
class Visitor:
    visitor_id: str
    town: str
    villages: frozenset[str]
    start: Point
    travel_mode: str
    weekdays: frozenset[int]
    shift: Span
    cap: int

    def serves(self, elder: Elder) -> bool:
        return elder.town == self.town and (not self.villages or elder.village in self.villages)


@dataclass(frozen=True)
class Visit:
    """A roster row; times in minutes after midnight."""

    day: date
    visitor_id: str
    elder_id: str
    mode: str
    sequence: int
    arrival: int
    departure: int
    travel: int
    row: int


@dataclass(frozen=True)
class Left:
    """An unassigned.csv row."""

    elder_id: str
    tier: str
    due_by: date
    mode: str
    reason: str
    row: int


@dataclass(frozen=True)
class Town:
    elders: dict[str, Elder]
    visitors: dict[str, Visitor]
    history: tuple[tuple[date, str, str], ...]
    """(date, elder_id, mode) of visits already made."""


@dataclass(frozen=True)
class Plan:
    roster: tuple[Visit, ...]
    unassigned: tuple[Left, ...]
    summary: dict[str, Any]


def minutes(hhmm: str) -> int:
    hours, mins = hhmm.strip().split(":")
    return int(hours) * 60 + int(mins)


def span(text: str) -> Span:
    start, end = text.strip().split("-")
    return (minutes(start), minutes(end))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    return [
        {HEADERS_ZH.get(k.strip(), k.strip()): (v or "").strip() for k, v in row.items()}
        for row in rows
    ]


def _boolean(text: str, default: bool) -> bool:
    if not text:
        return default
    if text.lower() in TRUE_WORDS:
        return True
    if text.lower() in FALSE_WORDS:
        return False
    raise ValueError(f"not a boolean: {text!r}")


def _weekdays(text: str) -> frozenset[int]:
    days: set[int] = set()
    for part in (text or "Mon-Fri").lower().replace(" ", "").split(","):
        first, _, last = part.partition("-")
        start = WEEKDAYS.index(first[:3])
        end = WEEKDAYS.index(last[:3]) if last else start
        days.update(range(start, end + 1))
    return frozenset(days)


def _wgs84(row: dict[str, str], path: Path) -> None:
    if row.get("coord_system", "").lower() not in ("", "wgs84"):
        raise ValueError(f"{path.name}: the outside checker reads WGS-84 coordinates only")


def _start(row: dict[str, str], villages: frozenset[str], elders: dict[str, Elder]) -> Point:
    """The start given, else the centre of the first village served (as the contract has it),
    else of the town's elders."""
    if row.get("start_lon") and row.get("start_lat"):
        return (float(row["start_lon"]), float(row["start_lat"]))
    first = row.get("villages", "").split(";")[0].strip()
    homes = [e.home for e in elders.values() if e.town == row["town"] and e.village == first]
    homes = homes or [e.home for e in elders.values() if e.town == row["town"]]
    return (sum(h[0] for h in homes) / len(homes), sum(h[1] for h in homes) / len(homes))


def read_town(elders_csv: Path, visitors_csv: Path, history_csv: Path | None) -> Town:
    elders = {}
    for row in _rows(elders_csv):
        _wgs84(row, elders_csv)
        windows = row.get("time_window", "")
        elder_id = row.get("elder_id") or row["id"]
        elders[elder_id] = Elder(
            elder_id=elder_id,
            town=row["town"],
            village=row["village"],
            home=(float(row["lon"]), float(row["lat"])),
            consent=_boolean(row.get("home_visit_consent", ""), True),
            windows=tuple(span(w) for w in windows.split(";") if w) or (WHOLE_DAY,),
        )
    visitors = {}
    for row in _rows(visitors_csv):
        _wgs84(row, visitors_csv)
        villages = frozenset(v.strip() for v in row.get("villages", "").split(";") if v.strip())
        visitor_id = row.get("visitor_id") or row["id"]
        visitors[visitor_id] = Visitor(
            visitor_id=visitor_id,
            town=row["town"],
            villages=villages,
            start=_start(row, villages, elders),
            travel_mode=row.get("travel_mode") or "ebike",
            weekdays=_weekdays(row.get("work_days", "")),
            shift=span(row.get("shift") or "08:30-17:00"),
            cap=int(row.get("max_home_visits_per_day") or 8),
        )
    history: list[tuple[date, str, str]] = []
    if history_csv is not None:
        for row in _rows(history_csv):
            history.append((date.fromisoformat(row["date"]), row["elder_id"], row["mode"]))
    return Town(elders, visitors, tuple(history))


def read_plan(folder: Path) -> Plan:
    roster = tuple(
        Visit(
            day=date.fromisoformat(row["date"]),
            visitor_id=row["visitor_id"],
            elder_id=row["elder_id"],
            mode=row["mode"],
            sequence=int(row["sequence"]),
            arrival=minutes(row["arrival"]),
            departure=minutes(row["departure"]),
            travel=int(row["travel_minutes"]),
            row=number,
        )
        for number, row in enumerate(_rows(folder / "roster.csv"), start=2)
    )
    unassigned = tuple(
        Left(
            elder_id=row["elder_id"],
            tier=row["tier"],
            due_by=date.fromisoformat(row["due_by"]),
            mode=row.get("mode") or "home",
            reason=row["reason"],
            row=number,
        )
        for number, row in enumerate(_rows(folder / "unassigned.csv"), start=2)
    )
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    return Plan(roster, unassigned, summary)


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"
