"""An elder's facts on a past day, from today's facts and the dated changes since.

Each change says which fact (an ``Elder`` field, a status such as ``deceased``, or ``added``
when the elder came into the tables), its value before and after, and the day it holds from.
The facts on a day are today's with every later change undone, newest first; the tier in force
on that day is the policy's classification of those facts on that day (an 80th birthday moves
a tier with no change recorded, and is counted too).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

ADDED: Final = "added"
"""The change that brought the elder into the tables (an import). Days before it take the
facts as first imported: a history table or a record may well be older than the service's
first import of the ledger, and those are the best facts known for them."""


@dataclass(frozen=True)
class DatedChange:
    day: date
    fact: str
    old: Any
    new: Any


def facts_on(today: Mapping[str, Any], changes: Sequence[DatedChange], day: date) -> dict[str, Any]:
    """The facts (as a mapping of field to value) that held on ``day``. ``changes`` in the
    order they were made."""
    facts = dict(today)
    for change in reversed(changes):
        if change.day <= day:
            continue
        if change.fact in facts:
            facts[change.fact] = change.old
    return facts
