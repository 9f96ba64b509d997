"""Folium maps of a weekly plan: an overview of the week and one map per visitor and day.

``write_plan_maps`` writes ``index.html`` (every elder by tier, the visits not planned, and one
layer per visitor with their week) and ``<visitor_id>_<date>.html`` for each visitor and day with
at least one planned visit (their start, the homes in route order, the route, the day's calls).

Everything published is masked (``planner.privacy``): names, phone numbers and ID numbers never
reach the HTML in clear. Words people read come from ``planner.io.words.label`` (tiers, modes,
weekdays, headers) and ``planner.io.words.map_text`` (the map's own words), Chinese by default.
"""

from __future__ import annotations

import functools
import importlib
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

import folium
from branca.element import Figure

from geo.crs import LonLat
from geo.travel import path_km
from maps.elements import (
    BADGE_CSS,
    HOUSE_SVG,
    Badge,
    Circle,
    CircleStyle,
    Line,
    LineStyle,
    Pin,
    RawHtml,
    VectorBatch,
    escape_text,
    latlng,
)
from planner.io.spreadsheet import starts_like_formula
from planner.io.words import LANGUAGES, label, map_text, reason_text, weekday_label
from planner.model import (
    DayRoute,
    Elder,
    Plan,
    PlannedVisit,
    Tier,
    UnassignedVisit,
    VisitMode,
    Visitor,
    format_hhmm,
)
from planner.privacy import mask_id_number, mask_name, mask_phone, public_elder_id, public_id

INDEX_FILE: Final = "index.html"

TIER_COLORS: Final[dict[Tier, str]] = {
    Tier.KEY: "#d62728",
    Tier.SECONDARY: "#ff7f0e",
    Tier.GENERAL: "#1f77b4",
}
NO_TIER_COLOR: Final = "#7f7f7f"
UNASSIGNED_COLOR: Final = "#000000"
START_PIN_HEX: Final = "#5b396b"  # a dark purple, unlike any tier
# Route lines by weekday, Monday first; none of them is a tier colour.
WEEKDAY_COLORS: Final = (
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#555555",
)

# An open layer control with more entries than this would cover the map.
_MAX_OPEN_LAYER_CONTROL_ENTRIES: Final = 12
# With more visitors than this, their layers start hidden: all routes at once are unreadable.
_MAX_VISITOR_LAYERS_SHOWN: Final = 10
_MAX_ZOOM: Final = 16
_FIT_PADDING_PX: Final = (24, 24)
_UNSAFE_FILE_NAME_CHARS: Final = re.compile(r'[\x00-\x1f/\\:*?"<>|]')
"""What no file system takes (or Windows refuses); anything else, Chinese included, is kept."""
# Most file systems allow 255 bytes a name; the date, a clash counter and ``.html`` need 20.
_MAX_FILE_STEM_BYTES: Final = 200

_PAGE_CSS: Final = (
    ".vp-box{position:fixed;z-index:1000;background:rgba(255,255,255,.94);padding:6px 10px;"
    "border-radius:6px;box-shadow:0 1px 5px rgba(0,0,0,.4);font:13px/1.45 sans-serif;}"
    ".vp-title{top:10px;left:50%;transform:translateX(-50%);max-width:60%;text-align:center;"
    "font-size:15px;font-weight:bold;}"
    ".vp-title .vp-sub{font-size:12px;font-weight:normal;}"
    ".vp-legend{bottom:28px;right:10px;}"
    ".vp-side{top:90px;left:10px;max-height:65vh;overflow:auto;}"
    ".vp-links{bottom:28px;left:10px;max-height:45vh;max-width:45%;overflow:auto;}"
    ".vp-dot{display:inline-block;width:12px;height:12px;border-radius:50%;margin-right:6px;"
    "vertical-align:middle;}"
    ".vp-ring{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px;"
    "vertical-align:middle;border:2px solid #000;}"
    ".vp-legend-pin svg{width:12px;height:17px;vertical-align:middle;margin-right:6px;}"
    ".vp-pin-icon{background:none;border:none;}"
    ".vp-line{display:inline-block;width:18px;height:0;border-top:3px solid;margin-right:4px;"
    "vertical-align:middle;}"
    "table.vp-popup th{text-align:left;font-weight:normal;color:#555;padding-right:8px;"
    "white-space:nowrap;vertical-align:top;}"
    "table.vp-schedule{border-collapse:collapse;}"
    "table.vp-schedule th,table.vp-schedule td{padding:1px 6px;text-align:left;}"
    "tr.vp-remote td{color:#555;font-style:italic;}"
    ".vp-links td{padding:1px 6px;vertical-align:top;}" + BADGE_CSS
)

