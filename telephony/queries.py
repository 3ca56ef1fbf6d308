"""Reading telephony: the calls ringing now and who is calling, the call log, the callback list, the SMS texts, the
figures' raw calls. Nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from cct import db, phones, slots
from cct.db import utcnow
from cct.errors import NotFound
from telephony.models import AgentPresence, Call, Callback, SmsMessage, SmsTemplate, TelephonyEvent, call_tickets
from telephony.schemas import TwilioSettings
from telephony.states import IN_PERSON, CallbackState, Direction, Outcome, Presence
from telephony.texts import DEFAULT_TEMPLATES, TEMPLATES
from tickets import queries as tickets

MAX_SHOWN = 30  # calls on one console at once, oldest first
LIVE_FOR = timedelta(hours=2)  # a call without an end after this long lost its status callback


def settings() -> TwilioSettings:
    return current_app.config["CCT"].twilio


# -- calls ---------------------------------------------------------------------------------------------------------


def call_by_sid(sid: str) -> Call | None:
    return db.session.scalar(select(Call).where(Call.call_sid == sid))


def get_call(sid: str) -> Call:
    call = call_by_sid(sid)
    if call is None:
        raise NotFound("call_not_found", _("No such call."))
    return call


def presence_of(user: Any) -> str:
    row = db.session.get(AgentPresence, user.id)
    return row.status if row else Presence.AWAY.value


def presence_row(user: Any) -> AgentPresence | None:
    return db.session.get(AgentPresence, user.id)


def live_calls(user: Any) -> list[Call]:
    """Inbound calls not yet ended: the agent's own, and, while the agent is available, those nobody has taken."""
    mine = Call.agent_id == user.id
    offered = (Call.agent_id.is_(None)) | mine if presence_of(user) == Presence.AVAILABLE.value else mine
    query = (
        select(Call)
        .where(
            Call.direction == Direction.INBOUND.value,
            Call.ended_at.is_(None),
            Call.out_of_hours.is_(False),
            Call.started_at >= utcnow() - LIVE_FOR,
            offered,
        )
        .order_by(Call.started_at)
        .limit(MAX_SHOWN)
    )
    return list(db.session.scalars(query))


def presences() -> list[AgentPresence]:
    """Every agent's status and since when (the supervisors' board), those who can take a call first."""
    rows = db.session.scalars(select(AgentPresence).order_by(AgentPresence.status, AgentPresence.since))
    return [row for row in rows if row.user.active]


def waiting_since() -> list[datetime]:
    """When each caller waiting for an agent now began to wait, longest first."""
    query = select(Call.started_at).where(
        Call.direction == Direction.INBOUND.value,
        Call.ended_at.is_(None),
        Call.out_of_hours.is_(False),
        Call.agent_id.is_(None),
        Call.started_at >= utcnow() - LIVE_FOR,
    )
    return sorted(db.session.scalars(query))


@dataclass
class Caller:
    """What the agent sees about a caller: the number, a name if an earlier ticket gave one, their history."""

    number: str
    name: str | None = None
    tickets: list[Any] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return phones.is_shown(self.number)


def caller(call: Call) -> Caller:
    number = call.from_number
    if not phones.is_shown(number):
        return Caller(number)
    earlier_tickets = tickets.earlier_tickets(number, limit=5)
    earlier = db.session.scalars(
        select(Call).where(Call.from_number == number, Call.id != call.id).order_by(Call.started_at.desc()).limit(5)
    )
    name = next((t.resident_name for t in earlier_tickets if t.resident_name), None)
    return Caller(number, name, earlier_tickets, list(earlier))


def ivr_label(call: Call) -> str | None:
    if call.ivr_choice is None:
        return None
    for option in settings().ivr:
        if option.key == call.ivr_choice:
            return option.label
    return _("other matters")


def ticket_ids(call: Call) -> list[int]:
    rows = db.session.scalars(select(call_tickets.c.ticket_id).where(call_tickets.c.call_id == call.id))
    return list(rows)


def articles_used(call_sids: list[str]) -> dict[str, list[slots.Link]]:
    """What was noted to answer each call — from the domains that fill the slot."""
    found: dict[str, list[slots.Link]] = {}
    for answer in slots.gathered("calls.articles", call_sids=call_sids):
        for sid, articles in answer.items():
            found.setdefault(sid, []).extend(articles)
    return found


@dataclass
class LogLine:
    call: Call
    tickets: list[tickets.Summary]
    articles: list[slots.Link]


