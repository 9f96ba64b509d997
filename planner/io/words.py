"""Every word people read, in Chinese (the default) and English: one table, one place.

What coordinators and visitors read (spreadsheet headers and sheet names, tiers, modes, reasons,
flags, weekdays, the summary's items, the maps' legends and titles, why a visit is not planned)
comes from here, so that the workbook, the maps and the pages say the same thing. Codes (the
model's enum values, flag kinds, header keys) go in; words come out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Final

from planner.io.record_words import RECORD_LABELS
from planner.model import (
    Blocked,
    DayBlock,
    Reason,
    ReasonCode,
    UnassignedVisit,
    format_hhmm,
)
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
    # What a visit should cover (planner.visit_topics): the notice's seven services, and why.
    "topic": {
        "health": ("健康状况", "Health"),
        "home_safety": ("居家安全", "Home safety"),
        "policy_linkage": ("政策衔接", "Benefits and help"),
        "care_advice": ("照护指导", "Care advice"),
        "emotional_support": ("精神慰藉", "Emotional support"),
        "community_activities": ("社区活动", "Community activities"),
        "emergency_help": ("应急救助", "Emergency help"),
    },
    "fact": {
        "bedridden": ("长期卧床", "bedridden"),
        "severe_ability_loss": ("重度/完全失能", "severe loss of ability"),
        "dementia": ("失智", "dementia"),
        "moderate_ability_loss": ("中度失能", "moderate loss of ability"),
        "limited_mobility": ("行动不便", "limited mobility"),
        "age_80_plus": ("80岁以上", "aged 80 or over"),
        "lives_alone": ("独居", "lives alone"),
        "empty_nest": ("空巢", "empty nest"),
        "left_behind": ("留守", "left behind"),
        "severe_disability": ("重度残疾(一、二级)", "severe disability (grade 1-2)"),
        "family_planning_special": ("计生特殊家庭", "family-planning special family"),
        "in_good_health": ("身体健康", "in good health"),
        "weather_visit": ("极端天气前探访", "visit before extreme weather"),
        "festival_visit": ("节日探访", "festival visit"),
        "urgent_visit": ("紧急探访", "urgent visit"),
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
        "change": ("变更", "Change"),
        "from_date": ("原日期", "From date"),
        "from_visitor": ("原探访人员", "From visitor"),
        "from_arrival": ("原到达", "From arrival"),
        "to_date": ("新日期", "To date"),
        "to_visitor": ("新探访人员", "To visitor"),
        "to_arrival": ("新到达", "To arrival"),
        "emergency_contact": ("紧急联系人", "Emergency contact"),
    },
    "change": {
        "added": ("新增", "Added"),
        "moved": ("调整", "Moved"),
        "cancelled": ("取消", "Cancelled"),
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
        "changes": ("变更", "Changes"),
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
        "elders_missing_month": ("本月将无人探访的老人", "Elders who would miss the month"),
        "visitor_days_to_close_gap": (
            "补足所需探访人日(估算)",
            "Visitor-days to close the gap (estimate)",
        ),
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
        One of ``tier``, ``mode``, ``reason``, ``topic``, ``fact``, ``weekday``, ``header``,
        ``sheet``, ``summary``.
    value
        The code, e.g. ``Tier.KEY`` or ``"key"``, ``"mon"``, ``"elder_id"``.
    lang
        ``"zh"`` or ``"en"``.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    try:
        words = _LABELS.get(kind, {}).get(value) or RECORD_LABELS[kind][value]
    except KeyError:
        message = f"no label for {kind} {value!r}; add it to planner.io.words._LABELS"
        raise ValueError(message) from None
    return words[LANGUAGES.index(lang)]


def weekday_label(day: date, lang: str) -> str:
    """周一…周日 (zh) or Mon…Sun (en)."""
    return label("weekday", _WEEKDAY_KEYS[day.weekday()], lang)


def reason_text(item: UnassignedVisit, lang: str) -> str:
    """Why the visit is not planned, in ``lang``, with what would fix it; an ID or mobile number
    it quotes is masked."""
    return mask_personal_numbers(reason_words(item.reason, lang))


# --- why a visit is not planned ---------------------------------------------------------------
# One function per reason code, each giving (zh, en). unassigned.csv holds the English.


def reason_words(reason: Reason, lang: str) -> str:
    """The words of ``reason`` in ``lang`` (``reason_text`` masks them for output)."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return _REASON_WORDS[reason.code](reason)[LANGUAGES.index(lang)]


def _place(reason: Reason) -> str:
    return f"{reason.village} ({reason.town})"


def _span(reason: Reason) -> tuple[str, str]:
    """The days the visit was looked for: (zh, en)."""
    first, last = reason.first, reason.last
    if first is None or last is None:
        raise ValueError(f"reason {reason.code.value} names no days")
    zh_first, en_first = weekday_label(first, "zh"), weekday_label(first, "en")
    if first == last:
        return f"在{first}（{zh_first}）", f"on {en_first} {first}"
    zh_last, en_last = weekday_label(last, "zh"), weekday_label(last, "en")
    return (
        f"在{first}（{zh_first}）至{last}（{zh_last}）期间",
        f"between {en_first} {first} and {en_last} {last}",
    )


