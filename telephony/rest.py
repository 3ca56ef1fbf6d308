"""Twilio's REST API (outbound SMS, deleting recordings), through Twilio's own client."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from telephony.schemas import TwilioSettings

REQUEST_TIMEOUT_SECONDS = 10


class _HttpClient(TwilioHttpClient):
    """Twilio's HTTP client, sending to api_base_url when one is configured (a proxy, or a local stand-in)."""

    def __init__(self, base_url: str) -> None:
        super().__init__(timeout=REQUEST_TIMEOUT_SECONDS)
        self.base_url = base_url

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        if self.base_url:
            parts = urlsplit(url)
            url = self.base_url + parts.path + (f"?{parts.query}" if parts.query else "")
        return super().request(method, url, *args, **kwargs)


def client(settings: TwilioSettings) -> Client:
    return Client(settings.account_sid, settings.auth_token, http_client=_HttpClient(settings.api_base_url))
