"""The PDF's HTML and the workbook's sheets: data shown as text, names masked."""

from __future__ import annotations

from datetime import date

from planner.io.report_output import workbook_sheets
from planner.io.report_pdf import report_html
from planner.model import PastVisit, VisitMode
from planner.monthly_report import report_month
from planner.policy import Policy
from tests.conftest import make_elder

HOSTILE = '<img src=x onerror="alert(1)">'


def test_data_in_the_report_is_text_and_names_are_masked(policy: Policy) -> None:
    elders = [
        make_elder("E1", name="张三丰", village=HOSTILE),
        make_elder("E2", name="13812345678", village="西村"),  # a phone number typed as a name
    ]
    history = [PastVisit(date(2026, 11, 3), "E1", "V1", VisitMode.PHONE)]
    report = report_month(elders, history, date(2026, 11, 1), date(2026, 11, 30), policy)
    html = report_html(report, elders, "zh")
    assert HOSTILE not in html and "&lt;img src=x" in html
    assert "张三丰" not in html and "13812345678" not in html
    assert "E2" in html  # at risk: no contact in November
    cells = {
        str(cell)
        for _, _, rows in workbook_sheets(report, elders, "zh")
        for row in rows
        for cell in row
    }
    assert "张*丰" in cells and "张三丰" not in cells and "13812345678" not in cells


def test_english_words(policy: Policy) -> None:
    elders = [make_elder("E1")]
    report = report_month(elders, [], date(2026, 11, 1), date(2026, 11, 30), policy)
    html = report_html(report, elders, "en")
    assert "Monthly visit rate" in html and "no contact this month yet" in html
