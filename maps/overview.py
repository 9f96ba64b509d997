"""The week's overview, ``index.html``: every elder by tier, the visits not planned, each visitor's
week in a layer of its own, and a link to every day map.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Final
from urllib.parse import quote

import folium

from maps.day import day_headline
from maps.elements import Circle, CircleStyle, Line, LineStyle, VectorBatch, escape_text
from maps.lookup import DayKey, PlanLookup, day_path
from maps.page import (
    VISITED_RADIUS_PX,
    WEEKDAY_COLORS,
    add_box,
    legend_html,
    new_map,
    remote_style,
    start_pin,
    tier_color,
)
from maps.text import (
    elder_rows,
    header,
    popup_html,
    scrub,
    short_day_label,
    visit_list_html,
    visitor_title,
)
from planner.io.words import label, map_text, reason_text
from planner.model import Plan, PlannedVisit
from planner.privacy import mask_name

UNASSIGNED_COLOR: Final = "#000000"
# An open layer control with more entries than this would cover the map.
_MAX_OPEN_LAYER_CONTROL_ENTRIES: Final = 12
# With more visitors than this, their layers start hidden: all routes at once are unreadable.
_MAX_VISITOR_LAYERS_SHOWN: Final = 10
_CIRCLE_RADIUS_PX: Final = 5.0
_RING_RADIUS_PX: Final = 9.0


def overview_map(
    plan: Plan, lookup: PlanLookup, file_names: dict[DayKey, str], *, lang: str
) -> folium.Map:
    """The overview, whose links open the day maps written under ``file_names``."""
    week_end = plan.week_start + timedelta(days=6)
    title = map_text(
        "week_title", lang, start=plan.week_start.isoformat(), end=week_end.isoformat()
    )
    places = [elder.location for elder in plan.elders] or [v.start for v in plan.visitors]
    folium_map = new_map(places, title, lang, many_shapes=True)
    summary = map_text(
        "week_summary",
        lang,
        elders=len(plan.elders),
        planned=len(plan.visits),
        unassigned=len(plan.unassigned),
    )
    add_box(
        folium_map,
        "vp-title",
        f'{escape_text(title)}<div class="vp-sub">{escape_text(summary)}</div>',
    )

    _all_elders_layer(plan, lookup, lang).add_to(folium_map)
    if lookup.unassigned_by_elder:
        _unassigned_layer(lookup, lang).add_to(folium_map)
    visitor_days = lookup.visitor_days()
    show_visitors = len(visitor_days) <= _MAX_VISITOR_LAYERS_SHOWN
    for visitor_id, days in visitor_days.items():
        layer = _visitor_week_layer(lookup, visitor_id, days, lang=lang, show=show_visitors)
        layer.add_to(folium_map)
    entries = len(visitor_days) + 1 + int(bool(lookup.unassigned_by_elder))
    folium.LayerControl(collapsed=entries > _MAX_OPEN_LAYER_CONTROL_ENTRIES).add_to(folium_map)

    route_days = sorted({day for (_, day) in lookup.days})
    add_box(folium_map, "vp-legend", legend_html(lang, route_days=route_days))
    if visitor_days:
        add_box(folium_map, "vp-links", _day_links_html(lookup, visitor_days, file_names, lang))
    return folium_map


def _all_elders_layer(plan: Plan, lookup: PlanLookup, lang: str) -> folium.FeatureGroup:
    layer = folium.FeatureGroup(
        name=escape_text(map_text("all_elders", lang, count=len(plan.elders)))
    )
    circles = []
    for elder in plan.elders:
        tier = plan.tiers.get(elder.elder_id)
        color = tier_color(tier)
        visits = lookup.visits_by_elder.get(elder.elder_id, ())
        extra = ""
        if visits:
            heading = escape_text(map_text("visits_this_week", lang))
            extra = f"<b>{heading}</b><br>{visit_list_html(visits, lang, with_visitor=True)}"
        circles.append(
            Circle(
                location=elder.location,
                style=CircleStyle(color=color, fill_color=color, radius_px=_CIRCLE_RADIUS_PX),
                popup_html=popup_html(mask_name(elder.name), elder_rows(elder, tier, lang), extra),
                tooltip_html=escape_text(mask_name(elder.name)),
            )
        )
    VectorBatch(circles=circles).add_to(layer)
    return layer


def _unassigned_layer(lookup: PlanLookup, lang: str) -> folium.FeatureGroup:
    count = sum(len(items) for items in lookup.unassigned_by_elder.values())
    layer = folium.FeatureGroup(name=escape_text(map_text("unassigned_elders", lang, count=count)))
    ring = CircleStyle(
        color=UNASSIGNED_COLOR,
        fill_color=UNASSIGNED_COLOR,
        radius_px=_RING_RADIUS_PX,
        weight_px=2.5,
        fill_opacity=0.0,
    )
    circles = []
    for elder_id, items in lookup.unassigned_by_elder.items():
        elder = lookup.elders[elder_id]
        reasons = "<br>".join(
            escape_text(
                f"{header('due_by', lang)} {item.due_by.isoformat()} · "
                f"{label('mode', item.mode, lang)} · {label('reason', item.visit_reason, lang)}: "
                f"{scrub(reason_text(item, lang, lookup.elders), elder)}"
            )
            for item in items
        )
        heading = escape_text(header("unassigned_reason", lang))
        circles.append(
            Circle(
                location=elder.location,
                style=ring,
                popup_html=popup_html(
                    mask_name(elder.name),
                    elder_rows(elder, items[0].tier, lang),
                    f"<b>{heading}</b><br>{reasons}",
                ),
                tooltip_html=escape_text(mask_name(elder.name)),
            )
        )
    VectorBatch(circles=circles).add_to(layer)
    return layer


def _visitor_week_layer(
    lookup: PlanLookup,
    visitor_id: str,
    days: Sequence[tuple[date, tuple[PlannedVisit, ...]]],
    *,
    lang: str,
    show: bool,
) -> folium.FeatureGroup:
    """The visitor's week: their start, a route line per day, and the elders they visit."""
    visitor = lookup.visitors[visitor_id]
    layer = folium.FeatureGroup(name=escape_text(visitor_title(visitor)), show=show)
    lines = []
    for day, visits in days:
        path = day_path(lookup, (visitor_id, day), visits)
        if len(path) < 2:
            continue
        headline = day_headline(lookup, (visitor_id, day), visits, path, lang)
        style = LineStyle(color=WEEKDAY_COLORS[day.weekday()])
        lines.append(Line(path=path, style=style, tooltip_html=escape_text(headline)))
    circles = _visited_elder_circles(lookup, [v for _, visits in days for v in visits], lang)
    VectorBatch(lines=lines, circles=circles, pins=[start_pin(visitor, lang)]).add_to(layer)
    return layer


