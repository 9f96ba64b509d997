"""A visitor's day, ``<visitor_id>_<date>.html``: the homes in route order and the day's schedule.

The map has the visitor's start, a numbered badge per home visit in route order, a faded circle
at the home of each elder called (phone, online), the route out and back, and beside it the
day's schedule with the calls set apart so they are not missed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from urllib.parse import quote

import folium

from geo.crs import LonLat
from maps.elements import Badge, Circle, Line, LineStyle, VectorBatch, escape_text
from maps.lookup import DayKey, PlanLookup, day_path, day_travel
from maps.page import (
    WEEKDAY_COLORS,
    add_box,
    legend_html,
    new_map,
    remote_style,
    start_pin,
    tier_color,
)
from maps.text import (
    day_label,
    elder_rows,
    header,
    popup_html,
    time_span,
    visit_rows,
    visitor_title,
)
from planner.io.words import label, map_text
from planner.model import Elder, PlannedVisit, VisitMode, VisitReason
from planner.privacy import mask_name, masked_emergency_contact


def day_headline(
    lookup: PlanLookup,
    key: DayKey,
    visits: Sequence[PlannedVisit],
    path: Sequence[LonLat] | None,
    lang: str,
) -> str:
    """``V003 王*明 · 2026-12-07 周一 · 入户 6 · 电话 3 · 42 分钟路程 · 11.3 km``."""
    visitor_id, day = key
    if path is None:
        path = day_path(lookup, key, visits)
    minutes, km = day_travel(lookup.routes.get(key), visits, path)
    counts = Counter(visit.mode for visit in visits)
    parts = [visitor_title(lookup.visitors[visitor_id]), day_label(day, lang)]
    for mode in VisitMode:
        if counts[mode] or mode in (VisitMode.HOME, VisitMode.PHONE):
            parts.append(f"{label('mode', mode, lang)} {counts[mode]}")
    parts.append(map_text("travel_minutes", lang, minutes=minutes))
    parts.append(f"{km:.1f} km")
    return " · ".join(parts)


def day_map(
    lookup: PlanLookup,
    key: DayKey,
    visits: Sequence[PlannedVisit],
    *,
    overview_file: str,
    lang: str,
    marks: Mapping[str, str] | None = None,
) -> folium.Map:
    """The day's map, which links back to the overview's file ``overview_file``.

    ``marks`` (a re-plan's): elder_id -> ``added`` or ``moved`` for the stops that changed; they
    say so in the schedule, the tooltip and the popup, and an urgent visit's popup gives the
    emergency contact to call."""
    marks = marks or {}
    visitor = lookup.visitors[key[0]]
    path = day_path(lookup, key, visits)
    elders = [lookup.elders[visit.elder_id] for visit in visits]
    headline = day_headline(lookup, key, visits, path, lang)
    folium_map = new_map([visitor.start, *path, *(e.location for e in elders)], headline, lang)

    back = f'<a href="{quote(overview_file)}">{escape_text(map_text("back_to_overview", lang))}</a>'
    add_box(folium_map, "vp-title", f'{escape_text(headline)}<div class="vp-sub">{back}</div>')
    add_box(folium_map, "vp-side", _schedule_html(visits, elders, lang, marks))
    add_box(folium_map, "vp-legend", legend_html(lang, day_map=True))

    badges, circles = [], []
    for visit, elder in zip(visits, elders, strict=True):
        name = _marked(mask_name(elder.name), marks.get(elder.elder_id), lang)
        popup = popup_html(
            f"{visit.sequence}. {name}",
            [
                *elder_rows(elder, visit.tier, lang),
                *visit_rows(visit, lang),
                *_urgent_rows(visit, elder, lang),
            ],
        )
        tooltip = escape_text(f"{visit.sequence}. {name} {time_span(visit)}")
        if visit.mode.is_remote:
            circles.append(
                Circle(elder.location, remote_style(tier_color(visit.tier)), popup, tooltip)
            )
        else:
            badges.append(
                Badge(elder.location, str(visit.sequence), tier_color(visit.tier), popup, tooltip)
            )
    lines = []
    if len(path) > 1:
        lines.append(
            Line(path=path, style=LineStyle(color=WEEKDAY_COLORS[key[1].weekday()], weight_px=4))
        )
    pins = [start_pin(visitor, lang)]
    VectorBatch(lines=lines, circles=circles, badges=badges, pins=pins).add_to(folium_map)
    return folium_map


def _marked(name: str, change: str | None, lang: str) -> str:
    return f"{name} [{label('change', change, lang)}]" if change else name


def _urgent_rows(visit: PlannedVisit, elder: Elder, lang: str) -> list[tuple[str, str]]:
    """An urgent visit's emergency contact, masked: whom to call if nobody opens."""
    if visit.reason is not VisitReason.URGENT:
        return []
    return [(header("emergency_contact", lang), masked_emergency_contact(elder) or "-")]


def _schedule_html(
    visits: Sequence[PlannedVisit], elders: Sequence[Elder], lang: str, marks: Mapping[str, str]
) -> str:
    """The day in order; calls (phone, online) are set apart so they are not missed."""
    head = "".join(
        f"<th>{escape_text(text)}</th>"
        for text in (
            header("sequence", lang),
            map_text("time", lang),
            header("mode", lang),
            map_text("elder", lang),
            header("village", lang),
        )
    )
    rows = []
    for visit, elder in zip(visits, elders, strict=True):
        css = ' class="vp-remote"' if visit.mode.is_remote else ""
        cells = "".join(
            f"<td>{escape_text(text)}</td>"
            for text in (
                visit.sequence,
                time_span(visit),
                label("mode", visit.mode, lang),
                _marked(mask_name(elder.name), marks.get(elder.elder_id), lang),
                elder.village,
            )
        )
        rows.append(f"<tr{css}>{cells}</tr>")
    calls = sum(1 for visit in visits if visit.mode.is_remote)
    calls_line = f"{map_text('calls', lang)}: {calls or map_text('no_calls', lang)}"
    return (
        f"<b>{escape_text(map_text('day_schedule', lang))}</b>"
        f'<table class="vp-schedule"><tr>{head}</tr>{"".join(rows)}</table>'
        f"{escape_text(calls_line)}"
    )
