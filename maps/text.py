"""What the maps say: labels, titles, popups and tooltips, with personal data masked.

Words people read come from ``planner.io.words.label`` (tiers, modes, weekdays, headers) and
``planner.io.words.map_text`` (the map's own words), Chinese by default. Names, phone numbers and
ID numbers go through ``planner.privacy``'s masks, also where they turn up in free text. Every
function returns text or HTML already escaped with ``escape_text`` where it says HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from maps.elements import escape_text
from planner.io.note_words import flag_label
from planner.io.words import label, map_text, weekday_label
from planner.model import Elder, PlannedVisit, Tier, Visitor, format_hhmm
from planner.notes import FlagCode
from planner.privacy import (
    mask_id_number,
    mask_name,
    mask_personal_numbers,
    mask_phone,
    public_elder_id,
    public_id,
)


def header(key: str, lang: str) -> str:
    return label("header", key, lang)


def tier_label(tier: Tier | None, lang: str) -> str:
    return label("tier", tier, lang) if tier is not None else map_text("tier_unknown", lang)


def visitor_title(visitor: Visitor) -> str:
    """``V003 王*明``: the layer name and the start of every title about the visitor."""
    return f"{public_id(visitor.visitor_id)} {mask_name(visitor.name)}"


def day_label(day: date, lang: str) -> str:
    return f"{day.isoformat()} {weekday_label(day, lang)}"


def short_day_label(day: date, lang: str) -> str:
    return f"{day:%m-%d} {weekday_label(day, lang)}"


def time_span(visit: PlannedVisit) -> str:
    return f"{format_hhmm(visit.arrival_min)}–{format_hhmm(visit.departure_min)}"


def scrub(text: str, elder: Elder) -> str:
    """Free text (an address, a planner's reason) with the elder's own data masked in it, and
    any phone or ID number typed into it."""
    secrets = [
        (elder.name.strip(), mask_name),
        ((elder.phone or "").strip(), mask_phone),
        ((elder.id_number or "").strip(), mask_id_number),
    ]
    for secret, mask in secrets:
        if len(secret) > 1 and secret in text:
            text = text.replace(secret, mask(secret))
    return mask_personal_numbers(text)


def _table_html(rows: Iterable[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><th>{escape_text(k)}</th><td>{escape_text(v)}</td></tr>" for k, v in rows)
    return f'<table class="vp-popup">{cells}</table>'


def popup_html(heading: str, rows: Iterable[tuple[str, str]], extra_html: str = "") -> str:
    """A bold heading over a table of ``rows``, then ``extra_html`` (already HTML)."""
    return f"<b>{escape_text(heading)}</b>{_table_html(rows)}{extra_html}"


def elder_rows(elder: Elder, tier: Tier | None, lang: str) -> list[tuple[str, str]]:
    """What a popup says of an elder: id, village, address, phone (masked), tier, flags."""
    rows = [(header("elder_id", lang), public_elder_id(elder))]
    rows.append((header("village", lang), elder.village))
    if elder.address:
        rows.append((header("address", lang), scrub(elder.address, elder)))
    if elder.phone:
        rows.append((header("phone", lang), mask_phone(elder.phone)))
    rows.append((header("tier", lang), tier_label(tier, lang)))
    if elder.approximate_location:
        rows.append((header("location", lang), flag_label(FlagCode.APPROXIMATE_LOCATION, lang)))
    if not elder.home_visit_consent:
        rows.append((header("consent", lang), flag_label(FlagCode.NO_HOME_VISIT_CONSENT, lang)))
    return rows


def visit_rows(visit: PlannedVisit, lang: str) -> list[tuple[str, str]]:
    """What a popup says of a visit: mode, time, travel, reason."""
    return [
        (header("mode", lang), label("mode", visit.mode, lang)),
        (f"{header('arrival', lang)}–{header('departure', lang)}", time_span(visit)),
        (header("travel_minutes", lang), str(visit.travel_minutes)),
        (header("reason", lang), label("reason", visit.reason, lang)),
    ]


def visit_list_html(visits: Iterable[PlannedVisit], lang: str, *, with_visitor: bool) -> str:
    """One line per visit: day, order, mode, time (and who visits, on the overview)."""
    lines = []
    for visit in visits:
        who = f" {public_id(visit.visitor_id)}" if with_visitor else ""
        text = (
            f"{short_day_label(visit.day, lang)}{who} #{visit.sequence} "
            f"{label('mode', visit.mode, lang)} {time_span(visit)}"
        )
        lines.append(escape_text(text))
    return "<br>".join(lines)
