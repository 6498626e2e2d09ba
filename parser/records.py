"""Plain JSON values back into record types, led by the dataclasses' own type hints.

Why generic: the output is the records' fields (orjson writes dataclasses field by field), so
reading it back needs no second description of the format that could drift from the first.
Values are not coerced: an int kept in a float field stays an int, so the JSON reads back and
writes out byte for byte.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, TypeVar, Union

T = TypeVar("T")


_hints: dict[type, dict[str, Any]] = {}


def hints(cls: type) -> dict[str, Any]:
    """The resolved type of each dataclass field of `cls`, in field order (cached: resolving
    the annotations costs more than reading a record)."""
    found = _hints.get(cls)
    if found is None:
        resolved = typing.get_type_hints(cls)
        found = _hints[cls] = {f.name: resolved[f.name] for f in dataclasses.fields(cls)}
    return found


def record(cls: type[T], data: Any) -> T:
    """An instance of the dataclass `cls` from a JSON object; a key the output lacks takes the
    field's default (Node's `page` and `table` are left out when empty)."""
    if not isinstance(data, dict):
        raise TypeError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
    given = {name: value(tp, data[name]) for name, tp in hints(cls).items() if name in data}
    return cls(**given)


def value(tp: Any, data: Any) -> Any:
    """`data` as the type `tp` describes (dataclasses, lists, tuples, dicts, optionals)."""
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return value(options[0], data) if len(options) == 1 else data
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return record(tp, data)
    if origin is list:
        (item,) = typing.get_args(tp)
        return [value(item, x) for x in data]
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(value(args[0], x) for x in data)
        return tuple(value(a, x) for a, x in zip(args, data, strict=True))
    if origin is dict:
        _, item = typing.get_args(tp)
        return {k: value(item, v) for k, v in data.items()}
    return data  # str, int, float, bool, Literal, Any: JSON gives them as they are