def _names(ids: tuple[str, ...]) -> str:
    if len(ids) <= 4:
        return " and ".join([", ".join(ids[:-1]), ids[-1]]) if len(ids) > 1 else ids[0]
    return ", ".join(ids[:3]) + f" and {len(ids) - 3} others"


def _no_visitor_serves_village(r: Reason) -> tuple[str, str]:
    place, village = _place(r), r.village
    return (
        f"没有探访人员服务{place}：请增加人员，或把{village}加入某位人员的服务村居",
        f"no visitor serves {place}: add one, or add {village} to a visitor's villages",
    )


def _nobody_works_those_days(r: Reason) -> tuple[str, str]:
    place, (span_zh, span) = _place(r), _span(r)
    holidays = ", ".join(str(d) for d in r.holidays)
    note_zh = f"（{holidays}为法定节假日）" if holidays else ""
    note = f" ({holidays} public holiday)" if holidays else ""
    return (
        f"服务{place}的人员{span_zh}均不上班{note_zh}：请安排其中一人在这几天上班，或增加人员",
        f"no visitor serving {place} works {span}{note}: let one of them work one of "
        "these days, or add a visitor",
    )


def _no_home_visits_allowed(r: Reason) -> tuple[str, str]:
    place, ids = _place(r), _names(r.visitor_ids)
    return (
        f"服务{place}的人员（{ids}）每日最多入户为0：请为其中一人调高",
        f"the visitors serving {place} ({ids}) make no home visits "
        "(max_home_visits_per_day is 0): raise it for one of them",
    )


def _hours_miss_shifts(r: Reason) -> tuple[str, str]:
    hours = ", ".join(str(w) for w in r.hours)
    ids, (span_zh, span) = _names(r.visitor_ids), _span(r)
    # The row names the elder; an id repeated in the text could be an ID number.
    return (
        f"老人的可探访时段{hours}与{ids}的工作时段重叠不足{r.minutes}分钟"
        f"（{span_zh}）：请放宽时段或调整工作时段",
        f"the elder's visiting hours {hours} leave no {r.minutes} minutes inside the "
        f"shifts of {ids} {span}: widen the hours or change a shift",
    )


def _shift_too_short(r: Reason) -> tuple[str, str]:
    ids = _names(r.visitor_ids)
    return (
        f"{ids}的工作时段短于一次{r.minutes}分钟的探访：请延长工作时段",
        f"the shifts of {ids} are shorter than a {r.minutes}-minute visit: lengthen a shift",
    )


def _daily_caps_full(r: Reason) -> tuple[str, str]:
    ids, (span_zh, span) = _names(r.visitor_ids), _span(r)
    blocks_zh, blocks = _blocks(r)
    return (
        f"可前往的人员（{ids}）{span_zh}每天的入户次数均已满{blocks_zh}：请增加人员或提高每日最多入户",
        f"the visitors who could go ({ids}) have their full daily home visits on every "
        f"day {span}{blocks}: add a visitor or raise max_home_visits_per_day",
    )


def _visit_out_of_reach(r: Reason) -> tuple[str, str]:
    hours = ", ".join(str(w) for w in r.hours)
    blocks_zh, blocks = _blocks(r)
    hours_zh = f"老人的可探访时段{hours}内" if hours else ""
    hours_en = f" within the elder's hours {hours}" if hours else ""
    return (
        f"可前往的人员即使当天只去这一户，{hours_zh}也来不及往返{blocks_zh}：请放宽时段、调整工作时段"
        "或安排离得更近的人员",
        f"even with nothing else that day, no visitor who could go can get there and back"
        f"{hours_en}{blocks}: widen the hours, change a shift or add a visitor nearer by",
    )


def _blocks(r: Reason) -> tuple[str, str]:
    """Each visitor's days the visit was tried in, grouped by what stopped it: (zh, en), each
    starting with a separator, or empty."""
    groups: dict[tuple[object, ...], list[DayBlock]] = {}
    for block in sorted(r.blocks):
        # Days of one visitor stopped alike read as one: "V2 has 8 of 8 on Mon and Wed".
        key: tuple[object, ...] = (block.visitor_id, block.blocked, block.home_visits, block.cap)
        if block.blocked is Blocked.OUT_OF_REACH:
            key = (block.visitor_id, block.blocked, block.earliest_arrival_min)
        groups.setdefault(key, []).append(block)
    parts = [_block_words(days) for days in groups.values()]
    if not parts:
        return "", ""
    shown, more = parts[:4], len(parts) - 4
    zh = "；".join(p[0] for p in shown) + (f"；另有{more}项" if more > 0 else "")
    en = "; ".join(p[1] for p in shown) + (f"; and {more} more" if more > 0 else "")
    return f"（{zh}）", f" ({en})"


