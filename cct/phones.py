"""Phone numbers are kept in E.164; what people type (spaces, dashes, no country code) is read as Polish."""

from __future__ import annotations

import phonenumbers

DEFAULT_REGION = "PL"


def to_e164(raw: str, region: str = DEFAULT_REGION) -> str | None:
    """The E.164 form of a valid number, or None when the text is not a valid phone number."""
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def is_shown(number: str | None) -> bool:
    """A caller's number as a telephone network gives it ("+48…"), not a word in its place for a hidden one
    ("anonymous", "restricted"): only such a number can be looked up, called or texted back."""
    return bool(number) and number.startswith("+")


def display(e164: str | None) -> str:
    """Polish numbers the way Poles write them (85 869 60 00), others internationally."""
    if not e164:
        return ""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if parsed.country_code == 48:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
