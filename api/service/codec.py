"""The planner's frozen dataclasses as JSON and back, for the database's JSON columns.

One generic codec driven by the dataclasses' type hints, so that a field added to ``Elder``
or ``Reason`` is stored without a change here. Dates are ISO strings, enums their values,
tuples and frozensets lists, ``LonLat`` a ``[lon, lat]`` pair.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def to_json(value: object) -> Any:
    """A JSON-ready copy of ``value`` (dataclasses, enums, dates, tuples, sets, dicts)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(to_json(item) for item in value)
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    return value


def from_json(kind: type[T], data: Any) -> T:
    """Rebuild a ``kind`` (a dataclass of the planner) from ``to_json``'s output."""
    return typing.cast(T, _decode(kind, data))


@cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def _decode(hint: Any, data: Any) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        return _decode(next(arg for arg in args if arg is not type(None)), data)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item) for item in data)
        return tuple(_decode(arg, item) for arg, item in zip(args, data, strict=True))
    if origin is frozenset:
        return frozenset(_decode(args[0], item) for item in data)
    if origin is dict:
        return {_decode(args[0], key): _decode(args[1], item) for key, item in data.items()}
    if hint is Any or data is None:
        return data
    if isinstance(hint, type):
        return _decode_type(hint, data)
    return data


def _decode_type(hint: type, data: Any) -> Any:
    if issubclass(hint, Enum):
        return hint(data)
    if hint is datetime:
        return datetime.fromisoformat(data)
    if hint is date:
        return date.fromisoformat(data)
    if dataclasses.is_dataclass(hint):
        hints = _hints(hint)
        given = {
            f.name: _decode(hints[f.name], data[f.name])
            for f in dataclasses.fields(hint)
            if f.name in data
        }
        return hint(**given)
    if issubclass(hint, tuple) and hasattr(hint, "_fields"):  # a NamedTuple such as LonLat
        return hint(*data)
    if hint is float:
        return float(data)
    return data


def tuple_from_json(kind: type[T], data: Any) -> tuple[T, ...]:
    """Rebuild a tuple of ``kind`` from ``to_json``'s list."""
    return tuple(from_json(kind, item) for item in data)
