"""Apply a set of field values to an object and report what really changed, for signals and history."""

from __future__ import annotations

from collections.abc import Mapping
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
