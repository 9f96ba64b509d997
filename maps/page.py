"""What every map page shares: colours, CSS, Leaflet beside the pages, tiles, boxes, legend.

``new_map`` starts a page (OpenStreetMap tiles, the title, the maps' CSS, fitted to its places,
Leaflet loaded from ``lib/`` beside the pages), ``add_box`` puts a box of HTML on it and ``save``
writes it; ``copy_library`` puts Leaflet in that ``lib/``.
"""

from __future__ import annotations

import functools
import importlib
import shutil
from collections.abc import Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Final

import folium
from branca.element import Element, Figure

from geo.crs import LonLat
from maps.elements import BADGE_CSS, HOUSE_SVG, CircleStyle, Pin, RawHtml, escape_text, latlng
from maps.text import visitor_title
from planner.io.words import label, map_text, weekday_label
from planner.model import Tier, Visitor

TIER_COLORS: Final[dict[Tier, str]] = {
    Tier.KEY: "#d62728",
    Tier.SECONDARY: "#ff7f0e",
    Tier.GENERAL: "#1f77b4",
}
NO_TIER_COLOR: Final = "#7f7f7f"
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
VISITED_RADIUS_PX: Final = 7.0
"""A visited elder's circle, on the overview and (for a call) on the day map."""

_MAX_ZOOM: Final = 16
_FIT_PADDING_PX: Final = (24, 24)

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

LIBRARY_FOLDER: Final = "lib"
"""Where the maps find Leaflet, next to them (``maps/static/leaflet`` is its source)."""


def copy_library(target: Path) -> None:
    source = resources.files("maps").joinpath("static", "leaflet")
    with resources.as_file(source) as folder:
        shutil.copytree(folder, target, dirs_exist_ok=True)


def tier_color(tier: Tier | None) -> str:
    return TIER_COLORS[tier] if tier is not None else NO_TIER_COLOR


def remote_style(color: str) -> CircleStyle:
    """A faded circle: the elder's home, for a visit that goes there by phone or online."""
    return CircleStyle(
        color=color,
        fill_color=color,
        radius_px=VISITED_RADIUS_PX,
        opacity=0.5,
        fill_opacity=0.25,
        dash_array="3 3",
    )


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


def new_map(
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


def add_box(folium_map: folium.Map, css_class: str, inner_html: str) -> None:
    """A box of HTML over the map, placed by its ``vp-…`` class (title, legend, side, links)."""
    box = f'<div class="vp-box {css_class}">{inner_html}</div>'
    _figure(folium_map).html.add_child(RawHtml(box), name=css_class.replace("-", "_"))


def save(folium_map: folium.Map, path: Path) -> None:
    figure = _figure(folium_map)
    _number_elements(figure)
    path.write_text(figure.render(), encoding="utf-8")


def _number_elements(root: Element) -> None:
    """Give every element of the page an id from a counter, in the page's order.

    branca draws each element's id from ``os.urandom``, and the ids name the page's variables
    and tags, so the same plan gave different pages on every run. Renumbering just before the
    page is rendered keeps the ids unique within it, which is all Leaflet needs, and the same
    from run to run; only the ids change, and the elements find each other by them at render.
    """
    numbered = 0
    pending = [root]
    while pending:
        element = pending.pop()
        numbered += 1
        element._id = f"{numbered:06d}"
        pending.extend(reversed(list(element._children.values())))


def legend_html(lang: str, *, route_days: Sequence[date] = (), day_map: bool = False) -> str:
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


def start_pin(visitor: Visitor, lang: str) -> Pin:
    """The visitor's start, a house pin."""
    text = escape_text(f"{map_text('start', lang)}: {visitor_title(visitor)}")
    return Pin(visitor.start, color=START_PIN_HEX, popup_html=text, tooltip_html=text)
