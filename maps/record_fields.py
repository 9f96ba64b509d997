"""The boxes of the notice's record form on the visitor's phone: section 五 (what the visit
found) and 六 (a care service given), and the last visit's needs and hazards above them.

Each box with fixed choices is a row of radio buttons with the form's own words
(``planner.io.words.label``); a row left untouched is sent as "not observed" (a call cannot see
the kitchen). Field names are the API's (``PUT /visits/{uuid}``, CONTRACT.md "Visit records"),
so the page's script sends what it reads without translating it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Final, Protocol

from maps.elements import escape_text
from maps.text import day_label
from planner.io.page_words import page_text
from planner.io.words import label
from planner.records import (
    MAX_HOUSEHOLD_CHANGE,
    Change,
    Confirmer,
    Hazard,
    Illness,
    MajorEvent,
    NeedKind,
    Safety,
    Satisfaction,
)

MAX_TEXT_CHARACTERS: Final = 2000
MAX_SHORT_TEXT: Final = 200

# Section 五's rows in the form's order: (field, the kind of its words, its choices).
HEALTH_ROWS: Final[tuple[tuple[str, str, type[StrEnum]], ...]] = (
    ("speech", "condition", Change),
    ("mobility", "condition", Change),
    ("illness", "illness", Illness),
    ("mood", "condition", Change),
)
SAFETY_ROWS: Final = tuple(
    (name, "safety", Safety)
    for name in ("gas_safety", "water_heating_safety", "electricity_safety", "fire_safety")
)
HYGIENE_ROWS: Final = tuple(
    (name, "condition", Change)
    for name in ("personal_hygiene", "household_hygiene", "indoor_environment")
)
CHOICE_FIELDS: Final = tuple(name for name, _, _ in HEALTH_ROWS + SAFETY_ROWS + HYGIENE_ROWS)
"""The radio rows the page's script reads into ``observations``."""


class LastVisitNotes(Protocol):
    """What the elder's last recorded visit left for the next (the service's ``LastVisit``):
    its day, the hazards it found, the needs and their kinds, the suggested care."""

    @property
    def day(self) -> date: ...
    @property
    def hazards(self) -> Sequence[Hazard]: ...
    @property
    def needs_kinds(self) -> Sequence[NeedKind]: ...
    @property
    def needs(self) -> str: ...
    @property
    def suggested_care(self) -> str: ...


def field_name(name: str, lang: str) -> str:
    return label("record_field", name, lang)


def choice_row(name: str, kind: str, choices: type[StrEnum], lang: str) -> str:
    """One box of the form: its name and its choices as big radio buttons."""
    options = "".join(
        f'<label class="vp-radio"><input type="radio" name="{name}" value="{choice.value}">'
        f"<span>{escape_text(label(kind, choice.value, lang))}</span></label>"
        for choice in choices
    )
    legend = escape_text(field_name(name, lang))
    return (
        f'<fieldset class="vp-choice" id="vp-{name}"><legend>{legend}</legend>'
        f'<div class="vp-options">{options}</div></fieldset>'
    )


def household_row(lang: str) -> str:
    """家庭人口: 无变化 / 增加 n 人 / 减少 n 人 (sent as +n, -n or 0)."""
    options = "".join(
        f'<label class="vp-radio"><input type="radio" name="household_direction" value="{value}"'
        f"{' checked' if value == 'none' else ''}>"
        f"<span>{escape_text(page_text(key, lang))}</span></label>"
        for value, key in (
            ("none", "household_same"),
            ("up", "household_up"),
            ("down", "household_down"),
        )
    )
    count = (
        f'<label class="vp-inline" for="vp-household_count">'
        f"{escape_text(page_text('household_people', lang))}</label>"
        f'<input id="vp-household_count" name="household_count" type="number" inputmode="numeric"'
        f' min="1" max="{MAX_HOUSEHOLD_CHANGE}" value="1" disabled>'
    )
    legend = escape_text(field_name("household_change", lang))
    return (
        f'<fieldset class="vp-choice" id="vp-household_change"><legend>{legend}</legend>'
        f'<div class="vp-options">{options}</div>{count}</fieldset>'
    )


def illness_name_field(lang: str) -> str:
    """The disease's name, asked (and required) when the illness is serious."""
    return (
        f'<div id="vp-illness-name-box" hidden><label for="vp-illness_name">'
        f"{escape_text(field_name('illness_name', lang))}</label>"
        f'<input id="vp-illness_name" name="illness_name" maxlength="{MAX_SHORT_TEXT}"></div>'
    )


def group(title_key: str, rows: str, lang: str) -> str:
    return (
        f'<section class="vp-group"><h2>{escape_text(page_text(title_key, lang))}</h2>'
        f"{rows}</section>"
    )


