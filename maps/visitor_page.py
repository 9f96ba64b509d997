"""The visitor's day on a phone: the visits in order, what each should cover, the route map.

``render_visitor_day`` gives the whole page as HTML, server-rendered: the list works without
scripts, and the map needs only Leaflet, served by the service from ``LEAFLET_DIR`` at
``static_url``, and the map tiles (which simply stay grey offline). Names are masked as in
every published page; there is no phone number and no address. Each home visit has a
navigation link that opens Amap on the phone (GCJ-02 coordinates, as Amap expects), and each
visit a button to its record form (``maps.visitor_forms``, re-exported here with the login page).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Final
from urllib.parse import quote, urlencode

from geo.crs import LonLat, wgs84_to_gcj02
from geo.travel import path_km
from maps.elements import escape_text, latlng
from maps.page import START_PIN_HEX, tier_color
from maps.phone_page import phone_page
from maps.text import day_label, time_span, visitor_title
from maps.visitor_forms import render_login_page, render_record_form
from planner.followups import FollowUp
from planner.io.page_words import page_text
from planner.io.report_words import code_text
from planner.io.status_words import status_label
from planner.io.words import label
from planner.model import DayRoute, Elder, PlannedVisit, TravelMode, Visitor
from planner.privacy import mask_name
from planner.visit_topics import visit_topics

__all__ = [
    "LEAFLET_DIR",
    "amap_navigation_url",
    "render_login_page",
    "render_record_form",
    "render_visitor_day",
]

LEAFLET_DIR: Final[Path] = Path(__file__).resolve().parent / "static" / "leaflet"
"""leaflet.js, leaflet.css and images/: serve this folder at the pages' ``static_url``."""

TOPICS_SHOWN: Final = 3
AMAP_NAVIGATION: Final = "https://uri.amap.com/navigation"
# Amap's route modes (URI API, 路径规划): car, bus, walk, ride (bicycles and e-bikes).
_AMAP_MODE: Final = {
    TravelMode.WALK: "walk",
    TravelMode.BIKE: "ride",
    TravelMode.EBIKE: "ride",
    TravelMode.CAR: "car",
}
TILES_URL: Final = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILES_ATTRIBUTION: Final = "&copy; OpenStreetMap"
ROUTE_COLOR: Final = "#0b57d0"


def amap_navigation_url(place: LonLat, name: str, travel_mode: TravelMode) -> str:
    """Amap's navigation to ``place`` (WGS-84, converted to GCJ-02), labelled ``name``; on a
    phone with Amap installed it opens the app (``callnative=1``)."""
    gcj = wgs84_to_gcj02(place)
    query = {
        "to": f"{gcj.lon:.6f},{gcj.lat:.6f},{name}",
        "mode": _AMAP_MODE[travel_mode],
        "coordinate": "gaode",
        "callnative": "1",
        "src": "visitplan",
    }
    return f"{AMAP_NAVIGATION}?{urlencode(query, quote_via=quote, safe=',')}"


def render_visitor_day(
    visits: Sequence[PlannedVisit],
    elders: Mapping[str, Elder],
    visitor: Visitor,
    day: date,
    route: DayRoute | None,
    *,
    lang: str = "zh",
    static_url: str,
    record_url: Callable[[PlannedVisit], str],
    day_url: Callable[[date], str] | None = None,
    followups: Mapping[str, Sequence[FollowUp]] | None = None,
) -> str:
    """The visitor's page for ``day``.

    Parameters
    ----------
    visits
        The visitor's planned visits; those of other visitors or days are left out.
    elders
        The elders visited, by id (a visit naming another is refused with ``ValueError``).
    visitor, day
        Whose day, and which.
    route
        The day's home-visit round; without one the map joins the homes in order.
    lang
        ``"zh"`` (default) or ``"en"``.
    static_url
        Where ``LEAFLET_DIR`` is served (``leaflet.js`` is at ``{static_url}/leaflet.js``).
    record_url
        The record form's URL for a visit.
    day_url
        The page's URL for another day; links to the previous and next day when given.
    followups
        The open follow-ups of the day's elders, by elder id: shown at the elder's stop, so a
        visit (a follow-up's own, or a regular one) sees what earlier records left to do.
    """
    own = sorted(
        (v for v in visits if v.visitor_id == visitor.visitor_id and v.day == day),
        key=lambda v: v.sequence,
    )
    pairs = [(visit, _elder_of(visit, elders)) for visit in own]
    title = page_text("day_title", lang, day=day_label(day, lang))
    parts = [
        f"<h1>{escape_text(title)}</h1>",
        f'<p class="vp-sub">{escape_text(visitor_title(visitor))}</p>',
    ]
    if day_url is not None:
        parts.append(_day_links(day, day_url, lang))
    if not pairs:
        parts.append(f'<p class="vp-empty">{escape_text(page_text("no_visits", lang))}</p>')
        return phone_page(title, "\n".join(parts), lang)

    path = _day_path(visitor, pairs, route)
    parts.append(f'<p class="vp-sub">{escape_text(_summary(pairs, path, route, lang))}</p>')
    parts.append(
        f'<div id="vp-map" class="vp-map" role="img" '
        f'aria-label="{escape_text(page_text("route_map", lang))}" '
        f'data-unavailable="{escape_text(page_text("map_unavailable", lang))}"></div>'
    )
    open_items = followups or {}
    stops = "\n".join(
        _stop_html(visit, elder, visitor, lang, record_url, open_items.get(elder.elder_id, ()))
        for visit, elder in pairs
    )
    parts.append(f'<ol class="vp-stops">\n{stops}\n</ol>')
    base = static_url.rstrip("/")
    head = f'<link rel="stylesheet" href="{escape_text(base + "/leaflet.css")}">\n'
    body = "\n".join(parts) + f'\n<script src="{escape_text(base + "/leaflet.js")}"></script>'
    return phone_page(
        title,
        body,
        lang,
        head_html=head,
        data=_map_data(visitor, pairs, path, lang),
        data_id="vp-map-data",
        script=_MAP_SCRIPT,
    )


