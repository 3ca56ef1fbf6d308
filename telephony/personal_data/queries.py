"""Which calls and texts hold a caller's number or words past their period, and which belong to a person."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, func, or_, select

from cct import db
from cct.office_calendar import add_months
from cct.privacy.schemas import Held, Subject
from telephony.models import Call, Callback, SmsMessage
from telephony.states import Direction


def months() -> int:
    return current_app.config["CCT"].twilio.caller_data_months


def _calls_due(now: datetime) -> ColumnElement[bool]:
    return (Call.anonymised_at.is_(None)) & (Call.started_at < add_months(now, -months()))


def _texts_due(now: datetime) -> ColumnElement[bool]:
    return (SmsMessage.anonymised_at.is_(None)) & (SmsMessage.created_at < add_months(now, -months()))


def due_counts(now: datetime) -> tuple[int, int]:
    calls = db.session.scalar(select(func.count()).select_from(Call).where(_calls_due(now))) or 0
    texts = db.session.scalar(select(func.count()).select_from(SmsMessage).where(_texts_due(now))) or 0
    return calls, texts


def calls_due(now: datetime, limit: int) -> list[Call]:
    return list(db.session.scalars(select(Call).where(_calls_due(now)).order_by(Call.id).limit(limit)))


def texts_due(now: datetime, limit: int) -> list[SmsMessage]:
    statement = select(SmsMessage).where(_texts_due(now)).order_by(SmsMessage.id).limit(limit)
    return list(db.session.scalars(statement))


def resident_number(direction: str, from_number: str, to_number: str) -> str:
    """The resident's side of a call or a text: who called or wrote in, whom the service called or wrote to (the
    other side is the service's own number)."""
    return to_number if direction == Direction.OUTBOUND.value else from_number


def _residents(model: Any, number: str) -> ColumnElement[bool]:
    """The same rule in SQL: a search for the helpline's own number finds nobody's calls."""
    return or_(
        and_(model.direction == Direction.INBOUND.value, model.from_number == number),
        and_(model.direction == Direction.OUTBOUND.value, model.to_number == number),
    )


def calls_of(subject: Subject) -> list[Call]:
    """The person's calls (they called, or were called), oldest first (none for an e-mail address)."""
    if not subject.phone:
        return []
    return list(db.session.scalars(select(Call).where(_residents(Call, subject.phone)).order_by(Call.id)))


def texts_of(subject: Subject) -> list[SmsMessage]:
    if not subject.phone:
        return []
    statement = select(SmsMessage).where(_residents(SmsMessage, subject.phone)).order_by(SmsMessage.id)
    return list(db.session.scalars(statement))


def callbacks_of(call_ids: list[int]) -> list[Callback]:
    if not call_ids:
        return []
    return list(db.session.scalars(select(Callback).where(Callback.call_id.in_(call_ids)).order_by(Callback.id)))


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
    calls = calls_of(subject)
    callbacks = {callback.call_id: callback for callback in callbacks_of([call.id for call in calls])}
    call_records = [
        {
            "started_at": call.started_at.isoformat(),
            "direction": _direction(call.direction),
            "number": resident_number(call.direction, call.from_number, call.to_number),
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
            "number": resident_number(message.direction, message.from_number, message.to_number),
            "body": message.body,
        }
        for message in texts_of(subject)
    ]
    return [
        Held("calls", _("Calls"), tuple((key, str(label)) for key, label in CALL_FIELDS), call_records),
        Held("texts", _("Text messages"), tuple((key, str(label)) for key, label in TEXT_FIELDS), text_records),
    ]
