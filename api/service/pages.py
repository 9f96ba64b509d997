"""The visitor's pages and calendar as the service serves them: the renderers of
``maps.visitor_page`` and ``planner.io.ics``, with the service's URLs."""

from __future__ import annotations

from maps.visitor_page import (
    LEAFLET_DIR,
    render_login_page,
    render_record_form,
    render_visitor_day,
)
from planner.io.ics import visitor_calendar

STATIC_LEAFLET = "/static/leaflet"

__all__ = [
    "LEAFLET_DIR",
    "STATIC_LEAFLET",
    "render_login_page",
    "render_record_form",
    "render_visitor_day",
    "visitor_calendar",
]
