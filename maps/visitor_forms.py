"""The visitor's forms: the visit record and the login page.

The record form sends ``PUT submit_url`` (``{uuid}`` replaced) with JSON
``{"date", "elder_id", "mode", "duration_minutes", "note", "topics"}``. The uuid is made once
when the page loads, so a visitor who taps Save again after a dropped connection sends the same
record again, and the service stores it once. The login page is a plain form that posts
``username`` and ``password``.
"""

from __future__ import annotations

from typing import Final

from maps.elements import escape_text
from maps.phone_page import phone_page
from maps.text import day_label, time_span
from planner.io.page_words import page_text
from planner.io.words import label
from planner.model import Elder, PlannedVisit, VisitMode
from planner.privacy import mask_name
from planner.visit_topics import Topic, visit_topics

UUID_PLACEHOLDER: Final = "{uuid}"
MAX_DURATION_MINUTES: Final = 600
MAX_NOTE_CHARACTERS: Final = 2000


def render_record_form(
    visit: PlannedVisit,
    elder: Elder,
    *,
    lang: str = "zh",
    submit_url: str,
    back_url: str,
    record_uuid: str | None = None,
) -> str:
    """The record form of ``visit``, with its date, mode and length filled in and the services
    of the visit to tick (those it should cover first on top).

    Parameters
    ----------
    visit, elder
        The planned visit and its elder (shown masked).
    lang
        ``"zh"`` (default) or ``"en"``.
    submit_url
        Where the record is PUT; ``{uuid}`` in it is replaced by the record's uuid.
    back_url
        The day page to go back to.
    record_uuid
        The record's uuid, the same each time the form of this visit is opened, so that a
        reloaded form saved again changes the record instead of adding one; None: a new uuid
        per page load.
    """
    if UUID_PLACEHOLDER not in submit_url:
        raise ValueError(f"submit_url must hold {UUID_PLACEHOLDER} for the record's uuid")
    title = page_text("record_title", lang)
    name = mask_name(elder.name)
    heading = f"{name} · {day_label(visit.day, lang)} {time_span(visit)}"
    fields = [
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
        f'<label for="vp-note">{escape_text(page_text("field_note", lang))}</label>'
        f'<textarea id="vp-note" name="note" maxlength="{MAX_NOTE_CHARACTERS}"></textarea>',
    ]
    body = (
        f"<h1>{escape_text(title)}</h1>"
        f'<p class="vp-sub">{escape_text(heading)}<br>'
        f"{escape_text(elder.village)} · {escape_text(label('tier', visit.tier, lang))}</p>"
        f'<form id="vp-record">{"".join(fields)}'
        '<p id="vp-status" class="vp-status" role="status" aria-live="polite"></p>'
        '<div class="vp-form-actions">'
        f'<a class="vp-btn vp-light" href="{escape_text(back_url)}">'
        f"{escape_text(page_text('back', lang))}</a>"
        f'<button class="vp-btn" type="submit">{escape_text(page_text("save", lang))}</button>'
        "</div></form>"
    )
    words = {
        key: page_text(key, lang)
        for key in ("saving", "saved", "offline", "login_again", "not_saved")
    }
    data = {"submitUrl": submit_url, "elderId": visit.elder_id, "words": words}
    if record_uuid is not None:
        data["recordUuid"] = record_uuid
    return phone_page(title, body, lang, data=data, data_id="vp-form-data", script=_FORM_SCRIPT)


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


# The record's uuid is the one the page gives, or made once per page load: crypto.randomUUID
# where the page is a secure context, else version-4 bits from getRandomValues (plain http on a
# village network).
_FORM_SCRIPT: Final = """
(function () {
  var form = document.getElementById("vp-record");
  var config = JSON.parse(document.getElementById("vp-form-data").textContent);
  var status = document.getElementById("vp-status");
  var button = form.querySelector("button[type=submit]");
  function newUuid() {
    var c = window.crypto;
    if (c && typeof c.randomUUID === "function") { return c.randomUUID(); }
    var b = new Uint8Array(16), i, hex = [];
    if (c && c.getRandomValues) { c.getRandomValues(b); }
    else { for (i = 0; i < 16; i++) { b[i] = Math.floor(Math.random() * 256); } }
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    for (i = 0; i < 16; i++) { hex.push((b[i] + 256).toString(16).slice(1)); }
    hex = hex.join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
      hex.slice(20)].join("-");
  }
  var uuid = config.recordUuid || newUuid();
  form.setAttribute("data-uuid", uuid);
  function show(text, kind) {
    status.textContent = text;
    status.className = "vp-status " + kind;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!form.reportValidity()) { return; }
    var topics = [].map.call(form.querySelectorAll("input[name=topics]:checked"),
      function (box) { return box.value; });
    var record = {
      date: form.elements["date"].value,
      elder_id: config.elderId,
      mode: form.elements["mode"].value,
      duration_minutes: parseInt(form.elements["duration_minutes"].value, 10),
      note: form.elements["note"].value,
      topics: topics
    };
    button.disabled = true;
    show(config.words.saving, "");
    fetch(config.submitUrl.replace("{uuid}", uuid), {
      method: "PUT",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify(record)
    }).then(function (response) {
      if (response.ok) { show(config.words.saved, "vp-ok"); return; }
      button.disabled = false;
      show(response.status === 401 ? config.words.login_again
        : config.words.not_saved.replace("{status}", String(response.status)), "vp-error");
    }, function () {
      button.disabled = false;
      show(config.words.offline, "vp-error");
    });
  });
})();
"""


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
