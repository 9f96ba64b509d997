"""The month's report as files: ``report.json`` and ``at_risk.csv`` (CONTRACT.md).

``report.json`` holds ids and counts only (no names): the same JSON as the service's
``GET /reports/monthly``. Rates are fractions rounded to four places (0.9973 is 99.73%), null
when nobody in the group is owed a visit; the counts behind each rate stand beside it.
"""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

from planner.io.outputs import write_csv
from planner.io.previous import ROSTER_FILE, read_published_roster
from planner.io.problems import InputError, Problem
from planner.model import PlannedVisit
from planner.month_risks import AtRisk
from planner.month_work import Work
from planner.monthly_report import MonthReport
from planner.rates import Tally, week_ends

REPORT_JSON: Final = "report.json"
AT_RISK_CSV: Final = "at_risk.csv"
AT_RISK_COLUMNS: Final = (
    "elder_id",
    "tier",
    "missing",
    "behind",
    "planned_on",
    "unplanned",
    "town",
    "village",
    "visitor_id",
)
"""``missing``: the codes of ``planner.month_risks.Missing`` joined by ``;``."""


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def tally_json(tally: Tally) -> dict[str, Any]:
    return {
        "elders_owed": tally.owed,
        "floor_met": tally.floor_met,
        "floor_rate": _rate(tally.floor_rate),
        "frequency_met": tally.frequency_met,
        "frequency_rate": _rate(tally.frequency_rate),
        "paused": tally.paused,
        "ended": tally.ended,
        "contacts": tally.contacts,
        "home_visits": tally.home_visits,
    }


def at_risk_json(row: AtRisk) -> dict[str, Any]:
    return {
        "elder_id": row.elder_id,
        "tier": row.tier.value,
        "missing": [m.value for m in row.missing],
        "behind": row.behind,
        "planned_on": row.planned_on.isoformat() if row.planned_on else None,
        "unplanned": row.unplanned,
        "town": row.town,
        "village": row.village,
        "visitor_id": row.visitor_id,
    }


def work_json(work: Work) -> dict[str, Any]:
    return {
        "key": work.key,
        "role": work.role,
        "reward": work.reward.value,
        "visits": work.visits,
        "home_visits": work.home_visits,
        "visit_minutes": work.visit_minutes,
        "travel_minutes": work.travel_minutes,
        "hours": round(work.minutes / 60, 2),
    }


def report_json(report: MonthReport) -> dict[str, Any]:
    """The report as JSON-ready data; the keys of CONTRACT.md first."""
    rates = report.rates
    villages = {}
    for key, tally in rates.by("village").items():
        town, _, village = key.partition("/")
        villages[key] = {"town": town, "village": village, **tally_json(tally)}
    return {
        "month": f"{rates.first:%Y-%m}",
        "as_of": rates.as_of.isoformat(),
        "town": report.town,
        **tally_json(rates.total()),
        "by_town": {k: tally_json(t) for k, t in rates.by("town").items()},
        "by_village": villages,
        "by_visitor": {k: tally_json(t) for k, t in rates.by("visitor").items()},
        "by_tier": {k: tally_json(t) for k, t in rates.by("tier").items()},
        "by_week": [
            {"through": day.isoformat(), **tally_json(t)}
            for day, t in rates.floor_by_day(d for d in week_ends(rates.first) if d <= rates.as_of)
        ],
        "plan_given": report.plan_given,
        "at_risk": [at_risk_json(row) for row in report.at_risk],
        "work": {
            "by_visitor": [work_json(w) for w in report.work_by_visitor],
            "by_role": [work_json(w) for w in report.work_by_role],
        },
    }


def write_report_json(report: MonthReport, path: Path) -> None:
    text = json.dumps(report_json(report), ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")


def write_at_risk_csv(report: MonthReport, path: Path) -> None:
    rows = (
        (
            r.elder_id,
            r.tier.value,
            ";".join(m.value for m in r.missing),
            r.behind,
            r.planned_on.isoformat() if r.planned_on else "",
            "yes" if r.unplanned else "",
            r.town,
            r.village,
            r.visitor_id,
        )
        for r in report.at_risk
    )
    with path.open("w", encoding="utf-8", newline="") as stream:
        write_csv(stream, AT_RISK_COLUMNS, rows)


def read_plan_visits(folder: Path) -> tuple[PlannedVisit, ...]:
    """The visits of a plan's output folder (its ``roster.csv``), for its week.

    Raises ``InputError`` naming the file, row and column when the roster is not as visitplan
    writes it (``planner.io.previous``).
    """
    path = folder / ROSTER_FILE
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            first_row = next(csv.DictReader(stream), None)
    except OSError:
        problem = Problem(
            str(path), None, None, f"no {ROSTER_FILE} here: give a plan's output folder"
        )
        raise InputError([problem]) from None
    if first_row is None:
        return ()
    try:
        day = date.fromisoformat((first_row.get("date") or "").strip())
    except ValueError:
        problem = Problem(str(path), 2, "date", "not a date as visitplan writes it (YYYY-MM-DD)")
        raise InputError([problem]) from None
    return read_published_roster(folder, day - timedelta(days=day.weekday())).visits
