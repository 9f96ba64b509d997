"""The renderers of the visitor's pages and calendar, which live in ``maps.visitor_page`` and
``planner.io.ics``: imported when first used. Where they are not installed the app leaves
their paths out (``installed``), so that nothing answers 503."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import cast

from api.service.problems import ProblemError
from planner.model import DayRoute, Elder, PlannedVisit, Visitor

PAGES = "maps.visitor_page"
CALENDAR = "planner.io.ics"


def installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def _module(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError:
        raise ProblemError(503, f"{name} is not installed in this service") from None


def leaflet_dir() -> Path | None:
    try:
        return cast(Path, importlib.import_module("maps.visitor_page").LEAFLET_DIR)
    except ImportError:
        return None


def visitor_day_page(
    visits: Sequence[PlannedVisit],
    elders: Mapping[str, Elder],
    visitor: Visitor,
    day: date,
    route: DayRoute | None,
    *,
    lang: str,
    static_url: str,
    record_url: Callable[[PlannedVisit], str],
    day_url: Callable[[date], str],
) -> str:
    render = _module("maps.visitor_page").render_visitor_day
    return cast(
        str,
        render(
            visits,
            elders,
            visitor,
            day,
            route,
            lang=lang,
            static_url=static_url,
            record_url=record_url,
            day_url=day_url,
        ),
    )


def record_form_page(
    visit: PlannedVisit, elder: Elder, *, lang: str, submit_url: str, back_url: str
) -> str:
    render = _module("maps.visitor_page").render_record_form
    return cast(str, render(visit, elder, lang=lang, submit_url=submit_url, back_url=back_url))


def login_page(*, lang: str, action: str, error: str | None = None) -> str:
    render = _module("maps.visitor_page").render_login_page
    return cast(str, render(lang=lang, action=action, error=error))


def calendar(
    visits: Sequence[PlannedVisit], elders: Mapping[str, Elder], visitor: Visitor, *, lang: str
) -> bytes:
    render = _module("planner.io.ics").visitor_calendar
    return cast(bytes, render(visits, elders, visitor, lang=lang))
