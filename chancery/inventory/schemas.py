"""What the inventory book's fields may hold."""

from __future__ import annotations

from decimal import Decimal

NAME_MAX = 200
DOCUMENT_MAX = 100  # "FV 123/2026"
LOCATION_MAX = 100  # "pok. 12, ul. Słonimska 1"
PERSON_MAX = 200
NOTE_MAX = 500
PROTOCOL_MAX = 50
VALUE_MAX = Decimal("10000000.00")  # złoty
