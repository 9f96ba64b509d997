"""Every word people read, in Chinese (the default) and English: one table, one place.

What coordinators and visitors read (spreadsheet headers and sheet names, tiers, modes, reasons,
flags, weekdays, the summary's items, the maps' legends and titles, why a visit is not planned)
comes from here, so that the workbook, the maps and the pages say the same thing. Codes (the
model's enum values, flag kinds, header keys) go in; words come out.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from planner.model import UnassignedVisit
from planner.privacy import mask_personal_numbers

LANGUAGES: Final = ("zh", "en")

# kind -> value -> (zh, en). Values are the model's enum values, so a StrEnum works as a key.
_LABELS: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "tier": {
        "key": ("重点", "key"),
        "secondary": ("次重点", "secondary"),
        "general": ("一般", "general"),
    },
    "mode": {
        "home": ("入户", "home"),
        "phone": ("电话", "phone"),
        "online": ("网络", "online"),
        "road": ("路遇", "on the road"),
    },
    "reason": {
        "regular": ("常规", "regular"),
        "weather": ("天气", "weather"),
        "festival": ("节日", "festival"),
        "followup": ("回访", "follow-up"),
        "urgent": ("紧急", "urgent"),
    },
    "weekday": {
        "mon": ("周一", "Mon"),
        "tue": ("周二", "Tue"),
        "wed": ("周三", "Wed"),
        "thu": ("周四", "Thu"),
        "fri": ("周五", "Fri"),
        "sat": ("周六", "Sat"),
        "sun": ("周日", "Sun"),
    },
    "header": {
        "date": ("日期", "Date"),
        "weekday": ("星期", "Weekday"),
        "visitor_id": ("探访人员编号", "Visitor ID"),
        "visitor_name": ("探访人员", "Visitor"),
        "elder_id": ("老人编号", "Elder ID"),
        "elder_name": ("老人姓名", "Elder"),
        "name": ("姓名", "Name"),
        "phone": ("联系电话", "Phone"),
        "id_number": ("身份证号", "ID number"),
        "town": ("镇街", "Town"),
        "village": ("村居", "Village"),
        "address": ("地址", "Address"),
        "location": ("位置", "Location"),
        "consent": ("入户", "Home visits"),
        "tier": ("层级", "Tier"),
        "mode": ("方式", "Mode"),
        "sequence": ("顺序", "Order"),
        "arrival": ("到达", "Arrival"),
        "departure": ("离开", "Departure"),
        "travel_minutes": ("路程(分钟)", "Travel (min)"),
        "reason": ("事由", "Reason"),
        "due_by": ("应完成日期", "Due by"),
        "unassigned_reason": ("原因", "Why not planned"),
        "subject_id": ("编号", "ID"),
        "flag": ("类别", "Kind"),
        "detail": ("说明", "Detail"),
        "item": ("项目", "Item"),
        "value": ("数值", "Value"),
    },
    "flag": {
        "approximate_location": ("位置为村居中心(估计)", "location is the village centre"),
        "approximate_start": ("出发点为村居中心(估计)", "start is a village centre"),
        "no_home_visit_consent": ("不同意入户", "no consent to home visits"),
        "usual_visitor_elsewhere": ("常用探访人不服务该村居", "usual visitor serves elsewhere"),
        "town_without_elders": ("镇街无老人", "town without elders"),
        "village_without_elders": ("村居无老人", "village without elders"),
        "sex_differs_from_id_number": ("性别与身份证号不符", "sex differs from ID number"),
        "history_unknown_elder": ("探访记录中的老人不在名单", "history names an unknown elder"),
        "filled_from_merged_cell": ("取自合并单元格", "read from a merged cell"),
    },
    "sheet": {
        "flags": ("待核查", "To check"),
        "unassigned": ("未安排", "Unassigned"),
        "summary": ("汇总", "Summary"),
        "town": ("镇街", "Town"),
    },
    "summary": {
        "week_start": ("本周开始", "Week starts"),
        "week_end": ("本周结束", "Week ends"),
        "elders": ("老人数", "Elders"),
        "visitors": ("探访人员数", "Visitors"),
        "towns": ("镇街数", "Towns"),
        "due_visits": ("应探访次数", "Visits due"),
        "planned_visits": ("已安排次数", "Visits planned"),
        "unassigned": ("未安排次数", "Visits not planned"),
        "home_visits": ("入户探访", "Home visits"),
        "phone_visits": ("电话探访", "Phone visits"),
        "online_visits": ("网络探访", "Online visits"),
        "visitors_with_visits": ("有任务的探访人员", "Visitors with visits"),
        "travel_minutes": ("路程(分钟)", "Travel (min)"),
        "route_minutes": ("路线时长(分钟)", "Route time (min)"),
        "route_km": ("路线里程(公里)", "Route distance (km)"),
        "straight_line_km": ("直线里程(公里)", "Straight-line distance (km)"),
        "km_per_home_visit": ("每次入户直线里程(公里)", "Straight-line km per home visit"),
        "approximate_locations": ("位置取村居中心的老人", "Elders placed at village centre"),
        "flags": ("待核查事项", "Items to check"),
        "seconds": ("计算用时(秒)", "Computing time (s)"),
        "warnings": ("提示", "Warning"),
        "due": ("应探访", "due"),
        "planned": ("已安排", "planned"),
    },
}

_WEEKDAY_KEYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# key -> (zh, en). Entries with {placeholders} are filled with str.format.
_MAP_TEXT: Final[dict[str, tuple[str, str]]] = {
    "week_title": ("{start} 至 {end} 探访计划", "Visiting plan {start} to {end}"),
    "week_summary": (
        "老人 {elders} · 已安排探访 {planned} · 未安排 {unassigned}",
        "{elders} elders · {planned} visits planned · {unassigned} not planned",
    ),
    "travel_minutes": ("{minutes} 分钟路程", "{minutes} min travel"),
    "travel_minutes_short": ("{minutes} 分钟", "{minutes} min"),
    "all_elders": ("全部老人 ({count})", "All elders ({count})"),
    "unassigned_elders": ("未安排 ({count})", "Not planned ({count})"),
    "base_map": ("底图", "Base map"),
    "legend": ("图例", "Legend"),
    "legend_unassigned": ("未安排的探访", "Visit not planned"),
    "legend_start": ("出发点", "Start point"),
    "legend_numbered": ("入户探访 (顺序号)", "Home visit (order)"),
    "legend_remote": ("电话/网络探访 (老人住址)", "Phone/online visit (elder's home)"),
    "legend_route": ("路线颜色", "Route colour by day"),
    "start": ("出发点", "Start"),
    "day_schedule": ("当日安排", "Day schedule"),
    "calls": ("电话/网络探访", "Phone and online visits"),
    "no_calls": ("无", "none"),
    "visits_this_week": ("本周探访", "Visits this week"),
    "day_maps": ("每日路线图", "Daily maps"),
    "back_to_overview": ("返回总览", "Back to overview"),
    "elder": ("老人", "Elder"),
    "time": ("时间", "Time"),
    "tier_unknown": ("未分级", "no tier"),
}


def map_text(key: str, lang: str, **values: object) -> str:
    """The map's own words for ``key`` in ``lang``, with ``values`` filled in.

    Parameters
    ----------
    key
        An entry of ``_MAP_TEXT``, e.g. ``"week_title"``.
    lang
        ``"zh"`` or ``"en"``.
    **values
        Placeholders of the entry, e.g. ``start=..., end=...``.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    try:
        words = _MAP_TEXT[key]
    except KeyError:
        raise ValueError(f"no map text {key!r}; add it to planner.io.words._MAP_TEXT") from None
    text = words[LANGUAGES.index(lang)]
    return text.format(**values) if values else text


def label(kind: str, value: str, lang: str) -> str:
    """The word people read for ``value`` of ``kind`` in ``lang``.

    Parameters
    ----------
    kind
        One of ``tier``, ``mode``, ``reason``, ``weekday``, ``header``, ``sheet``, ``summary``.
    value
        The code, e.g. ``Tier.KEY`` or ``"key"``, ``"mon"``, ``"elder_id"``.
    lang
        ``"zh"`` or ``"en"``.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    try:
        words = _LABELS[kind][value]
    except KeyError:
        message = f"no label for {kind} {value!r}; add it to planner.io.words._LABELS"
        raise ValueError(message) from None
    return words[LANGUAGES.index(lang)]


def weekday_label(day: date, lang: str) -> str:
    """周一…周日 (zh) or Mon…Sun (en)."""
    return label("weekday", _WEEKDAY_KEYS[day.weekday()], lang)


def reason_text(item: UnassignedVisit, lang: str) -> str:
    """Why the visit is not planned, in the reader's language where the planner gave it; an ID
    or mobile number it quotes is masked."""
    text = item.reason_zh if lang == "zh" and item.reason_zh else item.reason
    return mask_personal_numbers(text)
