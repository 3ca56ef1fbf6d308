from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from cct import db
from cct.idempotency.models import IdempotentRequest


def stored(client: str, key: str, since: datetime) -> IdempotentRequest | None:
    """The first request a client sent with this key, if it is still kept."""
    return db.session.scalar(
        select(IdempotentRequest).where(
            IdempotentRequest.client == client, IdempotentRequest.key == key, IdempotentRequest.created_at >= since
        )
    )