_CIRCLE_RADIUS_PX: Final = 5.0
_VISITED_RADIUS_PX: Final = 7.0
_RING_RADIUS_PX: Final = 9.0


LIBRARY_FOLDER: Final = "lib"
"""Where the maps find Leaflet, next to them (``maps/static/leaflet`` is its source)."""


def _copy_library(target: Path) -> None:
    source = resources.files("maps").joinpath("static", "leaflet")
    with resources.as_file(source) as folder:
        shutil.copytree(folder, target, dirs_exist_ok=True)


def write_plan_maps(plan: Plan, directory: Path, *, lang: str = "zh") -> list[Path]:
    """Write the plan's maps into ``directory`` and return the paths written.

    Parameters
    ----------
    plan
        The weekly plan; every visit's elder and visitor must be in ``plan.elders`` and
        ``plan.visitors``.
    directory
        Created when missing. Receives ``index.html`` and one
        ``<visitor_id>_<YYYY-MM-DD>.html`` per visitor and day with at least one planned visit
        (see ``day_map_file_name`` for ids that are not safe in file names).
    lang
        ``"zh"`` (default) or ``"en"``: the language of every word on the maps.

    Returns
    -------
    list[Path]
        ``index.html`` first, then the day maps by visitor and date.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    lookup = _PlanLookup.of(plan)
    file_names = _day_file_names(list(lookup.days))
    directory.mkdir(parents=True, exist_ok=True)
    _copy_library(directory / LIBRARY_FOLDER)
    written: list[Path] = []
    for key, visits in lookup.days.items():
        path = _inside(directory, file_names[key])
        _save(_day_map(lookup, key, visits, lang=lang), path)
        written.append(path)
    index_path = directory / INDEX_FILE
    _save(_overview_map(plan, lookup, file_names, lang=lang), index_path)
    return [index_path, *written]


def day_map_file_name(visitor_id: str, day: date) -> str:
    """``<visitor_id>_<YYYY-MM-DD>.html`` (CONTRACT.md), with the id made safe as a file name.

    Characters no file name holds (``/`` and ``\\`` among them) become ``_``, so the name never
    leaves its folder; so does a first character that would hide the file (``.``) or open like a
    formula or an option (``= + - @``). An id that is a resident ID or mobile number is masked,
    and a very long one cut short.
    """
    stem = _UNSAFE_FILE_NAME_CHARS.sub("_", public_id(visitor_id))
    if stem.startswith(".") or starts_like_formula(stem):
        stem = "_" + stem[1:]
    stem = stem.encode("utf-8")[:_MAX_FILE_STEM_BYTES].decode("utf-8", errors="ignore")
    return f"{stem}_{day.isoformat()}.html"


def _inside(directory: Path, file_name: str) -> Path:
    """``directory / file_name``, refused unless it names a file right inside ``directory``."""
    path = directory / file_name
    if path.resolve().parent != directory.resolve():
        raise ValueError(f"map file name {file_name!r} would leave {directory}")
    return path


# --- the plan, looked up once -----------------------------------------------------------------

_DayKey = tuple[str, date]  # (visitor_id, day)


@dataclass(frozen=True)
class _PlanLookup:
    """The plan indexed the ways the maps read it, built once for all maps."""

    elders: dict[str, Elder]
    visitors: dict[str, Visitor]
    days: dict[_DayKey, tuple[PlannedVisit, ...]]
    """Visits of each visitor and day by sequence; keys sorted by visitor, then date."""
    routes: dict[_DayKey, DayRoute]
    visits_by_elder: dict[str, tuple[PlannedVisit, ...]]
    unassigned_by_elder: dict[str, tuple[UnassignedVisit, ...]]

    @classmethod
    def of(cls, plan: Plan) -> _PlanLookup:
        elders = {elder.elder_id: elder for elder in plan.elders}
        visitors = {visitor.visitor_id: visitor for visitor in plan.visitors}
        _check_references(plan, elders, visitors)
        ordered = sorted(plan.visits, key=lambda v: (v.visitor_id, v.day, v.sequence))
        days: dict[_DayKey, list[PlannedVisit]] = defaultdict(list)
        by_elder: dict[str, list[PlannedVisit]] = defaultdict(list)
        for visit in ordered:
            days[visit.visitor_id, visit.day].append(visit)
            by_elder[visit.elder_id].append(visit)
        unassigned: dict[str, list[UnassignedVisit]] = defaultdict(list)
        for item in sorted(plan.unassigned, key=lambda u: (u.elder_id, u.due_by)):
            unassigned[item.elder_id].append(item)
        return cls(
            elders=elders,
            visitors=visitors,
            days={key: tuple(visits) for key, visits in days.items()},
            routes={(route.visitor_id, route.day): route for route in plan.routes},
            visits_by_elder={key: tuple(visits) for key, visits in by_elder.items()},
            unassigned_by_elder={key: tuple(items) for key, items in unassigned.items()},
        )

    def visitor_days(self) -> dict[str, list[tuple[date, tuple[PlannedVisit, ...]]]]:
        """Each visitor's days with visits, by visitor id, dates in order."""
        by_visitor: dict[str, list[tuple[date, tuple[PlannedVisit, ...]]]] = defaultdict(list)
        for (visitor_id, day), visits in self.days.items():
            by_visitor[visitor_id].append((day, visits))
        return dict(by_visitor)