def _visited_elder_circles(
    lookup: PlanLookup, visits: Sequence[PlannedVisit], lang: str
) -> list[Circle]:
    """One circle per elder visited; faded when the visitor only calls them."""
    by_elder: dict[str, list[PlannedVisit]] = defaultdict(list)
    for visit in visits:
        by_elder[visit.elder_id].append(visit)
    circles = []
    for elder_id, elder_visits in by_elder.items():
        elder = lookup.elders[elder_id]
        tier = elder_visits[0].tier
        color = tier_color(tier)
        remote_only = all(v.mode.is_remote for v in elder_visits)
        style = (
            remote_style(color)
            if remote_only
            else CircleStyle(
                color="#222222", fill_color=color, radius_px=VISITED_RADIUS_PX, weight_px=2.0
            )
        )
        heading = escape_text(map_text("visits_this_week", lang))
        extra = f"<b>{heading}</b><br>{visit_list_html(elder_visits, lang, with_visitor=False)}"
        circles.append(
            Circle(
                location=elder.location,
                style=style,
                popup_html=popup_html(mask_name(elder.name), elder_rows(elder, tier, lang), extra),
                tooltip_html=escape_text(mask_name(elder.name)),
            )
        )
    return circles


def _day_links_html(
    lookup: PlanLookup,
    visitor_days: dict[str, list[tuple[date, tuple[PlannedVisit, ...]]]],
    file_names: dict[DayKey, str],
    lang: str,
) -> str:
    """A table with a row per visitor and a link per day to that day's map."""
    rows = []
    for visitor_id, days in visitor_days.items():
        links = " ".join(
            f'<a href="{quote(file_names[visitor_id, day])}" '
            f'title="{escape_text(day_headline(lookup, (visitor_id, day), visits, None, lang))}">'
            f"{escape_text(short_day_label(day, lang))}</a>"
            for day, visits in days
        )
        name = escape_text(visitor_title(lookup.visitors[visitor_id]))
        rows.append(f"<tr><td>{name}</td><td>{links}</td></tr>")
    heading = escape_text(f"{map_text('day_maps', lang)} ({len(file_names)})")
    is_open = " open" if len(visitor_days) <= _MAX_VISITOR_LAYERS_SHOWN else ""
    return (
        f"<details{is_open}><summary><b>{heading}</b></summary>"
        f"<table>{''.join(rows)}</table></details>"
    )
