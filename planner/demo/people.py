"""The demo district's elders: who they are, how they are, where and with whom they live.

Elders live in households of one or two (elder couples share a door) clustered in lanes within
about 400 m of the village centre, or in blocks of flats in a community. They carry the facts the
policy derives tiers from (age, disability grade, ability assessment, bedridden, limited mobility,
dementia) in shares that give about 40% key, 15% secondary and 45% general elders, and the untidy
parts of real tables: some rows with only an age, some without an ID number or a phone, some
coordinates copied from Amap (GCJ-02) and some missing.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from planner.demo.draws import apportion, pick, pick_weighted
from planner.demo.geography import (
    DISTRICT,
    GCJ02_SHARE,
    Point,
    Town,
    Village,
    coordinate_cells,
    in_disc,
    scatter,
)
from planner.demo.names import person_name, weighted_surname
from planner.io.ids import id_check_character
from planner.model import Ability, Elder, Tier
from planner.policy import Policy, classify, load_policy

AREA_CODE = "370404"  # resident ID area code of Yicheng District

# The columns of the elders' table: all of ../shared/CONTRACT.md's, in its order.
ELDER_HEADERS = (
    "elder_id", "name", "birth_date", "age", "sex", "id_number", "phone", "town", "village",
    "address", "lon", "lat", "coord_system", "lives_alone", "empty_nest", "left_behind",
    "family_planning_special", "disability_grade", "ability", "bedridden", "limited_mobility",
    "dementia", "home_visit_consent", "time_window", "emergency_contact", "emergency_phone",
    "usual_visitor_id",
)  # fmt: skip

WEEKLY_HOME_VISITS = {Tier.KEY: 0.93, Tier.SECONDARY: 0.46, Tier.GENERAL: 0.1}
"""Home visits a week an elder of each tier needs under the default policy (4, 2 a month;
general elders once a quarter)."""

# Age bands (first, last, weight): skewed young, yet about a third are 80 or older, as in lists of
# elders with special difficulties.
_AGE_BANDS = (
    (60, 64, 19.0), (65, 69, 17.0), (70, 74, 15.5), (75, 79, 14.5),
    (80, 84, 14.0), (85, 89, 11.0), (90, 94, 6.5), (95, 100, 2.5),
)  # fmt: skip
_ABILITY_SHARES_UNDER_80 = {
    Ability.INTACT: 0.33, Ability.MILD: 0.17, Ability.MODERATE: 0.11, Ability.SEVERE: 0.025,
    Ability.TOTAL: 0.01, Ability.UNASSESSED: 0.355,
}  # fmt: skip
_ABILITY_SHARES_80_PLUS = {
    Ability.INTACT: 0.15, Ability.MILD: 0.20, Ability.MODERATE: 0.17, Ability.SEVERE: 0.08,
    Ability.TOTAL: 0.04, Ability.UNASSESSED: 0.36,
}  # fmt: skip
_ABILITIES = tuple(Ability)
_ABILITY_CUMULATIVE = {
    old: tuple(itertools.accumulate(shares[ability] for ability in _ABILITIES))
    for old, shares in ((False, _ABILITY_SHARES_UNDER_80), (True, _ABILITY_SHARES_80_PLUS))
}
_AGE_BAND_CUMULATIVE = tuple(itertools.accumulate(weight for _, _, weight in _AGE_BANDS))
_LIMITED_MOBILITY_BY_ABILITY = {
    Ability.INTACT: 0.02, Ability.MILD: 0.15, Ability.MODERATE: 0.6, Ability.SEVERE: 0.5,
    Ability.TOTAL: 0.3, Ability.UNASSESSED: 0.0,
}  # fmt: skip
_DISABILITY_GRADE_WEIGHTS = (0.15, 0.25, 0.30, 0.30)  # grades 1-4
_COUPLE_HOUSEHOLD_SHARE = 0.2
_TIME_WINDOWS = (
    "09:00-11:30", "14:00-17:00", "08:30-11:30;14:30-16:30", "09:00-11:00", "15:00-17:00",
    "08:30-10:30", "14:30-16:30", "09:30-11:30;15:00-16:30",
)  # fmt: skip
_ONLY_AGE_SHARE = 0.04
_NO_ID_SHARE = 0.05
_NO_COORDINATES_SHARE = 0.03
_MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "180", "181", "182", "183", "184", "185", "186",
    "187", "188", "189",
)  # fmt: skip


@dataclass(eq=False)
class ElderDraft:
    """An elder's row of the table, while the visitors are still to be chosen."""

    row: dict[str, str]
    village: Village
    weekly_home_visits: float


