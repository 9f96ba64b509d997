"""Towns shaped unlike the demo district, each named after the defect it carries.

Written apart from ``planner.demo``: its own villages (WGS-84, in Linyi, Shandong), elders and
visitors, seeded so the same kind, size and seed always give the same files. The tables follow
../shared/CONTRACT.md (English headers, booleans as ``1/0``).

Kinds:
- ``far_walkers``: every visitor walks and starts 3-6 km away from the villages served.
- ``half_day_shifts``: shifts of 08:30-12:00 or 13:30-17:00.
- ``three_day_weeks``: visitors working Mon,Wed,Fri or Tue,Thu,Sat.
- ``stray_usual_visitors``: usual visitors who do not serve the elder's village, or serve a far one.
- ``too_few_visitors``: 400 elders, 6 visitors.
- ``split_windows``: most elders have two short windows, 09:00-10:00 and 15:00-16:00.
- ``mixed``: each visitor and elder drawn with one of the defects above, or none.

Every town has a history of visits on 1-4 December for about a third of its elders; in
``HISTORY_THIS_WEEK`` some elders were also visited on the Monday of the planning week.
"""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

KINDS = (
    "far_walkers",
    "half_day_shifts",
    "three_day_weeks",
    "stray_usual_visitors",
    "too_few_visitors",
    "split_windows",
    "mixed",
)
DEFAULT_SIZES = {  # elders, visitors
    "far_walkers": (180, 4),
    "half_day_shifts": (200, 5),
    "three_day_weeks": (200, 5),
    "stray_usual_visitors": (200, 4),
    "too_few_visitors": (400, 6),
    "split_windows": (180, 8),
    "mixed": (250, 12),
}
WEEK = date(2026, 12, 7)
TOWN = "岱崮镇"
TOWN_CENTRE = (117.953, 35.712)  # lon, lat: a hill town of Mengyin county, Linyi
KM_PER_DEGREE_LAT = 111.2
VILLAGE_NAMES = (
    "李家庄",
    "王家峪",
    "东石门村",
    "西河村",
    "北岭村",
    "南洼村",
    "前城子村",
    "后坪村",
    "石桥村",
    "柳树沟村",
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗宋郑谢韩唐冯于董萧程曹"
GIVEN = ("秀英", "桂兰", "玉兰", "凤英", "淑珍", "建国", "国华", "志强", "德胜", "春生", "兰", "明")
ROLES = (
    "village_staff",
    "care_institution",
    "social_worker",
    "family_doctor",
    "elders_association",
    "property_staff",
    "volunteer",
    "neighbour_relative",
)
ABILITIES = ("intact", "mild", "moderate", "severe", "total", "unassessed")
ABILITY_WEIGHTS = (30, 25, 15, 8, 4, 18)
ELDER_COLUMNS = [
    "elder_id",
    "name",
    "birth_date",
    "age",
    "sex",
    "phone",
    "town",
    "village",
    "address",
    "lon",
    "lat",
    "coord_system",
    "lives_alone",
    "empty_nest",
    "left_behind",
    "family_planning_special",
    "disability_grade",
    "ability",
    "bedridden",
    "limited_mobility",
    "dementia",
    "home_visit_consent",
    "time_window",
    "usual_visitor_id",
]
VISITOR_COLUMNS = [
    "visitor_id",
    "name",
    "role",
    "town",
    "villages",
    "start_lon",
    "start_lat",
    "coord_system",
    "travel_mode",
    "work_days",
    "shift",
    "max_home_visits_per_day",
]
HISTORY_COLUMNS = ("date", "elder_id", "visitor_id", "mode")
SPLIT_WINDOWS = "09:00-10:00;15:00-16:00"
HISTORY_THIS_WEEK = ("too_few_visitors", "stray_usual_visitors")
"""Kinds where some elders were already visited on the Monday of the planning week."""
VISITOR_DEFECTS = ("far_walkers", "half_day_shifts", "three_day_weeks")


@dataclass
class Town:
    kind: str
    villages: dict[str, tuple[float, float]]
    elders: list[dict[str, str]] = field(default_factory=list)
    visitors: list[dict[str, str]] = field(default_factory=list)
    history: list[dict[str, str]] = field(default_factory=list)


def offset(point: tuple[float, float], km: float, bearing: float) -> tuple[float, float]:
    """The point ``km`` away on ``bearing`` (radians), flat-earth: fine over a few km."""
    lon, lat = point
    d_lat = km * math.cos(bearing) / KM_PER_DEGREE_LAT
    d_lon = km * math.sin(bearing) / (KM_PER_DEGREE_LAT * math.cos(math.radians(lat)))
    return (round(lon + d_lon, 6), round(lat + d_lat, 6))


def _villages(rng: random.Random, count: int) -> dict[str, tuple[float, float]]:
    return {
        name: offset(TOWN_CENTRE, rng.uniform(0.5, 5.5), rng.uniform(0, 2 * math.pi))
        for name in VILLAGE_NAMES[:count]
    }


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _flag(rng: random.Random, chance: float) -> str:
    return "1" if rng.random() < chance else "0"


def _visitor(rng: random.Random, town: Town, number: int, defect: str) -> dict[str, str]:
    names = sorted(town.villages)
    served = rng.sample(names, k=min(len(names), rng.choice((1, 1, 2, 3))))
    whole_town = rng.random() < 0.15 and defect != "far_walkers"
    start = offset(town.villages[served[0]], rng.uniform(0.0, 0.4), rng.uniform(0, 6.3))
    row = {
        "visitor_id": f"V{number:02d}",
        "name": _name(rng),
        "role": rng.choice(ROLES),
        "town": TOWN,
        "villages": "" if whole_town else ";".join(served),
        "start_lon": f"{start[0]:.6f}",
        "start_lat": f"{start[1]:.6f}",
        "coord_system": "wgs84",
        "travel_mode": rng.choice(("ebike", "ebike", "bike", "car", "walk")),
        "work_days": "Mon-Fri",
        "shift": "08:30-17:00",
        "max_home_visits_per_day": str(rng.choice((6, 8, 8, 10))),
    }
    if defect == "far_walkers":
        far = offset(town.villages[served[0]], rng.uniform(3.0, 6.0), rng.uniform(0, 6.3))
        row.update(travel_mode="walk", start_lon=f"{far[0]:.6f}", start_lat=f"{far[1]:.6f}")
    elif defect == "half_day_shifts":
        row["shift"] = "08:30-12:00" if number % 2 else "13:30-17:00"
    elif defect == "three_day_weeks":
        row["work_days"] = "Mon,Wed,Fri" if number % 2 else "Tue,Thu,Sat"
    return row


def _cover_every_village(town: Town) -> None:
    """Every village served by someone, so that what is left out is left out by the defect."""
    served = set()
    for visitor in town.visitors:
        if not visitor["villages"]:
            return
        served |= set(visitor["villages"].split(";"))
    for index, village in enumerate(sorted(set(town.villages) - served)):
        visitor = town.visitors[index % len(town.visitors)]
        visitor["villages"] += ";" + village


def _birth(rng: random.Random) -> tuple[str, str]:
    """(birth_date, age): ages 60-95 on the planning week, some given as age only."""
    age = rng.randint(60, 95)
    born = WEEK - timedelta(days=int(age * 365.25) + rng.randint(1, 360))
    if rng.random() < 0.2:
        return "", str((WEEK - born).days * 100 // 36525)
    return born.isoformat(), ""


def _serving(town: Town, village: str) -> list[dict[str, str]]:
    return [v for v in town.visitors if not v["villages"] or village in v["villages"].split(";")]


def _usual_visitor(rng: random.Random, town: Town, village: str, stray: bool) -> str:
    serving = _serving(town, village)
    if not stray:
        return rng.choice(serving)["visitor_id"] if rng.random() < 0.5 else ""
    strangers = [v for v in town.visitors if v not in serving]
    far = [v for v in serving if v["travel_mode"] == "walk" or v["villages"] == ""]
    pool = strangers or far or serving
    return rng.choice(pool)["visitor_id"]


def _elder(rng: random.Random, town: Town, number: int, defect: str) -> dict[str, str]:
    village = rng.choice(sorted(town.villages))
    home = offset(town.villages[village], abs(rng.gauss(0, 0.35)), rng.uniform(0, 6.3))
    birth_date, age = _birth(rng)
    grade = rng.choices(("", "1", "2", "3", "4"), weights=(80, 4, 5, 6, 5))[0]
    window = rng.choice(("", "", "", "08:30-11:30;14:00-17:00", "09:00-16:00", "14:00-17:00"))
    if defect == "split_windows":
        window = SPLIT_WINDOWS
    return {
        "elder_id": f"E{number:04d}",
        "name": _name(rng),
        "birth_date": birth_date,
        "age": age,
        "sex": rng.choice("MF"),
        "phone": f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}",
        "town": TOWN,
        "village": village,
        "address": f"{village}{rng.randint(1, 120)}号",
        "lon": f"{home[0]:.6f}",
        "lat": f"{home[1]:.6f}",
        "coord_system": rng.choice(("wgs84", "")),
        "lives_alone": _flag(rng, 0.3),
        "empty_nest": _flag(rng, 0.4),
        "left_behind": _flag(rng, 0.1),
        "family_planning_special": _flag(rng, 0.05),
        "disability_grade": grade,
        "ability": rng.choices(ABILITIES, weights=ABILITY_WEIGHTS)[0],
        "bedridden": _flag(rng, 0.05),
        "limited_mobility": _flag(rng, 0.15),
        "dementia": _flag(rng, 0.05),
        "home_visit_consent": "0" if rng.random() < 0.08 else rng.choice(("1", "")),
        "time_window": window,
        "usual_visitor_id": _usual_visitor(rng, town, village, defect == "stray_usual_visitors"),
    }


def _history(rng: random.Random, town: Town) -> list[dict[str, str]]:
    """Visits earlier in the month (Tue 1 to Fri 4 December) for about a third of the elders."""
    rows = []
    for elder in town.elders:
        serving = _serving(town, elder["village"])
        if rng.random() > 0.35 or not serving:
            continue
        day = WEEK - timedelta(days=rng.randint(3, 6))
        mode = "home" if elder["home_visit_consent"] != "0" and rng.random() < 0.7 else "phone"
        visitor = rng.choice(serving)["visitor_id"]
        rows.append(
            {
                "date": day.isoformat(),
                "elder_id": elder["elder_id"],
                "visitor_id": visitor,
                "mode": mode,
            }
        )
    return sorted(rows, key=lambda r: (r["date"], r["elder_id"]))


def _history_this_week(rng: random.Random, town: Town) -> list[dict[str, str]]:
    """Visits already made on the Monday of the planning week (a plan redone on Monday night),
    for about one elder in twenty-five who had none earlier in the month."""
    seen = {row["elder_id"] for row in town.history}
    rows = []
    for elder in town.elders:
        serving = _serving(town, elder["village"])
        if elder["elder_id"] in seen or not serving or rng.random() > 0.04:
            continue
        mode = "home" if elder["home_visit_consent"] != "0" else "phone"
        visitor = rng.choice(serving)["visitor_id"]
        rows.append(
            {
                "date": WEEK.isoformat(),
                "elder_id": elder["elder_id"],
                "visitor_id": visitor,
                "mode": mode,
            }
        )
    return rows


def make_town(
    kind: str, *, elders: int | None = None, visitors: int | None = None, seed: int = 1
) -> Town:
    """A town of ``kind`` (one of ``KINDS``); sizes default to ``DEFAULT_SIZES``."""
    if kind not in KINDS:
        raise ValueError(f"unknown town kind {kind!r}; choose one of {', '.join(KINDS)}")
    default_elders, default_visitors = DEFAULT_SIZES[kind]
    rng = random.Random(f"{kind}/{seed}")
    town = Town(kind, _villages(rng, 6 if kind != "mixed" else 8))
    for number in range(1, (visitors or default_visitors) + 1):
        defect = rng.choice((*VISITOR_DEFECTS, "")) if kind == "mixed" else kind
        town.visitors.append(_visitor(rng, town, number, defect))
    _cover_every_village(town)
    for number in range(1, (elders or default_elders) + 1):
        defect = kind
        if kind == "mixed":
            defect = rng.choice(("split_windows", "stray_usual_visitors", "", ""))
        town.elders.append(_elder(rng, town, number, defect))
    town.history = _history(rng, town)
    if kind in HISTORY_THIS_WEEK:
        town.history += _history_this_week(random.Random(f"{kind}/{seed}/this week"), town)
    return town


def _write(path: Path, columns: tuple[str, ...] | list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@dataclass(frozen=True)
class TownFiles:
    elders: Path
    visitors: Path
    history: Path


def write_town(town: Town, folder: Path) -> TownFiles:
    """Write elders.csv, visitors.csv and history.csv into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    files = TownFiles(folder / "elders.csv", folder / "visitors.csv", folder / "history.csv")
    _write(files.elders, ELDER_COLUMNS, town.elders)
    _write(files.visitors, VISITOR_COLUMNS, town.visitors)
    _write(files.history, HISTORY_COLUMNS, town.history)
    return files
