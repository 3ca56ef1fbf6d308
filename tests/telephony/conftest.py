from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from twilio.request_validator import RequestValidator

from tests.helpers import TWILIO
from tests.tickets.conftest import city  # noqa: F401 - the fixture, for the tests here

CALLER = "+48600100200"
# A Friday at 10:00 in Warsaw (office open) and a Saturday (closed).
OPEN = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
CLOSED = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


class Twilio:
    """Sends webhooks as Twilio does: form fields, the public URL with its query string, a valid signature."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.validator = RequestValidator(TWILIO["auth_token"])

    def sign(self, path: str, form: dict[str, str]) -> str:
        return self.validator.compute_signature(TWILIO["public_base_url"] + path, form)

    def post(self, path: str, form: dict[str, str], signature: str | None = None) -> Any:
        headers = {"X-Twilio-Signature": self.sign(path, form) if signature is None else signature}
        if signature == "":
            headers = {}
        return self.client.post(path, data=form, headers=headers)

    @staticmethod
    def call(sid: str, status: str = "ringing", caller: str = CALLER, **extra: str) -> dict[str, str]:
        return {
            "AccountSid": TWILIO["account_sid"],
            "ApiVersion": "2010-04-01",
            "CallSid": sid,
            "CallStatus": status,
            "Called": TWILIO["phone_number"],
            "Caller": caller,
            "Direction": "inbound",
            "From": caller,
            "FromCountry": "PL",
            "To": TWILIO["phone_number"],
            "ToCountry": "PL",
            **extra,
        }

    @staticmethod
    def sms(sid: str, body: str, sender: str = CALLER) -> dict[str, str]:
        return {
            "AccountSid": TWILIO["account_sid"],
            "ApiVersion": "2010-04-01",
            "MessageSid": sid,
            "SmsSid": sid,
            "SmsMessageSid": sid,
            "From": sender,
            "To": TWILIO["phone_number"],
            "Body": body,
            "NumMedia": "0",
            "NumSegments": "1",
            "FromCountry": "PL",
        }


@pytest.fixture
def twilio(client: Any) -> Twilio:
    return Twilio(client)


@pytest.fixture
def office_open() -> Iterator[None]:
    with time_machine.travel(OPEN, tick=True):
        yield


@pytest.fixture
def office_closed() -> Iterator[None]:
    with time_machine.travel(CLOSED, tick=True):
        yield