def call_log(phone: str | None, outcome: str | None, limit: int = 200) -> list[LogLine]:
    """The newest calls (filtered by a number and an outcome), with the tickets opened and the articles used."""
    query = select(Call).options(selectinload(Call.agent)).order_by(Call.started_at.desc())
    if phone:
        query = query.where(Call.from_number.contains(phone.strip().replace(" ", "")))
    if outcome in {o.value for o in Outcome}:
        query = query.where(Call.outcome == outcome)
    calls = list(db.session.scalars(query.limit(limit)))
    links: dict[int, list[int]] = {}
    if calls:
        rows = db.session.execute(
            select(call_tickets.c.call_id, call_tickets.c.ticket_id).where(
                call_tickets.c.call_id.in_([call.id for call in calls])
            )
        )
        for call_id, ticket_id in rows:
            links.setdefault(call_id, []).append(ticket_id)
    found = tickets.summaries(sorted({ticket_id for ids in links.values() for ticket_id in ids}))
    articles = articles_used([call.call_sid for call in calls])
    return [
        LogLine(
            call,
            [found[ticket_id] for ticket_id in sorted(links.get(call.id, [])) if ticket_id in found],
            articles.get(call.call_sid, []),
        )
        for call in calls
    ]


def events(call: Call) -> list[TelephonyEvent]:
    return list(db.session.scalars(select(TelephonyEvent).where(TelephonyEvent.call_id == call.id).order_by("id")))


def calls_between(start: datetime, end: datetime) -> list[Call]:
    """Inbound calls that started in the period (the figures' raw data); a resident at the desk is no call."""
    return list(
        db.session.scalars(
            select(Call)
            .options(selectinload(Call.agent))
            .where(
                Call.direction == Direction.INBOUND.value,
                Call.twilio_status != IN_PERSON,
                Call.started_at >= start,
                Call.started_at < end,
            )
        )
    )


def recordings_expired(now: datetime, limit: int) -> list[Call]:
    """Calls whose recording is past its retention and not yet deleted, oldest first."""
    before = now - timedelta(days=settings().recording_retention_days)
    query = (
        select(Call)
        .where(Call.recording_sid.is_not(None), Call.recording_deleted_at.is_(None), Call.started_at < before)
        .order_by(Call.started_at)
        .limit(limit)
    )
    return list(db.session.scalars(query))


# -- callbacks -------------------------------------------------------------------------------------------------------


def open_callbacks(limit: int = 200) -> list[Callback]:
    query = select(Callback).where(Callback.state == CallbackState.OPEN.value).order_by(Callback.created_at)
    return list(db.session.scalars(query.limit(limit)))


def callback(callback_id: int) -> Callback | None:
    return db.session.get(Callback, callback_id)


# -- SMS -------------------------------------------------------------------------------------------------------------


def sms_by_sid(sid: str) -> SmsMessage | None:
    return db.session.scalar(select(SmsMessage).where(SmsMessage.message_sid == sid))


def sms_by_purpose(purpose: str) -> SmsMessage | None:
    return db.session.scalar(select(SmsMessage).where(SmsMessage.purpose_key == purpose))


def template_body(key: str) -> str:
    """A notice's text: as an administrator left it, or the default."""
    template = db.session.get(SmsTemplate, key)
    return template.body if template is not None else DEFAULT_TEMPLATES[key]


def templates() -> dict[str, str]:
    """Every notice's current text: as an administrator left it, or the default."""
    found = {t.key: t.body for t in db.session.scalars(select(SmsTemplate))}
    return {key: found.get(key, DEFAULT_TEMPLATES[key]) for key in TEMPLATES}


# -- what residents ask: counts for the press office's signals (cct.slots "signals.*") ----------------------------


def ivr_choices_between(start: datetime, end: datetime) -> list[slots.Tally]:
    """The IVR menu's choices of the calls that came in [start, end), the most chosen first."""
    count = func.count(Call.id)
    statement = (
        select(Call.ivr_choice, count)
        .where(Call.started_at >= start, Call.started_at < end, Call.ivr_choice.is_not(None))
        .group_by(Call.ivr_choice)
        .order_by(count.desc(), Call.ivr_choice)
    )
    labels = {option.key: option.label for option in settings().ivr}
    return [
        slots.Tally("ivr", choice, labels.get(choice, _("other matters")), int(n))
        for choice, n in db.session.execute(statement)
    ]


def calls_on_topic(start: datetime, end: datetime, categories: list[str]) -> list[slots.Tally]:
    """How many calls in [start, end) chose an IVR option suggesting one of the categories."""
    if not categories:
        return []
    statement = select(func.count(Call.id)).where(
        Call.started_at >= start, Call.started_at < end, Call.category_code.in_(categories)
    )
    return [slots.Tally("calls", "", _("Calls"), int(db.session.scalar(statement) or 0))]