def _check_references(plan: Plan, elders: dict[str, Elder], visitors: dict[str, Visitor]) -> None:
    for visit in plan.visits:
        if visit.elder_id not in elders:
            raise ValueError(
                f"planned visit on {visit.day} names elder {visit.elder_id!r}, "
                "who is not in plan.elders"
            )
        if visit.visitor_id not in visitors:
            raise ValueError(
                f"planned visit on {visit.day} names visitor {visit.visitor_id!r}, "
                "who is not in plan.visitors"
            )
    for item in plan.unassigned:
        if item.elder_id not in elders:
            raise ValueError(
                f"unassigned visit names elder {item.elder_id!r}, who is not in plan.elders"
            )


def _day_file_names(keys: Sequence[_DayKey]) -> dict[_DayKey, str]:
    """File names per visitor-day; ids that clash once made safe get ``-2``, ``-3``… appended."""
    names: dict[_DayKey, str] = {}
    taken: set[str] = {INDEX_FILE}
    for visitor_id, day in keys:
        name = day_map_file_name(visitor_id, day)
        stem, suffix, counter = name.removesuffix(".html"), ".html", 2
        while name in taken:
            name, counter = f"{stem}-{counter}{suffix}", counter + 1
        taken.add(name)
        names[visitor_id, day] = name
    return names


# --- words and masked data --------------------------------------------------------------------


def _header(key: str, lang: str) -> str:
    return label("header", key, lang)


def _tier_label(tier: Tier | None, lang: str) -> str:
    return label("tier", tier, lang) if tier is not None else map_text("tier_unknown", lang)


def _tier_color(tier: Tier | None) -> str:
    return TIER_COLORS[tier] if tier is not None else NO_TIER_COLOR


