"""Dated changes of elders' facts in the database (``elder_history``): what a record or an
import changed, when it holds from, who did it, and the tier before and after.

A record's facts update the stored elder at once (the next plan sees them); a re-import of the
ledger writes a row for each fact it changes instead of overwriting it silently. The tier in
force on any past day is worked out from today's facts and the changes since
(``planner.elder_history.facts_on``).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.service.clock import utcnow
from api.service.codec import from_json, to_json
from api.service.models import ElderHistoryRow, ElderRow
from planner.elder_history import ADDED, DatedChange, facts_on
from planner.model import Elder, Tier
from planner.policy import Policy, classify
from planner.records import Fact, FactChange

RECORD, IMPORT = "record", "import"

_ELDER_FIELDS: Final = frozenset(field.name for field in dataclasses.fields(Elder))

TRACKED: Final = tuple(
    name
    for name in (
        *(fact.value for fact in Fact),
        "home_visit_consent",
        "visit_consent",
        "consent_given_by",
        "consent_date",
        "birth_date",
        "stated_age",
        "town",
        "village",
    )
    if name in _ELDER_FIELDS
)
"""The facts an import is checked for changes in: those that decide the tier, the programme
and the visits (names, phones and addresses are corrected, not history)."""

_STATUSES: Final = tuple(fact for fact in Fact if fact.value not in _ELDER_FIELDS)


def _tier(elder: Elder, policy: Policy, day: date) -> str:
    return classify(elder, policy, day).tier.value


def _history(session: Session, elder_id: str) -> list[ElderHistoryRow]:
    query = select(ElderHistoryRow).where(ElderHistoryRow.elder_id == elder_id)
    return list(session.scalars(query.order_by(ElderHistoryRow.id)))


def statuses(session: Session, elder_id: str) -> dict[str, bool]:
    """The elder's statuses (deceased, moved away, in hospital) as last recorded."""
    found = {fact.value: False for fact in _STATUSES}
    for row in _history(session, elder_id):
        if row.fact in found:
            found[row.fact] = bool(row.new)
    return found


def apply_facts(
    session: Session,
    elder_id: str,
    changes: Sequence[FactChange],
    *,
    day: date,
    record_id: uuid.UUID,
    username: str,
    policy: Policy,
) -> list[ElderHistoryRow]:
    """Update the stored elder with what a record found, one history row per fact that changed
    (a fact already so is no change: a record sent again writes nothing)."""
    row = session.get(ElderRow, elder_id)
    if row is None:
        return []
    before = from_json(Elder, row.facts)
    known = statuses(session, elder_id)
    elder_changes: dict[str, Any] = {
        c.fact.value: c.value for c in changes if c.fact.value in _ELDER_FIELDS
    }
    after = dataclasses.replace(before, **elder_changes)
    tier_before, tier_after = _tier(before, policy, day), _tier(after, policy, day)
    written = []
    for change in changes:
        name = change.fact.value
        old = known[name] if name in known else getattr(before, name)
        if old == change.value:
            continue
        written.append(
            ElderHistoryRow(
                elder_id=elder_id,
                town=before.town,
                day=day,
                fact=name,
                old=to_json(old),
                new=to_json(change.value),
                tier_before=tier_before,
                tier_after=tier_after,
                cause=RECORD,
                record_id=record_id,
                username=username,
                at=utcnow(),
            )
        )
    session.add_all(written)
    if after != before:
        row.facts = to_json(after)
    return written


def note_import(
    session: Session, elders: Iterable[Elder], *, day: date, username: str, policy: Policy
) -> int:
    """Before the towns' elders are replaced by an import: a history row for each tracked fact
    the import changes, and for each elder it adds. The number of rows written."""
    new = {elder.elder_id: elder for elder in elders}
    old = {
        row.elder_id: from_json(Elder, row.facts)
        for row in session.scalars(select(ElderRow).where(ElderRow.elder_id.in_(list(new))))
    }
    rows: list[ElderHistoryRow] = []
    for elder_id, elder in new.items():
        previous = old.get(elder_id)
        after = _tier(elder, policy, day)
        if previous is None:
            rows.append(_import_row(elder, ADDED, None, None, None, after, day, username))
            continue
        before = _tier(previous, policy, day)
        before_json, after_json = to_json(previous), to_json(elder)
        for name in TRACKED:
            if before_json[name] != after_json[name]:
                rows.append(
                    _import_row(
                        elder,
                        name,
                        before_json[name],
                        after_json[name],
                        before,
                        after,
                        day,
                        username,
                    )
                )
    session.add_all(rows)
    return len(rows)


def _import_row(
    elder: Elder,
    fact: str,
    old: Any,
    new: Any,
    tier_before: str | None,
    tier_after: str,
    day: date,
    username: str,
) -> ElderHistoryRow:
    return ElderHistoryRow(
        elder_id=elder.elder_id,
        town=elder.town,
        day=day,
        fact=fact,
        old=old,
        new=new,
        tier_before=tier_before,
        tier_after=tier_after,
        cause=IMPORT,
        record_id=None,
        username=username,
        at=utcnow(),
    )


def history_of(session: Session, elder_id: str) -> list[ElderHistoryRow]:
    """Every dated change of the elder, oldest first."""
    return sorted(_history(session, elder_id), key=lambda row: (row.day, row.id))


def tier_on(session: Session, elder: Elder, policy: Policy, day: date) -> Tier:
    """The tier in force on ``day``: the policy's tier of the facts that held then."""
    return tiers_on(elder, history_of(session, elder.elder_id), policy, day)


def tiers_on(elder: Elder, rows: Sequence[ElderHistoryRow], policy: Policy, day: date) -> Tier:
    """``tier_on`` from rows already read (for a whole export at once)."""
    changes = [DatedChange(row.day, row.fact, row.old, row.new) for row in rows]
    facts = facts_on(to_json(elder), changes, day)
    return classify(from_json(Elder, facts), policy, day).tier
