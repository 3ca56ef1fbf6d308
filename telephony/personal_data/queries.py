"""Which calls and texts hold a caller's number or words past their period, and which belong to a person."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import ColumnElement, func, or_, select

from cct import db
from cct.office_calendar import add_months
from cct.privacy.schemas import Subject
from telephony.models import Call, Callback, SmsMessage


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


def calls_of(subject: Subject) -> list[Call]:
    """Calls from or to the person's number, oldest first (none for an e-mail address)."""
    if not subject.phone:
        return []
    number = subject.phone
    statement = select(Call).where(or_(Call.from_number == number, Call.to_number == number)).order_by(Call.id)
    return list(db.session.scalars(statement))


def texts_of(subject: Subject) -> list[SmsMessage]:
    if not subject.phone:
        return []
    number = subject.phone
    whose = or_(SmsMessage.from_number == number, SmsMessage.to_number == number)
    return list(db.session.scalars(select(SmsMessage).where(whose).order_by(SmsMessage.id)))


def callbacks_of(call_ids: list[int]) -> list[Callback]:
    if not call_ids:
        return []
    return list(db.session.scalars(select(Callback).where(Callback.call_id.in_(call_ids)).order_by(Callback.id)))