def _visitor_title(visitor: Visitor) -> str:
    """``V003 王*明``: the layer name and the start of every title about the visitor."""
    return f"{public_id(visitor.visitor_id)} {mask_name(visitor.name)}"


def _day_label(day: date, lang: str) -> str:
    return f"{day.isoformat()} {weekday_label(day, lang)}"


def _short_day_label(day: date, lang: str) -> str:
    return f"{day:%m-%d} {weekday_label(day, lang)}"


def _time_span(visit: PlannedVisit) -> str:
    return f"{format_hhmm(visit.arrival_min)}–{format_hhmm(visit.departure_min)}"


def _scrub(text: str, elder: Elder) -> str:
    """Free text (an address, a planner's reason) with the elder's own data masked in it."""
    secrets = [
        (elder.name.strip(), mask_name),
        ((elder.phone or "").strip(), mask_phone),
        ((elder.id_number or "").strip(), mask_id_number),
    ]
    for secret, mask in secrets:
        if len(secret) > 1 and secret in text:
            text = text.replace(secret, mask(secret))
    return text


def _table_html(rows: Iterable[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><th>{escape_text(k)}</th><td>{escape_text(v)}</td></tr>" for k, v in rows)
    return f'<table class="vp-popup">{cells}</table>'


def _popup_html(heading: str, rows: Iterable[tuple[str, str]], extra_html: str = "") -> str:
    return f"<b>{escape_text(heading)}</b>{_table_html(rows)}{extra_html}"


def _elder_rows(elder: Elder, tier: Tier | None, lang: str) -> list[tuple[str, str]]:
    rows = [(_header("elder_id", lang), public_elder_id(elder))]
    rows.append((_header("village", lang), elder.village))
    if elder.address:
        rows.append((_header("address", lang), _scrub(elder.address, elder)))
    if elder.phone:
        rows.append((_header("phone", lang), mask_phone(elder.phone)))
    rows.append((_header("tier", lang), _tier_label(tier, lang)))
    if elder.approximate_location:
        rows.append((_header("location", lang), label("flag", "approximate_location", lang)))
    if not elder.home_visit_consent:
        rows.append((_header("consent", lang), label("flag", "no_home_visit_consent", lang)))
    return rows


def _visit_rows(visit: PlannedVisit, lang: str) -> list[tuple[str, str]]:
    return [
        (_header("mode", lang), label("mode", visit.mode, lang)),
        (f"{_header('arrival', lang)}–{_header('departure', lang)}", _time_span(visit)),
        (_header("travel_minutes", lang), str(visit.travel_minutes)),
        (_header("reason", lang), label("reason", visit.reason, lang)),
    ]


def _visit_list_html(visits: Iterable[PlannedVisit], lang: str, *, with_visitor: bool) -> str:
    """One line per visit: day, order, mode, time (and who visits, on the overview)."""
    lines = []
    for visit in visits:
        who = f" {public_id(visit.visitor_id)}" if with_visitor else ""
        text = (
            f"{_short_day_label(visit.day, lang)}{who} #{visit.sequence} "
            f"{label('mode', visit.mode, lang)} {_time_span(visit)}"
        )
        lines.append(escape_text(text))
    return "<br>".join(lines)


# --- geometry ---------------------------------------------------------------------------------


def _day_path(
    lookup: _PlanLookup, key: _DayKey, visits: Sequence[PlannedVisit]
) -> tuple[LonLat, ...]:
    """The route's path; without a route, straight lines start → homes in order → start."""
    route = lookup.routes.get(key)
    if route is not None and len(route.path) > 1:
        return route.path
    homes = [lookup.elders[v.elder_id].location for v in visits if not v.mode.is_remote]
    if not homes:
        return ()
    start = lookup.visitors[key[0]].start
    return (start, *homes, start)


def _day_travel(
    route: DayRoute | None, visits: Sequence[PlannedVisit], path: Sequence[LonLat]
) -> tuple[int, float]:
    """Travel minutes and km of the day: the route's when planned, else from the visits."""
    if route is not None:
        return route.minutes, route.km
    return sum(v.travel_minutes for v in visits), path_km(path)


def _fit(folium_map: folium.Map, places: Sequence[LonLat]) -> None:
    if not places:
        return
    south, north = min(p.lat for p in places), max(p.lat for p in places)
    west, east = min(p.lon for p in places), max(p.lon for p in places)
    folium_map.fit_bounds(
        [latlng(LonLat(west, south)), latlng(LonLat(east, north))],
        padding=_FIT_PADDING_PX,
        max_zoom=_MAX_ZOOM,
    )


# --- the page ---------------------------------------------------------------------------------


@functools.cache
def _osm_tiles() -> Any:
    """OpenStreetMap tiles as an xyzservices provider (folium's own dependency, untyped).

    Looked up once: given a name or a URL, folium searches the whole provider catalogue on
    every map, which is most of the cost of a small map.
    """
    return importlib.import_module("xyzservices").providers.OpenStreetMap.Mapnik


def _figure(folium_map: folium.Map) -> Figure:
    root = folium_map.get_root()
    if not isinstance(root, Figure):
        raise TypeError("a folium map's root is expected to be a branca Figure")
    return root


def _new_map(
    places: Sequence[LonLat], page_title: str, lang: str, *, many_shapes: bool = False
) -> folium.Map:
    """A map fitted to ``places`` with OpenStreetMap tiles, the page title and the maps' CSS.

    ``many_shapes`` draws on a canvas instead of SVG: thousands of circles stay smooth.
    """
    location, zoom = [0.0, 0.0], 2
    if places:
        center = LonLat(
            (min(p.lon for p in places) + max(p.lon for p in places)) / 2,
            (min(p.lat for p in places) + max(p.lat for p in places)) / 2,
        )
        location, zoom = latlng(center), 13
    folium_map = folium.Map(
        location=location,
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        prefer_canvas=many_shapes,
    )
    # Leaflet from the folder beside the maps, nothing else: a visitor's phone opens the day's
    # map with a weak signal or none (only the background tiles need the network).
    folium_map.default_js = [("leaflet", f"{LIBRARY_FOLDER}/leaflet.js")]
    folium_map.default_css = [("leaflet_css", f"{LIBRARY_FOLDER}/leaflet.css")]
    folium.TileLayer(_osm_tiles(), name=map_text("base_map", lang), control=False).add_to(
        folium_map
    )
    figure = _figure(folium_map)
    figure.title = escape_text(page_title)
    figure.header.add_child(RawHtml(f"<style>{_PAGE_CSS}</style>"), name="visitplan_css")
    _fit(folium_map, places)
    return folium_map


def _add_box(folium_map: folium.Map, css_class: str, inner_html: str) -> None:
    box = f'<div class="vp-box {css_class}">{inner_html}</div>'
    _figure(folium_map).html.add_child(RawHtml(box), name=css_class.replace("-", "_"))


def _save(folium_map: folium.Map, path: Path) -> None:
    path.write_text(_figure(folium_map).render(), encoding="utf-8")


def _legend_html(lang: str, *, route_days: Sequence[date] = (), day_map: bool = False) -> str:
    """Tier colours and symbols; on the overview also the route colour of each weekday."""
    rows = [
        f'<span class="vp-dot" style="background:{TIER_COLORS[tier]}"></span>'
        f"{escape_text(label('tier', tier, lang))}"
        for tier in Tier
    ]
    if day_map:
        rows.append(
            '<span class="vp-badge" style="display:inline-block;'
            f'background:{TIER_COLORS[Tier.KEY]}">1</span> '
            f"{escape_text(map_text('legend_numbered', lang))}"
        )
        rows.append(
            f'<span class="vp-dot" style="background:{TIER_COLORS[Tier.GENERAL]};opacity:.35">'
            f"</span>{escape_text(map_text('legend_remote', lang))}"
        )
    else:
        rows.append(
            f'<span class="vp-ring"></span>{escape_text(map_text("legend_unassigned", lang))}'
        )
        if route_days:
            swatches = " ".join(
                f'<span class="vp-line" style="border-color:{WEEKDAY_COLORS[day.weekday()]}">'
                f"</span>{escape_text(weekday_label(day, lang))}"
                for day in route_days
            )
            rows.append(f"{escape_text(map_text('legend_route', lang))}<br>{swatches}")
    rows.append(
        f'<span class="vp-legend-pin">{HOUSE_SVG % START_PIN_HEX}</span>'
        f"{escape_text(map_text('legend_start', lang))}"
    )
    return f"<b>{escape_text(map_text('legend', lang))}</b><br>" + "<br>".join(rows)


def _start_pin(visitor: Visitor, lang: str) -> Pin:
    """The visitor's start, a house pin."""
    text = escape_text(f"{map_text('start', lang)}: {_visitor_title(visitor)}")
    return Pin(visitor.start, color=START_PIN_HEX, popup_html=text, tooltip_html=text)


# --- the overview: index.html -----------------------------------------------------------------


def _overview_map(
    plan: Plan, lookup: _PlanLookup, file_names: dict[_DayKey, str], *, lang: str
) -> folium.Map:
    week_end = plan.week_start + timedelta(days=6)
    title = map_text(
        "week_title", lang, start=plan.week_start.isoformat(), end=week_end.isoformat()
    )
    places = [elder.location for elder in plan.elders] or [v.start for v in plan.visitors]
    folium_map = _new_map(places, title, lang, many_shapes=True)
    summary = map_text(
        "week_summary",
        lang,
        elders=len(plan.elders),
        planned=len(plan.visits),
        unassigned=len(plan.unassigned),
    )
    _add_box(
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
    _add_box(folium_map, "vp-legend", _legend_html(lang, route_days=route_days))
    if visitor_days:
        _add_box(folium_map, "vp-links", _day_links_html(lookup, visitor_days, file_names, lang))
    return folium_map


def _all_elders_layer(plan: Plan, lookup: _PlanLookup, lang: str) -> folium.FeatureGroup:
    layer = folium.FeatureGroup(
        name=escape_text(map_text("all_elders", lang, count=len(plan.elders)))
    )
    circles = []
    for elder in plan.elders:
        tier = plan.tiers.get(elder.elder_id)
        color = _tier_color(tier)
        visits = lookup.visits_by_elder.get(elder.elder_id, ())
        extra = ""
        if visits:
            heading = escape_text(map_text("visits_this_week", lang))
            extra = f"<b>{heading}</b><br>{_visit_list_html(visits, lang, with_visitor=True)}"
        circles.append(
            Circle(
                location=elder.location,
                style=CircleStyle(color=color, fill_color=color, radius_px=_CIRCLE_RADIUS_PX),
                popup_html=_popup_html(
                    mask_name(elder.name), _elder_rows(elder, tier, lang), extra
                ),
                tooltip_html=escape_text(mask_name(elder.name)),
            )
        )
    VectorBatch(circles=circles).add_to(layer)
    return layer


def _unassigned_layer(lookup: _PlanLookup, lang: str) -> folium.FeatureGroup:
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
                f"{_header('due_by', lang)} {item.due_by.isoformat()} · "
                f"{label('mode', item.mode, lang)} · {label('reason', item.visit_reason, lang)}: "
                f"{_scrub(reason_text(item, lang), elder)}"
            )
            for item in items
        )
        heading = escape_text(_header("unassigned_reason", lang))
        circles.append(
            Circle(
                location=elder.location,
                style=ring,
                popup_html=_popup_html(
                    mask_name(elder.name),
                    _elder_rows(elder, items[0].tier, lang),
                    f"<b>{heading}</b><br>{reasons}",
                ),
                tooltip_html=escape_text(mask_name(elder.name)),
            )
        )
    VectorBatch(circles=circles).add_to(layer)
    return layer


def _visitor_week_layer(
    lookup: _PlanLookup,
    visitor_id: str,
    days: Sequence[tuple[date, tuple[PlannedVisit, ...]]],
    *,
    lang: str,
    show: bool,
) -> folium.FeatureGroup:
    """The visitor's week: their start, a route line per day, and the elders they visit."""
    visitor = lookup.visitors[visitor_id]
    layer = folium.FeatureGroup(name=escape_text(_visitor_title(visitor)), show=show)
    lines = []
    for day, visits in days:
        path = _day_path(lookup, (visitor_id, day), visits)
        if len(path) < 2:
            continue
        headline = _day_headline(lookup, (visitor_id, day), visits, path, lang)
        style = LineStyle(color=WEEKDAY_COLORS[day.weekday()])
        lines.append(Line(path=path, style=style, tooltip_html=escape_text(headline)))
    circles = _visited_elder_circles(lookup, [v for _, visits in days for v in visits], lang)
    VectorBatch(lines=lines, circles=circles, pins=[_start_pin(visitor, lang)]).add_to(layer)
    return layer


def _visited_elder_circles(
    lookup: _PlanLookup, visits: Sequence[PlannedVisit], lang: str
) -> list[Circle]:
    """One circle per elder visited; faded when the visitor only calls them."""
    by_elder: dict[str, list[PlannedVisit]] = defaultdict(list)
    for visit in visits:
        by_elder[visit.elder_id].append(visit)
    circles = []
    for elder_id, elder_visits in by_elder.items():
        elder = lookup.elders[elder_id]
        tier = elder_visits[0].tier
        color = _tier_color(tier)
        remote_only = all(v.mode.is_remote for v in elder_visits)
        style = (
            _remote_style(color)
            if remote_only
            else CircleStyle(
                color="#222222", fill_color=color, radius_px=_VISITED_RADIUS_PX, weight_px=2.0
            )
        )
        heading = escape_text(map_text("visits_this_week", lang))
        extra = f"<b>{heading}</b><br>{_visit_list_html(elder_visits, lang, with_visitor=False)}"
        circles.append(
            Circle(
                location=elder.location,
                style=style,
                popup_html=_popup_html(
                    mask_name(elder.name), _elder_rows(elder, tier, lang), extra
                ),
                tooltip_html=escape_text(mask_name(elder.name)),
            )
        )
    return circles


def _remote_style(color: str) -> CircleStyle:
    """A faded circle: the elder's home, for a visit that goes there by phone or online."""
    return CircleStyle(
        color=color,
        fill_color=color,
        radius_px=_VISITED_RADIUS_PX,
        opacity=0.5,
        fill_opacity=0.25,
        dash_array="3 3",
    )


def _day_links_html(
    lookup: _PlanLookup,
    visitor_days: dict[str, list[tuple[date, tuple[PlannedVisit, ...]]]],
    file_names: dict[_DayKey, str],
    lang: str,
) -> str:
    """A table with a row per visitor and a link per day to that day's map."""
    rows = []
    for visitor_id, days in visitor_days.items():
        links = " ".join(
            f'<a href="{quote(file_names[visitor_id, day])}" '
            f'title="{escape_text(_day_headline(lookup, (visitor_id, day), visits, None, lang))}">'
            f"{escape_text(_short_day_label(day, lang))}</a>"
            for day, visits in days
        )
        name = escape_text(_visitor_title(lookup.visitors[visitor_id]))
        rows.append(f"<tr><td>{name}</td><td>{links}</td></tr>")
    heading = escape_text(f"{map_text('day_maps', lang)} ({len(file_names)})")
    is_open = " open" if len(visitor_days) <= _MAX_VISITOR_LAYERS_SHOWN else ""
    return (
        f"<details{is_open}><summary><b>{heading}</b></summary>"
        f"<table>{''.join(rows)}</table></details>"
    )


# --- a visitor's day: <visitor_id>_<date>.html -----------------------------------------------


def _day_headline(
    lookup: _PlanLookup,
    key: _DayKey,
    visits: Sequence[PlannedVisit],
    path: Sequence[LonLat] | None,
    lang: str,
) -> str:
    """``V003 王*明 · 2026-12-07 周一 · 入户 6 · 电话 3 · 42 分钟路程 · 11.3 km``."""
    visitor_id, day = key
    if path is None:
        path = _day_path(lookup, key, visits)
    minutes, km = _day_travel(lookup.routes.get(key), visits, path)
    counts = Counter(visit.mode for visit in visits)
    parts = [_visitor_title(lookup.visitors[visitor_id]), _day_label(day, lang)]
    for mode in VisitMode:
        if counts[mode] or mode in (VisitMode.HOME, VisitMode.PHONE):
            parts.append(f"{label('mode', mode, lang)} {counts[mode]}")
    parts.append(map_text("travel_minutes", lang, minutes=minutes))
    parts.append(f"{km:.1f} km")
    return " · ".join(parts)


def _day_map(
    lookup: _PlanLookup, key: _DayKey, visits: Sequence[PlannedVisit], *, lang: str
) -> folium.Map:
    visitor = lookup.visitors[key[0]]
    path = _day_path(lookup, key, visits)
    elders = [lookup.elders[visit.elder_id] for visit in visits]
    headline = _day_headline(lookup, key, visits, path, lang)
    folium_map = _new_map([visitor.start, *path, *(e.location for e in elders)], headline, lang)

    back = f'<a href="{INDEX_FILE}">{escape_text(map_text("back_to_overview", lang))}</a>'
    _add_box(folium_map, "vp-title", f'{escape_text(headline)}<div class="vp-sub">{back}</div>')
    _add_box(folium_map, "vp-side", _schedule_html(visits, elders, lang))
    _add_box(folium_map, "vp-legend", _legend_html(lang, day_map=True))

    badges, circles = [], []
    for visit, elder in zip(visits, elders, strict=True):
        popup = _popup_html(
            f"{visit.sequence}. {mask_name(elder.name)}",
            [*_elder_rows(elder, visit.tier, lang), *_visit_rows(visit, lang)],
        )
        tooltip = escape_text(f"{visit.sequence}. {mask_name(elder.name)} {_time_span(visit)}")
        if visit.mode.is_remote:
            circles.append(
                Circle(elder.location, _remote_style(_tier_color(visit.tier)), popup, tooltip)
            )
        else:
            badges.append(
                Badge(elder.location, str(visit.sequence), _tier_color(visit.tier), popup, tooltip)
            )
    lines = []
    if len(path) > 1:
        lines.append(
            Line(path=path, style=LineStyle(color=WEEKDAY_COLORS[key[1].weekday()], weight_px=4))
        )
    pins = [_start_pin(visitor, lang)]
    VectorBatch(lines=lines, circles=circles, badges=badges, pins=pins).add_to(folium_map)
    return folium_map


def _schedule_html(visits: Sequence[PlannedVisit], elders: Sequence[Elder], lang: str) -> str:
    """The day in order; calls (phone, online) are set apart so they are not missed."""
    head = "".join(
        f"<th>{escape_text(text)}</th>"
        for text in (
            _header("sequence", lang),
            map_text("time", lang),
            _header("mode", lang),
            map_text("elder", lang),
            _header("village", lang),
        )
    )
    rows = []
    for visit, elder in zip(visits, elders, strict=True):
        css = ' class="vp-remote"' if visit.mode.is_remote else ""
        cells = "".join(
            f"<td>{escape_text(text)}</td>"
            for text in (
                visit.sequence,
                _time_span(visit),
                label("mode", visit.mode, lang),
                mask_name(elder.name),
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
