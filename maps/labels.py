"""Words the maps show that no other output needs: layer names, legend, titles, box headings.

Tiers, modes, reasons, weekdays and column headers come from ``planner.export.label`` so that the
maps and the workbook say the same thing; only the map's own words live here, in the same
``(zh, en)`` shape so the two tables can be merged if that ever helps.
"""

from __future__ import annotations

from typing import Final

from planner.export import LANGUAGES

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
        raise ValueError(f"no map text {key!r}; add it to maps.labels._MAP_TEXT") from None
    text = words[LANGUAGES.index(lang)]
    return text.format(**values) if values else text
