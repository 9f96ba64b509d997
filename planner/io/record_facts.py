"""What a visit found changed (a record's ``facts``), read with the elders table's own column
names and cell parsers: ``{"bedridden": true}``, ``{"能力评估": "重度"}`` and ``{"ability":
"severe"}`` mean the same, and a value the table would refuse is refused here too."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from planner.io.cells import Cell, parse_ability, parse_bool, parse_disability_grade
from planner.io.columns import ELDER_COLUMNS
from planner.io.headers import header_key
from planner.records import Fact, FactChange, FactValue, RecordError

__all__ = ["parse_facts"]

# The statuses are no columns of the elders table: their Chinese names here.
_STATUS_SPELLINGS: dict[Fact, tuple[str, ...]] = {
    Fact.DECEASED: ("已故", "死亡", "去世"),
    Fact.MOVED_AWAY: ("迁出", "搬离"),
    Fact.IN_HOSPITAL: ("住院",),
}

_PARSERS: dict[Fact, Callable[[Cell], FactValue]] = {
    Fact.ABILITY: parse_ability,
    Fact.DISABILITY_GRADE: parse_disability_grade,
}


def _spellings() -> dict[str, Fact]:
    """Every accepted spelling of each fact, by its header key."""
    names = {fact.value: fact for fact in Fact}
    found: dict[str, Fact] = {}
    for column in ELDER_COLUMNS:
        if column.name in names:
            for spelling in column.spellings():
                found[header_key(spelling)] = names[column.name]
    for fact, spellings in _STATUS_SPELLINGS.items():
        for spelling in (fact.value, *spellings):
            found[header_key(spelling)] = fact
    return found


_FACT_OF = _spellings()


def _known() -> str:
    return ", ".join(fact.value for fact in Fact)


def parse_facts(raw: Mapping[str, object]) -> tuple[FactChange, ...]:
    """The changes ``raw`` names, in ``Fact``'s order; ``RecordError`` naming ``facts.<key>``
    for an unknown fact or a value its column refuses."""
    changes: dict[Fact, FactChange] = {}
    for key, value in raw.items():
        fact = _FACT_OF.get(header_key(key))
        if fact is None:
            raise RecordError(f"facts.{key}", f"is not a fact a visit may change: {_known()}")
        if fact in changes:
            raise RecordError(f"facts.{key}", f"names {fact.value} a second time")
        changes[fact] = FactChange(fact, _parse(fact, key, value))
    return tuple(changes[fact] for fact in Fact if fact in changes)


def _parse(fact: Fact, key: str, value: object) -> FactValue:
    if fact is Fact.DISABILITY_GRADE and value is None:
        return None
    if not isinstance(value, str | int | float | bool):
        raise RecordError(f"facts.{key}", "must be a single value (text, number or true/false)")
    parser = _PARSERS.get(fact, parse_bool)
    try:
        return parser(value)
    except ValueError as error:
        raise RecordError(f"facts.{key}", str(error)) from None
