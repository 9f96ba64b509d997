"""The coordinators' dashboard: the month's visit rate at a glance, the towns, the elders at
risk with a button that plans the missing visits into this week, and the open follow-ups.

Server-rendered like the visitor's pages: the page reads without scripts; the one script (the
project's own, no inline event handlers) posts ``{"week", "town"}`` to ``plan_url`` when the
button is pressed and says what happened. Names are masked; ids as published. Sized for a desk
(a grid of cards) and a phone (one column).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Final

from maps.elements import escape_text, script_json
from planner.io.page_words import HTML_LANG
from planner.io.report_words import code_text, percent, report_text
from planner.model import Elder
from planner.monthly_report import MonthReport
from planner.privacy import mask_name, public_id

AT_RISK_SHOWN: Final = 200
"""Rows of the at-risk list on the page; the report's files list them all."""

_CSS: Final = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f3f4f1;color:#1b1b1b;
font:16px/1.5 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif}
main{max-width:1100px;margin:0 auto;padding:12px 12px 32px}
h1{font-size:22px;margin:4px 0}
h2{font-size:18px;margin:0 0 8px}
.vp-sub{color:#444;margin:0 0 12px}
.vp-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:12px}
.vp-card{background:#fff;border-radius:12px;padding:14px;box-shadow:0 1px 3px rgba(0,0,0,.18)}
.vp-wide{grid-column:1/-1}
.vp-big{font-size:44px;font-weight:700;line-height:1.1}
.vp-low{color:#b3261e}.vp-ok{color:#146c2e}
progress{width:100%;height:12px;accent-color:#0b57d0}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:6px 4px;border-bottom:1px solid #e3e6ea;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.vp-scroll{overflow-x:auto}
.vp-btn{display:inline-flex;align-items:center;justify-content:center;min-height:48px;
padding:0 16px;border-radius:10px;border:1px solid #0b57d0;background:#0b57d0;color:#fff;
font:inherit;font-weight:600;cursor:pointer}
.vp-btn[disabled]{opacity:.55}
.vp-status{min-height:24px;margin:8px 0;font-weight:600}
.vp-hint{color:#555;font-size:14px}
.vp-links a{margin-right:12px}
"""

DASHBOARD_SCRIPT: Final = """
(function () {
  var data = JSON.parse(document.getElementById('vp-data').textContent);
  var button = document.getElementById('vp-plan');
  var status = document.getElementById('vp-plan-status');
  if (!button) { return; }
  button.addEventListener('click', function () {
    button.disabled = true;
    status.textContent = '';
    fetch(data.plan_url, {
      method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({week: data.week, town: data.town})
    }).then(function (answer) {
      return answer.json().then(function (body) {
        if (answer.ok) {
          status.textContent = data.queued.replace('{id}', body.id);
          status.className = 'vp-status vp-ok';
        } else {
          status.textContent = data.failed.replace('{why}', body.detail || answer.status);
          status.className = 'vp-status vp-low';
          button.disabled = false;
        }
      });
    }).catch(function (error) {
      status.textContent = data.failed.replace('{why}', error);
      status.className = 'vp-status vp-low';
      button.disabled = false;
    });
  });
})();
"""


def _rate_class(rate: float | None) -> str:
    return "vp-ok" if rate is not None and rate >= 1.0 else "vp-low"


def _headline(report: MonthReport, lang: str) -> str:
    total = report.rates.total()
    value = 0.0 if total.floor_rate is None else total.floor_rate * 100
    return (
        '<section class="vp-card">'
        f"<h2>{escape_text(report_text('floor_rate', lang))}</h2>"
        f'<div class="vp-big {_rate_class(total.floor_rate)}" id="vp-rate">'
        f"{percent(total.floor_rate, lang)}</div>"
        f'<progress max="100" value="{value:.1f}"></progress>'
        f"<p>{total.floor_met:,} / {total.owed:,} · "
        f"{escape_text(report_text('frequency_rate', lang))} "
        f"{percent(total.frequency_rate, lang)}</p>"
        f'<p class="vp-hint">{escape_text(report_text("paused", lang))} {total.paused} · '
        f"{escape_text(report_text('ended', lang))} {total.ended}</p>"
        "</section>"
    )


def _towns(report: MonthReport, lang: str) -> str:
    rows = "".join(
        f'<tr><td>{escape_text(town)}</td><td class="n">{t.floor_met}/{t.owed}</td>'
        f'<td class="n {_rate_class(t.floor_rate)}">{percent(t.floor_rate, lang)}</td></tr>'
        for town, t in report.rates.by("town").items()
    )
    head = (
        f"<tr><th>{escape_text(report_text('town', lang))}</th>"
        f"<th>{escape_text(report_text('floor_met', lang))}</th>"
        f"<th>{escape_text(report_text('floor_rate', lang))}</th></tr>"
    )
    return (
        f'<section class="vp-card"><h2>{escape_text(report_text("by_town", lang))}</h2>'
        f"<table>{head}{rows}</table></section>"
    )


def _at_risk(report: MonthReport, names: Mapping[str, str], lang: str, can_plan: bool) -> str:
    rows = []
    for risk in report.at_risk[:AT_RISK_SHOWN]:
        missing = "、".join(code_text("missing", m.value, lang) for m in risk.missing)
        planned = risk.planned_on.isoformat() if risk.planned_on else ""
        rows.append(
            f"<tr><td>{escape_text(public_id(risk.elder_id))}</td>"
            f"<td>{escape_text(names.get(risk.elder_id, ''))}</td>"
            f"<td>{escape_text(risk.village)}</td>"
            f"<td>{escape_text(code_text('tier', risk.tier.value, lang))}</td>"
            f"<td>{escape_text(missing)}</td><td>{escape_text(planned)}</td></tr>"
        )
    keys = ("elder_id", "name", "village", "tier", "missing", "planned_on")
    head = "".join(f"<th>{escape_text(report_text(k, lang))}</th>" for k in keys)
    more = len(report.at_risk) - len(rows)
    note = (
        f'<p class="vp-hint">{escape_text(report_text("at_risk_more", lang, count=more))}</p>'
        if more > 0
        else ""
    )
    button = (
        f'<button type="button" class="vp-btn" id="vp-plan">'
        f"{escape_text(report_text('plan_missing', lang))}</button>"
        f'<p class="vp-hint">{escape_text(report_text("plan_hint", lang))}</p>'
        '<div class="vp-status" id="vp-plan-status" role="status"></div>'
        if can_plan and report.at_risk
        else ""
    )
    title = f"{report_text('at_risk', lang)} ({len(report.at_risk)})"
    return (
        f'<section class="vp-card vp-wide" id="vp-at-risk"><h2>{escape_text(title)}</h2>'
        f'{button}<div class="vp-scroll"><table><tr>{head}</tr>{"".join(rows)}</table></div>'
        f"{note}</section>"
    )


def _followups(report: MonthReport, lang: str) -> str:
    items = "".join(
        f"<li>{escape_text(public_id(f.elder_id))} · {escape_text(f.kind)} · {f.due_by}</li>"
        for f in report.followups
    )
    body = (
        f"<ul>{items}</ul>"
        if items
        else (f'<p class="vp-hint">{escape_text(report_text("followups_hook", lang))}</p>')
    )
    return (
        f'<section class="vp-card"><h2>{escape_text(report_text("open_followups", lang))}</h2>'
        f"{body}</section>"
    )


def render_dashboard(
    report: MonthReport,
    elders: Mapping[str, Elder],
    *,
    week: date,
    lang: str = "zh",
    can_plan: bool,
    plan_url: str,
    downloads: Mapping[str, str],
) -> str:
    """The whole page; ``downloads`` maps a file name to its URL (the report's files)."""
    rates = report.rates
    title = report_text("dashboard_title", lang, month=f"{rates.first:%Y-%m}")
    place = report.town or report_text("district", lang)
    names = {elder_id: mask_name(e.name) for elder_id, e in elders.items()}
    links = "".join(
        f'<a href="{escape_text(url)}">{escape_text(report_text("download", lang))} '
        f"{escape_text(name)}</a>"
        for name, url in downloads.items()
    )
    body = (
        f"<h1>{escape_text(title)}</h1>"
        f'<p class="vp-sub">{escape_text(place)} · '
        f"{escape_text(report_text('as_of', lang, day=rates.as_of))}</p>"
        f'<p class="vp-links">{links}</p>'
        '<div class="vp-grid">'
        + _headline(report, lang)
        + _towns(report, lang)
        + _followups(report, lang)
        + _at_risk(report, names, lang, can_plan)
        + "</div>"
    )
    data = {
        "plan_url": plan_url,
        "week": week.isoformat(),
        "town": report.town,
        "queued": report_text("plan_queued", lang, id="{id}"),
        "failed": report_text("plan_failed", lang, why="{why}"),
    }
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{HTML_LANG[lang]}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n<link rel="icon" href="data:,">\n'
        f"<title>{escape_text(title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n"
        f'<script type="application/json" id="vp-data">{script_json(data)}</script>\n'
        f"<script>{DASHBOARD_SCRIPT}</script>\n</body>\n</html>\n"
    )
