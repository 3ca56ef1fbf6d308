"""What the BIP records' fields may hold."""

from __future__ import annotations

TITLE_MAX = 300
CONTENT_MAX = 50_000
PERSON_MAX = 200
REASON_MAX = 500
