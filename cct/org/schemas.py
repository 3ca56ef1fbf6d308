"""The city units' field limits, read by the table, the forms and every domain that takes a unit's code."""

from __future__ import annotations

UNIT_CODE_MAX = 32
