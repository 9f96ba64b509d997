"""The month's report files: JSON and CSV for programs, the workbook and the PDF for people.

``report.xlsx`` has a summary sheet (the rate by town and for the whole report), the rate by
village, then a sheet per town with each elder's month: names masked, ids as published.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Final

from planner.io.plan_rows import CellValue
from planner.io.report_files import AT_RISK_CSV, REPORT_JSON, write_at_risk_csv, write_report_json
from planner.io.report_words import code_text, report_text
from planner.io.workbook import write_tables_xlsx
from planner.model import Elder, PastVisit
from planner.monthly_report import MonthReport
from planner.policy import Policy
from planner.privacy import mask_name, mask_personal_numbers, public_id
from planner.rates import ElderMonth, Tally

REPORT_XLSX: Final = "report.xlsx"
REPORT_PDF: Final = "report.pdf"
REPORT_FILES: Final = (REPORT_JSON, AT_RISK_CSV, REPORT_XLSX, REPORT_PDF)


def _rate(value: float | None) -> CellValue:
    return None if value is None else round(value, 4)


def _tally_cells(t: Tally) -> tuple[CellValue, ...]:
    return (
        t.owed,
        t.floor_met,
        _rate(t.floor_rate),
        t.frequency_met,
        _rate(t.frequency_rate),
        t.paused,
        t.ended,
    )


def _tally_headers(lang: str) -> list[str]:
    keys = (
        "elders_owed",
        "floor_met",
        "floor_rate",
        "frequency_met",
        "frequency_rate",
        "paused",
        "ended",
    )
    return [report_text(k, lang) for k in keys]


def _elder_row(month: ElderMonth, elder: Elder, missing: str, lang: str) -> tuple[CellValue, ...]:
    return (
        public_id(month.elder_id),
        mask_personal_numbers(mask_name(elder.name)),
        month.village,
        code_text("tier", month.tier.value, lang),
        month.standing.value,
        month.contacts,
        month.home_visits,
        month.asked,
        report_text("floor_met", lang) if month.floor_met else "",
        report_text("frequency_met", lang) if month.frequency_met else "",
        missing,
    )


def workbook_sheets(
    report: MonthReport, elders: Sequence[Elder], lang: str
) -> list[tuple[str, Sequence[str], list[tuple[CellValue, ...]]]]:
    rates = report.rates
    by_id = {e.elder_id: e for e in elders}
    missing = {
        r.elder_id: "、".join(code_text("missing", m.value, lang) for m in r.missing)
        for r in report.at_risk
    }
    towns = rates.by("town")
    summary = [(town, *_tally_cells(t)) for town, t in towns.items()]
    summary.append((report.town or report_text("district", lang), *_tally_cells(rates.total())))
    villages = [(*key.split("/", 1), *_tally_cells(t)) for key, t in rates.by("village").items()]
    sheets: list[tuple[str, Sequence[str], list[tuple[CellValue, ...]]]] = [
        (report_text("summary", lang), [report_text("town", lang), *_tally_headers(lang)], summary),
        (
            report_text("by_village", lang),
            [report_text("town", lang), report_text("village", lang), *_tally_headers(lang)],
            villages,
        ),
    ]
    elder_headers = [
        report_text("elder_id", lang),
        report_text("name", lang),
        report_text("village", lang),
        report_text("tier", lang),
        "standing",
        report_text("contacts", lang),
        report_text("home_visits", lang),
        report_text("visits", lang),
        report_text("floor_met", lang),
        report_text("frequency_met", lang),
        report_text("missing", lang),
    ]
    for town in towns:
        rows = [
            _elder_row(m, by_id[m.elder_id], missing.get(m.elder_id, ""), lang)
            for m in rates.elders
            if m.town == town
        ]
        sheets.append((town, elder_headers, rows))
    return sheets


def write_report_xlsx(
    report: MonthReport, elders: Sequence[Elder], path: Path, *, lang: str = "zh"
) -> None:
    stamp = datetime.combine(report.rates.as_of, datetime.min.time())
    write_tables_xlsx(path, workbook_sheets(report, elders, lang), stamp)


def write_report_files(
    report: MonthReport,
    elders: Sequence[Elder],
    history: Sequence[PastVisit],
    policy: Policy,
    folder: Path,
    *,
    lang: str = "zh",
    national: bool = False,
) -> None:
    """Write every report file into ``folder`` (a scratch folder the caller moves in whole)."""
    from planner.io.national import write_national
    from planner.io.report_pdf import write_report_pdf

    write_report_json(report, folder / REPORT_JSON)
    write_at_risk_csv(report, folder / AT_RISK_CSV)
    write_report_xlsx(report, elders, folder / REPORT_XLSX, lang=lang)
    write_report_pdf(report, elders, folder / REPORT_PDF, lang)
    if national:
        write_national(folder, report, elders, history, policy)
