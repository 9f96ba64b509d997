"""The visitor's forms: the visit record (the notice's form, sections 五 and 六) and the login page.

The record form sends ``PUT submit_url`` (``{uuid}`` replaced by the planned visit's own uuid,
``planned_record_uuid``) with the JSON the API takes (CONTRACT.md "Visit records"):
``{"date", "elder_id", "mode", "duration_minutes", "note", "topics", "reason", "observations",
"event", "care_services", "signatures"}``. The uuid is the same for a planned visit on every load,
so a reload, or a second tap after a dropped connection, sends the same record again and the
service stores it once. The login page is a plain form that posts ``username`` and ``password``.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Final

from maps.elements import escape_text
from maps.phone_page import phone_page
from maps.record_fields import (
    CHOICE_FIELDS,
    LastVisitNotes,
    care_service_section,
    confirmation_section,
    event_field,
    field_name,
    group,
    last_visit_summary,
    observations_section,
    proof_section,
    text_area,
)
from maps.record_script import RECORD_SCRIPT
from maps.text import day_label, time_span
from planner.io.page_words import page_text
from planner.io.words import label
from planner.model import Elder, PlannedVisit, VisitMode
from planner.privacy import mask_name
from planner.visit_topics import Topic, visit_topics

UUID_PLACEHOLDER: Final = "{uuid}"
MAX_DURATION_MINUTES: Final = 600
RECORD_NAMESPACE: Final = uuid.UUID("6f1c0d52-3b0e-4f53-9a55-5c3c1f0b7a10")
"""The namespace of the records' uuids (version 5): any fixed value, never changed."""
_NAMED_FIELDS: Final = (
    *CHOICE_FIELDS,
    "household_change",
    "illness_name",
    "needs",
    "needs_kinds",
    "suggested_care",
    "event",
    "confirmed_by",
    "date",
    "mode",
    "duration_minutes",
    "topics",
    "note",
)


def record_uuid(visitor_id: str, elder_id: str, day: date) -> uuid.UUID:
    """The uuid of the record of a visit: one per visitor, elder and day, whether it comes
    from the phone's form or a typed-in paper form, so the visit is stored once."""
    return uuid.uuid5(RECORD_NAMESPACE, f"{visitor_id}/{elder_id}/{day.isoformat()}")


def planned_record_uuid(visit: PlannedVisit) -> uuid.UUID:
    """The record's uuid for a planned visit: the same on every load of its form and in every
    re-plan that keeps the visit (the visitor, the elder, the day), so it is stored once."""
    return record_uuid(visit.visitor_id, visit.elder_id, visit.day)


def render_record_form(
    visit: PlannedVisit,
    elder: Elder,
    *,
    lang: str = "zh",
    submit_url: str,
    back_url: str,
    last: LastVisitNotes | None = None,
) -> str:
    """The record form of ``visit``: its date, mode and length filled in, the services to
    tick (those it should cover first on top), the boxes of section 五 with the form's own
    choices, the elder's confirmation, and section 六 for a care service given.

    Parameters
    ----------
    visit, elder
        The planned visit and its elder (shown masked).
    lang
        ``"zh"`` (default) or ``"en"``.
    submit_url
        Where the record is PUT; ``{uuid}`` in it is replaced by ``planned_record_uuid``.
    back_url
        The day page to go back to.
    last
        The elder's last recorded visit (masked, as the day page shows it): its hazards and
        needs are shown above the form, so the visit starts where the last one ended.
    """
    if UUID_PLACEHOLDER not in submit_url:
        raise ValueError(f"submit_url must hold {UUID_PLACEHOLDER} for the record's uuid")
    record_id = str(planned_record_uuid(visit))
    title = page_text("record_title", lang)
    heading = f"{mask_name(elder.name)} · {day_label(visit.day, lang)} {time_span(visit)}"
    visit_fields = [
        _field("field_date", "date", lang, f'type="date" value="{visit.day.isoformat()}" required'),
        _mode_field(visit.mode, lang),
        _field(
            "field_duration",
            "duration_minutes",
            lang,
            f'type="number" inputmode="numeric" min="1" max="{MAX_DURATION_MINUTES}" '
            f'value="{max(1, visit.departure_min - visit.arrival_min)}" required',
        ),
        _topics_field(visit, elder, lang),
    ]
    body = (
        f"<h1>{escape_text(title)}</h1>"
        f'<p class="vp-sub">{escape_text(heading)}<br>'
        f"{escape_text(elder.village)} · {escape_text(label('tier', visit.tier, lang))}</p>"
        f"{last_visit_summary(last, lang)}"
        f'<form id="vp-record" data-uuid="{record_id}" novalidate>'
        f"{group('section_visit', ''.join(visit_fields), lang)}"
        f"{observations_section(lang)}"
        f"{event_field(lang)}"
        f"{text_area('note', page_text('field_note', lang))}"
        f"{confirmation_section(lang)}"
        f"{care_service_section(visit.day.isoformat(), lang)}"
        f"{proof_section(lang)}"
        '<p id="vp-status" class="vp-status" role="status" aria-live="polite"></p>'
        '<div class="vp-form-actions">'
        f'<a class="vp-btn vp-light" href="{escape_text(back_url)}">'
        f"{escape_text(page_text('back', lang))}</a>"
        f'<button class="vp-btn" type="submit">{escape_text(page_text("save", lang))}</button>'
        "</div></form>"
    )
    words = {
        key: page_text(key, lang)
        for key in (
            "saving",
            "saved",
            "offline",
            "login_again",
            "not_saved",
            "photo_saved",
            "photo_not_saved",
        )
    }
    record_url = submit_url.replace(UUID_PLACEHOLDER, record_id)
    data = {
        "submitUrl": record_url,
        "proofUrl": record_url + "/proof",
        "photoUrl": record_url + "/photo",
        "elderId": visit.elder_id,
        "reason": visit.reason.value,
        "choiceFields": list(CHOICE_FIELDS),
        "fieldNames": {name: field_name(name, lang) for name in _NAMED_FIELDS},
        "words": words,
    }
    return phone_page(title, body, lang, data=data, data_id="vp-form-data", script=RECORD_SCRIPT)


