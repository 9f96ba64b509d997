"""The demo district: 峄城区 (Yicheng District, Zaozhuang, Shandong), made up but believable.

Its seven towns and subdistricts sit where the real ones are: 坛山街道 (the urban seat), 吴林街道
(half town, half country), and the rural towns 古邵镇, 阴平镇, 底阁镇, 榴园镇 and 峨山镇. Each has
about twenty villages (村) and communities (社区, denser and closer together, in the urban parts)
within about 6 km of the town centre, at least 600 m apart, each village on its own town's side
of the district. Elders live in households of one or two (elder couples share a door) clustered
in lanes within about 400 m of the village centre, or in blocks of flats in a community.

The elders carry the facts the policy derives tiers from (age, disability grade, ability
assessment, bedridden, limited mobility, dementia) in shares that give about 40% key, 15%
secondary and 45% general elders, and the untidy parts of real tables: some rows with only an
age, some without an ID number or a phone, some coordinates copied from Amap (GCJ-02) and some
missing. The visitors are the eight kinds of the policy, split over the towns in proportion to
their elders: village staff serving one to three neighbouring villages, social workers and
care-institution staff serving four to eight, family doctors serving the town or a part of it,
part-time volunteers and elders' association members, property staff in urban communities and
the odd neighbour. Every village is served by at least two visitors who work every weekday, and
the home-visit capacity is several times the weekly need.

The output is the input tables of CONTRACT.md (CSV, English headers), so the demo is planned
through the same reader as a coordinator's own tables. The same seed gives the same bytes.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from geo.crs import LonLat, wgs84_to_gcj02
from planner.demand import compute_demand
from planner.io.outputs import write_csv
from planner.io.tables import Tables, id_check_character, load_tables
from planner.model import Ability, Elder, PastVisit, Role, Tier, Visitor
from planner.policy import Policy, classify, load_policy

_Item = TypeVar("_Item")

DISTRICT = "峄城区"
AREA_CODE = "370404"  # resident ID area code of Yicheng District
DISTRICT_BOUNDS = (117.35, 34.55, 117.85, 34.95)
"""West, south, east, north (WGS-84 degrees) that every generated place lies within."""

# The columns the demo writes: all of CONTRACT.md's input columns, in its order.
ELDER_HEADERS = (
    "elder_id", "name", "birth_date", "age", "sex", "id_number", "phone", "town", "village",
    "address", "lon", "lat", "coord_system", "lives_alone", "empty_nest", "left_behind",
    "family_planning_special", "disability_grade", "ability", "bedridden", "limited_mobility",
    "dementia", "home_visit_consent", "time_window", "emergency_contact", "emergency_phone",
    "usual_visitor_id",
)  # fmt: skip
VISITOR_HEADERS = (
    "visitor_id", "name", "role", "town", "villages", "start_lon", "start_lat", "coord_system",
    "travel_mode", "work_days", "shift", "max_home_visits_per_day",
)  # fmt: skip

WEEKLY_HOME_VISITS = {Tier.KEY: 0.93, Tier.SECONDARY: 0.46, Tier.GENERAL: 0.1}
"""Home visits a week an elder of each tier needs under the default policy (4, 2 a month;
general elders once a quarter)."""


@dataclass(frozen=True)
class DemoSize:
    """How big the demo district is. Villages are capped at one per elder."""

    elders: int = 3000
    visitors: int = 150
    towns: int = 7
    villages: int = 150

    def __post_init__(self) -> None:
        if self.towns < 1:
            raise ValueError(f"towns must be at least 1, got {self.towns}")
        if self.villages < self.towns:
            raise ValueError(f"villages ({self.villages}) must be at least towns ({self.towns})")
        if self.elders < self.towns:
            raise ValueError(f"elders ({self.elders}) must be at least towns ({self.towns})")
        if self.visitors < 2 * self.towns:
            raise ValueError(
                f"visitors ({self.visitors}) must be at least twice towns ({self.towns}): "
                "every village needs two visitors"
            )


def demo_rows(
    *, size: DemoSize = DemoSize(), seed: int = 20231011, planning_date: date
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The demo district's elder and visitor tables.

    Parameters
    ----------
    size
        How many elders, visitors, towns and villages.
    seed
        The same seed gives the same rows, byte for byte. Each stage (towns, villages, elders,
        visitors, usual visitors) draws from its own stream derived from the seed, so that
        asking for more elders leaves the villages where they were.
    planning_date
        Ages (and birth dates) are set so that they hold on this day.

    Returns
    -------
    The elder rows and the visitor rows, each a dict from the contract's column names
    (``ELDER_HEADERS``, ``VISITOR_HEADERS``) to text; empty text is an empty cell.
    """
    towns = _make_towns(size.towns, random.Random(f"{seed}/towns"))
    village_count = min(size.villages, size.elders)
    villages = _place_villages(towns, village_count, random.Random(f"{seed}/villages"))
    elders = _make_elders(
        towns, villages, size.elders, random.Random(f"{seed}/elders"), planning_date=planning_date
    )
    visitors = _make_visitors(towns, villages, size.visitors, random.Random(f"{seed}/visitors"))
    _choose_usual_visitors(elders, visitors, villages, random.Random(f"{seed}/usual"))
    return [elder.row for elder in elders], [visitor.row() for visitor in visitors]


def write_demo_tables(
    directory: Path, *, size: DemoSize = DemoSize(), seed: int = 20231011, planning_date: date
) -> tuple[Path, Path]:
    """Write ``elders.csv`` and ``visitors.csv`` (UTF-8, the contract's English headers).

    The directory is created when missing. Returns the two paths, elders first.
    """
    elder_rows, visitor_rows = demo_rows(size=size, seed=seed, planning_date=planning_date)
    directory.mkdir(parents=True, exist_ok=True)
    elders_path, visitors_path = directory / "elders.csv", directory / "visitors.csv"
    _write_csv(elders_path, ELDER_HEADERS, elder_rows)
    _write_csv(visitors_path, VISITOR_HEADERS, visitor_rows)
    return elders_path, visitors_path