@dataclass(frozen=True)
class _Health:
    ability: Ability
    disability_grade: int | None
    bedridden: bool
    limited_mobility: bool
    dementia: bool


@dataclass(frozen=True)
class _Household:
    spot: Point
    family_name: str
    """The husband's family name, which the children carry too."""
    address: str
    lives_with_partner: bool
    empty_nest: bool
    left_behind: bool
    emergency_contact: str
    emergency_phone: str


def make_elders(
    towns: Sequence[Town],
    villages: Sequence[Village],
    count: int,
    rng: random.Random,
    *,
    planning_date: date,
) -> list[ElderDraft]:
    """``count`` elders spread over ``villages``, at least one each, more in crowded towns."""
    town_weights = {town.name: town.elder_weight for town in towns}
    weights = [
        rng.lognormvariate(0.0, 0.4)
        * (1.3 if village.community else 1.0)
        * town_weights[village.town]
        for village in villages
    ]
    counts = apportion(count, weights, minimum=1)
    maker = _ElderMaker(rng, planning_date, width=max(6, len(str(count))))
    for village, village_count in zip(villages, counts, strict=True):
        maker.fill(village, village_count)
    return maker.elders


class _ElderMaker:
    def __init__(self, rng: random.Random, planning_date: date, *, width: int) -> None:
        self.rng = rng
        self.planning_date = planning_date
        self.width = width
        self.policy: Policy = load_policy()
        self.elders: list[ElderDraft] = []
        self.id_numbers: set[str] = set()

    def fill(self, village: Village, count: int) -> None:
        """Add ``count`` elders to ``village`` in households of one or two."""
        layout = _VillageLayout(village, self.rng, households=count)
        remaining = count
        while remaining > 0:
            couple = remaining >= 2 and self.rng.random() < _COUPLE_HOUSEHOLD_SHARE
            household = layout.household(self.rng, couple=couple)
            if couple:
                husband_age = _sample_age(self.rng)
                wife_age = min(100, max(60, husband_age - self.rng.randint(-1, 5)))
                self._add(village, household, age=husband_age, female=False)
                self._add(village, household, age=wife_age, female=True)
            else:
                age = _sample_age(self.rng)
                female = self.rng.random() < 0.55 + 0.005 * (age - 60)  # widows outlive
                self._add(village, household, age=age, female=female)
            remaining -= 2 if couple else 1

    def _add(self, village: Village, household: _Household, *, age: int, female: bool) -> None:
        rng = self.rng
        elder_id = f"E{len(self.elders) + 1:0{self.width}d}"
        birth = _birth_date(rng, age, self.planning_date)
        health = _sample_health(rng, age)
        lives_alone = not household.lives_with_partner and rng.random() < 0.42
        # The first elder of a village always has coordinates, so the village has a centre.
        first_here = not village.elders
        located = first_here or rng.random() >= _NO_COORDINATES_SHARE
        row = dict.fromkeys(ELDER_HEADERS, "")  # every column, in the contract's order
        row |= {
            "elder_id": elder_id,
            "name": person_name(
                rng, female=female, old=True, surname=None if female else household.family_name
            ),
            "sex": "F" if female else "M",
            "phone": _mobile(rng) if rng.random() < 0.93 else "",
            "town": village.town,
            "village": village.name,
            "address": household.address,
            "lives_alone": _flag(lives_alone),
            "empty_nest": _flag(household.empty_nest or (lives_alone and rng.random() < 0.6)),
            "left_behind": _flag(household.left_behind),
            "family_planning_special": _flag(rng.random() < 0.02),
            "disability_grade": str(health.disability_grade or ""),
            "ability": health.ability.value,
            "bedridden": _flag(health.bedridden),
            "limited_mobility": _flag(health.limited_mobility),
            "dementia": _flag(health.dementia),
            "home_visit_consent": _flag(rng.random() >= 0.03),
            "time_window": pick(rng, _TIME_WINDOWS) if rng.random() < 0.15 else "",
            "emergency_contact": household.emergency_contact,
            "emergency_phone": household.emergency_phone,
        }
        row |= self._identity(rng, age, birth, female=female)
        if located:
            gcj02 = rng.random() < GCJ02_SHARE
            row["lon"], row["lat"], row["coord_system"] = coordinate_cells(
                household.spot, gcj02=gcj02
            )
        facts = Elder(
            elder_id=elder_id,
            name=row["name"],
            town=village.town,
            village=village.name,
            location=household.spot.lonlat(),
            birth_date=birth,
            ability=health.ability,
            disability_grade=health.disability_grade,
            bedridden=health.bedridden,
            limited_mobility=health.limited_mobility,
            dementia=health.dementia,
        )
        tier = classify(facts, self.policy, self.planning_date).tier
        weekly = WEEKLY_HOME_VISITS[tier] if row["home_visit_consent"] == "1" else 0.0
        draft = ElderDraft(row, village, weekly)
        village.elders.append(draft)
        self.elders.append(draft)

    def _identity(
        self, rng: random.Random, age: int, birth: date, *, female: bool
    ) -> dict[str, str]:
        """Birth date and ID number for most; only an age for a few, as real tables have."""
        draw = rng.random()
        if draw < _ONLY_AGE_SHARE:
            return {"age": str(age)}
        if draw < _ONLY_AGE_SHARE + _NO_ID_SHARE:
            return {"birth_date": birth.isoformat()}
        return {
            "birth_date": birth.isoformat(),
            "id_number": self._id_number(rng, birth, female=female),
        }

    def _id_number(self, rng: random.Random, birth: date, *, female: bool) -> str:
        while True:
            # The sequence's last digit is odd for men, even for women (GB 11643).
            sequence = rng.randrange(500) * 2 + (0 if female else 1)
            if sequence == 0:
                continue
            first_17 = f"{AREA_CODE}{birth.year:04d}{birth.month:02d}{birth.day:02d}{sequence:03d}"
            id_number = first_17 + id_check_character(first_17)
            if id_number not in self.id_numbers:
                self.id_numbers.add(id_number)
                return id_number


