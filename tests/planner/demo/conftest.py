"""The demo district's tables, made once a session, and the tests' own readings of their rows.

The readings are independent of the generator: they read the rows as the contract describes them.
"""

from __future__ import annotations

from datetime import date

import pytest

from geo.crs import CoordSystem, LonLat, to_wgs84
from planner.demo.district import DemoSize, demo_rows
from planner.model import Ability, Elder, Tier
from planner.policy import classify, load_policy

PLANNING_DATE = date(2025, 3, 3)
WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

Rows = list[dict[str, str]]
Tables = tuple[Rows, Rows]


@pytest.fixture(scope="session")
def default_tables() -> Tables:
    return demo_rows(planning_date=PLANNING_DATE)


@pytest.fixture(scope="session")
def large_tables() -> Tables:
    return demo_rows(
        size=DemoSize(elders=10_000, visitors=400, towns=7), planning_date=PLANNING_DATE
    )


@pytest.fixture(scope="session")
def small_tables() -> Tables:
    return demo_rows(size=DemoSize(elders=200, visitors=10, towns=2), planning_date=PLANNING_DATE)


# --- independent readings of the rows ----------------------------------------------------------


def work_weekdays(text: str) -> set[int]:
    if not text:
        return set(range(5))
    days: set[int] = set()
    for part in text.split(","):
        first, _, last = part.partition("-")
        days.update(range(WEEKDAY_NAMES.index(first), WEEKDAY_NAMES.index(last or first) + 1))
    return days


def serves(visitor: dict[str, str], town: str, village: str) -> bool:
    served = visitor["villages"].split(";") if visitor["villages"] else []
    return visitor["town"] == town and (not served or village in served)


def villages_of(elders: Rows) -> set[tuple[str, str]]:
    return {(row["town"], row["village"]) for row in elders}


def wgs84_point(lon: str, lat: str, system: str) -> LonLat:
    return to_wgs84(LonLat(float(lon), float(lat)), CoordSystem(system or "wgs84"))


def as_elder(row: dict[str, str]) -> Elder:
    return Elder(
        elder_id=row["elder_id"],
        name=row["name"],
        town=row["town"],
        village=row["village"],
        location=LonLat(0.0, 0.0),
        birth_date=date.fromisoformat(row["birth_date"]) if row["birth_date"] else None,
        stated_age=int(row["age"]) if row["age"] else None,
        disability_grade=int(row["disability_grade"]) if row["disability_grade"] else None,
        ability=Ability(row["ability"]),
        bedridden=row["bedridden"] == "1",
        limited_mobility=row["limited_mobility"] == "1",
        dementia=row["dementia"] == "1",
        home_visit_consent=row["home_visit_consent"] == "1",
    )


def tiers_of(elders: Rows) -> dict[str, Tier]:
    policy = load_policy()
    return {row["elder_id"]: classify(as_elder(row), policy, PLANNING_DATE).tier for row in elders}