def _write_csv(path: Path, columns: Sequence[str], rows: Sequence[dict[str, str]]) -> None:
    """The demo's tables land in ``input/`` of the output, which people open too."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        write_csv(stream, columns, ([row.get(column, "") for column in columns] for row in rows))


# --- places -------------------------------------------------------------------------------------
# Places are laid out on a flat plane in kilometres east and north of a reference point; at the
# size of a district the error against the sphere is far below the 600 m spacing.

_REFERENCE = LonLat(117.60, 34.75)
_KM_PER_DEG_LAT = 110.574
_KM_PER_DEG_LON = 111.320 * math.cos(math.radians(_REFERENCE.lat))


@dataclass(frozen=True)
class _Point:
    east_km: float
    north_km: float

    def distance_km(self, other: _Point) -> float:
        return math.hypot(self.east_km - other.east_km, self.north_km - other.north_km)

    def moved(self, east_km: float, north_km: float) -> _Point:
        return _Point(self.east_km + east_km, self.north_km + north_km)

    def lonlat(self) -> LonLat:
        return LonLat(
            _REFERENCE.lon + self.east_km / _KM_PER_DEG_LON,
            _REFERENCE.lat + self.north_km / _KM_PER_DEG_LAT,
        )


def _point_at(place: LonLat) -> _Point:
    return _Point(
        (place.lon - _REFERENCE.lon) * _KM_PER_DEG_LON,
        (place.lat - _REFERENCE.lat) * _KM_PER_DEG_LAT,
    )


def _inside(point: _Point, *, margin_deg: float) -> bool:
    west, south, east, north = DISTRICT_BOUNDS
    place = point.lonlat()
    return (
        west + margin_deg <= place.lon <= east - margin_deg
        and south + margin_deg <= place.lat <= north - margin_deg
    )


def _scatter(rng: random.Random, centre: _Point, *, sigma_km: float, max_km: float) -> _Point:
    """A point normally spread around ``centre``, pulled back inside ``max_km``."""
    east, north = rng.gauss(0.0, sigma_km), rng.gauss(0.0, sigma_km)
    distance = math.hypot(east, north)
    if distance > max_km:
        shrink = max_km * rng.uniform(0.85, 1.0) / distance
        east, north = east * shrink, north * shrink
    return centre.moved(east, north)


def _in_disc(rng: random.Random, centre: _Point, *, min_km: float, max_km: float) -> _Point:
    """A point uniform by area in the ring ``min_km``..``max_km`` around ``centre``."""
    radius = math.sqrt(rng.uniform(min_km**2, max_km**2))
    angle = rng.uniform(0.0, 2.0 * math.pi)
    return centre.moved(radius * math.cos(angle), radius * math.sin(angle))


@dataclass(frozen=True)
class TownSite:
    """A town or subdistrict of the district and where its centre (the town seat) is."""

    name: str
    centre: LonLat
    urban_share: float
    """Share of the town's villages that are communities (社区) near the centre."""
    elder_weight: float
    """Relative number of elders per village (the urban seat is more crowded)."""


YICHENG_TOWNS = (
    TownSite("坛山街道", LonLat(117.590, 34.772), 1.0, 1.15),
    TownSite("吴林街道", LonLat(117.520, 34.745), 0.4, 1.0),
    TownSite("古邵镇", LonLat(117.455, 34.800), 0.06, 1.0),
    TownSite("阴平镇", LonLat(117.470, 34.690), 0.06, 1.0),
    TownSite("底阁镇", LonLat(117.700, 34.720), 0.06, 0.9),
    TownSite("榴园镇", LonLat(117.620, 34.830), 0.06, 0.9),
    TownSite("峨山镇", LonLat(117.560, 34.655), 0.06, 0.9),
)
# Names for towns beyond the seven real ones (older township names of the area and the like).
_EXTRA_TOWN_NAMES = (
    "曹庄镇", "左庄镇", "周营镇", "金寺镇", "棠阴镇", "仙坛镇", "甘泉镇", "青檀镇", "承水镇",
    "匡谈镇", "褚楼镇", "坊上镇", "种庄镇", "贾庄镇", "冯卯镇", "王楼镇", "魏庄镇", "石屋山镇",
)  # fmt: skip
_EXTRA_TOWN_AREA = (117.43, 34.63, 117.77, 34.87)
_MIN_TOWN_SPACING_KM = 4.0


@dataclass(frozen=True)
class _Town:
    name: str
    centre: _Point
    urban_share: float
    elder_weight: float


def _make_towns(count: int, rng: random.Random) -> list[_Town]:
    """The first ``count`` real towns, then made-up rural towns placed between them."""
    towns = [
        _Town(site.name, _point_at(site.centre), site.urban_share, site.elder_weight)
        for site in YICHENG_TOWNS[:count]
    ]
    west, south, east, north = _EXTRA_TOWN_AREA
    spacing_km = _MIN_TOWN_SPACING_KM
    while len(towns) < count:
        for _ in range(200):
            centre = _point_at(LonLat(rng.uniform(west, east), rng.uniform(south, north)))
            if all(centre.distance_km(town.centre) >= spacing_km for town in towns):
                towns.append(_Town(_extra_town_name(len(towns)), centre, 0.06, 0.9))
                break
        else:
            spacing_km *= 0.9  # the district is full at this spacing: let towns crowd closer
    return towns


def _extra_town_name(index: int) -> str:
    extra = index - len(YICHENG_TOWNS)
    base = _EXTRA_TOWN_NAMES[extra % len(_EXTRA_TOWN_NAMES)]
    round_ = extra // len(_EXTRA_TOWN_NAMES)
    return base if round_ == 0 else f"{base.removesuffix('镇')}{_ordinal(round_ + 1)}镇"


# --- villages -----------------------------------------------------------------------------------

_VILLAGE_RADIUS_KM = 6.0
_URBAN_RADIUS_KM = 3.5
_SEAT_RADIUS_KM = 1.6
_VILLAGE_SPACING_KM = 0.6
_COMMUNITY_SPACING_KM = 0.45
_TRIES_PER_VILLAGE = 300


@dataclass(eq=False)
class _Village:
    name: str
    town: str
    centre: _Point
    community: bool
    elders: list[_ElderDraft] = field(default_factory=list)

    @property
    def need(self) -> float:
        """Home visits a week its elders need."""
        return sum(elder.weekly_home_visits for elder in self.elders)