def _mobile(rng: random.Random) -> str:
    return pick(rng, _MOBILE_PREFIXES) + f"{int(rng.random() * 10**8):08d}"


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _sample_age(rng: random.Random) -> int:
    first, last, _ = pick_weighted(rng, _AGE_BANDS, _AGE_BAND_CUMULATIVE)
    return first + int(rng.random() * (last - first + 1))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - years, day=28)


def _birth_date(rng: random.Random, age: int, planning_date: date) -> date:
    """A birth date that makes the elder ``age`` whole years old on ``planning_date``."""
    earliest, span_days = _birth_dates_for_age(age, planning_date)
    return earliest + timedelta(days=int(rng.random() * span_days))


@lru_cache(maxsize=256)
def _birth_dates_for_age(age: int, planning_date: date) -> tuple[date, int]:
    """The earliest birth date giving ``age`` on ``planning_date``, and how many dates do."""
    latest = _years_before(planning_date, age)
    earliest = _years_before(planning_date, age + 1) + timedelta(days=1)
    return earliest, (latest - earliest).days + 1


def _sample_health(rng: random.Random, age: int) -> _Health:
    old = age >= 80
    ability = pick_weighted(rng, _ABILITIES, _ABILITY_CUMULATIVE[old])
    if ability is Ability.UNASSESSED:
        # Unassessed elders are the ones whose bed or walking stick decides their tier.
        bedridden = rng.random() < (0.10 if old else 0.05)
        limited_mobility = not bedridden and rng.random() < (0.45 if old else 0.40)
    else:
        bedridden = ability in (Ability.SEVERE, Ability.TOTAL) and rng.random() < 0.5
        limited_mobility = not bedridden and rng.random() < _LIMITED_MOBILITY_BY_ABILITY[ability]
    grade = None
    if rng.random() < 0.10:
        grade = rng.choices((1, 2, 3, 4), weights=_DISABILITY_GRADE_WEIGHTS)[0]
    dementia = rng.random() < (0.07 if old else 0.02)
    return _Health(ability, grade, bedridden, limited_mobility, dementia)