def _elder_of(visit: PlannedVisit, elders: Mapping[str, Elder]) -> Elder:
    elder = elders.get(visit.elder_id)
    if elder is None:
        raise ValueError(f"planned visit no. {visit.sequence} names an elder not in `elders`")
    return elder


def _day_links(day: date, day_url: Callable[[date], str], lang: str) -> str:
    links = [
        (day - timedelta(days=1), page_text("previous_day", lang), "prev"),
        (day + timedelta(days=1), page_text("next_day", lang), "next"),
    ]
    anchors = "".join(
        f'<a class="vp-btn vp-light" rel="{rel}" href="{escape_text(day_url(other))}">'
        f"{escape_text(text)}</a>"
        for other, text, rel in links
    )
    return f'<nav class="vp-nav">{anchors}</nav>'


def _in_person(visits: Sequence[tuple[PlannedVisit, Elder]]) -> list[tuple[PlannedVisit, Elder]]:
    return [(visit, elder) for visit, elder in visits if not visit.mode.is_remote]


def _day_path(
    visitor: Visitor, pairs: Sequence[tuple[PlannedVisit, Elder]], route: DayRoute | None
) -> tuple[LonLat, ...]:
    """The route's path; without one, straight lines start → homes in order → start."""
    if route is not None and len(route.path) > 1:
        return route.path
    homes = [elder.location for _, elder in _in_person(pairs)]
    return (visitor.start, *homes, visitor.start) if homes else ()


def _summary(
    pairs: Sequence[tuple[PlannedVisit, Elder]],
    path: Sequence[LonLat],
    route: DayRoute | None,
    lang: str,
) -> str:
    if route is not None:
        minutes, km = route.minutes, route.km
    else:
        minutes, km = sum(v.travel_minutes for v, _ in pairs), path_km(path)
    return page_text(
        "day_summary",
        lang,
        count=len(pairs),
        home=len(_in_person(pairs)),
        minutes=minutes,
        km=f"{km:.1f}",
    )


def _stop_html(
    visit: PlannedVisit,
    elder: Elder,
    visitor: Visitor,
    lang: str,
    record_url: Callable[[PlannedVisit], str],
    followups: Sequence[FollowUp] = (),
) -> str:
    name = mask_name(elder.name)
    remote = visit.mode.is_remote
    chips = "".join(
        f'<span class="vp-chip">{escape_text(text)}</span>'
        for text in (label("mode", visit.mode, lang), label("tier", visit.tier, lang))
    )
    meta = " · ".join([elder.village, label("reason", visit.reason, lang)])
    actions = []
    if not remote:
        url = amap_navigation_url(elder.location, name, visitor.travel_mode)
        actions.append(
            f'<a class="vp-btn vp-light vp-navigate" href="{escape_text(url)}" '
            f'rel="noopener noreferrer">{escape_text(page_text("navigate", lang))}</a>'
        )
    actions.append(
        f'<a class="vp-btn vp-record" href="{escape_text(record_url(visit))}">'
        f"{escape_text(page_text('record', lang))}</a>"
    )
    stop_label = page_text("stop_label", lang, sequence=visit.sequence)
    return (
        f'<li class="vp-stop{" vp-remote" if remote else ""}" id="stop-{visit.sequence}" '
        f'data-sequence="{visit.sequence}" data-mode="{visit.mode.value}">'
        f'<div class="vp-stop-head"><span class="vp-num" aria-label="{escape_text(stop_label)}" '
        f'style="background:{tier_color(visit.tier)}">{visit.sequence}</span>'
        f'<div><h2 class="vp-name">{escape_text(name)}</h2>'
        f'<div class="vp-time">{escape_text(time_span(visit))}</div></div></div>'
        f'<p class="vp-meta">{chips}{escape_text(meta)}</p>'
        f"{_followups_html(followups, lang)}{_cover_html(visit, elder, lang)}"
        f'<div class="vp-actions">{"".join(actions)}</div></li>'
    )