def _block_words(days: list[DayBlock]) -> tuple[str, str]:
    first = days[0]
    who, on_zh = first.visitor_id, "、".join(weekday_label(b.day, "zh") for b in days)
    en_days = [weekday_label(b.day, "en") for b in days]
    on = " and ".join([", ".join(en_days[:-1]), en_days[-1]]) if len(days) > 1 else en_days[0]
    if first.blocked is Blocked.CAP_FULL:
        return (
            f"{who}{on_zh}已有{first.home_visits}次入户（上限{first.cap}次）",
            f"{who} has {first.home_visits} of {first.cap} home visits on {on}",
        )
    if first.blocked is Blocked.DAY_FULL:
        return (
            f"{who}{on_zh}的其他探访之间没有足够的空档，移走其中一户也腾不出来",
            f"{who}'s other visits on {on} leave no gap for it, nor does moving one away",
        )
    arrive, latest = format_hhmm(first.earliest_arrival_min), format_hhmm(first.latest_start_min)
    back = format_hhmm(first.shift_end_min)
    return (
        f"{who}最早{arrive}到达，须在{latest}前开始才能在{back}前返回",
        f"{who} can arrive at {arrive} at the earliest and must start by {latest} to be back "
        f"by {back}",
    )


def _advice(r: Reason) -> tuple[str, str]:
    return (
        f"请增加服务{r.village}的人员" + ("" if r.works_saturday else "或安排周六工作"),
        f"add a visitor serving {r.village}" + ("" if r.works_saturday else " or allow Saturday"),
    )


def _home_visit_does_not_fit(r: Reason) -> tuple[str, str]:
    ids, (span_zh, span), (advice_zh, advice) = _names(r.visitor_ids), _span(r), _advice(r)
    blocks_zh, blocks = _blocks(r)
    return (
        f"{ids}的工作时段{span_zh}已排不下这次入户及路程{blocks_zh}：{advice_zh}",
        f"the shifts of {ids} cannot fit this home visit with its travel {span}{blocks}: {advice}",
    )


def _shifts_full(r: Reason) -> tuple[str, str]:
    ids, (span_zh, span), (advice_zh, advice) = _names(r.visitor_ids), _span(r), _advice(r)
    return (
        f"{ids}的工作时段{span_zh}已满：{advice_zh}",
        f"the shifts of {ids} are full {span}: {advice}",
    )


# The month's shortfall has no Chinese wording yet: the workbook shows the English, as before.
def _month_ends_short(r: Reason) -> tuple[str, str]:
    english = (
        f"{r.visits_due} visits are due this week but only {r.visits_fitting} fit on separate "
        f"days before the month ends on {r.month_end}: this one cannot be made up; if it was "
        "made, add it to the history"
    )
    return english, english


def _week_too_short(r: Reason) -> tuple[str, str]:
    english = (
        f"{r.visits_due} visits are due this week but only {r.visits_fitting} fit on separate "
        "days: plan the rest next week"
    )
    return english, english


def _urgent_not_in_time(reason: Reason) -> tuple[str, str]:
    return (
        f"报警后无探访人员能在 {reason.by} 前上门: 请立即致电紧急联系人 {reason.call}",
        f"no visitor on shift can be there by {reason.by}: "
        f"call the emergency contact {reason.call} now",
    )


_REASON_WORDS: Final[dict[ReasonCode, Callable[[Reason], tuple[str, str]]]] = {
    ReasonCode.NO_VISITOR_SERVES_VILLAGE: _no_visitor_serves_village,
    ReasonCode.NOBODY_WORKS_THOSE_DAYS: _nobody_works_those_days,
    ReasonCode.NO_HOME_VISITS_ALLOWED: _no_home_visits_allowed,
    ReasonCode.HOURS_MISS_SHIFTS: _hours_miss_shifts,
    ReasonCode.SHIFT_TOO_SHORT: _shift_too_short,
    ReasonCode.DAILY_CAPS_FULL: _daily_caps_full,
    ReasonCode.HOME_VISIT_DOES_NOT_FIT: _home_visit_does_not_fit,
    ReasonCode.VISIT_OUT_OF_REACH: _visit_out_of_reach,
    ReasonCode.SHIFTS_FULL: _shifts_full,
    ReasonCode.MONTH_ENDS_SHORT: _month_ends_short,
    ReasonCode.WEEK_TOO_SHORT: _week_too_short,
    ReasonCode.URGENT_NOT_IN_TIME: _urgent_not_in_time,
}


# --- the web service's own words (api/service) -------------------------------------------------

_SERVICE_TEXT: Final[dict[str, tuple[str, str]]] = {
    "login_too_many": (
        "登录失败次数过多, 请一分钟后再试。",
        "Too many failed logins: try again in a minute.",
    ),
}


def service_text(key: str, lang: str) -> str:
    """The web service's words for ``key`` in ``lang`` (``"zh"`` or ``"en"``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return _SERVICE_TEXT[key][LANGUAGES.index(lang)]
