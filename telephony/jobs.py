"""Telephony's background jobs: sending an SMS through Twilio's REST API, and deleting recordings past their
retention. Jobs own their transactions.

An SMS is never sent twice: its row is marked "sending" and committed before the request; a retry finds it so and
does not send again. Twilio refusing for good (a 4xx, e.g. an invalid number) fails the message; Twilio unreachable
or failing (5xx, 429) puts it back and the job is retried with backoff; a request that timed out after it was sent
may have been delivered, so the message is marked "unknown" rather than sent again.
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from twilio.base import values
from twilio.base.exceptions import TwilioRestException

from cct import db
from cct.db import utcnow
from telephony import operations, queries, rest
from telephony.states import SMS_FAILED, SMS_PENDING, SMS_SENDING, SMS_UNKNOWN

log = logging.getLogger(__name__)
SEND_SMS = operations.SEND_JOB
RECORDINGS = "telephony.recordings"
RECORDINGS_EVERY_SECONDS = 3600
RECORDINGS_BATCH = 100


def send_sms(payload: dict[str, Any]) -> None:
    message = queries.sms_by_purpose(str(payload.get("purpose")))
    if message is None or message.status != SMS_PENDING:
        return  # sent already, being sent, or given up: never twice
    if payload.get("forgotten"):  # a one-time code whose job ended: its text is no longer kept anywhere
        operations.mark_sending(message, SMS_FAILED, error_code="forgotten")
        return
    twilio = queries.settings()
    if not twilio.enabled:
        raise RuntimeError("Twilio is not configured ([twilio] account_sid, auth_token)")
    operations.mark_sending(message, SMS_SENDING)
    db.session.commit()
    try:
        sent = rest.client(twilio).messages.create(
            to=message.to_number,
            from_=message.from_number,
            body=payload.get("body") or message.body,  # a one-time code's text travels only in the job
            status_callback=f"{twilio.public_base_url}/telephony/sms-status"
            if twilio.public_base_url
            else values.unset,
        )
    except TwilioRestException as error:
        code = str(error.code or error.status)
        if error.status >= 500 or error.status == 429:
            operations.mark_sending(message, SMS_PENDING, error_code=code)
            db.session.commit()  # Twilio did not take it: the next attempt may send it
            raise
        operations.mark_sending(message, SMS_FAILED, error_code=code)
        log.warning("Twilio refused SMS %s: %s", message.id, error.msg)
        return
    except requests.ConnectionError:
        operations.mark_sending(message, SMS_PENDING)
        db.session.commit()
        raise
    except requests.Timeout:
        operations.mark_sending(message, SMS_UNKNOWN)
        log.error("SMS %s: Twilio did not answer in time; it may have been sent, so it is not sent again", message.id)
        return
    operations.mark_sending(message, sent.status or "queued", sid=sent.sid)


def delete_recordings(_payload: dict[str, Any]) -> None:
    """Delete the recordings past their retention (a batch an hour; Twilio failing → the job is retried)."""
    twilio = queries.settings()
    if not twilio.enabled:
        return
    calls = queries.recordings_expired(utcnow(), RECORDINGS_BATCH)
    if not calls:
        return
    client = rest.client(twilio)
    for call in calls:
        try:
            client.recordings(call.recording_sid).delete()
        except TwilioRestException as error:
            if error.status != 404:  # 404: deleted already (at Twilio's console, or by an earlier run)
                raise
        operations.recording_deleted(call)
        db.session.commit()  # each deletion stands even if a later one fails
    log.info("deleted %d call recording(s) past their retention", len(calls))
