"""What the office supplies' fields may hold."""

from __future__ import annotations

NAME_MAX = 200
MEASURE_MAX = 20  # "szt.", "ryza", "opak."
NOTE_MAX = 500
QUANTITY_MAX = 100_000
