"""One cell of an input table: what it holds, and the parsers of the values it may hold.

A cell comes as text from CSV and also as a number, boolean, date or time from XLSX (``Cell``).
Each parser turns one cell into a value of the model, or raises ``ValueError`` with a message
that says what is wrong and what to write instead; the row reader (``planner.io.rows``) files
it as a ``Problem``. Here: text, booleans, whole numbers, ages, degrees, dates, the enumerations
(ability, role, travel mode, visit mode and reason, coordinate system, sex), disability grades
and lists of names, in their English and Chinese spellings. Ids and personal numbers are
``planner.io.ids``', times of day and weekdays ``planner.io.times``'. A cell quoted in a message
shows no more of an ID or mobile number than its masked form (``shown``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time
from enum import StrEnum
from typing import TypeVar

from geo.crs import CoordSystem
from planner.model import (
    Ability,
    ConsentGiver,
    Role,
    TravelMode,
    VisitConsent,
    VisitMode,
    VisitReason,
    WarningLevel,
)
from planner.privacy import mask_personal_numbers

__all__ = [
    "Cell",
    "cell_text",
    "is_blank",
    "parse_ability",
    "parse_age",
    "parse_birth_date",
    "parse_bool",
    "parse_consent_giver",
    "parse_coord_system",
    "parse_date",
    "parse_degrees",
    "parse_disability_grade",
    "parse_int",
    "parse_names",
    "parse_role",
    "parse_sex",
    "parse_text",
    "parse_travel_mode",
    "parse_visit_consent",
    "parse_visit_mode",
    "parse_visit_reason",
    "parse_warning_level",
    "shown",
    "strip_invisible",
]

Cell = str | int | float | bool | datetime | date | time | None
"""A cell as read: text from CSV; from XLSX also numbers, booleans, dates and times."""

_E = TypeVar("_E", bound=StrEnum)

_INVISIBLE = re.compile(r"[\ufeff\u200b\u200c\u200d\u00a0]")


def strip_invisible(text: str) -> str:
    """``text`` without byte-order marks, zero-width characters and no-break spaces."""
    return _INVISIBLE.sub("", text)


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not strip_invisible(cell).strip())


def cell_text(cell: Cell) -> str:
    """A cell as text; whole numbers without ``.0`` (XLSX stores ids and phones as floats)."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return strip_invisible(cell).strip()
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime) and cell.time() == time(0, 0):
        return cell.date().isoformat()
    if isinstance(cell, date | time):
        return cell.isoformat()
    return str(cell)


def shown(cell: Cell) -> str:
    """A cell quoted in a message, with any ID or mobile number in it masked.

    A cell that should hold something else may hold one (a column shifted by a stray comma),
    and messages end up in terminals and logs.
    """
    return repr(mask_personal_numbers(cell_text(cell)))


def _value_key(text: str) -> str:
    """How enumeration spellings are compared: case, spaces, ``-`` and ``_`` do not matter."""
    return re.sub(r"[\s\-_]+", "", text.casefold())


def parse_text(cell: Cell) -> str:
    """Any cell as stripped text; a number keeps its digits (13812345678.0 -> "13812345678")."""
    return cell_text(cell)


_TRUE_WORDS = frozenset({"1", "true", "yes", "y", "是"})
_FALSE_WORDS = frozenset({"0", "false", "no", "n", "否"})
_BOOL_HINT = "write 1/0, true/false, yes/no, y/n or 是/否"


def parse_bool(cell: Cell) -> bool:
    """``1/0, true/false, yes/no, y/n, 是/否`` in any case; XLSX booleans and 1/0 numbers."""
    if isinstance(cell, bool):
        return cell
    word = _value_key(cell_text(cell))
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ValueError(f"{shown(cell)} is not a yes/no value: {_BOOL_HINT}")


def parse_int(cell: Cell) -> int:
    """A whole number, from text or an XLSX number (80.0 is 80)."""
    if isinstance(cell, bool | date | time):
        raise ValueError(f"{shown(cell)} is not a whole number: write digits, e.g. 8")
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        if cell.is_integer():
            return int(cell)
        raise ValueError(f"{shown(cell)} is not a whole number: write digits, e.g. 8")
    text = cell_text(cell)
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?\d+\.0*", text):
        return int(float(text))
    raise ValueError(f"{shown(cell)} is not a whole number: write digits, e.g. 8")


