"""What telephony's fields may hold, and its settings ([twilio] in config.toml)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from cct.sections import Section
from tickets.schemas import CATEGORY_CODE_MAX

SID_MAX = 64
NUMBER_MAX = 40  # as Twilio gives it ("+48…", or "anonymous")
STATUS_MAX = 20
IVR_INPUT_MAX = 300
NOTE_MAX = 2_000
SMS_MAX = 1_600
RECORDING_URL_MAX = 500
PURPOSE_MAX = 120
NUMBER_DIGITS_MAX = 8  # a duration or position as Twilio sends it (99,999,999 s is three years): longer is not Twilio's
SUMMARY_MAX = 300  # the last public reply, as an SMS quotes it


def whole_number(value: str | None) -> int | None:
    """A whole number Twilio sent (CallDuration, QueueTime, RecordingDuration in seconds; QueuePosition), or None
    when the text is not one (ASCII digits only: "²" is a digit to Python, not a number to int())."""
    text = value or ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= NUMBER_DIGITS_MAX else None


class IvrOption(Section):
    key: str = Field(pattern=r"^[0-8]$")  # 9 is the "do not record" key
    label: str = Field(min_length=1, max_length=200)
    category: str = Field(max_length=CATEGORY_CODE_MAX)
    words: list[str]


class TwilioSettings(Section):
    """[twilio] in config.toml."""

    account_sid: str
    auth_token: str
    phone_number: str
    public_base_url: str
    api_base_url: str
    connect: Literal["enqueue", "dial"]
    hours: Literal["office", "always"]
    queue_name: str = Field(min_length=1, max_length=64)
    dial_number: str
    record_calls: bool
    recording_retention_days: int = Field(ge=1, le=3650)
    caller_data_months: int = Field(ge=1, le=1200)
    sms_category: str = Field(min_length=1, max_length=CATEGORY_CODE_MAX)
    ivr: list[IvrOption]

    @property
    def enabled(self) -> bool:
        return bool(self.account_sid and self.auth_token)

    @field_validator("public_base_url", "api_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if value and not re.match(r"^https?://[^/\s]+(/[^\s]*)?$", value):
            raise ValueError("use the full address, e.g. https://cct.bialystok.pl")
        return value.rstrip("/")

    @field_validator("ivr")
    @classmethod
    def _distinct_keys(cls, value: list[IvrOption]) -> list[IvrOption]:
        keys = [option.key for option in value]
        if len(keys) != len(set(keys)):
            raise ValueError("two IVR options share a key")
        return value

    @model_validator(mode="after")
    def _dial_needs_number(self) -> TwilioSettings:
        if self.connect == "dial" and not self.dial_number:
            raise ValueError('connect = "dial" needs dial_number')
        if self.enabled and not self.public_base_url:
            raise ValueError("account_sid and auth_token need public_base_url (webhooks are signed for it)")
        return self
