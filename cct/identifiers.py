"""Identifiers several domains pass around without owning each other's rows."""

from __future__ import annotations

import re

# Twilio's call identifier (CallSid): a ticket opened during a call, an article used to answer it, the call itself
CALL_SID_PATTERN = r"^CA[0-9a-fA-F]{32}$"
CALL_SID = re.compile(CALL_SID_PATTERN)


CALL_SID_MAX = 64  # the width of a column that keeps one (Twilio's are 34 characters)
# A ticket's number as typed ("2026/000123", " 2026-123 "): knowledge records which ticket an article answered
TICKET_NUMBER_TYPED_MAX = 20


def is_call_sid(value: object) -> bool:
    return isinstance(value, str) and CALL_SID.match(value) is not None
