"""The flat export for the national elder-care system (金民工程): elders, tiers and visits.

Two tables a town maps onto the platform's import: ``national_elders`` (a row per elder: who,
where, the facts that decide the tier, the tier of the month, the month's counts) and
``national_visits`` (a row per visit made in the month). The field lists are in the README.
Resident ID numbers and names are masked unless ``unmasked`` (the service allows it to
coordinators and audits each export); phone numbers are never exported.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Final

from planner.io.outputs import write_csv
from planner.io.plan_rows import CellValue
from planner.io.workbook import write_tables_xlsx
from planner.model import Elder, PastVisit
from planner.monthly_report import MonthReport
from planner.policy import Policy, classify
from planner.privacy import mask_id_number, mask_name

NATIONAL_ELDERS_CSV: Final = "national_elders.csv"
NATIONAL_VISITS_CSV: Final = "national_visits.csv"
NATIONAL_XLSX: Final = "national.xlsx"
ELDER_FIELDS: Final = (
    "elder_id",
    "name",
    "id_number",
    "sex",
    "birth_date",
    "town",
    "village",
    "lives_alone",
    "empty_nest",
    "left_behind",
    "family_planning_special",
    "disability_grade",
    "ability",
    "tier",
    "tier_rule",
    "month",
    "standing",
    "regular_contacts",
    "home_visits",
    "visited",
)
VISIT_FIELDS: Final = ("date", "elder_id", "visitor_id", "mode", "reason")


def _flag(value: bool) -> int:
    return 1 if value else 0


def national_tables(
    report: MonthReport,
    elders: Sequence[Elder],
    history: Sequence[PastVisit],
    policy: Policy,
    *,
    unmasked: bool = False,
) -> tuple[list[tuple[CellValue, ...]], list[tuple[CellValue, ...]]]:
    """The rows of both tables for the report's month and elders."""
    rates = report.rates
    months = {e.elder_id: e for e in rates.elders}
    elder_rows: list[tuple[CellValue, ...]] = []
    for elder in elders:
        month = months.get(elder.elder_id)
        if month is None:
            continue
        decision = classify(elder, policy, rates.last)
        id_number = elder.id_number or ""
        elder_rows.append(
            (
                elder.elder_id,
                elder.name if unmasked else mask_name(elder.name),
                id_number if unmasked or not id_number else mask_id_number(id_number),
                elder.sex or "",
                elder.birth_date.isoformat() if elder.birth_date else "",
                elder.town,
                elder.village,
                _flag(elder.lives_alone),
                _flag(elder.empty_nest),
                _flag(elder.left_behind),
                _flag(elder.family_planning_special),
                elder.disability_grade,
                elder.ability.value,
                decision.tier.value,
                decision.rule,
                f"{rates.first:%Y-%m}",
                month.standing.value,
                month.contacts,
                month.home_visits,
                _flag(month.floor_met),
            )
        )
    visit_rows: list[tuple[CellValue, ...]] = [
        (v.day.isoformat(), v.elder_id, v.visitor_id, v.mode.value, v.reason.value)
        for v in sorted(history, key=lambda v: (v.day, v.elder_id))
        if rates.first <= v.day <= rates.as_of and v.elder_id in months
    ]
    return elder_rows, visit_rows


def write_national(
    folder: Path,
    report: MonthReport,
    elders: Sequence[Elder],
    history: Sequence[PastVisit],
    policy: Policy,
    *,
    unmasked: bool = False,
) -> None:
    elder_rows, visit_rows = national_tables(report, elders, history, policy, unmasked=unmasked)
    for name, fields, rows in (
        (NATIONAL_ELDERS_CSV, ELDER_FIELDS, elder_rows),
        (NATIONAL_VISITS_CSV, VISIT_FIELDS, visit_rows),
    ):
        with (folder / name).open("w", encoding="utf-8", newline="") as stream:
            write_csv(stream, fields, rows)
    write_national_xlsx(folder / NATIONAL_XLSX, report, elder_rows, visit_rows)


def write_national_xlsx(
    path: Path,
    report: MonthReport,
    elder_rows: list[tuple[CellValue, ...]],
    visit_rows: list[tuple[CellValue, ...]],
) -> None:
    stamp = datetime.combine(report.rates.as_of, datetime.min.time())
    sheets = [("elders", ELDER_FIELDS, elder_rows), ("visits", VISIT_FIELDS, visit_rows)]
    write_tables_xlsx(path, sheets, stamp)
