"""The outside checker can fail: a hand-made town and roster it accepts, then each rule broken
on purpose, and unassigned rows that do and do not fit."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tests.outside.check import Report, check_folder
from tests.outside.tables import hhmm, load_rules, minutes

MONDAY = date(2026, 12, 7)
CENTRE = (117.953, 35.712)
RULES = load_rules()
ELDERS = {  # elder_id: (village, lon, lat, consent, time_window)
    "E1": ("东村", 117.958, 35.712, "1", ""),
    "E2": ("东村", 117.958, 35.716, "1", ""),
    "E3": ("东村", 117.950, 35.714, "1", ""),
    "E4": ("西村", 117.910, 35.712, "1", ""),
    "E5": ("东村", 117.955, 35.709, "0", ""),
    "E6": ("东村", 117.956, 35.713, "1", "15:00-16:00"),
    "E7": ("东村", 117.949, 35.709, "1", ""),
    "E8": ("东村", 117.951, 35.710, "1", ""),  # visited on Fri 12-04 (the history)
}
ROSTER_HEADER = (
    "date,visitor_id,elder_id,tier,mode,sequence,arrival,departure,travel_minutes,reason"
)


def travel(a: str, b: str) -> int:
    """Minutes by e-bike between two elders' homes (or ``start``)."""
    place = {k: (v[1], v[2]) for k, v in ELDERS.items()} | {"start": CENTRE}
    return RULES.travel_minutes(place[a], place[b], "ebike")


@dataclass
class Row:
    elder: str
    mode: str
    arrival: str
    travel: int
    day: date = MONDAY
    visitor: str = "V1"
    departure: str = ""

    def cells(self, sequence: int) -> str:
        end = self.departure or hhmm(minutes(self.arrival) + RULES.visit_minutes[self.mode])
        return (
            f"{self.day},{self.visitor},{self.elder},key,{self.mode},{sequence},"
            f"{self.arrival},{end},{self.travel},regular"
        )


def good_roster() -> list[Row]:
    """V1's Monday: E1 and E2 at home, a call to E3, all kept to the rules."""
    return [
        Row("E1", "home", "09:00", travel("start", "E1")),
        Row("E2", "home", "10:00", travel("E1", "E2")),
        Row("E3", "phone", "11:00", 0),
    ]