class _SpacingGrid:
    """Placed points in cells of the spacing size, to test spacing without scanning them all."""

    def __init__(self, cell_km: float) -> None:
        self.cell_km = cell_km
        self.cells: dict[tuple[int, int], list[_Point]] = {}

    def _cell(self, point: _Point) -> tuple[int, int]:
        return math.floor(point.east_km / self.cell_km), math.floor(point.north_km / self.cell_km)

    def clear_of(self, point: _Point, spacing_km: float) -> bool:
        column, row = self._cell(point)
        reach = math.ceil(spacing_km / self.cell_km)
        return all(
            other.distance_km(point) >= spacing_km
            for d_column in range(-reach, reach + 1)
            for d_row in range(-reach, reach + 1)
            for other in self.cells.get((column + d_column, row + d_row), ())
        )

    def add(self, point: _Point) -> None:
        self.cells.setdefault(self._cell(point), []).append(point)


def _place_villages(towns: Sequence[_Town], count: int, rng: random.Random) -> list[_Village]:
    per_town = _apportion(count, [1.0] * len(towns), minimum=1)
    grid = _SpacingGrid(_VILLAGE_SPACING_KM)
    names = _VillageNames(rng)
    villages: list[_Village] = []
    for town, town_count in zip(towns, per_town, strict=True):
        communities = _community_count(town, town_count)
        relaxations = {True: 0, False: 0}  # how crowded the town's communities and villages are
        for index in range(town_count):
            community = index < communities
            centre, relaxations[community] = _village_site(
                town, towns, grid, rng, community=community, relaxations=relaxations[community]
            )
            grid.add(centre)
            name = names.community() if community else names.village()
            villages.append(_Village(name, town.name, centre, community))
    return villages


def _community_count(town: _Town, village_count: int) -> int:
    if town.urban_share >= 1.0:
        return village_count
    if town.urban_share >= 0.3:
        return round(village_count * town.urban_share)
    return 1 if village_count >= 6 else 0  # the town seat's own community


def _village_site(
    town: _Town,
    towns: Sequence[_Town],
    grid: _SpacingGrid,
    rng: random.Random,
    *,
    community: bool,
    relaxations: int,
) -> tuple[_Point, int]:
    """A free spot on the town's side of the district, and the relaxations it took.

    When no spot is free, the spacing shrinks and the area grows, and stay so for the town's
    next villages (``relaxations`` counts the steps).
    """
    if community:
        base_radius_km = _URBAN_RADIUS_KM if town.urban_share >= 1.0 else _SEAT_RADIUS_KM
        base_spacing_km = _COMMUNITY_SPACING_KM
    else:
        base_radius_km, base_spacing_km = _VILLAGE_RADIUS_KM, _VILLAGE_SPACING_KM
    base_inner_km = 0.0 if community or town.urban_share <= 0 else _SEAT_RADIUS_KM
    while True:
        spacing_km = base_spacing_km * 0.9**relaxations
        radius_km = base_radius_km * 1.05**relaxations
        inner_km = base_inner_km * 0.5**relaxations
        for _ in range(_TRIES_PER_VILLAGE):
            site = _in_disc(rng, town.centre, min_km=inner_km, max_km=radius_km)
            own_km = site.distance_km(town.centre)
            nearest_km = min(site.distance_km(other.centre) for other in towns)
            if (
                own_km <= nearest_km
                and _inside(site, margin_deg=0.03)
                and grid.clear_of(site, spacing_km)
            ):
                return site, relaxations
        relaxations += 1


_CHINESE_ORDINALS = "一二三四五六七八九十"
_VILLAGE_SUFFIXES = "庄楼营集屯店寨洼桥园埠岭沟湖"
_DIRECTIONS = "东西南北前后大小新"
_LAND_WORDS = "河湖山岭坡沟泉林园桥庙井"
_NATURE_NAMES = (
    "青石", "石榴", "柳林", "杏花", "槐树", "双河", "白庙", "黄土", "红山", "金山", "卧龙", "凤凰",
    "梨园", "桃园", "龙泉", "甘泉", "沙河", "榆树", "松林", "芦湖", "荷花", "石门", "马山", "枣林",
)  # fmt: skip
_COMMUNITY_WORDS = (
    "东湖", "榴园", "青檀", "文化", "振兴", "和平", "新华", "幸福", "阳光", "锦绣", "金河", "翠屏",
    "福泰", "城中", "承水", "滨河", "民生", "兴华", "育才", "康宁", "安居", "瑞丰", "紫荆", "怡和",
    "华苑", "泰和", "永安", "花园", "光明", "富民", "龙潭", "望湖",
)  # fmt: skip


_NameMaker = Callable[[], str]