def parse_age(cell: Cell) -> int:
    """Whole years between 0 and 130, also written ``82岁``."""
    text = cell_text(cell).removesuffix("岁").strip()
    try:
        age = parse_int(cell if isinstance(cell, int | float) else text)
    except ValueError:
        raise ValueError(f"{shown(cell)} is not an age: write whole years, e.g. 82") from None
    if not 0 <= age <= 130:
        raise ValueError(
            f"{shown(cell)} is not a person's age: write whole years between 0 and 130"
        )
    return age


_NO_ANGLE_BEYOND = 1000.0


def parse_degrees(cell: Cell) -> float:
    """Decimal degrees, from text (``116.397``, ``116.397°``) or an XLSX number."""
    hint = "write decimal degrees, e.g. 116.397 (longitude) or 39.908 (latitude)"
    if isinstance(cell, bool | date | time):
        raise ValueError(f"{shown(cell)} is not a number of degrees: {hint}")
    if isinstance(cell, int | float):
        value = float(cell)
    else:
        text = cell_text(cell).removesuffix("°").strip()
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"{shown(cell)} is not a number of degrees: {hint}") from None
    # Far beyond any angle: another column's number (an ID or phone number shifted by a stray
    # comma), quoted masked here rather than in full by the coordinate checks.
    if not math.isfinite(value) or abs(value) > _NO_ANGLE_BEYOND:
        raise ValueError(f"{shown(cell)} is not a number of degrees: {hint}")
    return value


_DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]0{1,2}:00(?::00)?)?$"
)


def parse_date(cell: Cell) -> date:
    """``YYYY-MM-DD`` (also ``YYYY/M/D`` and ``YYYY年M月D日``) or an XLSX date cell."""
    hint = "write YYYY-MM-DD, e.g. 1945-03-01"
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        raise ValueError(
            f"{shown(cell)} is a number, not a date: format the cells as dates, or {hint}"
        )
    match = _DATE_TEXT.match(cell_text(cell))
    if match is None:
        raise ValueError(f"{shown(cell)} is not a date: {hint}")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{shown(cell)} is not a date: {hint}") from None


_EARLIEST_BIRTH_YEAR = 1890


def parse_birth_date(cell: Cell) -> date:
    """A date (see ``parse_date``) that can be a living person's birth date."""
    born = parse_date(cell)
    if born > date.today():
        raise ValueError(f"birth date {born} lies in the future: check the year")
    if born.year < _EARLIEST_BIRTH_YEAR:
        raise ValueError(f"birth date {born} is too long ago: check the year")
    return born


def _enum_parser(
    what: str, spellings: Mapping[_E, Sequence[str]], *, chinese_hint: str
) -> Callable[[Cell], _E]:
    """A parser for an enumeration from its English values and their other spellings."""
    lookup: dict[str, _E] = {}
    for member, others in spellings.items():
        for spelling in (member.value, *others):
            lookup[_value_key(spelling)] = member
    english = ", ".join(member.value for member in spellings)
    hint = f"write one of {english}" + (f" (or {chinese_hint})" if chinese_hint else "")

    def parse(cell: Cell) -> _E:
        member = lookup.get(_value_key(cell_text(cell)))
        if member is None:
            raise ValueError(f"{shown(cell)} is not {what}: {hint}")
        return member

    return parse


parse_ability = _enum_parser(
    "an ability assessment",
    {
        Ability.INTACT: ("完好", "能力完好"),
        Ability.MILD: ("轻度", "轻度失能"),
        Ability.MODERATE: ("中度", "中度失能"),
        Ability.SEVERE: ("重度", "重度失能"),
        Ability.TOTAL: ("完全", "完全失能"),
        Ability.UNASSESSED: ("未评估",),
    },
    chinese_hint="完好/轻度/中度/重度/完全/未评估",
)

parse_role = _enum_parser(
    "a kind of visitor",
    {
        Role.VILLAGE_STAFF: ("村干部", "村居干部", "网格员", "村委会", "居委会"),
        Role.CARE_INSTITUTION: ("养老机构", "日间照料中心", "幸福院", "农村幸福院"),
        Role.SOCIAL_WORKER: ("社工", "社会工作者"),
        Role.FAMILY_DOCTOR: ("家庭医生",),
        Role.ELDERS_ASSOCIATION: ("老年协会", "老年人协会"),
        Role.PROPERTY_STAFF: ("物业", "物业人员"),
        Role.VOLUNTEER: ("志愿者",),
        Role.NEIGHBOUR_RELATIVE: ("邻居", "亲属", "邻里亲属", "neighbor_relative"),
    },
    chinese_hint="村干部, 养老机构, 社工, 家庭医生, 老年协会, 物业, 志愿者, 邻里亲属",
)

