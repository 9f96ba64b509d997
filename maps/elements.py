"""Folium elements that stay fast with thousands of markers, and safe text for them.

Folium renders each element through Jinja and then compiles the rendered text *again* as a Jinja
template (``branca.element.MacroElement.render`` wraps its output in ``Element(text)``). That
costs about a millisecond per marker, popup and tooltip (seconds for a district of 3000 elders)
and lets a ``{{`` in the data break the page. ``VectorBatch`` therefore draws a whole layer's
circles, numbered badges and lines from one JSON blob with a few lines of Leaflet, and
``RawHtml`` adds text to the page verbatim. Everything else (map, tiles, layers, layer control,
icons) stays ordinary folium.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from branca.element import Element, Figure, MacroElement

from geo.crs import LonLat

COORDINATE_DECIMALS = 6  # about 0.1 m, finer than any address

# Characters that mean something to Jinja or to a JS template literal (folium puts tooltips in
# backticks), on top of what HTML itself needs escaped. (str.replace beats str.translate here.)
_TEMPLATE_SAFE: Final = (("{", "&#123;"), ("}", "&#125;"), ("`", "&#96;"), ("$", "&#36;"))

# Inside <script>, "</" could end the script and "<!--" start an HTML comment; U+2028/U+2029 end
# a line in older JavaScript. Escaping just these keeps the popups' markup readable and small.
_SCRIPT_SAFE: Final = (
    ("</", "<\\/"),
    ("<!--", "\\u003c!--"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def _replace_all(text: str, replacements: tuple[tuple[str, str], ...]) -> str:
    for old, new in replacements:
        if old in text:
            text = text.replace(old, new)
    return text


def escape_text(text: object) -> str:
    """``text`` as HTML, also safe inside folium's templates and JS template literals."""
    return _replace_all(html.escape(str(text), quote=True), _TEMPLATE_SAFE)


def latlng(point: LonLat) -> list[float]:
    """Leaflet's order: latitude first (the model and GeoJSON put longitude first)."""
    return [round(point.lat, COORDINATE_DECIMALS), round(point.lon, COORDINATE_DECIMALS)]


def script_json(value: object) -> str:
    """JSON that can sit inside a <script> element; Chinese stays readable."""
    return _replace_all(json.dumps(value, ensure_ascii=False), _SCRIPT_SAFE)


class RawHtml(Element):
    """Text added to a page exactly as given (never compiled as a template)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "RawHtml"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


@dataclass(frozen=True)
class CircleStyle:
    """Leaflet path options of a circle marker; sizes in screen pixels."""

    color: str
    fill_color: str
    radius_px: float = 6.0
    weight_px: float = 1.0
    opacity: float = 1.0
    fill_opacity: float = 0.85
    dash_array: str | None = None

    def leaflet_options(self) -> dict[str, object]:
        options: dict[str, object] = {
            "radius": self.radius_px,
            "color": self.color,
            "weight": self.weight_px,
            "opacity": self.opacity,
            "fillColor": self.fill_color,
            "fillOpacity": self.fill_opacity,
        }
        if self.dash_array:
            options["dashArray"] = self.dash_array
        return options


@dataclass(frozen=True)
class LineStyle:
    """Leaflet path options of a polyline; widths in screen pixels."""

    color: str
    weight_px: float = 3.0
    opacity: float = 0.85
    dash_array: str | None = None

    def leaflet_options(self) -> dict[str, object]:
        options: dict[str, object] = {
            "color": self.color,
            "weight": self.weight_px,
            "opacity": self.opacity,
        }
        if self.dash_array:
            options["dashArray"] = self.dash_array
        return options


@dataclass(frozen=True)
class Circle:
    """A circle marker. ``popup_html`` and ``tooltip_html`` must already be escaped HTML."""

    location: LonLat
    style: CircleStyle
    popup_html: str = ""
    tooltip_html: str = ""


@dataclass(frozen=True)
class Badge:
    """A round badge with short text (a visit's sequence number) in ``color``."""

    location: LonLat
    text: str
    color: str
    popup_html: str = ""
    tooltip_html: str = ""


HOUSE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="26" height="36" viewBox="0 0 26 36">'
    '<path d="M13 35C13 35 1 21 1 13a12 12 0 0 1 24 0c0 8-12 22-12 22z" fill="%s" '
    'stroke="#fff" stroke-width="2"/>'
    '<path d="M13 6l-7 6h2v7h4v-4h2v4h4v-7h2z" fill="#fff"/></svg>'
)
"""A map pin with a house on it, in the colour put in for ``%s``: drawn by the page itself, so
no icon font has to be fetched."""