class _VillageNames:
    """Plausible, district-wide unique names of villages and communities."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def village(self) -> str:
        return self._unique(self._village_candidate, suffix="村")

    def community(self) -> str:
        return self._unique(self._community_candidate, suffix="社区")

    def _village_candidate(self) -> str:
        rng = self.rng
        style = rng.random()
        if style < 0.55:
            surname = _weighted_surname(rng)
            if rng.random() < 0.3:
                return f"{surname}家庄" if rng.random() < 0.4 else f"{surname}家庄村"
            return f"{surname}{rng.choice(_VILLAGE_SUFFIXES)}村"
        if style < 0.8:
            return f"{rng.choice(_DIRECTIONS)}{rng.choice(_LAND_WORDS)}村"
        return f"{rng.choice(_NATURE_NAMES)}{rng.choice(('', '', '岭', '沟', '庄'))}村"

    def _community_candidate(self) -> str:
        word = self.rng.choice(_COMMUNITY_WORDS)
        if self.rng.random() < 0.2:
            word = self.rng.choice(_DIRECTIONS[:4]) + word
        return f"{word}社区"

    def _unique(self, candidate: _NameMaker, *, suffix: str) -> str:
        for _ in range(40):
            name = candidate()
            if name not in self.used:
                break
        else:
            # Every short name is taken: split one into 二村, 三村... as villages do when they grow.
            base = candidate().removesuffix(suffix)
            number = 2
            while (name := f"{base}{_ordinal(number)}{suffix}") in self.used:
                number += 1
        self.used.add(name)
        return name


def _ordinal(number: int) -> str:
    return _CHINESE_ORDINALS[number - 1] if number <= 10 else str(number)


# --- people -------------------------------------------------------------------------------------

_SURNAME_WEIGHTS = (
    ("王", 7.5), ("张", 6.5), ("李", 6.0), ("刘", 5.0), ("孙", 2.8), ("陈", 2.5), ("杨", 2.5),
    ("赵", 2.2), ("徐", 1.8), ("高", 1.8), ("马", 1.5), ("于", 1.4), ("朱", 1.3), ("郭", 1.3),
    ("周", 1.2), ("吴", 1.2), ("宋", 1.2), ("褚", 1.0), ("黄", 1.0), ("韩", 1.0), ("曹", 1.0),
    ("田", 1.0), ("董", 1.0), ("郑", 0.9), ("胡", 0.8), ("梁", 0.8), ("许", 0.8), ("冯", 0.8),
    ("杜", 0.8), ("魏", 0.8), ("吕", 0.7), ("丁", 0.7), ("任", 0.7), ("姜", 0.7), ("孟", 0.6),
    ("贾", 0.6), ("石", 0.6), ("崔", 0.6), ("程", 0.6), ("林", 0.6), ("何", 0.5), ("谢", 0.5),
    ("唐", 0.5), ("彭", 0.5), ("肖", 0.5), ("袁", 0.5), ("蒋", 0.5), ("孔", 0.5), ("侯", 0.5),
    ("范", 0.5), ("罗", 0.4), ("邓", 0.4), ("潘", 0.4), ("蔡", 0.4), ("姚", 0.4), ("颜", 0.4),
    ("邵", 0.4), ("秦", 0.4), ("尹", 0.4), ("薛", 0.4), ("闫", 0.4), ("庞", 0.3), ("段", 0.3),
)  # fmt: skip
_SURNAMES = tuple(surname for surname, _ in _SURNAME_WEIGHTS)
_SURNAME_CUMULATIVE = tuple(itertools.accumulate(weight for _, weight in _SURNAME_WEIGHTS))
# Given names by generation: elders were born 1925-1965, their children and the visitors later.
_OLD_MALE = (
    "德福贵财明华军文志永庆春学忠国建成林山海瑞祥宝"
    "义胜利和平友广玉金长振兴树法修传家保全富荣安顺良田峰"
)
_OLD_FEMALE_FIRST = "秀桂玉凤淑素爱翠月春金兰"
_OLD_FEMALE_SECOND = "英兰珍芳梅荣华霞香云琴花莲菊娥芬枝贞"
_YOUNG_MALE = "伟强磊军勇涛斌超鹏杰浩宇凯帅亮刚明峰俊辉志建海晓文子宏"
_YOUNG_FEMALE_FIRST = "晓雪丽海春亚文佳欣雅秀玉"
_YOUNG_FEMALE_SECOND = "静丽敏燕艳娟霞芳婷雪慧洁琳颖倩莉萍红玲晶"
_MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "180", "181", "182", "183", "184", "185", "186",
    "187", "188", "189",
)  # fmt: skip


# The draws below run once or more per elder: they index with random() directly, which is
# several times faster than Random.choice/choices and just as reproducible.


def _pick(rng: random.Random, items: Sequence[_Item]) -> _Item:
    return items[int(rng.random() * len(items))]


def _pick_weighted(
    rng: random.Random, items: Sequence[_Item], cumulative: Sequence[float]
) -> _Item:
    index = bisect.bisect(cumulative, rng.random() * cumulative[-1])
    return items[min(index, len(items) - 1)]  # random() * total may round up to the total


def _weighted_surname(rng: random.Random) -> str:
    return _pick_weighted(rng, _SURNAMES, _SURNAME_CUMULATIVE)


def _person_name(rng: random.Random, *, female: bool, old: bool, surname: str | None = None) -> str:
    family = surname or _weighted_surname(rng)
    if female:
        first = _OLD_FEMALE_FIRST if old else _YOUNG_FEMALE_FIRST
        second = _OLD_FEMALE_SECOND if old else _YOUNG_FEMALE_SECOND
        if rng.random() < 0.25:
            return family + _pick(rng, second)
    else:
        first = second = _OLD_MALE if old else _YOUNG_MALE
        if rng.random() < 0.3:
            return family + _pick(rng, first)
    given = _pick(rng, first)
    while (last := _pick(rng, second)) == given:
        pass  # 志志, 秀秀: a doubled character is a child's pet name, not a registered one
    return family + given + last


def _mobile(rng: random.Random) -> str:
    return _pick(rng, _MOBILE_PREFIXES) + f"{int(rng.random() * 10**8):08d}"


# --- elders -------------------------------------------------------------------------------------

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
_DISABILITY_GRADE_WEIGHTS = (0.15, 0.25, 0.30, 0.30)  # grades 1-4
_COUPLE_HOUSEHOLD_SHARE = 0.2
_TIME_WINDOWS = (
    "09:00-11:30", "14:00-17:00", "08:30-11:30;14:30-16:30", "09:00-11:00", "15:00-17:00",
    "08:30-10:30", "14:30-16:30", "09:30-11:30;15:00-16:30",
)  # fmt: skip
_ONLY_AGE_SHARE = 0.04
_NO_ID_SHARE = 0.05
_NO_COORDINATES_SHARE = 0.03
_GCJ02_SHARE = 0.05
_USUAL_VISITOR_SHARE = 0.6


@dataclass(eq=False)
class _ElderDraft:
    row: dict[str, str]
    village: _Village
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
    spot: _Point
    family_name: str
    """The husband's family name, which the children carry too."""
    address: str
    lives_with_partner: bool
    empty_nest: bool
    left_behind: bool
    emergency_contact: str
    emergency_phone: str


