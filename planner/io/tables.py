"""Reading and validating the input tables: elders, visitors and the visit history.

The tables come from coordinators as CSV (UTF-8, with or without BOM) or XLSX files with a header
row (CONTRACT.md, "Input tables"). Every column accepts its English name, its Chinese header and
the usual spellings of a town's ledger; unknown columns are kept aside and ignored, but one that
looks like a misspelt column is refused. Values accept English and Chinese spellings. Finding
the header of a ledger (title rows above it, footer rows, merged cells) is ``planner.io.ledger``'s.

Validation gathers every problem of every file before it stops: ``load_tables`` either returns
the validated model or raises one ``InputError`` that lists each bad cell with its file, row
number (as a spreadsheet shows it), column and what to do about it. Things a coordinator should
look at but that do not stop a plan (an elder placed at the village centre, a history row naming
an elder who has left) come back as ``Flag``s; what was read differently from how the file shows
it (title rows skipped, columns ignored) as ``Notice``s. Messages never show more of a resident
ID number or a phone number than the published, masked form.

All coordinates are converted to WGS-84 here, on the way in.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import TypedDict, TypeVar

from geo.crs import CoordSystem, LonLat, to_wgs84
from geo.travel import centroid
from planner.io.ledger import (
    Cell,
    Column,
    HeaderGuess,
    InputError,
    Notice,
    Problem,
    RawRow,
    RawTable,
    cell_text,
    is_blank,
    match_header,
    near_miss,
    read_table,
    read_table_into,
    shape_table,
)
from planner.io.spreadsheet import starts_like_formula
from planner.model import (
    Ability,
    Elder,
    Flag,
    PastVisit,
    Role,
    TimeWindow,
    TravelMode,
    VisitMode,
    Visitor,
    VisitReason,
    WeatherWarning,
)
from planner.privacy import (
    looks_like_mobile_number,
    looks_like_resident_id,
    mask_id_number,
    mask_personal_numbers,
)

__all__ = [
    "DEFAULT_MAX_HOME_VISITS_PER_DAY",
    "DEFAULT_SHIFT",
    "DEFAULT_WORK_DAYS",
    "ELDER_COLUMNS",
    "HISTORY_COLUMNS",
    "MAX_ID_CHARACTERS",
    "VISITOR_COLUMNS",
    "WARNING_COLUMNS",
    "Cell",
    "Column",
    "InputError",
    "Notice",
    "Problem",
    "RawRow",
    "RawTable",
    "Tables",
    "birth_date_of_id_number",
    "id_check_character",
    "load_tables",
    "load_warnings",
    "parse_ability",
    "parse_bool",
    "parse_coord_system",
    "parse_date",
    "parse_degrees",
    "parse_disability_grade",
    "parse_id_number",
    "parse_int",
    "parse_names",
    "parse_phone",
    "parse_role",
    "parse_sex",
    "parse_text",
    "parse_time_window",
    "parse_time_windows",
    "parse_travel_mode",
    "parse_visit_mode",
    "parse_visit_reason",
    "parse_work_days",
    "read_table",
    "tables_from_raw",
]

DEFAULT_SHIFT = TimeWindow(8 * 60 + 30, 17 * 60)
DEFAULT_WORK_DAYS = frozenset(range(5))
DEFAULT_MAX_HOME_VISITS_PER_DAY = 8

# Mainland China and its islands, roughly; a point outside is almost always a typo or swapped.
CHINA_LON_RANGE = (73.0, 136.0)
CHINA_LAT_RANGE = (3.0, 54.0)

_T = TypeVar("_T")
_D = TypeVar("_D")
_E = TypeVar("_E", bound=StrEnum)


@dataclass(frozen=True)
class Tables:
    """The validated input: the model objects, flags for the coordinator, and notices.

    ``extra_columns`` names, per table (``"elders"``, ``"visitors"``, ``"history"``), the header
    cells that are not columns of the contract: they were kept out of the model, not rejected.
    ``notices`` say what was read differently from how the files show it (title and footer rows
    skipped, merged cells filled, columns ignored), once each, for the command line to print.
    """

    elders: tuple[Elder, ...]
    visitors: tuple[Visitor, ...]
    history: tuple[PastVisit, ...]
    flags: tuple[Flag, ...]
    extra_columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    notices: tuple[Notice, ...] = ()


# --------------------------------------------------------------------------- columns

# The towns' own spellings come after the contract's: a ledger's 乡镇, 村(社区), 失能等级,
# 是否独居老人 (the 是否 goes: see ``planner.io.ledger.header_key``). 序号, a ledger's row counter,
# is deliberately not an elder_id spelling.
_TOWN_SPELLINGS = (
    "镇/街道",
    "镇街道",
    "乡镇街道",
    "街镇",
    "乡镇",
    "镇",
    "街道",
    "所属镇街",
    "镇街名称",
)

ELDER_COLUMNS: tuple[Column, ...] = (
    Column("elder_id", "编号", ("老人编号", "人员编号", "档案编号", "档案号"), required=True),
    Column("name", "姓名", ("老人姓名",), required=True),
    Column("birth_date", "出生日期", ("出生年月日", "出生年月", "生日")),
    Column("age", "年龄", ("周岁",)),
    Column("sex", "性别"),
    Column(
        "id_number",
        "身份证号",
        (
            "身份证号码",
            "公民身份号码",
            "身份证",
            "公民身份证号",
            "公民身份证号码",
            "身份证件号码",
            "证件号码",
            "老人身份证号",
        ),
    ),
    Column(
        "phone",
        "联系电话",
        (
            "电话",
            "手机",
            "手机号",
            "手机号码",
            "电话号码",
            "联系方式",
            "本人电话",
            "老人电话",
            "老人联系电话",
            "phone_number",
            "mobile",
        ),
    ),
    Column("town", "镇街", _TOWN_SPELLINGS, required=True),
    Column(
        "village",
        "村居",
        (
            "村/居委会",
            "村居委会",
            "村/社区",
            "村社区",
            "村",
            "社区",
            "村委会",
            "居委会",
            "村名",
            "所属村居",
            "村居名称",
            "村(居)委会",
        ),
        required=True,
    ),
    Column(
        "address",
        "家庭住址",
        ("住址", "地址", "家庭地址", "居住地址", "现住址", "现居住地址", "详细地址"),
    ),
    Column("lon", "经度", ("longitude", "lng")),
    Column("lat", "纬度", ("latitude",)),
    Column("coord_system", "坐标系", ("坐标系统",)),
    Column("lives_alone", "独居", ("独居老人",)),
    Column("empty_nest", "空巢", ("空巢老人",)),
    Column("left_behind", "留守", ("留守老人",)),
    Column(
        "family_planning_special",
        "计生特殊家庭",
        ("计划生育特殊家庭", "计生特殊家庭老人", "计划生育特殊家庭老人"),
    ),
    Column("disability_grade", "残疾等级", ("残疾人等级", "残疾级别")),
    Column(
        "ability",
        "能力评估",
        (
            "能力等级",
            "失能等级",
            "能力评估等级",
            "失能程度",
            "能力评估结果",
            "失能情况",
            "老年人能力评估",
        ),
    ),
    Column("bedridden", "长期卧床", ("卧床",)),
    Column("limited_mobility", "行动不便"),
    Column("dementia", "失智", ("失智老人",)),
    Column("home_visit_consent", "同意入户", ("同意入户探访", "同意上门", "consent")),
    Column("time_window", "可探访时段", ("time_windows", "探访时段", "可探访时间")),
    Column("emergency_contact", "紧急联系人", ("紧急联系人姓名", "联系人", "联系人姓名")),
    Column(
        "emergency_phone",
        "紧急联系电话",
        ("紧急联系人电话", "紧急联系人手机", "紧急联系方式", "联系人电话", "联系人手机"),
    ),
    Column("usual_visitor_id", "常用探访人", ("常用探访人编号",)),
)

VISITOR_COLUMNS: tuple[Column, ...] = (
    Column("visitor_id", "编号", ("探访人员编号", "探访人编号", "人员编号"), required=True),
    Column("name", "姓名", ("探访人员姓名", "探访人姓名"), required=True),
    Column("role", "类别", ("人员类别", "探访人员类别", "人员类型", "探访人员类型"), required=True),
    Column("town", "镇街", _TOWN_SPELLINGS, required=True),
    Column("villages", "服务村居", ("village", "负责村居", "服务村", "服务社区")),
    Column("start_lon", "出发经度"),
    Column("start_lat", "出发纬度"),
    Column("coord_system", "坐标系", ("坐标系统",)),
    Column("travel_mode", "出行方式", ("交通方式",)),
    Column("work_days", "工作日"),
    Column("shift", "工作时段"),
    Column("max_home_visits_per_day", "每日最多入户", ("每日最多入户数", "每天最多入户")),
)

HISTORY_COLUMNS: tuple[Column, ...] = (
    Column("date", "日期", ("探访日期", "走访日期"), required=True),
    Column("elder_id", "老人编号", required=True),
    Column("visitor_id", "探访人员编号", ("探访人编号", "走访人编号"), required=True),
    Column("mode", "方式", ("探访方式", "走访方式"), required=True),
    Column("reason", "事由", ("探访事由", "走访事由")),
)

WARNING_COLUMNS: tuple[Column, ...] = (
    Column("town", "镇街", _TOWN_SPELLINGS, required=True),
    Column("villages", "村居", ("服务村居", "影响村居")),
    Column("start", "开始日期", ("开始",), required=True),
    Column("end", "结束日期", ("结束",), required=True),
    Column("severe", "严重", ("是否严重",)),
    Column("kind", "类型", ("预警类型", "天气")),
)


# --------------------------------------------------------------------------- cells and values


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _shown(cell: Cell) -> str:
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
    raise ValueError(f"{_shown(cell)} is not a yes/no value: {_BOOL_HINT}")


def parse_int(cell: Cell) -> int:
    """A whole number, from text or an XLSX number (80.0 is 80)."""
    if isinstance(cell, bool | date | time):
        raise ValueError(f"{_shown(cell)} is not a whole number: write digits, e.g. 8")
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        if cell.is_integer():
            return int(cell)
        raise ValueError(f"{_shown(cell)} is not a whole number: write digits, e.g. 8")
    text = cell_text(cell)
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?\d+\.0*", text):
        return int(float(text))
    raise ValueError(f"{_shown(cell)} is not a whole number: write digits, e.g. 8")


def _parse_age(cell: Cell) -> int:
    text = cell_text(cell).removesuffix("岁").strip()
    try:
        age = parse_int(cell if isinstance(cell, int | float) else text)
    except ValueError:
        raise ValueError(f"{_shown(cell)} is not an age: write whole years, e.g. 82") from None
    if not 0 <= age <= 130:
        raise ValueError(
            f"{_shown(cell)} is not a person's age: write whole years between 0 and 130"
        )
    return age


def _parse_visit_limit(cell: Cell) -> int:
    try:
        limit = parse_int(cell)
    except ValueError:
        raise ValueError(
            f"{_shown(cell)} is not a number of visits: write a whole number such as 8 "
            f"(empty means {DEFAULT_MAX_HOME_VISITS_PER_DAY})"
        ) from None
    if limit < 0:
        raise ValueError(f"{limit} home visits per day is negative: write 0 or more")
    return limit


_NO_ANGLE_BEYOND = 1000.0


def parse_degrees(cell: Cell) -> float:
    """Decimal degrees, from text (``116.397``, ``116.397°``) or an XLSX number."""
    hint = "write decimal degrees, e.g. 116.397 (longitude) or 39.908 (latitude)"
    if isinstance(cell, bool | date | time):
        raise ValueError(f"{_shown(cell)} is not a number of degrees: {hint}")
    if isinstance(cell, int | float):
        value = float(cell)
    else:
        text = cell_text(cell).removesuffix("°").strip()
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"{_shown(cell)} is not a number of degrees: {hint}") from None
    # Far beyond any angle: another column's number (an ID or phone number shifted by a stray
    # comma), quoted masked here rather than in full by the coordinate checks.
    if not math.isfinite(value) or abs(value) > _NO_ANGLE_BEYOND:
        raise ValueError(f"{_shown(cell)} is not a number of degrees: {hint}")
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
            f"{_shown(cell)} is a number, not a date: format the cells as dates, or {hint}"
        )
    match = _DATE_TEXT.match(cell_text(cell))
    if match is None:
        raise ValueError(f"{_shown(cell)} is not a date: {hint}")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{_shown(cell)} is not a date: {hint}") from None


_EARLIEST_BIRTH_YEAR = 1890


def _parse_birth_date(cell: Cell) -> date:
    born = parse_date(cell)
    if born > date.today():
        raise ValueError(f"birth date {born} lies in the future: check the year")
    if born.year < _EARLIEST_BIRTH_YEAR:
        raise ValueError(f"birth date {born} is too long ago: check the year")
    return born


# GB 11643-1999: the resident identity number and its ISO 7064 MOD 11-2 check character.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARACTERS = "10X98765432"


def id_check_character(first_17_digits: str) -> str:
    """The check character (``0``-``9`` or ``X``) that completes 17 digits of a resident ID."""
    if not re.fullmatch(r"\d{17}", first_17_digits):
        raise ValueError(f"expected 17 digits, got {mask_personal_numbers(first_17_digits)!r}")
    total = sum(
        int(digit) * weight for digit, weight in zip(first_17_digits, _ID_WEIGHTS, strict=True)
    )
    return _ID_CHECK_CHARACTERS[total % 11]


def birth_date_of_id_number(id_number: str) -> date:
    """The birth date written in characters 7-14 of a resident ID number."""
    digits = id_number[6:14]
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        # The digits stay out of the message: with them, the masked number is not masked.
        raise ValueError("characters 7-14 (the birth date) are not a date") from None


_EXCEL_LOST_DIGITS = (
    "Excel stored this as a number and lost digits: format the column as text and type it again"
)
# How Excel shows a long number in a General cell, and writes it into a CSV file: 3.70402E+17.
_SCIENTIFIC_NOTATION = re.compile(r"\d+(?:\.\d+)?[eE]\+\d+")
# Excel keeps 15 significant digits; a number with more, or a long one ending in a run of zeros
# (1.38123E+10 read back is 13812300000), has lost some.
_EXCEL_DIGITS = 15
_LONG_NUMBER_DIGITS = 11
_LOST_DIGITS_ZEROS = "00000"


def _lost_digits(cell: Cell) -> bool:
    """Whether Excel turned this id or phone into a number and dropped some of its digits."""
    if isinstance(cell, str):
        return _SCIENTIFIC_NOTATION.fullmatch(cell_text(cell)) is not None
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        return False
    digits = cell_text(cell).lstrip("-")
    significant = digits.rstrip("0")
    return len(significant) > _EXCEL_DIGITS or (
        len(digits) >= _LONG_NUMBER_DIGITS and digits.endswith(_LOST_DIGITS_ZEROS)
    )


def parse_phone(cell: Cell) -> str:
    """A phone number as text; refused when Excel has turned it into a number and cut it."""
    if _lost_digits(cell):
        raise ValueError(_EXCEL_LOST_DIGITS)
    return cell_text(cell)


def parse_id_number(cell: Cell) -> str:
    """A resident ID number (18 characters) checked against GB 11643; returned upper-case.

    The number is masked in messages: they end up in terminals and logs.
    """
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        raise ValueError(
            "the ID number is stored as a number, which loses digits (Excel keeps only 15): "
            "format the whole column as Text and type the numbers again"
        )
    if _lost_digits(cell):
        raise ValueError(_EXCEL_LOST_DIGITS)
    text = re.sub(r"\s+", "", cell_text(cell)).upper()
    shown = repr(mask_id_number(text))
    if len(text) != 18:
        raise ValueError(
            f"{shown} has {len(text)} characters: a resident ID number has 18 "
            "(17 digits and a final digit or X)"
        )
    if not re.fullmatch(r"\d{17}[\dX]", text):
        raise ValueError(f"{shown} may hold only digits and a final X: correct the number")
    try:
        born = birth_date_of_id_number(text)
    except ValueError as error:
        raise ValueError(f"{shown}: {error}, so the number is wrong: correct it") from None
    if born > date.today():
        raise ValueError(
            f"{shown}: its birth date (characters 7-14) lies in the future, so the number is "
            "wrong: correct it"
        )
    expected = id_check_character(text[:17])
    if text[17] != expected:
        raise ValueError(
            # Not which character it should end with: that would tell of the masked digits.
            f"{shown} fails the GB 11643 check (its last character, a check on the others, "
            "does not fit them): look for a mistyped digit"
        )
    return text


# --------------------------------------------------------------------------- ids

MAX_ID_CHARACTERS = 64
"""Ids name files (``maps/<visitor_id>_<date>.html``) and fill cells: longer ones are refused."""

# A spreadsheet takes a cell starting with one of these for a formula when it is edited.
# Characters no file name may hold on Windows (and '/' nowhere), which ids become in maps/.
_NOT_IN_FILE_NAMES = frozenset('/\\:*?"<>|')


@dataclass(frozen=True)
class _IdKind:
    """Whose id a column holds, for the advice given when it is unusable."""

    who: str
    example: str
    why_phone: str = ""


_ELDER_ID = _IdKind("elder", "E0001")
_VISITOR_ID = _IdKind(
    "visitor",
    "V001",
    " (a visitor's phone is less private than an elder's, but the id also names the visitor's "
    "map files)",
)


def _id_parser(kind: _IdKind) -> Callable[[Cell], str]:
    """A parser of ids of ``kind``: refuses personal numbers, formulas and unsafe file names."""
    own_number = f"give each {kind.who} a number of the town's own (e.g. {kind.example})"

    def parse(cell: Cell) -> str:
        text = cell_text(cell)
        if looks_like_resident_id(text):
            raise ValueError(
                f"{_shown(text)} is a resident ID number, which every output would publish: "
                f"{own_number} in this column, and keep the ID number in 身份证号 (id_number)"
            )
        if looks_like_mobile_number(text):
            raise ValueError(
                f"{_shown(text)} is a mobile phone number, which every output would publish"
                f"{kind.why_phone}: {own_number} in this column, and keep the phone number in "
                "its own column"
            )
        if _lost_digits(cell):
            raise ValueError(_EXCEL_LOST_DIGITS)
        problem = _unsafe_id_problem(text)
        if problem is not None:
            raise ValueError(
                f"{_shown(text)} {problem}: give the {kind.who} a plain id such as {kind.example}"
            )
        return text

    return parse


def _is_control(char: str) -> bool:
    return unicodedata.category(char).startswith("C")


def _unsafe_id_problem(text: str) -> str | None:
    """Why an id cannot name a file or sit in a spreadsheet cell, or None when it can."""
    if starts_like_formula(text):
        return f"begins with {text[0]!r}, which a spreadsheet takes for a formula"
    bad = sorted({char for char in text if char in _NOT_IN_FILE_NAMES or _is_control(char)})
    if bad:
        shown = " ".join(repr(char) for char in bad)
        return f"holds {shown}, which cannot be in a file name (the maps are named by the ids)"
    if text in {".", ".."}:
        return "is not usable as a file name (the maps are named by the ids)"
    if len(text) > MAX_ID_CHARACTERS:
        return f"has {len(text)} characters, more than the {MAX_ID_CHARACTERS} an id may have"
    return None


parse_elder_id = _id_parser(_ELDER_ID)
parse_visitor_id = _id_parser(_VISITOR_ID)


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
            raise ValueError(f"{_shown(cell)} is not {what}: {hint}")
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
            raise ValueError(f"{_shown(cell)} is not a disability grade: {hint}") from None
    if not 1 <= grade <= 4:
        raise ValueError(f"{_shown(cell)} is not a disability grade: {hint}")
    return grade


_LIST_SEPARATORS = re.compile(r"[;；,，、]+")


def parse_names(cell: Cell) -> tuple[str, ...]:
    """Names joined by ``;`` (also ``；``, ``,``, ``，``, ``、``), in order, without repeats."""
    names = (name.strip() for name in _LIST_SEPARATORS.split(cell_text(cell)))
    return tuple(dict.fromkeys(name for name in names if name))


_RANGE_SEPARATOR = r"[-–—~～至到]"
_TIME_OF_DAY = r"(\d{1,2})[:：](\d{2})"
_WINDOW_TEXT = re.compile(rf"^{_TIME_OF_DAY}{_RANGE_SEPARATOR}{_TIME_OF_DAY}$")
_WINDOW_HINT = "write HH:MM-HH:MM, e.g. 08:30-11:30"


def _tighten_ranges(text: str) -> str:
    """Drop spaces around range dashes so that ``Mon - Fri`` reads like ``Mon-Fri``."""
    return re.sub(rf"\s*({_RANGE_SEPARATOR})\s*", r"\1", text)


def _minutes(hours: str, minutes: str, *, window: str) -> int:
    hour, minute = int(hours), int(minutes)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        raise ValueError(f"{window!r} has a time that does not exist: {_WINDOW_HINT}")
    return hour * 60 + minute


def parse_time_window(cell: Cell) -> TimeWindow:
    """One span of a day, ``HH:MM-HH:MM`` (``H:MM``, ``~`` and ``至`` also work)."""
    if isinstance(cell, time | datetime):
        raise ValueError(f"{_shown(cell)} is a single time, not a span: {_WINDOW_HINT}")
    text = _tighten_ranges(cell_text(cell))
    match = _WINDOW_TEXT.match(text)
    if match is None:
        raise ValueError(f"{_shown(cell)} is not a time span: {_WINDOW_HINT}")
    start = _minutes(match[1], match[2], window=text)
    end = _minutes(match[3], match[4], window=text)
    if start >= end:
        raise ValueError(
            f"{text!r} ends before it starts: spans across midnight are not supported, "
            f"{_WINDOW_HINT}"
        )
    return TimeWindow(start, end)


def parse_time_windows(cell: Cell) -> tuple[TimeWindow, ...]:
    """Several spans joined by ``;`` (or ``；``, ``,``), sorted, overlapping ones merged."""
    text = _tighten_ranges(cell_text(cell))
    parts = [part for part in re.split(r"[;；,，、\s]+", text) if part]
    try:
        windows = sorted(parse_time_window(part) for part in parts)
    except ValueError as error:
        if len(parts) == 1:
            raise
        raise ValueError(f"in {_shown(cell)}: {error}; join several spans with ';'") from None
    merged: list[TimeWindow] = []
    for window in windows:
        if merged and window.start_min <= merged[-1].end_min:
            last = merged.pop()
            window = TimeWindow(last.start_min, max(last.end_min, window.end_min))
        merged.append(window)
    return tuple(merged)


def _weekday_words() -> dict[str, int]:
    words: dict[str, int] = {}
    english = (
        ("mon", "monday"),
        ("tue", "tues", "tuesday"),
        ("wed", "weds", "wednesday"),
        ("thu", "thur", "thurs", "thursday"),
        ("fri", "friday"),
        ("sat", "saturday"),
        ("sun", "sunday"),
    )
    for weekday, names in enumerate(english):
        for name in names:
            words[name] = weekday
    # A bare numeral serves ranges such as 周一至五.
    for weekday, numeral in enumerate("一二三四五六日"):
        for prefix in ("", "周", "星期", "礼拜"):
            words[prefix + numeral] = weekday
    for prefix in ("周", "星期", "礼拜"):
        words[prefix + "天"] = 6
    return words


_WEEKDAY_WORDS = _weekday_words()
_WEEKDAY_GROUPS: dict[str, frozenset[int]] = {
    "weekdays": frozenset(range(5)),
    "工作日": frozenset(range(5)),
    "daily": frozenset(range(7)),
    "everyday": frozenset(range(7)),
    "每天": frozenset(range(7)),
    "每日": frozenset(range(7)),
    "全周": frozenset(range(7)),
    "weekend": frozenset({5, 6}),
    "weekends": frozenset({5, 6}),
    "周末": frozenset({5, 6}),
}
_WORK_DAYS_HINT = "write e.g. Mon-Fri, Mon,Wed,Fri, Mon-Wed,Sat or 周一-周五, 周一,周三"


def parse_work_days(cell: Cell) -> frozenset[int]:
    """Weekdays (0 = Monday) from ``Mon-Fri``, ``Mon,Wed,Fri``, ``Monday``, ``周一至周五``, ...

    A range may wrap over the weekend (``Fri-Mon``).
    """
    text = _tighten_ranges(cell_text(cell).casefold().replace("every day", "everyday"))
    days: set[int] = set()
    for token in (token.strip(".") for token in re.split(r"[;；,，、/\s]+", text)):
        if not token:
            continue
        if token in _WEEKDAY_GROUPS:
            days |= _WEEKDAY_GROUPS[token]
            continue
        ends = re.split(_RANGE_SEPARATOR, token)
        unknown = [end for end in ends if end.strip(".") not in _WEEKDAY_WORDS]
        if len(ends) > 2 or unknown:
            what = (
                f"{_shown(unknown[0])} is not a weekday"
                if unknown
                else f"{_shown(token)} is not a range"
            )
            raise ValueError(
                f"{_shown(cell)} is not a list of weekdays ({what}): {_WORK_DAYS_HINT}"
            )
        first, last = (_WEEKDAY_WORDS[end.strip(".")] for end in (ends[0], ends[-1]))
        days.update((first + offset) % 7 for offset in range((last - first) % 7 + 1))
    if not days:
        raise ValueError(f"{_shown(cell)} names no weekday: {_WORK_DAYS_HINT}")
    return frozenset(days)


# --------------------------------------------------------------------------- headers and rows


@dataclass(frozen=True)
class _Layout:
    """Where each contract column sits in one table, and how the file names it."""

    table: RawTable
    positions: Mapping[str, int]
    headers: Mapping[str, str]
    extra_columns: tuple[str, ...]

    def column_name(self, column: str) -> str:
        return self.headers.get(column, column)

    def has(self, column: str) -> bool:
        return column in self.positions


def _shaped(
    table: RawTable | None,
    columns: Sequence[Column],
    problems: list[Problem],
    notices: list[Notice],
) -> RawTable | None:
    """The table from its header row down (see ``planner.io.ledger.shape_table``), if it has one."""
    return None if table is None else shape_table(table, columns, problems, notices)


def _layout(
    table: RawTable, columns: Sequence[Column], problems: list[Problem], notices: list[Notice]
) -> _Layout:
    lookup = {key: column for column in columns for key in column.header_keys()}
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    unknown: list[str] = []
    for position, header in enumerate(table.headers):
        column = match_header(header, lookup)
        if column is None:
            if header:
                unknown.append(header)
        elif column.name in positions:
            problems.append(
                Problem(
                    table.file,
                    table.header_row,
                    header,
                    f"means the same as column {headers[column.name]!r} (both are "
                    f"{column.label}): keep only one of them",
                )
            )
        else:
            positions[column.name] = position
            headers[column.name] = header
    extras = _check_unknown_headers(table, unknown, columns, set(positions), problems, notices)
    found = ", ".join(header for header in table.headers if header) or "nothing"
    for column in columns:
        if column.required and column.name not in positions:
            problems.append(
                Problem(
                    table.file,
                    table.header_row,
                    column.name,
                    f"the required column {column.label} is missing: add it to the header row "
                    f"(the header has: {found})",
                )
            )
    return _Layout(table, positions, headers, extras)


def _spelling_and_name(guess: HeaderGuess) -> str:
    spelling, name = guess.spelling, guess.column.name
    return spelling if spelling == name else f"{spelling} ({name})"


def _check_unknown_headers(
    table: RawTable,
    unknown: Sequence[str],
    columns: Sequence[Column],
    present: set[str],
    problems: list[Problem],
    notices: list[Notice],
) -> tuple[str, ...]:
    """Refuse headers that look like a misspelt column; return the others, which are ignored.

    A misspelt column ignored in silence loses its facts (是否同意入户嘛 = 否, and the elder
    gets home visits), so it is refused; an unrelated column (备注, 户籍地) is only noted.
    """
    extras: list[str] = []
    for header in unknown:
        guess = near_miss(header, columns, present=present)
        if guess is None:
            extras.append(header)
            continue
        problems.append(
            Problem(
                table.file,
                table.header_row,
                header,
                f"did you mean {_spelling_and_name(guess)}? This header is not one "
                "visitplan knows, so the column would be ignored and its facts lost: rename it "
                f"to {guess.spelling}, or, if it holds something else, rename or delete it",
            )
        )
    if extras:
        quoted = ", ".join(repr(header) for header in extras)
        notices.append(
            Notice(
                table.file,
                table.header_row,
                None,
                f"{_count(len(extras), 'column')} not read by visitplan, ignored: {quoted}",
            )
        )
    return tuple(extras)


class _RowReader:
    """Reads the cells of one row by column name and records a Problem for each bad one."""

    def __init__(self, layout: _Layout, row: RawRow, problems: list[Problem]) -> None:
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
        columns = ", ".join(header for header, _ in filled)
        blocks = ", ".join(dict.fromkeys(ref for _, ref in filled))
        detail = (
            f"row {self.row.number}: {columns} read from the merged cells {blocks} (one value "
            "for several rows): check that it is this row's"
        )
        flags.append(Flag(subject_id, "filled_from_merged_cell", detail))


def _read_location(
    reader: _RowReader, lon_column: str, lat_column: str
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


def _check_unique_ids(
    ids: Iterable[tuple[int, str | None]], layout: _Layout, column: str, problems: list[Problem]
) -> None:
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
                    f"{_shown(identifier)} is used on rows {first_row[identifier]} and {row}: "
                    "ids must be unique within the file, give one of them another id",
                )
            )
        else:
            first_row[identifier] = row


# --------------------------------------------------------------------------- elders


@dataclass
class _ElderDraft:
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
class _Places:
    """What the visitors and history tables need to know about the elders table."""

    elder_ids: frozenset[str]
    villages: frozenset[tuple[str, str]]
    towns: frozenset[str]
    village_centres: Mapping[tuple[str, str], LonLat]
    town_centres: Mapping[str, LonLat]
    district_centre: LonLat | None
    complete: bool
    """The elders table was read and has no problem (else cross-checks would cascade)."""


def _read_elder(reader: _RowReader, flags: list[Flag]) -> _ElderDraft:
    # Every cell is read before the row is judged, so that all its problems are reported at once.
    elder_id = reader.require(
        "elder_id", parse_elder_id, what="every elder needs an id, unique within the file"
    )
    name = reader.require("name", parse_text, what="write the elder's name")
    town = reader.require("town", parse_text, what="write the elder's town (镇街)")
    village = reader.require("village", parse_text, what="write the elder's village (村居)")
    birth_date = reader.get("birth_date", _parse_birth_date, None)
    age = reader.get("age", _parse_age, None)
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
    location, coords_given = _read_location(reader, "lon", "lat")
    flags_of_need = {column: reader.get(column, parse_bool, False) for column in _NEED_COLUMNS}
    disability_grade = reader.get("disability_grade", parse_disability_grade, None)
    ability = reader.get("ability", parse_ability, Ability.UNASSESSED)
    home_visit_consent = reader.get("home_visit_consent", parse_bool, True)
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
            home_visit_consent=home_visit_consent,
            time_windows=time_windows,
            usual_visitor_id=usual_visitor_id,
            **contacts,
        )
    return _ElderDraft(
        reader.row.number, elder_id, town, village, location, coords_given, usual_visitor_id, elder
    )


class _Contacts(TypedDict):
    phone: str | None
    address: str | None
    emergency_contact: str | None
    emergency_phone: str | None


def _read_contacts(reader: _RowReader) -> _Contacts:
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
    reader: _RowReader, birth_date: date | None, id_number: str
) -> date | None:
    """birth_date checked against the ID number, or taken from it when the cell is empty."""
    id_birth_date = birth_date_of_id_number(id_number)
    if birth_date is None and reader.blank("birth_date"):
        return id_birth_date
    if birth_date is not None and birth_date != id_birth_date:
        reader.problem(
            "id_number",
            # Neither date is shown: either would show the masked digits of the ID number.
            f"{_shown(id_number)} gives another birth date (characters 7-14) than the "
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
    drafts: Sequence[_ElderDraft], layout: _Layout, problems: list[Problem], flags: list[Flag]
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
                    f"mean of {_count(len(points[place]), 'located elder')}; give lon/lat for "
                    "better routes",
                )
            )
    return centres


def _read_elders(
    table: RawTable, problems: list[Problem], notices: list[Notice], flags: list[Flag]
) -> tuple[list[_ElderDraft], _Layout, _Places]:
    problems_before = len(problems)
    layout = _layout(table, ELDER_COLUMNS, problems, notices)
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
    drafts = [_read_elder(_RowReader(layout, row, problems), flags) for row in table.rows]
    _check_unique_ids(
        ((draft.row, draft.elder_id) for draft in drafts), layout, "elder_id", problems
    )
    centres = _place_unlocated_elders(drafts, layout, problems, flags)
    return drafts, layout, _places(drafts, centres, complete=len(problems) == problems_before)


def _places(
    drafts: Sequence[_ElderDraft], centres: Mapping[tuple[str, str], LonLat], *, complete: bool
) -> _Places:
    town_points: dict[str, list[LonLat]] = defaultdict(list)
    for draft in drafts:
        if draft.location is not None and draft.town is not None:
            town_points[draft.town].append(draft.location)
    everything = [point for points in town_points.values() for point in points]
    return _Places(
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


def _no_places() -> _Places:
    return _Places(frozenset(), frozenset(), frozenset(), {}, {}, None, complete=False)


# --------------------------------------------------------------------------- visitors


@dataclass
class _VisitorDraft:
    row: int
    visitor_id: str | None
    town: str | None
    villages: tuple[str, ...]
    start: LonLat | None
    visitor: Visitor | None


def _read_visitor(reader: _RowReader, flags: list[Flag]) -> _VisitorDraft:
    visitor_id = reader.require(
        "visitor_id", parse_visitor_id, what="every visitor needs an id, unique within the file"
    )
    name = reader.require("name", parse_text, what="write the visitor's name")
    role = reader.require(
        "role", parse_role, what="write the kind of visitor, e.g. village_staff or 村干部"
    )
    town = reader.require("town", parse_text, what="write the town (镇街) the visitor works in")
    villages = reader.get("villages", parse_names, ())
    start, _ = _read_location(reader, "start_lon", "start_lat")
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
    return _VisitorDraft(reader.row.number, visitor_id, town, villages, start, visitor)


def _default_start(draft: _VisitorDraft, places: _Places) -> tuple[LonLat, str] | None:
    """Where a visitor without start coordinates sets out from, and why there."""
    assert draft.town is not None
    for village in draft.villages:
        centre = places.village_centres.get((draft.town, village))
        if centre is not None:
            return centre, f"the centre of {village} ({draft.town})"
    town_centre = places.town_centres.get(draft.town)
    if town_centre is not None:
        return town_centre, f"the centre of the located elders of {draft.town}"
    if places.district_centre is not None:
        # No elder lives in that town: the visitor serves nobody and is flagged for it.
        return places.district_centre, "the centre of all located elders"
    return None


def _place_visitors(
    drafts: Sequence[_VisitorDraft],
    layout: _Layout,
    places: _Places,
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
        detail = f"no start coordinates: sets out from {start[1]}"
        flags.append(Flag(draft.visitor.visitor_id, "approximate_start", detail))


def _flag_areas_without_elders(
    drafts: Sequence[_VisitorDraft], places: _Places, flags: list[Flag]
) -> None:
    for draft in drafts:
        if draft.visitor is None:
            continue
        visitor = draft.visitor
        if visitor.town not in places.towns:
            flags.append(
                Flag(
                    visitor.visitor_id,
                    "town_without_elders",
                    f"works in {visitor.town}, but no elder of the elders table lives there: "
                    "check the spelling of the town",
                )
            )
            continue
        for village in draft.villages:
            if (visitor.town, village) not in places.villages:
                flags.append(
                    Flag(
                        visitor.visitor_id,
                        "village_without_elders",
                        f"serves {village} ({visitor.town}), but no elder of the elders table "
                        "lives there: check the spelling of the village",
                    )
                )


def _read_visitors(
    table: RawTable,
    places: _Places,
    problems: list[Problem],
    notices: list[Notice],
    flags: list[Flag],
) -> tuple[list[_VisitorDraft], _Layout]:
    layout = _layout(table, VISITOR_COLUMNS, problems, notices)
    if not table.rows:
        message = "has a header but no data rows: add one row per visitor"
        problems.append(Problem(table.file, None, None, message))
    drafts = [_read_visitor(_RowReader(layout, row, problems), flags) for row in table.rows]
    _check_unique_ids(
        ((draft.row, draft.visitor_id) for draft in drafts), layout, "visitor_id", problems
    )
    _place_visitors(drafts, layout, places, problems, flags)
    _flag_areas_without_elders(drafts, places, flags)
    return drafts, layout


def _check_usual_visitors(
    elders: Sequence[_ElderDraft],
    elder_layout: _Layout,
    visitors: Sequence[_VisitorDraft],
    visitor_file: str,
    problems: list[Problem],
    flags: list[Flag],
) -> None:
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
                    f"usual visitor {_shown(elder.usual_visitor_id)} is not in {visitor_file}: "
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
                    "usual_visitor_elsewhere",
                    f"usual visitor {visitor.visitor.visitor_id} does not serve "
                    f"{elder.elder.village} ({elder.elder.town}), so cannot be kept",
                )
            )


# --------------------------------------------------------------------------- history


def _read_past_visit(reader: _RowReader) -> PastVisit | None:
    day = reader.require("date", parse_date, what="write the date of the visit as YYYY-MM-DD")
    elder_id = reader.require("elder_id", parse_elder_id, what="write the id of the elder visited")
    visitor_id = reader.require("visitor_id", parse_visitor_id, what="write the id of the visitor")
    mode = reader.require(
        "mode", parse_visit_mode, what="write how the visit was made: home, phone, online or road"
    )
    reason = reader.get("reason", parse_visit_reason, VisitReason.REGULAR)
    if day is None or elder_id is None or visitor_id is None or mode is None or not reader.ok:
        return None
    return PastVisit(day, elder_id, visitor_id, mode, reason)


def _read_history(
    table: RawTable,
    places: _Places,
    problems: list[Problem],
    notices: list[Notice],
    flags: list[Flag],
) -> tuple[list[PastVisit], _Layout]:
    layout = _layout(table, HISTORY_COLUMNS, problems, notices)
    visits: list[PastVisit] = []
    unknown_rows: dict[str, list[int]] = defaultdict(list)
    for row in table.rows:
        visit = _read_past_visit(_RowReader(layout, row, problems))
        if visit is None:
            continue
        # Elders move away or die; their old visits are history, not an error.
        if places.complete and visit.elder_id not in places.elder_ids:
            unknown_rows[visit.elder_id].append(row.number)
            continue
        visits.append(visit)
    for elder_id, rows in unknown_rows.items():
        flags.append(
            Flag(
                elder_id,
                "history_unknown_elder",
                f"{_count(len(rows), 'visit')} of {Path(table.file).name} (rows "
                f"{', '.join(map(str, rows))}) name elder {elder_id}, who is not in the elders "
                "table: ignored",
            )
        )
    return visits, layout


# --------------------------------------------------------------------------- the whole input


def tables_from_raw(
    elders: RawTable, visitors: RawTable | None = None, history: RawTable | None = None
) -> Tables:
    """Validate tables already read (e.g. uploaded through the API); see ``load_tables``."""
    problems: list[Problem] = []
    tables = _validate(elders, visitors, history, problems)
    if problems:
        files = [table.file for table in (elders, visitors, history) if table is not None]
        raise InputError(_sorted(problems, files))
    return tables


def load_tables(
    elders_path: Path | str,
    visitors_path: Path | str | None = None,
    history_path: Path | str | None = None,
) -> Tables:
    """Read and validate the elders table and, when given, the visitors and history tables.

    Parameters
    ----------
    elders_path, visitors_path, history_path
        CSV or XLSX files. ``visitors_path`` may be None (classifying elders needs no visitors).

    Returns
    -------
    Tables
        Elders, visitors and past visits as model objects with WGS-84 places, and flags for the
        coordinator (approximate places, history of elders no longer listed, ...).

    Raises
    ------
    InputError
        With every problem of every file, each with its file, row, column and what to do.
    """
    problems: list[Problem] = []
    paths = [path for path in (elders_path, visitors_path, history_path) if path is not None]
    elders, visitors, history = (
        None if path is None else read_table_into(Path(path), str(path), problems)
        for path in (elders_path, visitors_path, history_path)
    )
    tables = _validate(elders, visitors, history, problems)
    if problems:
        raise InputError(_sorted(problems, [str(path) for path in paths]))
    return tables


def _validate(
    elders: RawTable | None,
    visitors: RawTable | None,
    history: RawTable | None,
    problems: list[Problem],
) -> Tables:
    flags: list[Flag] = []
    notices: list[Notice] = []
    extra_columns: dict[str, tuple[str, ...]] = {}
    elder_drafts: list[_ElderDraft] = []
    places = _no_places()
    elders = _shaped(elders, ELDER_COLUMNS, problems, notices)
    if elders is not None:
        elder_drafts, elder_layout, places = _read_elders(elders, problems, notices, flags)
        extra_columns["elders"] = elder_layout.extra_columns
    visitor_drafts: list[_VisitorDraft] = []
    visitors = _shaped(visitors, VISITOR_COLUMNS, problems, notices)
    if visitors is not None:
        visitor_drafts, visitor_layout = _read_visitors(visitors, places, problems, notices, flags)
        extra_columns["visitors"] = visitor_layout.extra_columns
        if elders is not None and visitor_layout.has("visitor_id"):
            _check_usual_visitors(
                elder_drafts, elder_layout, visitor_drafts, visitors.file, problems, flags
            )
    past_visits: list[PastVisit] = []
    history = _shaped(history, HISTORY_COLUMNS, problems, notices)
    if history is not None:
        past_visits, history_layout = _read_history(history, places, problems, notices, flags)
        extra_columns["history"] = history_layout.extra_columns
    return Tables(
        elders=tuple(draft.elder for draft in elder_drafts if draft.elder is not None),
        visitors=tuple(draft.visitor for draft in visitor_drafts if draft.visitor is not None),
        history=tuple(past_visits),
        flags=tuple(flags),
        extra_columns=extra_columns,
        notices=tuple(notices),
    )


def _sorted(problems: Sequence[Problem], files: Sequence[str]) -> list[Problem]:
    """Problems file by file in the order given, then by row (whole-file problems first)."""
    order: dict[str, int] = {}
    for file in files:
        order.setdefault(file, len(order))
    return sorted(
        problems, key=lambda problem: (order.get(problem.file, len(order)), problem.row or 0)
    )


# --------------------------------------------------------------------------- weather warnings


def load_warnings(
    path: Path | str, *, places: Mapping[str, set[str]] | None = None
) -> tuple[WeatherWarning, ...]:
    """Read extreme-weather warnings: an area (a town, or some of its villages) and dates.

    ``places`` (town -> its villages, from the elders table) catches a misspelt area, which
    would otherwise bring no extra visit to anyone.

    Raises
    ------
    InputError
        With every problem of the file, each with its row, column and what to do.
    """
    problems: list[Problem] = []
    notices: list[Notice] = []  # the command line prints those of the planning tables only
    table = _shaped(
        read_table_into(Path(path), str(path), problems), WARNING_COLUMNS, problems, notices
    )
    warnings: list[WeatherWarning] = []
    if table is not None:
        layout = _layout(table, WARNING_COLUMNS, problems, notices)
        for row in table.rows:
            reader = _RowReader(layout, row, problems)
            warning = _read_warning(reader)
            if warning is not None and places is not None:
                _check_warning_area(reader, warning, places)
            if warning is not None and reader.ok:
                warnings.append(warning)
    if problems:
        raise InputError(_sorted(problems, [str(path)]))
    return tuple(warnings)


def _read_warning(reader: _RowReader) -> WeatherWarning | None:
    town = reader.require("town", parse_text, what="write the town the warning covers")
    start = reader.require("start", parse_date, what="write the first day of the weather")
    end = reader.require("end", parse_date, what="write the last day of the weather")
    villages = reader.get("villages", parse_names, ())
    severe = reader.get("severe", parse_bool, False)
    kind = reader.get("kind", parse_text, "")
    if town is None or start is None or end is None or not reader.ok:
        return None
    if end < start:
        reader.problem("end", f"{end} is before the start {start}: swap the dates")
        return None
    return WeatherWarning(town, start, end, severe, frozenset(villages), kind)


def _check_warning_area(
    reader: _RowReader, warning: WeatherWarning, places: Mapping[str, set[str]]
) -> None:
    if warning.town not in places:
        reader.problem(
            "town", f"no elder lives in {warning.town!r}: check the spelling against the elders"
        )
        return
    unknown = sorted(warning.villages - places[warning.town])
    if unknown:
        reader.problem(
            "villages",
            f"{', '.join(unknown)} has no elders in {warning.town}: check the spelling",
        )
