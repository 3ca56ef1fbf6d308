"""Apply a set of field values to an object and report what really changed, for signals and history."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any


def apply_changes(obj: object, values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Set each attribute that differs; return {field: [old, new]} for those that did."""
    changes: dict[str, list[Any]] = {}
    for field, new in values.items():
        old = getattr(obj, field)
        if old != new:
            setattr(obj, field, new)
            changes[field] = [old, new]
    return changes


def plain(value: Any) -> Any:
    """A JSON-friendly form of a changed value: enums by value, times in ISO 8601, objects by their code."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted((plain(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "__table__"):
        return getattr(value, "code", None) or getattr(value, "login", None) or getattr(value, "id", None)
    return value