def _make_elders(
    towns: Sequence[_Town],
    villages: Sequence[_Village],
    count: int,
    rng: random.Random,
    *,
    planning_date: date,
) -> list[_ElderDraft]:
    town_weights = {town.name: town.elder_weight for town in towns}
    weights = [
        rng.lognormvariate(0.0, 0.4)
        * (1.3 if village.community else 1.0)
        * town_weights[village.town]
        for village in villages
    ]
    counts = _apportion(count, weights, minimum=1)
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
        self.elders: list[_ElderDraft] = []
        self.id_numbers: set[str] = set()

    def fill(self, village: _Village, count: int) -> None:
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

    def _add(self, village: _Village, household: _Household, *, age: int, female: bool) -> None:
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
            "name": _person_name(
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
            "time_window": _pick(rng, _TIME_WINDOWS) if rng.random() < 0.15 else "",
            "emergency_contact": household.emergency_contact,
            "emergency_phone": household.emergency_phone,
        }
        row |= self._identity(rng, age, birth, female=female)
        row |= _coordinates(rng, household.spot) if located else _NO_COORDINATES
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
        draft = _ElderDraft(row, village, weekly)
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


_NO_COORDINATES = {"lon": "", "lat": "", "coord_system": ""}


def _coordinates(rng: random.Random, spot: _Point) -> dict[str, str]:
    place = spot.lonlat()
    system = "wgs84"
    if rng.random() < _GCJ02_SHARE:  # copied from Amap: the same place in Amap's coordinates
        place, system = wgs84_to_gcj02(place), "gcj02"
    return {"lon": f"{place.lon:.6f}", "lat": f"{place.lat:.6f}", "coord_system": system}


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _sample_age(rng: random.Random) -> int:
    first, last, _ = _pick_weighted(rng, _AGE_BANDS, _AGE_BAND_CUMULATIVE)
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
    ability = _pick_weighted(rng, _ABILITIES, _ABILITY_CUMULATIVE[old])
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


_LIMITED_MOBILITY_BY_ABILITY = {
    Ability.INTACT: 0.02, Ability.MILD: 0.15, Ability.MODERATE: 0.6, Ability.SEVERE: 0.5,
    Ability.TOTAL: 0.3, Ability.UNASSESSED: 0.0,
}  # fmt: skip


