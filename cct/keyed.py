"""Keyed digests: what the service must recognise again but never keep in clear — a network address counted for a
rate limit, a person named in an erasure record, a one-time code. An HMAC-SHA256 under the service's secret: a
plain hash of a phone number or an address is reversed by trying every one."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app


def keyed(text: str) -> str:
    return hmac.new(current_app.config["SECRET_KEY"].encode(), text.encode(), hashlib.sha256).hexdigest()