def run_check(folder: Path, rows: list[Row], unassigned: list[str] | None = None) -> Report:
    folder.mkdir(exist_ok=True)
    with (folder / "elders.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        header = "elder_id name age town village lon lat home_visit_consent time_window"
        writer.writerow(header.split(" "))
        for elder_id, (village, lon, lat, consent, window) in ELDERS.items():
            writer.writerow([elder_id, "张三", 85, "岱崮镇", village, lon, lat, consent, window])
    (folder / "visitors.csv").write_text(
        "visitor_id,name,role,town,villages,start_lon,start_lat,travel_mode,work_days,shift,"
        "max_home_visits_per_day\n"
        f"V1,李四,village_staff,岱崮镇,东村,{CENTRE[0]},{CENTRE[1]},ebike,Mon-Fri,08:30-17:00,3\n",
        encoding="utf-8",
    )
    (folder / "history.csv").write_text("date,elder_id,visitor_id,mode\n2026-12-04,E8,V1,home\n")
    out = folder / "out"
    out.mkdir(exist_ok=True)
    ordered = sorted(rows, key=lambda r: (r.day, r.visitor, minutes(r.arrival)))
    numbers: dict[tuple[date, str], int] = {}
    lines = [ROSTER_HEADER]
    for row in ordered:
        numbers[(row.day, row.visitor)] = numbers.get((row.day, row.visitor), 0) + 1
        lines.append(row.cells(numbers[(row.day, row.visitor)]))
    (out / "roster.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    left = unassigned or []
    header = "elder_id,tier,due_by,reason,mode,visit_reason\n"
    (out / "unassigned.csv").write_text(header + "".join(f"{r}\n" for r in left), encoding="utf-8")
    summary = {"planned_visits": len(rows), "unassigned": len(left)}
    (out / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return check_folder(
        folder / "elders.csv", folder / "visitors.csv", folder / "history.csv", out, MONDAY
    )


def kinds(report: Report) -> set[str]:
    return {b.kind for b in report.breaches}


def test_a_roster_that_keeps_every_rule_passes(tmp_path: Path) -> None:
    report = run_check(tmp_path, good_roster())
    assert report.lines() == []


def test_travel_is_recomputed_as_the_planner_documents_it() -> None:
    # E1 is 0.005 degrees of longitude east of the start at 35.712 N: 452 m, 588 m of road,
    # 1.96 minutes by e-bike at 18 km/h, rounded up.
    assert travel("start", "E1") == 2
    assert RULES.travel_minutes(CENTRE, (117.910, 35.712), "walk") == 68


DOCTORED = {
    "shift": [Row("E1", "home", "08:31", 2)],
    "area": [Row("E4", "home", "10:00", 60)],
    "cap": [Row(e, "home", f"{9 + i}:00", 10) for i, e in enumerate(("E1", "E2", "E3", "E7"))],
    "spacing": [
        Row("E1", "home", "09:00", 2),
        Row("E1", "home", "09:00", 2, day=date(2026, 12, 9)),
    ],
    "travel": [Row("E1", "home", "09:00", 2), Row("E2", "home", "10:00", 0)],
    "overlap": [Row("E1", "home", "09:00", 2), Row("E3", "phone", "09:20", 0)],
    "working_day": [Row("E1", "home", "09:00", 2, day=date(2026, 12, 12))],
    "consent": [Row("E5", "home", "09:00", 5)],
    "elder_hours": [Row("E6", "home", "11:00", 5)],
    "return": [Row("E7", "home", "16:29", 5)],
    "duration": [Row("E1", "home", "09:00", 2, departure="09:20")],
}


@pytest.mark.parametrize("kind", sorted(DOCTORED))
def test_each_broken_rule_is_caught(tmp_path: Path, kind: str) -> None:
    assert kinds(run_check(tmp_path, DOCTORED[kind])) == {kind}


def test_a_call_in_the_way_back_is_caught(tmp_path: Path) -> None:
    """The visitor rides back to the start after the last home visit, busy all the way."""
    back = travel("E2", "start")
    assert back >= 2
    rows = [Row("E2", "home", "09:00", travel("start", "E2")), Row("E3", "phone", "09:31", 0)]
    assert kinds(run_check(tmp_path, rows)) == {"overlap"}


def test_a_visit_left_out_that_fits_is_found_with_its_place(tmp_path: Path) -> None:
    report = run_check(tmp_path, good_roster(), ["E7,key,2026-12-07,no room,home,regular"])
    monday = [i for i in report.insertions if i.day == MONDAY]
    assert report.breaches == []
    # Not before E1 nor between E1 and E2 (too tight), not before the call to E3 at 11:00-11:10:
    # after it, then back to the start.
    assert [(i.visitor_id, i.after) for i in monday] == [("V1", "E2")]
    assert monday[0].arrival == minutes("11:10") + travel("E2", "E7")


def test_a_call_left_out_fits_the_first_free_minutes(tmp_path: Path) -> None:
    report = run_check(tmp_path, good_roster(), ["E5,general,2026-12-07,no room,phone,regular"])
    assert [(i.visitor_id, i.day, hhmm(i.arrival)) for i in report.insertions] == [
        ("V1", MONDAY, "08:30")
    ]


@pytest.mark.parametrize(
    "row",
    [
        "E4,key,2026-12-11,nobody serves 西村,home,regular",  # V1 does not serve 西村
        "E5,key,2026-12-11,no consent,home,regular",  # a home visit E5 refuses
        "E8,key,2026-12-07,spaced,home,regular",  # E8 was visited on Fri 12-04
    ],
)
def test_a_visit_the_rules_forbid_does_not_fit(tmp_path: Path, row: str) -> None:
    assert run_check(tmp_path, good_roster(), [row]).insertions == []


def test_a_full_day_takes_no_more_home_visits(tmp_path: Path) -> None:
    rows = [*good_roster(), Row("E6", "home", "15:00", travel("E2", "E6"))]
    report = run_check(tmp_path, rows, ["E7,key,2026-12-07,full,home,regular"])
    assert report.breaches == []
    assert report.insertions == []