def _followups_html(followups: Sequence[FollowUp], lang: str) -> str:
    """What earlier records left open for the elder: each hazard or need, for which kind of
    visitor, by when (``planner.followups``)."""
    if not followups:
        return ""
    items = "".join(
        f'<li data-followup="{item.kind.value}">'
        + escape_text(
            page_text(
                "followup_item",
                lang,
                kind=status_label("followup", item.kind.value, lang),
                role=code_text("role", item.role.value, lang),
                due=item.due_by.isoformat(),
            )
        )
        + "</li>"
        for item in followups
    )
    heading = escape_text(page_text("followups_open", lang))
    return f'<div class="vp-followups"><h3>{heading}</h3><ul>{items}</ul></div>'


def _cover_html(visit: PlannedVisit, elder: Elder, lang: str) -> str:
    """The first services the visit should cover, each with the facts that put it there."""
    comma = "、" if lang == "zh" else ", "
    items = []
    for advice in visit_topics(elder, visit)[:TOPICS_SHOWN]:
        why = comma.join(label("fact", fact, lang) for fact in advice.facts)
        why = why or page_text("part_of_every_visit", lang)
        topic = label("topic", advice.topic, lang)
        items.append(
            f'<li data-topic="{advice.topic.value}"><b>{escape_text(topic)}</b>'
            f' <span class="vp-why">{escape_text(why)}</span></li>'
        )
    heading = escape_text(page_text("to_cover", lang))
    return f'<div class="vp-cover"><h3>{heading}</h3><ul>{"".join(items)}</ul></div>'


def _map_data(
    visitor: Visitor,
    pairs: Sequence[tuple[PlannedVisit, Elder]],
    path: Sequence[LonLat],
    lang: str,
) -> dict[str, object]:
    """What the map script draws: plain data, read with JSON.parse and set as text."""
    return {
        "tiles": TILES_URL,
        "attribution": TILES_ATTRIBUTION,
        "route": ROUTE_COLOR,
        "path": [latlng(point) for point in path],
        "start": latlng(visitor.start),
        "startColor": START_PIN_HEX,
        "startLabel": page_text("start", lang),
        "stops": [
            {
                "n": visit.sequence,
                "at": latlng(elder.location),
                "name": mask_name(elder.name),
                "color": tier_color(visit.tier),
                "remote": visit.mode.is_remote,
            }
            for visit, elder in pairs
        ],
    }


# Numbered stops at the homes (calls as faded dots), the route, the start; tapping a stop scrolls
# its card into view. Without Leaflet (a failed download) the box says so and the list remains.
_MAP_SCRIPT: Final = """
(function () {
  var box = document.getElementById("vp-map");
  var data = JSON.parse(document.getElementById("vp-map-data").textContent);
  if (typeof L === "undefined") {
    box.textContent = box.getAttribute("data-unavailable");
    box.className += " vp-map-off";
    return;
  }
  var map = L.map(box);
  L.tileLayer(data.tiles, {maxZoom: 19, attribution: data.attribution}).addTo(map);
  var bounds = data.path.slice();
  if (data.path.length > 1) {
    L.polyline(data.path, {color: data.route, weight: 4, opacity: 0.8}).addTo(map);
  }
  L.marker(data.start, {
    title: data.startLabel,
    icon: L.divIcon({className: "", iconSize: [18, 18],
      html: '<div class="vp-marker vp-start" style="width:18px;height:18px"></div>'})
  }).addTo(map);
  bounds.push(data.start);
  data.stops.forEach(function (stop) {
    var marker;
    if (stop.remote) {
      marker = L.circleMarker(stop.at, {radius: 7, color: stop.color, opacity: 0.5,
        fillOpacity: 0.25, dashArray: "3 3", className: "vp-call-marker"});
    } else {
      var badge = document.createElement("div");
      badge.className = "vp-marker vp-stop-marker";
      badge.style.cssText = "width:28px;height:28px;background:" + stop.color;
      badge.textContent = String(stop.n);
      marker = L.marker(stop.at, {title: stop.name, icon: L.divIcon({className: "",
        iconSize: [28, 28], html: badge})});
    }
    marker.on("click", function () {
      var card = document.getElementById("stop-" + stop.n);
      if (card) { card.scrollIntoView({behavior: "smooth"}); }
    });
    marker.addTo(map);
    bounds.push(stop.at);
  });
  map.fitBounds(bounds, {padding: [24, 24], maxZoom: 16});
})();
"""
