"""The words of the monthly report (workbook, PDF, map, dashboard), in Chinese and English.

Kept beside ``planner.io.words`` (same shape: a code to a (zh, en) pair) while that module is
being reworked; the two merge into one.
"""

from __future__ import annotations

from planner.io.words import LANGUAGES

_TEXT: dict[str, tuple[str, str]] = {
    "title": ("{place} {year}年{month}月探访报告", "{place}: visiting report, {year}-{month:02d}"),
    "district": ("全区", "The district"),
    "as_of": ("统计截至 {day}", "Counted up to {day}"),
    "summary": ("汇总", "Summary"),
    "floor_rate": ("月探访率", "Monthly visit rate"),
    "frequency_rate": ("按频次探访率", "Visited as often as the tier asks"),
    "elders_owed": ("应探访老人", "Elders owed a visit"),
    "floor_met": ("已探访老人", "Elders visited"),
    "frequency_met": ("达到频次老人", "Elders visited often enough"),
    "paused": ("暂停探访", "Paused"),
    "ended": ("终止探访", "Ended"),
    "contacts": ("常规探访次数", "Regular contacts"),
    "home_visits": ("入户探访次数", "Home visits"),
    "town": ("镇街", "Town"),
    "village": ("村居", "Village"),
    "visitor": ("探访人员", "Visitor"),
    "tier": ("人群分级", "Tier"),
    "by_village": ("各村居探访率", "Rate by village"),
    "by_town": ("各镇街探访率", "Rate by town"),
    "by_tier": ("各类人群探访率", "Rate by tier"),
    "by_week": ("本月逐周进度", "Progress week by week"),
    "through": ("截至", "Through"),
    "at_risk": ("需关注老人", "Elders at risk"),
    "at_risk_none": ("无", "None"),
    "at_risk_more": ("另有 {count} 人，见 at_risk.csv", "{count} more in at_risk.csv"),
    "followups": ("待跟进事项", "Follow-ups"),
    "followups_none": (
        "本报告的数据中无跟进记录（跟进记录来自服务端的探访记录）",
        "No follow-ups in this report's data (they come from the service's visit records)",
    ),
    "work": ("探访工作量", "Work done"),
    "elder": ("老人", "Elder"),
    "elder_id": ("编号", "Id"),
    "name": ("姓名", "Name"),
    "missing": ("缺少", "Missing"),
    "planned_on": ("已安排日期", "Planned on"),
    "unplanned": ("未安排", "Not planned"),
    "role": ("类别", "Kind"),
    "reward": ("结算方式", "Paid by"),
    "visits": ("探访次数", "Visits"),
    "hours": ("工时(小时)", "Hours"),
    "travel_minutes": ("路程(分钟)", "Travel (min)"),
    "percent": ("{value:.1%}", "{value:.1%}"),
    "no_one_owed": ("—", "—"),
    "dashboard_title": ("{month} 探访进度", "Visits in {month}"),
    "plan_missing": ("把缺少的探访排入本周计划", "Plan the missing visits into this week"),
    "plan_queued": (
        "已排入：本周计划 #{id} 正在生成",
        "Queued: this week's plan #{id} is being made",
    ),
    "plan_failed": ("未能排入计划：{why}", "Could not queue the plan: {why}"),
    "plan_hint": (
        "重新生成本周计划：尚未探访的老人优先安排（已发布的计划会被新计划取代）",
        "Re-plans this week: elders not yet visited come first (the new plan replaces the "
        "published one)",
    ),
    "open_followups": ("待跟进事项", "Open follow-ups"),
    "followups_hook": (
        "跟进事项将随探访记录上线后显示",
        "Follow-ups show here once visit records open them",
    ),
    "download": ("下载", "Download"),
    "map_title": ("{month} 各村居月探访率", "Monthly visit rate by village, {month}"),
    "map_village": ("{village}: {rate} ({met}/{owed})", "{village}: {rate} ({met}/{owed})"),
}

_CODES: dict[str, dict[str, tuple[str, str]]] = {
    "missing": {
        "contact": ("本月尚未探访", "no contact this month yet"),
        "home_visits": ("入户探访不足", "behind on home visits"),
        "quarter_home_visit": ("本季度未入户", "no home visit this quarter"),
        "followup": ("跟进逾期", "follow-up overdue"),
    },
    "tier": {
        "key": ("重点", "key"),
        "secondary": ("次重点", "secondary"),
        "general": ("一般", "general"),
    },
    "reward": {
        "pay": ("政府购买服务", "paid by the government"),
        "points": ("积分", "points"),
        "duty": ("本职工作", "part of the job"),
        "unknown": ("未知", "unknown"),
    },
    "role": {
        "village_staff": ("村居工作人员", "village staff"),
        "care_institution": ("养老服务机构", "care institution"),
        "social_worker": ("社会工作者", "social worker"),
        "family_doctor": ("家庭医生", "family doctor"),
        "elders_association": ("老年协会", "elders' association"),
        "property_staff": ("物业人员", "property staff"),
        "volunteer": ("志愿者", "volunteer"),
        "neighbour_relative": ("邻里亲属", "neighbour or relative"),
        "": ("未知", "unknown"),
    },
}


def report_text(key: str, lang: str, **values: object) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    text = _TEXT[key][LANGUAGES.index(lang)]
    return text.format(**values) if values else text


def code_text(kind: str, code: str, lang: str) -> str:
    """The words for a code of the report (``missing``, ``tier``, ``reward``, ``role``)."""
    return _CODES[kind][code][LANGUAGES.index(lang)]


def percent(rate: float | None, lang: str) -> str:
    return report_text("no_one_owed", lang) if rate is None else f"{rate:.1%}"