class _VillageLayout:
    """Where the households of a village are: lanes of houses, or blocks of flats."""

    def __init__(self, village: Village, rng: random.Random, *, households: int) -> None:
        self.village = village
        if village.community:
            # A block of flats houses about fifteen of the community's elder households.
            buildings = max(rng.randint(4, 12), math.ceil(households / 15))
            self.clusters = [
                in_disc(rng, village.centre, min_km=0.0, max_km=0.25) for _ in range(buildings)
            ]
        else:
            lanes = rng.randint(2, 5)
            self.clusters = [
                in_disc(rng, village.centre, min_km=0.0, max_km=0.22) for _ in range(lanes)
            ]
        self.used_doors: set[str] = set()
        # House numbers run a little beyond the number of homes: some houses have no elder.
        self.house_numbers = rng.sample(range(1, max(60, households * 4 // 3) + 1), households)

    def household(self, rng: random.Random, *, couple: bool) -> _Household:
        village = self.village
        cluster_index = rng.randrange(len(self.clusters))
        cluster = self.clusters[cluster_index]
        if village.community:
            spot = scatter(rng, cluster, sigma_km=0.012, max_km=0.03)
            door = self._flat(rng, building=cluster_index + 1)
        else:
            spot = scatter(rng, cluster, sigma_km=0.07, max_km=0.15)
            door = self._house_number()
        # Lanes lie within 220 m of the centre and homes within 150 m of their lane (blocks 250 m
        # and 30 m), so every home is within 400 m of the village centre.
        family_name = weighted_surname(rng)
        has_contact = rng.random() < 0.92
        # The contact is mostly a child, who carries the father's family name.
        contact_surname = family_name if rng.random() < 0.75 else None
        contact = person_name(rng, female=rng.random() < 0.45, old=False, surname=contact_surname)
        return _Household(
            spot=spot,
            family_name=family_name,
            address=f"{DISTRICT}{village.town}{village.name}{door}",
            lives_with_partner=couple,
            empty_nest=rng.random() < (0.55 if couple else 0.3),
            left_behind=rng.random() < (0.03 if village.community else 0.15),
            emergency_contact=contact if has_contact else "",
            emergency_phone=_mobile(rng) if has_contact else "",
        )

    def _flat(self, rng: random.Random, *, building: int) -> str:
        while True:
            door = f"{building}号楼{rng.randint(1, 4)}单元{rng.randint(1, 6)}0{rng.randint(1, 2)}室"
            # A block has 48 flats; when the blocks are nearly full, neighbours may share a door.
            if door not in self.used_doors or len(self.used_doors) > 40 * len(self.clusters):
                self.used_doors.add(door)
                return door

    def _house_number(self) -> str:
        return f"{self.house_numbers.pop()}号"
