from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from cct import db
from cct.db import utcnow
from cct.idempotency import queries
from cct.idempotency.models import IdempotentRequest

KEPT_FOR = timedelta(hours=24)
PURGE_JOB = "idempotency.purge"


def claim(client: str, key: str, fingerprint: str) -> IdempotentRequest | None:
    """Take the key for this request in the request's own transaction, or return the earlier request that holds it.

    The row is written before the work, so a twin sent at the same moment waits for this transaction (PostgreSQL's
    unique index; SQLite's single writer) and then finds the row: it is answered as the first was, never run twice.
    If this request fails, its transaction, the row with it, is rolled back and the key is free again."""
    now = utcnow()
    earlier = queries.stored(client, key, now - KEPT_FOR)
    if earlier is not None:
        return earlier
    row = IdempotentRequest(client=client, key=key, fingerprint=fingerprint, created_at=now)
    try:
        with db.session.begin_nested():
            # a row older than KEPT_FOR no longer counts: the key may be used again
            db.session.execute(
                delete(IdempotentRequest).where(IdempotentRequest.client == client, IdempotentRequest.key == key)
            )
            db.session.add(row)
    except IntegrityError:
        earlier = queries.stored(client, key, now - KEPT_FOR)
        if earlier is None:
            raise
        return earlier
    return None


def complete(client: str, key: str, response: Any) -> None:
    """Keep the answer the request got (only a success is kept: a refused request may be corrected and sent again)."""
    row = queries.stored(client, key, utcnow() - KEPT_FOR)
    if row is None:
        return
    row.status = response.status_code
    row.content_type = response.content_type
    row.location = response.headers.get("Location")
    row.body = response.get_data(as_text=True)
    db.session.flush()


def release(client: str, key: str) -> None:
    """The request was answered with a refusal it made itself (not an exception, which rolls back): free the key."""
    db.session.execute(
        delete(IdempotentRequest).where(
            IdempotentRequest.client == client, IdempotentRequest.key == key, IdempotentRequest.status.is_(None)
        )
    )


def purge(_payload: dict[str, Any], now: datetime | None = None) -> int:
    """Forget the keys older than KEPT_FOR (a periodic job)."""
    cutoff = (now or utcnow()) - KEPT_FOR
    result = db.session.execute(delete(IdempotentRequest).where(IdempotentRequest.created_at < cutoff))
    db.session.commit()
    return result.rowcount or 0
