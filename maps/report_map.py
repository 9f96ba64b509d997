"""The month's map: each village a circle at its elders' centre, sized by its elders, shaded by
its monthly visit rate (green at 100%, orange from 95%, red below)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from geo.crs import LonLat
from maps.elements import Circle, CircleStyle, VectorBatch, escape_text
from maps.page import LIBRARY_FOLDER, add_box, copy_library, new_map, save
from planner.io.report_words import percent, report_text
from planner.model import Elder
from planner.monthly_report import MonthReport

RATE_MAP_FILE: Final = "rate.html"
_MIN_RADIUS_PX: Final = 6.0
_RADIUS_PX_PER_SQRT_ELDER: Final = 2.5


def rate_colour(rate: float | None) -> str:
    if rate is None:
        return "#999999"
    if rate >= 1.0:
        return "#27ae60"
    return "#e67e22" if rate >= 0.95 else "#c0392b"


def write_rate_map(
    report: MonthReport, elders: Sequence[Elder], directory: Path, *, lang: str = "zh"
) -> Path:
    """Write ``rate.html`` (and the map library beside it) into ``directory``."""
    places: dict[str, list[LonLat]] = defaultdict(list)
    for elder in elders:
        places[f"{elder.town}/{elder.village}"].append(elder.location)
    month = f"{report.rates.first:%Y-%m}"
    title = report_text("map_title", lang, month=month)
    centres = {key: _centre(points) for key, points in places.items()}
    folium_map = new_map(list(centres.values()), title, lang)
    circles = []
    for key, tally in report.rates.by("village").items():
        if key not in centres:
            continue
        words = report_text(
            "map_village",
            lang,
            village=key.replace("/", " "),
            rate=percent(tally.floor_rate, lang),
            met=tally.floor_met,
            owed=tally.owed,
        )
        colour = rate_colour(tally.floor_rate)
        radius = _MIN_RADIUS_PX + _RADIUS_PX_PER_SQRT_ELDER * math.sqrt(len(places[key]))
        style = CircleStyle(colour, colour, radius_px=round(radius, 1), fill_opacity=0.6)
        text = escape_text(words)
        circles.append(Circle(centres[key], style, popup_html=text, tooltip_html=text))
    VectorBatch(circles=circles).add_to(folium_map)
    add_box(folium_map, "vp-title", f"<b>{escape_text(title)}</b>")
    directory.mkdir(parents=True, exist_ok=True)
    copy_library(directory / LIBRARY_FOLDER)
    path = directory / RATE_MAP_FILE
    save(folium_map, path)
    return path


def _centre(points: list[LonLat]) -> LonLat:
    return LonLat(
        sum(p.lon for p in points) / len(points), sum(p.lat for p in points) / len(points)
    )
