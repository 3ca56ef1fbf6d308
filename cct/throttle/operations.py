from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete

from cct import db, web
from cct.db import utcnow
from cct.throttle.models import RateCounter

WINDOW = timedelta(minutes=1)
PURGE_JOB = "throttle.purge"


def hit(bucket: str, per_minute: int) -> int | None:
    """Count one request of `bucket` in this minute; the seconds until the next minute when it is one too many, else
    None. One atomic upsert: two requests at once cannot both take the last place. Counted in the request's own
    transaction (on SQLite a second connection would wait for it), and again after its rollback if it fails."""
    now = utcnow()
    minute = now.replace(second=0, microsecond=0)
    keys = {"bucket": bucket, "minute": minute}
    hits = db.increment(RateCounter.__table__, keys, "hits")
    # a request refused later (400, 422 …) is rolled back, its count with it: counted again after the rollback
    web.keep_after_rollback(lambda: db.increment(RateCounter.__table__, keys, "hits"))
    if hits <= per_minute:
        return None
    return max(1, math.ceil((minute + WINDOW - now).total_seconds()))


def purge(_payload: dict[str, Any], now: datetime | None = None) -> int:
    """Forget the counts of minutes gone (a periodic job)."""
    cutoff = (now or utcnow()) - 2 * WINDOW
    result = db.session.execute(delete(RateCounter).where(RateCounter.minute < cutoff))
    db.session.commit()
    return result.rowcount or 0
