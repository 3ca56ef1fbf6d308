"""The press office's background job: interviews whose authorisation time ran out are recorded as deemed
authorised (Press Law art. 14a ust. 7). Jobs own their transactions."""

from __future__ import annotations

from typing import Any

from cct import db
from cct.db import utcnow
from press import operations

DEEM = "press.deem_authorised"
DEEM_EVERY_SECONDS = 60


def deem_authorised(_payload: dict[str, Any]) -> None:
    operations.deem_lapsed(utcnow())
    db.session.commit()
