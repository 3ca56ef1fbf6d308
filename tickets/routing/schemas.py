"""What a routing rule may hold (the table, the form and the operations read these limits)."""

from __future__ import annotations

NAME_MAX = 200
DISTRICT_MAX = 100
STREET_MAX = 200
KEYWORDS_MAX = 2_000
POSITION_MAX = 1_000_000