@dataclass(frozen=True)
class Pin:
    """A house pin (the visitor's start) in ``color``, a CSS colour."""

    location: LonLat
    color: str
    popup_html: str = ""
    tooltip_html: str = ""


@dataclass(frozen=True)
class Line:
    """A polyline through ``path`` in order."""

    path: tuple[LonLat, ...]
    style: LineStyle
    popup_html: str = ""
    tooltip_html: str = ""


BADGE_CSS = (
    ".vp-badge{width:22px;height:22px;border-radius:50%;border:2px solid #fff;"
    "box-shadow:0 0 3px rgba(0,0,0,.6);color:#fff;font:bold 12px/22px sans-serif;"
    "text-align:center;}"
)

_BATCH_SCRIPT = """
(function () {
    var layer = %(layer)s;
    var data = %(data)s;
    function bind(shape, item) {
        if (item.popup) { shape.bindPopup(item.popup, {maxWidth: 360}); }
        if (item.tooltip) { shape.bindTooltip(item.tooltip); }
        layer.addLayer(shape);
    }
    data.lines.forEach(function (item) {
        bind(L.polyline(item.path, data.styles[item.style]), item);
    });
    data.circles.forEach(function (item) {
        bind(L.circleMarker(item.at, data.styles[item.style]), item);
    });
    data.badges.forEach(function (item) {
        var icon = L.divIcon({
            className: "vp-badge-icon", iconSize: [26, 26], iconAnchor: [13, 13],
            popupAnchor: [0, -13],
            html: '<div class="vp-badge" style="background:' + item.color + '">'
                + item.text + '</div>'
        });
        bind(L.marker(item.at, {icon: icon}), item);
    });
    data.pins.forEach(function (item) {
        var icon = L.divIcon({
            className: "vp-pin-icon", iconSize: [26, 36], iconAnchor: [13, 35],
            popupAnchor: [0, -30], html: data.pin_svg.replace("%%s", item.color)
        });
        bind(L.marker(item.at, {icon: icon}), item);
    });
})();
"""


class VectorBatch(MacroElement):
    """Circles, badges, pins and lines drawn into the parent layer (a map or a FeatureGroup).

    Add it to a layer with ``add_to``; its data go into the page as one JSON value, so
    thousands of shapes cost one element. Badge text and colours are inserted as HTML, so
    ``Badge.text`` is escaped here and colours must be plain CSS colour values.
    """

    def __init__(
        self,
        *,
        circles: Sequence[Circle] = (),
        badges: Sequence[Badge] = (),
        pins: Sequence[Pin] = (),
        lines: Sequence[Line] = (),
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca leaves it unannotated
        self._name = "VectorBatch"
        self.circles = tuple(circles)
        self.badges = tuple(badges)
        self.pins = tuple(pins)
        self.lines = tuple(lines)

    def _data(self) -> dict[str, object]:
        style_index: dict[CircleStyle | LineStyle, int] = {}

        def style_id(style: CircleStyle | LineStyle) -> int:
            return style_index.setdefault(style, len(style_index))

        lines = [
            _with_texts(
                {"path": [latlng(p) for p in line.path], "style": style_id(line.style)}, line
            )
            for line in self.lines
        ]
        circles = [
            _with_texts({"at": latlng(c.location), "style": style_id(c.style)}, c)
            for c in self.circles
        ]
        badges = [
            _with_texts(
                {
                    "at": latlng(b.location),
                    "text": escape_text(b.text),
                    "color": escape_text(b.color),
                },
                b,
            )
            for b in self.badges
        ]
        pins = [
            _with_texts(
                {
                    "at": latlng(p.location),
                    "color": escape_text(p.color),
                },
                p,
            )
            for p in self.pins
        ]
        styles = [style.leaflet_options() for style in style_index]
        return {
            "styles": styles,
            "lines": lines,
            "circles": circles,
            "badges": badges,
            "pins": pins,
            "pin_svg": HOUSE_SVG,
        }

    def render(self, **kwargs: Any) -> str:
        figure = self.get_root()
        if not isinstance(figure, Figure) or self._parent is None:
            raise TypeError(
                "a VectorBatch must be added to a layer of a folium map before rendering"
            )
        script = _BATCH_SCRIPT % {
            "layer": self._parent.get_name(),
            "data": script_json(self._data()),
        }
        figure.script.add_child(RawHtml(script), name=self.get_name())
        return ""  # like every MacroElement, it writes into the figure instead of returning text


def _with_texts(item: dict[str, object], shape: Circle | Badge | Pin | Line) -> dict[str, object]:
    if shape.popup_html:
        item["popup"] = shape.popup_html
    if shape.tooltip_html:
        item["tooltip"] = shape.tooltip_html
    return item
