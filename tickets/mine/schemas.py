"""The settings of "Moje zgłoszenia" ([my_reports] in config.toml) and the shapes of what a resident sends there."""

from __future__ import annotations

from pydantic import Field

from cct.sections import Section

CODE_DIGITS = 6  # a code read off a phone's screen and typed on another device: digits only
CODE_TYPED_MAX = 20  # what the code field accepts before it is even looked at (spaces, a pasted line)
CONTACT_TYPED_MAX = 254
PHONE, EMAIL = "phone", "email"


class MyReportsSettings(Section):
    """[my_reports] in config.toml."""

    code_minutes: int = Field(ge=1, le=60)
    code_tries: int = Field(ge=1, le=20)
    session_minutes: int = Field(ge=5, le=24 * 60)
    per_contact_limit: int = Field(ge=1, le=100)
    per_address_limit: int = Field(ge=1, le=10_000)
    window_minutes: int = Field(ge=1, le=24 * 60)
    log_days: int = Field(ge=1, le=3650)


def typed_code(text: str | None) -> str:
    """The code as typed, without the spaces and dashes people put in it ("123 456", "123-456")."""
    return "".join(ch for ch in (text or "")[:CODE_TYPED_MAX] if ch not in " -\t")
