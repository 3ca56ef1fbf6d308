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
from cct.privacy.schemas import Erasable, Held, Retained, Subject
from cct.redaction import ERASED, redact
from telephony.models import Call, SmsMessage
from telephony.personal_data import queries
from telephony.states import Direction

RETENTION = "retention"
ERASURE = "erasure"


def _caller(call: Call) -> str:
    return call.to_number if call.direction == Direction.OUTBOUND.value else call.from_number


@operation("call.personal_data_anonymised", _l("Caller's personal data anonymised"))
def anonymise_calls(actor: Actor, calls: Sequence[Call], why: str) -> int:
    """The calls lose their caller's number, spoken or typed menu input, the agent's note's contacts (a recording
    is deleted by its own, shorter rule); their callbacks lose the number and the note's contacts."""
    now = utcnow()
    callbacks = queries.callbacks_of([call.id for call in calls])
    for call in calls:
        number = _caller(call)
        if call.direction == Direction.OUTBOUND.value:
            call.to_number = ERASED
        else:
            call.from_number = ERASED
        call.ivr_input = None
        call.note = redact(call.note, [number])
        call.anonymised_at = now
        for callback in callbacks:
            if callback.call_id == call.id:
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
        if message.direction == Direction.OUTBOUND.value:
            message.to_number = ERASED
        else:
            message.from_number = ERASED
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


CALL_FIELDS = (
    ("started_at", _l("When")),
    ("direction", _l("Direction")),
    ("number", _l("Number")),
    ("seconds", _l("Duration (s)")),
    ("ivr_input", _l("Said or typed to the menu")),
    ("note", _l("Agent's note")),
    ("callback", _l("Callback")),
)
TEXT_FIELDS = (
    ("created_at", _l("When")),
    ("direction", _l("Direction")),
    ("number", _l("Number")),
    ("body", _l("Text")),
)


def _direction(value: str) -> str:
    return _("from the resident") if value == Direction.INBOUND.value else _("to the resident")


def held(subject: Subject, **_context: Any) -> list[Held]:
    """The slot "privacy.held": the person's calls (with their callbacks) and texts."""
    calls = queries.calls_of(subject)
    callbacks = {callback.call_id: callback for callback in queries.callbacks_of([call.id for call in calls])}
    call_records = [
        {
            "started_at": call.started_at.isoformat(),
            "direction": _direction(call.direction),
            "number": _caller(call),
            "seconds": call.duration_seconds,
            "ivr_input": call.ivr_input,
            "note": call.note,
            "callback": callbacks[call.id].outcome_note or callbacks[call.id].state if call.id in callbacks else None,
        }
        for call in calls
    ]
    text_records = [
        {
            "created_at": message.created_at.isoformat(),
            "direction": _direction(message.direction),
            "number": message.to_number if message.direction == Direction.OUTBOUND.value else message.from_number,
            "body": message.body,
        }
        for message in queries.texts_of(subject)
    ]
    return [
        Held("calls", _("Calls"), tuple((key, str(label)) for key, label in CALL_FIELDS), call_records),
        Held("texts", _("Text messages"), tuple((key, str(label)) for key, label in TEXT_FIELDS), text_records),
    ]


def erase(subject: Subject, apply: bool, actor: Actor | None = None, **_context: Any) -> list[Erasable]:
    """The slot "privacy.erase": every call and text of the number is anonymised (no law keeps them)."""
    calls = [call for call in queries.calls_of(subject) if call.anonymised_at is None]
    texts = [message for message in queries.texts_of(subject) if message.anonymised_at is None]
    if apply:
        anonymise_calls(actor or SYSTEM, calls, ERASURE)
        anonymise_texts(actor or SYSTEM, texts, ERASURE)
    return [Erasable(_("Calls"), len(calls)), Erasable(_("Text messages"), len(texts))]