def _field(word_key: str, name: str, lang: str, attributes: str) -> str:
    """A labelled input; ``attributes`` are the project's own, never data."""
    return (
        f'<label for="vp-{name}">{escape_text(page_text(word_key, lang))}</label>'
        f'<input id="vp-{name}" name="{name}" {attributes}>'
    )


def _mode_field(planned: VisitMode, lang: str) -> str:
    options = "".join(
        f'<option value="{mode.value}"{" selected" if mode is planned else ""}>'
        f"{escape_text(label('mode', mode, lang))}</option>"
        for mode in VisitMode
    )
    return (
        f'<label for="vp-mode">{escape_text(page_text("field_mode", lang))}</label>'
        f'<select id="vp-mode" name="mode">{options}</select>'
    )


def _topics_field(visit: PlannedVisit, elder: Elder, lang: str) -> str:
    """All seven services to tick, those the visit should cover first on top (a call's list
    leaves out home safety, but the visitor may have gone in person after all)."""
    ordered = [advice.topic for advice in visit_topics(elder, visit)]
    ordered += [topic for topic in Topic if topic not in ordered]
    boxes = "".join(
        f'<label class="vp-check"><input type="checkbox" name="topics" value="{topic.value}">'
        f"{escape_text(label('topic', topic, lang))}</label>"
        for topic in ordered
    )
    legend = escape_text(page_text("field_topics", lang))
    return f"<fieldset><legend>{legend}</legend>{boxes}</fieldset>"


def render_login_page(*, lang: str = "zh", action: str, error: str | None = None) -> str:
    """A plain form that posts ``username`` and ``password`` to ``action``; ``error`` (plain
    text, e.g. ``page_text("login_failed", lang)``) is shown above it."""
    title = page_text("login_title", lang)
    error_html = (
        f'<p class="vp-status vp-error" role="alert">{escape_text(error)}</p>' if error else ""
    )
    body = (
        f"<h1>{escape_text(title)}</h1>{error_html}"
        f'<form method="post" action="{escape_text(action)}">'
        f'<label for="vp-username">{escape_text(page_text("username", lang))}</label>'
        '<input id="vp-username" name="username" autocomplete="username" autocapitalize="none"'
        ' spellcheck="false" required>'
        f'<label for="vp-password">{escape_text(page_text("password", lang))}</label>'
        '<input id="vp-password" name="password" type="password"'
        ' autocomplete="current-password" required>'
        '<div class="vp-form-actions">'
        f'<button class="vp-btn" type="submit">{escape_text(page_text("log_in", lang))}</button>'
        "</div></form>"
    )
    return phone_page(title, body, lang)
