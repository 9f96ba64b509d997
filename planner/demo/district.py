"""The demo district: 峄城区 (Yicheng District, Zaozhuang, Shandong), made up but believable.

``build_demo_district`` makes its towns and villages (``geography``), elders (``people``),
visitors (``visitors``) and the quarter's visits already made (``history``), writes them as the
input tables of ../shared/CONTRACT.md (CSV, English headers) and reads them back, so the
demo is planned through the same reader as a coordinator's own tables. The same seed gives the
same bytes.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from planner.demo.draws import DEFAULT_SEED
from planner.demo.geography import make_towns, place_villages
from planner.demo.history import HISTORY_HEADERS, demo_history_rows
from planner.demo.people import ELDER_HEADERS, make_elders
from planner.demo.visitors import VISITOR_HEADERS, choose_usual_visitors, make_visitors
from planner.io.outputs import write_csv
from planner.io.tables import Tables, load_tables
from planner.model import Elder, Visitor
from planner.policy import Policy


@dataclass(frozen=True)
class DemoSize:
    """How big the demo district is. Villages are capped at one per elder."""

    elders: int = 3000
    visitors: int = 150
    towns: int = 7
    villages: int = 150

    def __post_init__(self) -> None:
        if self.towns < 1:
            raise ValueError(f"towns must be at least 1, got {self.towns}")
        if self.villages < self.towns:
            raise ValueError(f"villages ({self.villages}) must be at least towns ({self.towns})")
        if self.elders < self.towns:
            raise ValueError(f"elders ({self.elders}) must be at least towns ({self.towns})")
        if self.visitors < 2 * self.towns:
            raise ValueError(
                f"visitors ({self.visitors}) must be at least twice towns ({self.towns}): "
                "every village needs two visitors"
            )


def demo_rows(
    *, size: DemoSize = DemoSize(), seed: int = DEFAULT_SEED, planning_date: date
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The demo district's elder and visitor tables.

    Parameters
    ----------
    size
        How many elders, visitors, towns and villages.
    seed
        The same seed gives the same rows, byte for byte. Each stage (towns, villages, elders,
        visitors, usual visitors) draws from its own stream derived from the seed, so that
        asking for more elders leaves the villages where they were.
    planning_date
        Ages (and birth dates) are set so that they hold on this day.

    Returns
    -------
    The elder rows and the visitor rows, each a dict from the contract's column names
    (``ELDER_HEADERS``, ``VISITOR_HEADERS``) to text; empty text is an empty cell.
    """
    towns = make_towns(size.towns, random.Random(f"{seed}/towns"))
    village_count = min(size.villages, size.elders)
    villages = place_villages(towns, village_count, random.Random(f"{seed}/villages"))
    elders = make_elders(
        towns, villages, size.elders, random.Random(f"{seed}/elders"), planning_date=planning_date
    )
    visitors = make_visitors(towns, villages, size.visitors, random.Random(f"{seed}/visitors"))
    choose_usual_visitors(elders, visitors, villages, random.Random(f"{seed}/usual"))
    return [elder.row for elder in elders], [visitor.row() for visitor in visitors]


def write_demo_tables(
    directory: Path, *, size: DemoSize = DemoSize(), seed: int = DEFAULT_SEED, planning_date: date
) -> tuple[Path, Path]:
    """Write ``elders.csv`` and ``visitors.csv`` (UTF-8, the contract's English headers).

    The directory is created when missing. Returns the two paths, elders first.
    """
    elder_rows, visitor_rows = demo_rows(size=size, seed=seed, planning_date=planning_date)
    directory.mkdir(parents=True, exist_ok=True)
    elders_path, visitors_path = directory / "elders.csv", directory / "visitors.csv"
    _write_csv(elders_path, ELDER_HEADERS, elder_rows)
    _write_csv(visitors_path, VISITOR_HEADERS, visitor_rows)
    return elders_path, visitors_path


def write_demo_history(
    directory: Path,
    elders: Sequence[Elder],
    visitors: Sequence[Visitor],
    *,
    planning_date: date,
    policy: Policy,
    seed: int = DEFAULT_SEED,
) -> Path:
    """Write ``history.csv`` (the contract's visits table) for the demo district."""
    rows = demo_history_rows(
        elders, visitors, planning_date=planning_date, policy=policy, seed=seed
    )
    path = directory / "history.csv"
    _write_csv(path, HISTORY_HEADERS, rows)
    return path


def _write_csv(path: Path, columns: Sequence[str], rows: Sequence[dict[str, str]]) -> None:
    """The demo's tables land in ``input/`` of the output, which people open too."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        write_csv(stream, columns, ([row.get(column, "") for column in columns] for row in rows))


def build_demo_district(
    folder: Path, size: DemoSize, planning_date: date, policy: Policy, seed: int = DEFAULT_SEED
) -> Tables:
    """Write the demo's three tables into ``folder`` and read them back as a user's would be."""
    elders_csv, visitors_csv = write_demo_tables(
        folder, size=size, seed=seed, planning_date=planning_date
    )
    district = load_tables(elders_csv, visitors_csv)
    history_csv = write_demo_history(
        folder,
        district.elders,
        district.visitors,
        planning_date=planning_date,
        policy=policy,
        seed=seed,
    )
    return load_tables(elders_csv, visitors_csv, history_csv)