class _VillageLayout:
    """Where the households of a village are: lanes of houses, or blocks of flats."""

    def __init__(self, village: _Village, rng: random.Random, *, households: int) -> None:
        self.village = village
        if village.community:
            # A block of flats houses about fifteen of the community's elder households.
            buildings = max(rng.randint(4, 12), math.ceil(households / 15))
            self.clusters = [
                _in_disc(rng, village.centre, min_km=0.0, max_km=0.25) for _ in range(buildings)
            ]
        else:
            lanes = rng.randint(2, 5)
            self.clusters = [
                _in_disc(rng, village.centre, min_km=0.0, max_km=0.22) for _ in range(lanes)
            ]
        self.used_doors: set[str] = set()
        # House numbers run a little beyond the number of homes: some houses have no elder.
        self.house_numbers = rng.sample(range(1, max(60, households * 4 // 3) + 1), households)

    def household(self, rng: random.Random, *, couple: bool) -> _Household:
        village = self.village
        cluster_index = rng.randrange(len(self.clusters))
        cluster = self.clusters[cluster_index]
        if village.community:
            spot = _scatter(rng, cluster, sigma_km=0.012, max_km=0.03)
            door = self._flat(rng, building=cluster_index + 1)
        else:
            spot = _scatter(rng, cluster, sigma_km=0.07, max_km=0.15)
            door = self._house_number()
        # Lanes lie within 220 m of the centre and homes within 150 m of their lane (blocks 250 m
        # and 30 m), so every home is within 400 m of the village centre.
        family_name = _weighted_surname(rng)
        has_contact = rng.random() < 0.92
        # The contact is mostly a child, who carries the father's family name.
        contact_surname = family_name if rng.random() < 0.75 else None
        contact = _person_name(rng, female=rng.random() < 0.45, old=False, surname=contact_surname)
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


# --- visitors -----------------------------------------------------------------------------------

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_PART_TIME_DAYS = (
    ("Mon,Wed,Fri", 0.35), ("Tue,Thu", 0.3), ("Tue,Thu,Sat", 0.15), ("Mon,Wed,Fri,Sat", 0.1),
    ("Mon-Fri", 0.1),
)  # fmt: skip
# Shares of a town's visitors; village staff take the rest. Property staff work only in towns
# with several communities.
_ROLE_SHARES = (
    (Role.FAMILY_DOCTOR, 0.07), (Role.SOCIAL_WORKER, 0.06), (Role.CARE_INSTITUTION, 0.07),
    (Role.VOLUNTEER, 0.08), (Role.ELDERS_ASSOCIATION, 0.06), (Role.PROPERTY_STAFF, 0.05),
    (Role.NEIGHBOUR_RELATIVE, 0.015),
)  # fmt: skip
_PART_TIME_ROLES = (Role.VOLUNTEER, Role.ELDERS_ASSOCIATION, Role.NEIGHBOUR_RELATIVE)
_EMPTY_START_SHARE = 0.1


@dataclass(eq=False)
class _VisitorDraft:
    visitor_id: str
    name: str
    role: Role
    town: str
    villages: list[_Village]
    """Served villages; empty is the whole town."""
    start: _Point | None = None
    travel_mode: str = "ebike"
    work_days: str = "Mon-Fri"
    shift: str = "08:30-17:00"
    max_home_visits_per_day: int = 8
    blank_defaults: bool = False
    """True: a standard week and shift are left empty, which the reader takes as the default."""
    gcj02: bool = False

    @property
    def weekly_capacity(self) -> int:
        return self.max_home_visits_per_day * len(_days_of(self.work_days))

    def serves(self, village: _Village) -> bool:
        return village.town == self.town and (not self.villages or village in self.villages)

    def row(self) -> dict[str, str]:
        start_lon = start_lat = system = ""
        if self.start is not None:
            place = self.start.lonlat()
            system = "wgs84"
            if self.gcj02:
                place, system = wgs84_to_gcj02(place), "gcj02"
            start_lon, start_lat = f"{place.lon:.6f}", f"{place.lat:.6f}"
        standard = self.work_days == "Mon-Fri" and self.shift == "08:30-17:00"
        leave_empty = standard and self.blank_defaults
        return {
            "visitor_id": self.visitor_id,
            "name": self.name,
            "role": self.role.value,
            "town": self.town,
            "villages": ";".join(village.name for village in self.villages),
            "start_lon": start_lon,
            "start_lat": start_lat,
            "coord_system": system,
            "travel_mode": self.travel_mode,
            "work_days": "" if leave_empty else self.work_days,
            "shift": "" if leave_empty else self.shift,
            "max_home_visits_per_day": str(self.max_home_visits_per_day),
        }


def _days_of(work_days: str) -> set[int]:
    """Weekday numbers (0 = Monday) of a work-days text as this module writes it."""
    days: set[int] = set()
    for part in work_days.split(","):
        first, _, last = part.partition("-")
        start = _WEEKDAYS.index(first)
        days.update(range(start, _WEEKDAYS.index(last or first) + 1))
    return days


def _make_visitors(
    towns: Sequence[_Town], villages: Sequence[_Village], count: int, rng: random.Random
) -> list[_VisitorDraft]:
    by_town: dict[str, list[_Village]] = {town.name: [] for town in towns}
    for village in villages:
        by_town[village.town].append(village)
    elders_per_town = [sum(len(village.elders) for village in by_town[town.name]) for town in towns]
    per_town = _apportion(count, [float(n) for n in elders_per_town], minimum=2)
    visitors: list[_VisitorDraft] = []
    width = max(4, len(str(count)))
    for town, town_count in zip(towns, per_town, strict=True):
        chain = _neighbour_chain(by_town[town.name])
        communities = sum(village.community for village in chain)
        roles = _town_roles(town_count, rng, with_property_staff=communities >= 3)
        drafts = [
            _VisitorDraft(f"V{len(visitors) + index + 1:0{width}d}", "", role, town.name, [])
            for index, role in enumerate(roles)
        ]
        _assign_areas(drafts, chain, rng)
        _ensure_two_weekday_visitors(drafts, chain)
        for draft in drafts:
            _set_working_pattern(draft, town, rng)
        visitors.extend(drafts)
    return visitors


def _town_roles(count: int, rng: random.Random, *, with_property_staff: bool) -> list[Role]:
    """The roles of a town's visitors: mostly village staff, two working every weekday at least."""
    roles: list[Role] = []
    for role, share in _ROLE_SHARES:
        if role is Role.PROPERTY_STAFF and not with_property_staff:
            continue
        wanted = _stochastic_round(count * share, rng)
        if role is Role.FAMILY_DOCTOR and count >= 4:
            wanted = max(1, wanted)  # every town has a health centre
        roles.extend([role] * wanted)
    # At least half are village staff, and at least two visitors work every weekday.
    roles = roles[: count - max(1, math.ceil(count / 2))]
    roles += [Role.VILLAGE_STAFF] * (count - len(roles))
    while sum(role not in _PART_TIME_ROLES for role in roles) < 2:
        part_timer = next(i for i, role in enumerate(roles) if role in _PART_TIME_ROLES)
        roles[part_timer] = Role.VILLAGE_STAFF
    return roles


def _neighbour_chain(villages: Sequence[_Village]) -> list[_Village]:
    """The town's villages in an order where neighbours follow each other.

    Nearest-next from the westernmost village, then untangled by 2-opt so that runs cut from
    the chain (a visitor's villages) seldom straddle a long jump.
    """
    remaining = sorted(villages, key=lambda v: (v.centre.east_km, v.centre.north_km))
    chain = [remaining.pop(0)]
    while remaining:
        last = chain[-1].centre
        nearest = min(range(len(remaining)), key=lambda i: remaining[i].centre.distance_km(last))
        chain.append(remaining.pop(nearest))
    if len(chain) <= _MAX_VILLAGES_TO_UNTANGLE:
        _two_opt([village.centre for village in chain], chain)
    return chain


# 2-opt is quadratic a pass: bigger towns keep the nearest-next order, and passes are capped.
_MAX_VILLAGES_TO_UNTANGLE = 150
_MAX_UNTANGLE_PASSES = 8


def _two_opt(points: list[_Point], order: list[_Village]) -> None:
    """Shorten the open path through ``points`` by reversing runs, in place (both lists)."""

    def gap(a: int, b: int) -> float:
        # The ends of an open path join "nothing", which is no distance from anywhere.
        if a < 0 or b >= len(points):
            return 0.0
        return points[a].distance_km(points[b])

    for _ in range(_MAX_UNTANGLE_PASSES):
        improved = False
        for first in range(-1, len(points) - 2):
            for last in range(first + 2, len(points)):
                before = gap(first, first + 1) + gap(last, last + 1)
                after = gap(first, last) + gap(first + 1, last + 1)
                if after < before - 1e-9:
                    points[first + 1 : last + 1] = points[first + 1 : last + 1][::-1]
                    order[first + 1 : last + 1] = order[first + 1 : last + 1][::-1]
                    improved = True
        if not improved:
            return


def _assign_areas(
    drafts: Sequence[_VisitorDraft], chain: Sequence[_Village], rng: random.Random
) -> None:
    """Which villages each visitor serves, by role, along the chain of neighbouring villages."""
    needs = [village.need + 0.5 for village in chain]  # +0.5: a village with no need is still there
    of_role = {role: [d for d in drafts if d.role is role] for role in Role}
    _assign_village_staff(of_role[Role.VILLAGE_STAFF], chain, needs, rng)
    wide = of_role[Role.SOCIAL_WORKER] + of_role[Role.CARE_INSTITUTION]
    for index, draft in enumerate(wide):
        # Runs of four to eight villages spread evenly along the chain.
        width = min(len(chain), rng.randint(4, 8))
        if len(wide) > 1:
            first = round(index * (len(chain) - width) / (len(wide) - 1))
        else:
            first = rng.randrange(len(chain) - width + 1)
        draft.villages = list(chain[first : first + width])
    doctors = of_role[Role.FAMILY_DOCTOR]
    if len(doctors) > 1:  # one doctor serves the whole town; several split it (extras: whole town)
        groups = _contiguous_groups(needs, min(len(doctors), len(chain)))
        for doctor, group in zip(doctors, groups, strict=False):
            doctor.villages = [chain[i] for i in group]
    part_time_reach = (
        (Role.VOLUNTEER, 3),
        (Role.ELDERS_ASSOCIATION, 2),
        (Role.NEIGHBOUR_RELATIVE, 1),
    )
    for role, most in part_time_reach:
        for draft in of_role[role]:
            home = rng.choices(range(len(chain)), weights=needs)[0]
            draft.villages = _stretch(chain, home, rng.randint(1, most))
    communities = [village for village in chain if village.community]
    for draft in of_role[Role.PROPERTY_STAFF]:
        draft.villages = _stretch(communities, rng.randrange(len(communities)), rng.randint(1, 2))


def _assign_village_staff(
    staff: Sequence[_VisitorDraft],
    chain: Sequence[_Village],
    needs: Sequence[float],
    rng: random.Random,
) -> None:
    """Village staff: groups of neighbouring villages balanced by need, or several per village."""
    if not staff:
        return
    if len(staff) < len(chain):
        for draft, group in zip(staff, _contiguous_groups(needs, len(staff)), strict=True):
            draft.villages = [chain[i] for i in group]
        return
    per_village = _apportion(len(staff), list(needs), minimum=1)
    homes = [index for index, n in enumerate(per_village) for _ in range(n)]
    for draft, home in zip(staff, homes, strict=True):
        extra = rng.choices((0, 1, 2), weights=(0.5, 0.35, 0.15))[0]
        draft.villages = _stretch(chain, home, 1 + extra)


def _stretch(chain: Sequence[_Village], home: int, count: int) -> list[_Village]:
    """``count`` neighbouring villages of the chain starting at ``home`` (home first)."""
    count = min(count, len(chain))
    first = min(home, len(chain) - count)
    around = list(chain[first : first + count])
    around.remove(chain[home])
    return [chain[home], *around]


def _contiguous_groups(weights: Sequence[float], count: int) -> list[range]:
    """Cut ``range(len(weights))`` into ``count`` non-empty runs of about equal weight."""
    total = math.fsum(weights)
    cuts = [0]
    running = 0.0
    for index, weight in enumerate(weights):
        groups_left = count - len(cuts)
        if groups_left == 0:
            break
        slots_left = len(weights) - index
        # Cut here when the running weight passes the next quantile, or when it must.
        due = running + weight / 2 >= total * len(cuts) / count
        if index > cuts[-1] and (due or slots_left == groups_left):
            cuts.append(index)
        running += weight
    cuts.append(len(weights))
    return [range(start, end) for start, end in itertools.pairwise(cuts)]


def _ensure_two_weekday_visitors(
    drafts: Sequence[_VisitorDraft], chain: Sequence[_Village]
) -> None:
    """Widen areas until every village has two visitors who work every weekday."""
    weekday_staff = [d for d in drafts if d.role not in _PART_TIME_ROLES]
    position_of = {id(village): index for index, village in enumerate(chain)}

    def chain_gap(draft: _VisitorDraft, position: int) -> int:
        return min(abs(position_of[id(village)] - position) for village in draft.villages)

    for position, village in enumerate(chain):
        serving = [d for d in weekday_staff if d.serves(village)]
        while len(serving) < 2:
            # The nearest along the chain, the one with fewest villages among equals.
            helper = min(
                (d for d in weekday_staff if d not in serving),
                key=lambda d: (chain_gap(d, position), len(d.villages), d.visitor_id),
            )
            helper.villages.append(village)
            serving.append(helper)


def _set_working_pattern(draft: _VisitorDraft, town: _Town, rng: random.Random) -> None:
    role = draft.role
    old = role in (Role.ELDERS_ASSOCIATION, Role.NEIGHBOUR_RELATIVE)
    draft.name = _person_name(rng, female=rng.random() < 0.55, old=old)
    urban = bool(draft.villages) and all(village.community for village in draft.villages)
    if role in _PART_TIME_ROLES:
        draft.work_days = rng.choices(
            [days for days, _ in _PART_TIME_DAYS], weights=[w for _, w in _PART_TIME_DAYS]
        )[0]
        draft.shift = rng.choice(("08:00-12:00", "08:00-12:00", "14:00-17:30", "09:00-16:00"))
        most = 3 if role is Role.NEIGHBOUR_RELATIVE else 4
        draft.max_home_visits_per_day = rng.randint(most - 1, most)
        draft.travel_mode = rng.choice(("walk", "bike", "ebike")) if not urban else "walk"
    else:
        saturdays = role is Role.VILLAGE_STAFF and rng.random() < 0.15
        draft.work_days = "Mon-Sat" if saturdays else "Mon-Fri"
        draft.shift = "09:00-16:00" if rng.random() < 0.12 else "08:30-17:00"
        draft.max_home_visits_per_day = rng.choices((6, 7, 8, 9, 10), weights=(1, 2, 5, 2, 1))[0]
        draft.travel_mode = _full_time_travel_mode(role, urban, rng)
    draft.blank_defaults = rng.random() < 0.15
    draft.start = _start_point(draft, town, rng)
    draft.gcj02 = draft.start is not None and rng.random() < _GCJ02_SHARE


def _full_time_travel_mode(role: Role, urban: bool, rng: random.Random) -> str:
    if role in (Role.FAMILY_DOCTOR, Role.SOCIAL_WORKER):
        return "car" if rng.random() < 0.45 else "ebike"
    if urban and role in (Role.VILLAGE_STAFF, Role.PROPERTY_STAFF):
        return "walk" if rng.random() < 0.6 else "ebike"
    return rng.choices(("ebike", "bike", "car"), weights=(0.8, 0.12, 0.08))[0]


def _start_point(draft: _VisitorDraft, town: _Town, rng: random.Random) -> _Point | None:
    """Where the day starts: the town's health centre or social-work station, or an office or home
    in the first village served. Some rows leave it empty (the reader uses the first village)."""
    if draft.role in (Role.FAMILY_DOCTOR, Role.SOCIAL_WORKER) and not draft.villages:
        return _scatter(rng, town.centre, sigma_km=0.3, max_km=0.6)
    if rng.random() < _EMPTY_START_SHARE:
        return None
    if draft.role in (Role.FAMILY_DOCTOR, Role.SOCIAL_WORKER):
        return _scatter(rng, town.centre, sigma_km=0.3, max_km=0.6)
    return _scatter(rng, draft.villages[0].centre, sigma_km=0.08, max_km=0.15)


# --- usual visitors -----------------------------------------------------------------------------


def _choose_usual_visitors(
    elders: Sequence[_ElderDraft],
    visitors: Sequence[_VisitorDraft],
    villages: Sequence[_Village],
    rng: random.Random,
) -> None:
    """Give most elders a usual visitor serving their village, spreading the load by capacity.

    Each elder's visitor is the least loaded of a few drawn from those serving the village (the
    "power of a few choices": nearly as even as the least loaded of all, at a fraction of the cost).
    """
    serving: dict[int, list[_VisitorDraft]] = {id(village): [] for village in villages}
    for visitor in visitors:
        area = visitor.villages or [v for v in villages if v.town == visitor.town]
        for village in area:
            serving[id(village)].append(visitor)
    capacity = {id(visitor): visitor.weekly_capacity for visitor in visitors}
    load = {id(visitor): 0.0 for visitor in visitors}
    for elder in elders:
        if rng.random() >= _USUAL_VISITOR_SHARE:
            continue
        weight = max(elder.weekly_home_visits, 0.05)  # phone calls take time too
        candidates = serving[id(elder.village)]
        drawn = rng.sample(candidates, min(3, len(candidates)))
        best = min(drawn, key=lambda v: load[id(v)] / capacity[id(v)])
        if (load[id(best)] + weight) / capacity[id(best)] > 0.7:
            continue  # everyone drawn is busy enough: leave the choice to the planner
        load[id(best)] += weight
        elder.row["usual_visitor_id"] = best.visitor_id


# --- helpers ------------------------------------------------------------------------------------


def _apportion(total: int, weights: Sequence[float], *, minimum: int) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainders), no part below ``minimum``.

    Parts whose share falls below the minimum get the minimum; the rest share what is left.
    """
    if total < minimum * len(weights):
        raise ValueError(f"cannot split {total} into {len(weights)} parts of at least {minimum}")
    pinned: set[int] = set()
    while True:
        free = [index for index in range(len(weights)) if index not in pinned]
        budget = total - minimum * len(pinned)
        weight_sum = math.fsum(weights[index] for index in free)
        exact = {index: budget * weights[index] / weight_sum for index in free}
        below = [index for index in free if exact[index] < minimum]
        if not below:
            break
        pinned.update(below)
    parts = [minimum] * len(weights)
    for index in free:
        parts[index] = math.floor(exact[index])
    by_remainder = sorted(free, key=lambda index: (parts[index] - exact[index], index))
    for index in by_remainder[: total - sum(parts)]:
        parts[index] += 1
    return parts


def _stochastic_round(value: float, rng: random.Random) -> int:
    whole = math.floor(value)
    return whole + (1 if rng.random() < value - whole else 0)


# ---------------------------------------------------------------------------------------------
# The visits already made this quarter


HISTORY_HEADERS = ("date", "elder_id", "visitor_id", "mode", "reason")
MISSED_SHARE = 0.03
"""Share of due visits the demo's past weeks did not make, so that catching up shows."""


def demo_history_rows(
    elders: Sequence[Elder],
    visitors: Sequence[Visitor],
    *,
    planning_date: date,
    policy: Policy,
    seed: int = 20231011,
) -> list[dict[str, str]]:
    """Visits made from the start of the quarter to the day before ``planning_date``.

    Each past week is replayed with the planner's own rule of who is due: every due visit is
    made on its first allowed working day by the elder's usual visitor (or one who serves the
    village), except a few that were missed.
    """
    rng = random.Random(f"{seed}/history")
    quarter_first = date(planning_date.year, (planning_date.month - 1) // 3 * 3 + 1, 1)
    monday = quarter_first - timedelta(days=quarter_first.weekday())
    serving = _serving_visitors(elders, visitors)
    history: list[PastVisit] = []
    while monday + timedelta(days=7) <= planning_date:
        tiers = {e.elder_id: classify(e, policy, monday).tier for e in elders}
        for visit in compute_demand(elders, tiers, history, monday, policy).due:
            made_on = _first_weekday(visit.earliest, visit.latest)
            if made_on >= planning_date or made_on < quarter_first or rng.random() < MISSED_SHARE:
                continue
            by = serving.get(visit.elder_id)
            history.append(PastVisit(made_on, visit.elder_id, by or "", visit.mode, visit.reason))
        monday += timedelta(days=7)
    return [
        {
            "date": v.day.isoformat(),
            "elder_id": v.elder_id,
            "visitor_id": v.visitor_id,
            "mode": v.mode.value,
        }
        for v in sorted(history, key=lambda v: (v.day, v.elder_id))
    ]


def _serving_visitors(elders: Sequence[Elder], visitors: Sequence[Visitor]) -> dict[str, str]:
    by_place: dict[tuple[str, str], str] = {}
    for elder in elders:
        key = (elder.town, elder.village)
        if key not in by_place:
            by_place[key] = next((v.visitor_id for v in visitors if v.serves(*key)), "")
    return {e.elder_id: e.usual_visitor_id or by_place[(e.town, e.village)] for e in elders}


def _first_weekday(first: date, last: date) -> date:
    day = first
    while day.weekday() >= 5 and day < last:
        day += timedelta(days=1)
    return day


def write_demo_history(
    directory: Path,
    elders: Sequence[Elder],
    visitors: Sequence[Visitor],
    *,
    planning_date: date,
    policy: Policy,
    seed: int = 20231011,
) -> Path:
    """Write ``history.csv`` (the contract's visits table) for the demo district."""
    rows = demo_history_rows(
        elders, visitors, planning_date=planning_date, policy=policy, seed=seed
    )
    path = directory / "history.csv"
    _write_csv(path, HISTORY_HEADERS, rows)
    return path


def build_demo_district(
    folder: Path, size: DemoSize, planning_date: date, policy: Policy, seed: int = 20231011
) -> Tables:
    """Write the demo's three tables into ``folder`` and read them back as a user's would be."""
    elders_csv, visitors_csv = write_demo_tables(
        folder, size=size, seed=seed, planning_date=planning_date
    )
    district = load_tables(elders_csv, visitors_csv)
    history_csv = write_demo_history(
        folder,
        district.elders,
        district.visitors,
        planning_date=planning_date,
        policy=policy,
        seed=seed,
    )
    return load_tables(elders_csv, visitors_csv, history_csv)
