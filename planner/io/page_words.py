"""The words of the visitor's pages and calendar, in Chinese (the default) and English.

The sentences of the visitor's day page, the record form, the login page and the calendar
feed. Labels they share with the workbook and the maps (tiers, modes, weekdays, headers, and the
topics and facts of ``planner.visit_topics``) stay in ``planner.io.words``; these are the
pages' own, kept beside it so that one file stays readable.
"""

from __future__ import annotations

from typing import Final

from planner.io.words import LANGUAGES

HTML_LANG: Final = {"zh": "zh-CN", "en": "en"}
"""The ``lang`` attribute of a page in each language."""

# key -> (zh, en). Entries with {placeholders} are filled with str.format.
_PAGE_TEXT: Final[dict[str, tuple[str, str]]] = {
    # the day page
    "day_title": ("{day} 探访安排", "Visits on {day}"),
    "day_summary": (
        "共 {count} 次探访 · 入户 {home} 次 · 路程 {minutes} 分钟 · {km} 公里",
        "{count} visits · {home} at home · {minutes} min travel · {km} km",
    ),
    "previous_day": ("‹ 前一天", "‹ Previous day"),
    "next_day": ("后一天 ›", "Next day ›"),
    "no_visits": ("这一天没有安排探访。", "No visits are planned for this day."),
    "route_map": ("路线图", "Route map"),
    "map_unavailable": (
        "地图未能加载，请按下面的顺序探访。",
        "The map could not load: follow the order below.",
    ),
    "start": ("出发点", "Start"),
    "to_cover": ("本次重点", "To cover"),
    "followups_open": ("待跟进事项", "Open follow-ups"),
    "followup_item": ("{kind}（{role}，{due}前）", "{kind} ({role}, by {due})"),
    "part_of_every_visit": ("每次探访都应关注", "part of every visit"),
    "navigate": ("导航", "Navigate"),
    "record": ("填写记录", "Record visit"),
    "stop_label": ("第 {sequence} 站", "Stop {sequence}"),
    # the record form
    "record_title": ("探访记录", "Visit record"),
    "field_date": ("探访日期", "Date"),
    "field_mode": ("探访方式", "Mode"),
    "field_duration": ("时长（分钟）", "Duration (minutes)"),
    "field_note": ("情况记录", "Notes"),
    "field_topics": ("本次探访内容", "What the visit covered"),
    "save": ("提交", "Save"),
    "saving": ("正在提交…", "Saving…"),
    "saved": ("已保存。", "Saved."),
    "not_saved": (
        "未能保存（{status}），请检查后重试。",
        "Not saved ({status}): check and try again.",
    ),
    "offline": (
        "网络不通，未能保存。请稍后再点提交，不会重复记录。",
        "No connection, not saved. Tap Save again later: it will not be recorded twice.",
    ),
    "login_again": (
        "登录已过期，请重新登录后再提交。",
        "Your login has expired: log in again, then save.",
    ),
    "back": ("返回", "Back"),
    "section_visit": ("探访", "The visit"),
    "section_household": ("家庭状况", "Household"),
    "section_health": ("健康状况与精神状态", "Health and mood"),
    "section_safety": ("安全情况", "Safety"),
    "section_hygiene": ("卫生状况与居住环境", "Hygiene and surroundings"),
    "section_needs": ("服务需求", "Needs"),
    "section_confirmation": ("被探访人确认", "The elder's confirmation"),
    "section_service": ("六、关爱服务情况", "Care service given"),
    "household_same": ("无变化", "no change"),
    "household_up": ("增加", "more"),
    "household_down": ("减少", "fewer"),
    "household_people": ("人数", "People"),
    "no_event": ("无", "none"),
    "elder_confirmed": ("被探访人已确认本记录", "The record was confirmed for the elder"),
    "service_given": ("本次提供了关爱服务", "A care service was given"),
    "service_date": ("服务日期", "Date of the service"),
    "service_done": ("关爱服务情况", "What was done"),
    "service_given_by": ("服务人员", "Given by"),
    "service_satisfaction": ("老年人服务满意度评价", "The elder's satisfaction"),
    "last_visit": ("上次探访（{day}）", "Last visit ({day})"),
    "last_nothing": ("无隐患、无特别需求", "no hazard, no particular need"),
    "section_proof": ("拍照留痕", "Photo and place"),
    "photo": ("现场照片（可选）", "A photo of the visit (optional)"),
    "allow_location": (
        "同意记录提交时手机所在位置",
        "Allow the phone's location to be recorded with the visit",
    ),
    "photo_saved": ("记录和照片已保存。", "Saved, with the photo."),
    "photo_not_saved": (
        "记录已保存，照片未能上传（{status}）：请再点提交。",
        "Saved, but the photo was not ({status}): tap Save again.",
    ),
    # the login page
    "login_title": ("探访系统登录", "Visiting care: log in"),
    "username": ("用户名", "User name"),
    "password": ("密码", "Password"),
    "log_in": ("登录", "Log in"),
    "login_failed": ("用户名或密码不正确。", "Wrong user name or password."),
    # the calendar feed
    "calendar_name": ("探访计划 {visitor}", "Visits of {visitor}"),
    "event_summary": ("{mode}探访 {name}", "{mode} visit: {name}"),
    "event_topics": ("本次重点：{topics}", "To cover: {topics}"),
}


def page_text(key: str, lang: str, **values: object) -> str:
    """The pages' own words for ``key`` in ``lang``, with ``values`` filled in.

    Parameters
    ----------
    key
        An entry of ``_PAGE_TEXT``, e.g. ``"day_title"``.
    lang
        ``"zh"`` or ``"en"``.
    **values
        Placeholders of the entry, e.g. ``day=...``.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    try:
        words = _PAGE_TEXT[key]
    except KeyError:
        raise ValueError(f"no page text {key!r}; add it to planner.io.page_words") from None
    text = words[LANGUAGES.index(lang)]
    return text.format(**values) if values else text
