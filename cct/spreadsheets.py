"""Cells of the service's CSV and spreadsheet exports. Text a resident or a journalist wrote may begin with what a
spreadsheet reads as a formula ("=HYPERLINK(…)", "+48…", "-1", "@SUM"): such text is written as text, prefixed with an
apostrophe (OWASP's advice for CSV injection), so opening an export never runs anything."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value as an export cell: numbers, dates and None as they are; text that a spreadsheet would run, quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
