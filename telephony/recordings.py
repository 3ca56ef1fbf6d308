"""Call recordings are kept for [twilio] recording_retention_days, then deleted at Twilio and forgotten here."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from twilio.base.exceptions import TwilioRestException

from cct import db
from cct.db import utcnow
from cct.jobs.operations import periodic
from telephony.models import Call
from telephony.operations import settings
from telephony.sms import twilio_client

log = logging.getLogger(__name__)
BATCH = 100


def expired(now: Any = None, limit: int = BATCH) -> list[Call]:
    before = (now or utcnow()) - timedelta(days=settings().recording_retention_days)
    query = (
        select(Call)
        .where(Call.recording_sid.is_not(None), Call.recording_deleted_at.is_(None), Call.started_at < before)
        .order_by(Call.started_at)
        .limit(limit)
    )
    return list(db.session.scalars(query))


@periodic("telephony.recordings", every_seconds=3600)
def delete_expired(_payload: dict[str, Any]) -> None:
    """Delete the recordings past their retention (a batch an hour; Twilio failing → the job is retried)."""
    if not settings().enabled:
        return
    calls = expired()
    if not calls:
        return
    client = twilio_client()
    for call in calls:
        try:
            client.recordings(call.recording_sid).delete()
        except TwilioRestException as error:
            if error.status != 404:  # 404: deleted already (at Twilio's console, or by an earlier run)
                raise
        call.recording_deleted_at = utcnow()
        call.recording_url = None
        db.session.commit()  # each deletion stands even if a later one fails
    log.info("deleted %d call recording(s) past their retention", len(calls))