def observations_section(lang: str) -> str:
    """Section 五: the household, health, mood, safety, hygiene and surroundings, then the
    needs (with their kinds, which route follow-ups) and the suggested care."""
    health = "".join(choice_row(n, k, c, lang) for n, k, c in HEALTH_ROWS[:3])
    health += illness_name_field(lang) + choice_row(*HEALTH_ROWS[3], lang)
    safety = "".join(choice_row(n, k, c, lang) for n, k, c in SAFETY_ROWS)
    hygiene = "".join(choice_row(n, k, c, lang) for n, k, c in HYGIENE_ROWS)
    needs_kinds = "".join(
        f'<label class="vp-check"><input type="checkbox" name="needs_kinds" value="{kind.value}">'
        f"{escape_text(label('need', kind.value, lang))}</label>"
        for kind in NeedKind
    )
    needs = (
        f'<fieldset id="vp-needs_kinds"><legend>{escape_text(field_name("needs_kinds", lang))}'
        f"</legend>{needs_kinds}</fieldset>"
        + text_area("needs", field_name("needs", lang))
        + text_area("suggested_care", field_name("suggested_care", lang))
    )
    return (
        group("section_household", household_row(lang), lang)
        + group("section_health", health, lang)
        + group("section_safety", safety, lang)
        + group("section_hygiene", hygiene, lang)
        + group("section_needs", needs, lang)
    )


def text_area(name: str, words: str) -> str:
    return (
        f'<label for="vp-{name}">{escape_text(words)}</label>'
        f'<textarea id="vp-{name}" name="{name}" maxlength="{MAX_TEXT_CHARACTERS}"></textarea>'
    )


def event_field(lang: str) -> str:
    """A major change in the elder's life (a fall, a bereavement...), which calls for a home
    visit within a day."""
    options = f'<option value="">{escape_text(page_text("no_event", lang))}</option>' + "".join(
        f'<option value="{event.value}">{escape_text(label("event", event.value, lang))}</option>'
        for event in MajorEvent
    )
    return (
        f'<label for="vp-event">{escape_text(field_name("event", lang))}</label>'
        f'<select id="vp-event" name="event">{options}</select>'
    )


def confirmation_section(lang: str) -> str:
    """被探访人签字: the elder (or the person supporting them) confirmed the record."""
    who = "".join(
        f'<label class="vp-radio"><input type="radio" name="confirmed_by" value="{c.value}">'
        f"<span>{escape_text(label('confirmer', c.value, lang))}</span></label>"
        for c in Confirmer
    )
    return group(
        "section_confirmation",
        f'<label class="vp-check"><input type="checkbox" id="vp-elder_confirmed"'
        f' name="elder_confirmed">{escape_text(page_text("elder_confirmed", lang))}</label>'
        f'<fieldset class="vp-choice" id="vp-confirmed_by" disabled><legend>'
        f"{escape_text(field_name('confirmed_by', lang))}</legend>"
        f'<div class="vp-options">{who}</div></fieldset>',
        lang,
    )


def care_service_section(day_iso: str, lang: str) -> str:
    """Section 六: a care service given, opened by a tick (most visits give none)."""
    satisfaction = "".join(
        f'<label class="vp-radio"><input type="radio" name="satisfaction" value="{s.value}">'
        f"<span>{escape_text(label('satisfaction', s.value, lang))}</span></label>"
        for s in Satisfaction
    )
    fields = (
        f'<label for="vp-service_date">{escape_text(page_text("service_date", lang))}</label>'
        f'<input id="vp-service_date" name="service_date" type="date" value="{day_iso}">'
        + text_area("service_done", page_text("service_done", lang))
        + f'<label for="vp-service_given_by">{escape_text(page_text("service_given_by", lang))}'
        f'</label><input id="vp-service_given_by" name="service_given_by"'
        f' maxlength="{MAX_SHORT_TEXT}">'
        f'<fieldset class="vp-choice" id="vp-satisfaction"><legend>'
        f"{escape_text(page_text('service_satisfaction', lang))}</legend>"
        f'<div class="vp-options">{satisfaction}</div></fieldset>'
    )
    return group(
        "section_service",
        f'<label class="vp-check"><input type="checkbox" id="vp-service_given"'
        f' name="service_given">{escape_text(page_text("service_given", lang))}</label>'
        f'<div id="vp-service-box" hidden>{fields}</div>',
        lang,
    )


def last_visit_summary(last: LastVisitNotes | None, lang: str) -> str:
    """Where the last visit ended: its date, the needs it found and the hazards, so that the
    next visit starts there. Nothing when the elder has no earlier record."""
    if last is None:
        return ""
    comma = "、" if lang == "zh" else ", "
    items = []
    found = last.hazards
    if found:
        hazards = comma.join(label("hazard", hazard.value, lang) for hazard in found)
        items.append(f'<li class="vp-hazard">{escape_text(hazards)}</li>')
    kinds = comma.join(label("need", kind.value, lang) for kind in last.needs_kinds)
    for text in (kinds, last.needs, last.suggested_care):
        if text.strip():
            items.append(f"<li>{escape_text(text)}</li>")
    if not items:
        items.append(f"<li>{escape_text(page_text('last_nothing', lang))}</li>")
    heading = page_text("last_visit", lang, day=day_label(last.day, lang))
    return (
        f'<section class="vp-last" id="vp-last"><h2>{escape_text(heading)}</h2>'
        f"<ul>{''.join(items)}</ul></section>"
    )


def proof_section(lang: str) -> str:
    """拍照留痕 and where the record was saved: a photo from the phone's camera, and the
    phone's location only when the visitor ticks the box (the browser asks only then)."""
    return group(
        "section_proof",
        f'<label for="vp-photo">{escape_text(page_text("photo", lang))}</label>'
        '<input id="vp-photo" name="photo" type="file" accept="image/jpeg,image/png,image/*"'
        ' capture="environment">'
        f'<label class="vp-check"><input type="checkbox" id="vp-allow_location"'
        f' name="allow_location">{escape_text(page_text("allow_location", lang))}</label>',
        lang,
    )
