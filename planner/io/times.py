"""Times in a cell: spans of a day (an elder's time windows, a visitor's shift) and work days.

Spans are ``HH:MM-HH:MM`` (also ``H:MM``, ``~``, ``至``), several joined by ``;``; work days are
weekday names, numerals and ranges in English or Chinese (``Mon-Fri``, ``周一至周五``). Like the
other cell parsers (``planner.io.cells``), each raises ``ValueError`` with what to write.
"""

from __future__ import annotations

import re
from datetime import datetime, time

from planner.io.cells import Cell, cell_text, shown
from planner.model import TimeWindow

__all__ = ["parse_time_window", "parse_time_windows", "parse_work_days"]

_RANGE_SEPARATOR = r"[-–—~～至到]"
_TIME_OF_DAY = r"(\d{1,2})[:：](\d{2})"
_WINDOW_TEXT = re.compile(rf"^{_TIME_OF_DAY}{_RANGE_SEPARATOR}{_TIME_OF_DAY}$")
_WINDOW_HINT = "write HH:MM-HH:MM, e.g. 08:30-11:30"


def _tighten_ranges(text: str) -> str:
    """Drop spaces around range dashes so that ``Mon - Fri`` reads like ``Mon-Fri``."""
    return re.sub(rf"\s*({_RANGE_SEPARATOR})\s*", r"\1", text)


def _minutes(hours: str, minutes: str, *, window: str) -> int:
    hour, minute = int(hours), int(minutes)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        raise ValueError(f"{window!r} has a time that does not exist: {_WINDOW_HINT}")
    return hour * 60 + minute


def parse_time_window(cell: Cell) -> TimeWindow:
    """One span of a day, ``HH:MM-HH:MM`` (``H:MM``, ``~`` and ``至`` also work)."""
    if isinstance(cell, time | datetime):
        raise ValueError(f"{shown(cell)} is a single time, not a span: {_WINDOW_HINT}")
    text = _tighten_ranges(cell_text(cell))
    match = _WINDOW_TEXT.match(text)
    if match is None:
        raise ValueError(f"{shown(cell)} is not a time span: {_WINDOW_HINT}")
    start = _minutes(match[1], match[2], window=text)
    end = _minutes(match[3], match[4], window=text)
    if start >= end:
        raise ValueError(
            f"{text!r} ends before it starts: spans across midnight are not supported, "
            f"{_WINDOW_HINT}"
        )
    return TimeWindow(start, end)


def parse_time_windows(cell: Cell) -> tuple[TimeWindow, ...]:
    """Several spans joined by ``;`` (or ``；``, ``,``), sorted, overlapping ones merged."""
    text = _tighten_ranges(cell_text(cell))
    parts = [part for part in re.split(r"[;；,，、\s]+", text) if part]
    try:
        windows = sorted(parse_time_window(part) for part in parts)
    except ValueError as error:
        if len(parts) == 1:
            raise
        raise ValueError(f"in {shown(cell)}: {error}; join several spans with ';'") from None
    merged: list[TimeWindow] = []
    for window in windows:
        if merged and window.start_min <= merged[-1].end_min:
            last = merged.pop()
            window = TimeWindow(last.start_min, max(last.end_min, window.end_min))
        merged.append(window)
    return tuple(merged)


def _weekday_words() -> dict[str, int]:
    words: dict[str, int] = {}
    english = (
        ("mon", "monday"),
        ("tue", "tues", "tuesday"),
        ("wed", "weds", "wednesday"),
        ("thu", "thur", "thurs", "thursday"),
        ("fri", "friday"),
        ("sat", "saturday"),
        ("sun", "sunday"),
    )
    for weekday, names in enumerate(english):
        for name in names:
            words[name] = weekday
    # A bare numeral serves ranges such as 周一至五.
    for weekday, numeral in enumerate("一二三四五六日"):
        for prefix in ("", "周", "星期", "礼拜"):
            words[prefix + numeral] = weekday
    for prefix in ("周", "星期", "礼拜"):
        words[prefix + "天"] = 6
    return words


_WEEKDAY_WORDS = _weekday_words()
_WEEKDAY_GROUPS: dict[str, frozenset[int]] = {
    "weekdays": frozenset(range(5)),
    "工作日": frozenset(range(5)),
    "daily": frozenset(range(7)),
    "everyday": frozenset(range(7)),
    "每天": frozenset(range(7)),
    "每日": frozenset(range(7)),
    "全周": frozenset(range(7)),
    "weekend": frozenset({5, 6}),
    "weekends": frozenset({5, 6}),
    "周末": frozenset({5, 6}),
}
_WORK_DAYS_HINT = "write e.g. Mon-Fri, Mon,Wed,Fri, Mon-Wed,Sat or 周一-周五, 周一,周三"


def parse_work_days(cell: Cell) -> frozenset[int]:
    """Weekdays (0 = Monday) from ``Mon-Fri``, ``Mon,Wed,Fri``, ``Monday``, ``周一至周五``, ...

    A range may wrap over the weekend (``Fri-Mon``).
    """
    text = _tighten_ranges(cell_text(cell).casefold().replace("every day", "everyday"))
    days: set[int] = set()
    for token in (token.strip(".") for token in re.split(r"[;；,，、/\s]+", text)):
        if not token:
            continue
        if token in _WEEKDAY_GROUPS:
            days |= _WEEKDAY_GROUPS[token]
            continue
        ends = re.split(_RANGE_SEPARATOR, token)
        unknown = [end for end in ends if end.strip(".") not in _WEEKDAY_WORDS]
        if len(ends) > 2 or unknown:
            what = (
                f"{shown(unknown[0])} is not a weekday"
                if unknown
                else f"{shown(token)} is not a range"
            )
            raise ValueError(f"{shown(cell)} is not a list of weekdays ({what}): {_WORK_DAYS_HINT}")
        first, last = (_WEEKDAY_WORDS[end.strip(".")] for end in (ends[0], ends[-1]))
        days.update((first + offset) % 7 for offset in range((last - first) % 7 + 1))
    if not days:
        raise ValueError(f"{shown(cell)} names no weekday: {_WORK_DAYS_HINT}")
    return frozenset(days)
