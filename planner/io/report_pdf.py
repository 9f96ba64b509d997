"""``report.pdf``: the towns' monthly report for the district's civil-affairs bureau.

A first page for the whole report (the rate by town, by tier), then a section per town: the rate
by village as a table and a chart, the rate week by week, the elders at risk (names masked), the
follow-ups and the work per visitor. Built as HTML, rendered by ``planner.io.pdf``.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Final

from planner.io.pdf import write_pdf
from planner.io.report_chart import rate_bars_svg
from planner.io.report_words import code_text, percent, report_text
from planner.model import Elder
from planner.monthly_report import MonthReport
from planner.privacy import mask_name, mask_personal_numbers, public_id
from planner.rates import ElderMonth, Standing, Tally, tally, week_ends

AT_RISK_ROWS_PER_TOWN: Final = 100
"""The PDF lists at most this many elders at risk per town; ``at_risk.csv`` has them all."""

_CSS: Final = """
h1 { font-size: 18pt; margin: 0 0 2mm; } h2 { font-size: 14pt; margin: 6mm 0 2mm; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; } .as-of { color: #666; margin-bottom: 4mm; }
.town { page-break-before: always; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; font-size: 9pt; }
th, td { border: 0.5pt solid #999; padding: 1mm 1.5mm; text-align: left; }
td.n { text-align: right; } th { background: #eef2f5; }
.headline { font-size: 24pt; font-weight: bold; } .low { color: #c0392b; }
img.chart { width: 100%; }
"""


def _cell(value: object, number: bool = False) -> str:
    css = ' class="n"' if number else ""
    return f"<td{css}>{escape(str(value))}</td>"


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]], numeric_from: int) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(_cell(v, i >= numeric_from) for i, v in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _tally_headers(first: str, lang: str) -> list[str]:
    keys = ("elders_owed", "floor_met", "floor_rate", "frequency_met", "frequency_rate")
    return [first, *(report_text(k, lang) for k in keys)]


def _tally_row(name: str, t: Tally, lang: str) -> list[object]:
    return [
        name,
        t.owed,
        t.floor_met,
        percent(t.floor_rate, lang),
        t.frequency_met,
        percent(t.frequency_rate, lang),
    ]


def _chart(labels: list[str], tallies: list[Tally], title: str) -> str:
    svg = rate_bars_svg(labels, [t.floor_rate for t in tallies], title=title)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img class="chart" src="data:image/svg+xml;base64,{data}" alt="{escape(title)}">'


def _front(report: MonthReport, lang: str) -> str:
    rates = report.rates
    place = report.town or report_text("district", lang)
    total = rates.total()
    towns = rates.by("town")
    tiers = rates.by("tier")
    title = report_text("title", lang, place=place, year=rates.first.year, month=rates.first.month)
    return (
        f"<h1>{escape(title)}</h1>"
        f'<div class="as-of">{escape(report_text("as_of", lang, day=rates.as_of))}</div>'
        f"<div>{escape(report_text('floor_rate', lang))}</div>"
        f'<div class="headline">{percent(total.floor_rate, lang)}</div>'
        f"<div>{total.floor_met:,} / {total.owed:,} · "
        f"{escape(report_text('paused', lang))} {total.paused} · "
        f"{escape(report_text('ended', lang))} {total.ended}</div>"
        f"<h2>{escape(report_text('by_town', lang))}</h2>"
        + _table(
            _tally_headers(report_text("town", lang), lang),
            [_tally_row(name, t, lang) for name, t in towns.items()]
            + [_tally_row(report_text("district", lang), total, lang)],
            1,
        )
        + _chart(list(towns), list(towns.values()), report_text("by_town", lang))
        + f"<h2>{escape(report_text('by_tier', lang))}</h2>"
        + _table(
            _tally_headers(report_text("tier", lang), lang),
            [_tally_row(code_text("tier", k, lang), t, lang) for k, t in tiers.items()],
            1,
        )
    )


def _town_section(town: str, report: MonthReport, names: Mapping[str, str], lang: str) -> str:
    rates = report.rates
    months = [e for e in rates.elders if e.town == town]
    villages: dict[str, list[ElderMonth]] = {}
    for elder in months:
        villages.setdefault(elder.village, []).append(elder)
    village_tallies = {name: tally(villages[name]) for name in sorted(villages)}
    parts = [
        f'<section class="town"><h1>{escape(town)}</h1>',
        f'<div class="as-of">{escape(report_text("as_of", lang, day=rates.as_of))} · '
        f"{escape(report_text('floor_rate', lang))} "
        f"{percent(tally(months).floor_rate, lang)}</div>",
        f"<h2>{escape(report_text('by_village', lang))}</h2>",
        _table(
            _tally_headers(report_text("village", lang), lang),
            [_tally_row(name, t, lang) for name, t in village_tallies.items()],
            1,
        ),
        _chart(list(village_tallies), list(village_tallies.values()), town),
        _weeks(months, rates.first, rates.as_of, lang),
        _at_risk(report, town, names, lang),
        f"<h2>{escape(report_text('followups', lang))}</h2>",
        _followups(report, town, lang),
        _work(report, {e.visitor_id for e in months}, lang),
        "</section>",
    ]
    return "".join(parts)


def _weeks(months: list[ElderMonth], first: object, as_of: object, lang: str) -> str:
    owed = [e for e in months if e.standing is Standing.OWED]
    rows = []
    for day in week_ends(first):  # type: ignore[arg-type]
        if day > as_of:  # type: ignore[operator]
            break
        met = sum(1 for e in owed if e.first_contact is not None and e.first_contact <= day)
        rate = met / len(owed) if owed else None
        rows.append([day.isoformat(), met, len(owed), percent(rate, lang)])
    headers = [
        report_text("through", lang),
        report_text("floor_met", lang),
        report_text("elders_owed", lang),
        report_text("floor_rate", lang),
    ]
    return f"<h2>{escape(report_text('by_week', lang))}</h2>" + _table(headers, rows, 1)


def _at_risk(report: MonthReport, town: str, names: Mapping[str, str], lang: str) -> str:
    rows = [r for r in report.at_risk if r.town == town]
    title = f"<h2>{escape(report_text('at_risk', lang))} ({len(rows)})</h2>"
    if not rows:
        return title + f"<p>{escape(report_text('at_risk_none', lang))}</p>"
    headers = [
        report_text(k, lang)
        for k in ("elder_id", "name", "village", "tier", "missing", "planned_on")
    ]
    shown = [
        [
            public_id(r.elder_id),
            names.get(r.elder_id, ""),
            r.village,
            code_text("tier", r.tier.value, lang),
            "、".join(code_text("missing", m.value, lang) for m in r.missing),
            r.planned_on.isoformat()
            if r.planned_on
            else (report_text("unplanned", lang) if r.unplanned else ""),
        ]
        for r in rows[:AT_RISK_ROWS_PER_TOWN]
    ]
    more = len(rows) - len(shown)
    note = f"<p>{escape(report_text('at_risk_more', lang, count=more))}</p>" if more > 0 else ""
    return title + _table(headers, shown, 99) + note


def _followups(report: MonthReport, town: str, lang: str) -> str:
    ids = {e.elder_id for e in report.rates.elders if e.town == town}
    rows = [
        [f.elder_id, f.kind, f.due_by.isoformat()] for f in report.followups if f.elder_id in ids
    ]
    if not rows:
        return f"<p>{escape(report_text('followups_none', lang))}</p>"
    return _table([report_text("elder_id", lang), "", report_text("planned_on", lang)], rows, 99)


def _work(report: MonthReport, visitor_ids: set[str], lang: str) -> str:
    headers = [
        report_text(k, lang)
        for k in ("visitor", "role", "reward", "visits", "home_visits", "hours")
    ]
    rows = [
        [
            w.key,
            code_text("role", w.role, lang),
            code_text("reward", w.reward.value, lang),
            w.visits,
            w.home_visits,
            f"{w.minutes / 60:.1f}",
        ]
        for w in report.work_by_visitor
        if w.key in visitor_ids
    ]
    return f"<h2>{escape(report_text('work', lang))}</h2>" + _table(headers, rows, 3)


def report_html(report: MonthReport, elders: Sequence[Elder], lang: str) -> str:
    names = {e.elder_id: mask_personal_numbers(mask_name(e.name)) for e in elders}
    towns = sorted({e.town for e in report.rates.elders})
    body = _front(report, lang) + "".join(
        _town_section(town, report, names, lang) for town in towns
    )
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html><html lang="{html_lang}"><head><meta charset="utf-8">'
        f"<style>{_CSS}</style></head><body>{body}</body></html>"
    )


def write_report_pdf(report: MonthReport, elders: Sequence[Elder], path: Path, lang: str) -> None:
    write_pdf(report_html(report, elders, lang), path)
