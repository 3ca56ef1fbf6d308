"""Taking callers out of calls and texts after [twilio] caller_data_months, or on a person's request: their number,
what they said or typed to the menu, the agents' notes about them and the texts' words. The calls and texts stay,
with their times, menu choices and outcomes (the statistics)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cct import db
from cct.actions import history, operation
from cct.auth.actors import SYSTEM, Actor
from cct.db import utcnow
from cct.privacy.schemas import Erasable, Retained, Subject
from cct.redaction import ERASED, redact
from telephony.models import Call, SmsMessage
from telephony.personal_data import queries
from telephony.states import SMS_PENDING, SMS_SENDING, CallbackState, Direction

RETENTION = "retention"
ERASURE = "erasure"


def _take_out_resident(record: Call | SmsMessage) -> str:
    """Put ERASED where the resident's number is (queries.resident_number's side); the number it held."""
    number = queries.resident_number(record.direction, record.from_number, record.to_number)
    if record.direction == Direction.OUTBOUND.value:
        record.to_number = ERASED
    else:
        record.from_number = ERASED
    return number


@operation("call.personal_data_anonymised", _l("Caller's personal data anonymised"))
def anonymise_calls(actor: Actor, calls: Sequence[Call], why: str) -> int:
    """The calls lose their caller's number, spoken or typed menu input, the agent's note's contacts (a recording
    is deleted by its own, shorter rule); their callbacks lose the number and the note's contacts."""
    now = utcnow()
    callbacks = {callback.call_id: callback for callback in queries.callbacks_of([call.id for call in calls])}
    for call in calls:
        number = _take_out_resident(call)
        call.ivr_input = None
        call.note = redact(call.note, [number])
        call.anonymised_at = now
        callback = callbacks.get(call.id)  # a call has one at most
        if callback is not None:
            callback.phone = ERASED
            callback.outcome_note = redact(callback.outcome_note, [number])
        history(call, actor, "personal_data_anonymised", why=why)
    db.session.flush()
    return len(calls)


@operation("sms.personal_data_anonymised", _l("Text's personal data anonymised"))
def anonymise_texts(actor: Actor, texts: Sequence[SmsMessage], why: str) -> int:
    """The texts lose their words and the resident's number (the service's own number stays)."""
    now = utcnow()
    for message in texts:
        _take_out_resident(message)
        message.body = ERASED
        message.anonymised_at = now
        history(message, actor, "personal_data_anonymised", why=why)
    db.session.flush()
    return len(texts)


# -- the privacy slots ---------------------------------------------------------------------------------------------


def retention(now: datetime, apply: bool, limit: int, **_context: Any) -> list[Retained]:
    """The slot "privacy.retention": callers' numbers and words in calls and texts past [twilio] caller_data_months."""
    if apply:
        calls = anonymise_calls(SYSTEM, queries.calls_due(now, limit), RETENTION)
        texts = anonymise_texts(SYSTEM, queries.texts_due(now, limit), RETENTION)
    else:
        calls, texts = queries.due_counts(now)
    period = _("%(months)d months ([twilio] caller_data_months)", months=queries.months())
    return [
        Retained("telephony.calls", _("Callers' numbers, menu input and notes in calls: anonymised"), period, calls),
        Retained("telephony.texts", _("Texts' words and residents' numbers: anonymised"), period, texts),
    ]


def erase(subject: Subject, apply: bool, actor: Actor | None = None, **_context: Any) -> list[Erasable]:
    """The slot "privacy.erase": the number's calls and texts are anonymised (no law keeps them), but for a call an
    agent is to return and a text still being sent."""
    calls = [call for call in queries.calls_of(subject) if call.anonymised_at is None]
    awaited = {c.call_id for c in queries.callbacks_of([call.id for call in calls]) if c.state == CallbackState.OPEN}
    texts = [message for message in queries.texts_of(subject) if message.anonymised_at is None]
    unsent = [message for message in texts if message.status in (SMS_PENDING, SMS_SENDING)]
    calls_now = [call for call in calls if call.id not in awaited]
    texts_now = [message for message in texts if message not in unsent]
    if apply:
        anonymise_calls(actor or SYSTEM, calls_now, ERASURE)
        anonymise_texts(actor or SYSTEM, texts_now, ERASURE)
    return [
        Erasable(_("Calls"), len(calls_now), len(awaited), _("an agent is to call back") if awaited else ""),
        Erasable(_("Text messages"), len(texts_now), len(unsent), _("still being sent") if unsent else ""),
    ]