parse_travel_mode = _enum_parser(
    "a travel mode",
    {
        TravelMode.WALK: ("步行",),
        TravelMode.BIKE: ("自行车", "bicycle"),
        TravelMode.EBIKE: ("电动车", "电瓶车", "电动自行车"),
        TravelMode.CAR: ("汽车", "小汽车", "开车"),
    },
    chinese_hint="步行/自行车/电动车/汽车",
)

parse_visit_mode = _enum_parser(
    "a visit mode",
    {
        VisitMode.HOME: ("入户", "上门"),
        VisitMode.PHONE: ("电话",),
        VisitMode.ONLINE: ("网络", "视频", "线上", "video"),
        VisitMode.ROAD: ("路遇",),
    },
    chinese_hint="入户/电话/网络/路遇",
)

parse_visit_reason = _enum_parser(
    "a reason for a visit",
    {
        VisitReason.REGULAR: ("常规", "定期"),
        VisitReason.WEATHER: ("天气", "极端天气"),
        VisitReason.FESTIVAL: ("节日", "节假日"),
        VisitReason.FOLLOWUP: ("回访", "跟进"),
        VisitReason.URGENT: ("紧急", "应急"),
    },
    chinese_hint="常规/天气/节日/回访/紧急",
)

parse_visit_consent = _enum_parser(
    "a consent to visits",
    {
        VisitConsent.HOME: ("同意入户", "入户", "上门", "同意"),
        VisitConsent.CALLS_ONLY: ("仅电话", "电话", "仅电话视频", "calls"),
        VisitConsent.NONE: ("拒绝", "拒绝探访", "不同意", "refused"),
    },
    chinese_hint="同意入户/仅电话/拒绝探访",
)

parse_consent_giver = _enum_parser(
    "who gave the consent",
    {
        ConsentGiver.ELDER: ("本人", "老人"),
        ConsentGiver.SUPPORTER: ("赡养人", "监护人", "家属", "子女"),
    },
    chinese_hint="本人/赡养人/监护人",
)

parse_warning_level = _enum_parser(
    "a warning level",
    {
        WarningLevel.BLUE: ("蓝色", "蓝", "蓝色预警"),
        WarningLevel.YELLOW: ("黄色", "黄", "黄色预警"),
        WarningLevel.ORANGE: ("橙色", "橙", "橙色预警"),
        WarningLevel.RED: ("红色", "红", "红色预警"),
    },
    chinese_hint="蓝色/黄色/橙色/红色",
)

parse_coord_system = _enum_parser(
    "a coordinate system",
    {
        CoordSystem.WGS84: ("gps",),
        CoordSystem.GCJ02: ("高德", "腾讯", "amap"),
        CoordSystem.BD09: ("bd09ll", "百度", "baidu"),
    },
    chinese_hint="WGS-84, GCJ-02 for Amap or Tencent, BD-09 for Baidu",
)


class _Sex(StrEnum):
    M = "M"
    F = "F"


_parse_sex_enum = _enum_parser(
    "a sex",
    {_Sex.M: ("男", "male", "男性"), _Sex.F: ("女", "female", "女性")},
    chinese_hint="男/女",
)


def parse_sex(cell: Cell) -> str:
    """``M`` or ``F`` from M/F, 男/女, male/female."""
    return _parse_sex_enum(cell).value


_CHINESE_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4}


def parse_disability_grade(cell: Cell) -> int | None:
    """Disability grade 1-4 (also ``2级``, ``二级``); ``无``/``none`` means no grade."""
    hint = "write 1, 2, 3 or 4 (1 and 2 are severe), or leave it empty"
    text = cell_text(cell).removesuffix("级").strip()
    if _value_key(text) in {"无", "none"}:
        return None
    grade = _CHINESE_NUMERALS.get(text)
    if grade is None:
        try:
            grade = parse_int(cell if isinstance(cell, int | float) else text)
        except ValueError:
            raise ValueError(f"{shown(cell)} is not a disability grade: {hint}") from None
    if not 1 <= grade <= 4:
        raise ValueError(f"{shown(cell)} is not a disability grade: {hint}")
    return grade


_LIST_SEPARATORS = re.compile(r"[;；,，、]+")


def parse_names(cell: Cell) -> tuple[str, ...]:
    """Names joined by ``;`` (also ``；``, ``,``, ``，``, ``、``), in order, without repeats."""
    names = (name.strip() for name in _LIST_SEPARATORS.split(cell_text(cell)))
    return tuple(dict.fromkeys(name for name in names if name))
