"""What schemathesis needs to know of the API's own string format: "phone", a phone number as people write it (the
OpenAPI document says so; no pattern can say which numbers the numbering plan holds). Loaded through
SCHEMATHESIS_HOOKS by tests/api/test_contract.py."""

from __future__ import annotations

import phonenumbers
import schemathesis
from hypothesis import strategies as st

REGIONS = ("PL", "DE", "LT", "UA", "GB", "US")
KINDS = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)


def _numbers() -> list[phonenumbers.PhoneNumber]:
    examples = (phonenumbers.example_number_for_type(region, kind) for region in REGIONS for kind in KINDS)
    return [number for number in examples if number is not None]


def _written(number: phonenumbers.PhoneNumber, style: int) -> str:
    """A number as people write it: +48600100200, +48 600 100 200, or (Polish ones) 600 100 200."""
    if style == phonenumbers.PhoneNumberFormat.NATIONAL and number.country_code != 48:
        style = phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)


STYLES = (
    phonenumbers.PhoneNumberFormat.E164,
    phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    phonenumbers.PhoneNumberFormat.NATIONAL,
)
schemathesis.openapi.format("phone", st.builds(_written, st.sampled_from(_numbers()), st.sampled_from(STYLES)))
