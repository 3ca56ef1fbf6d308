"""The agent's console: presence, the calls that are ringing or waiting now (the screen-pop), who the caller is,
taking a call, and closing it as answered from the knowledge base.

Every server process reads the same database, so a call recorded by one process's webhook is seen by consoles
polling any other process: the pop-up needs no broker, only a cheap indexed query every POLL_MS."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from cct import db
from cct.auth.models import User
from cct.db import utcnow
from cct.errors import Conflict, NotFound, UserError
from cct.signals import history_event
from telephony.models import AgentPresence, Call, Direction, HandledAs, Outcome, Presence
from telephony.operations import settings
from tickets import queries as ticket_queries
from tickets.models import Ticket

POLL_MS = 700
MAX_SHOWN = 30  # calls on one console at once, oldest first
MANUAL = "manual"  # twilio_status of a call an agent logged by hand
LIVE_FOR = timedelta(hours=2)  # a call without an end after this long lost its status callback


def presence_of(user: User) -> str:
    row = db.session.get(AgentPresence, user.id)
    return row.status if row else Presence.AWAY.value


def set_presence(user: User, status: str) -> None:
    try:
        value = Presence(status)
    except ValueError:
        raise UserError("bad_presence", _("Unknown presence: %(status)s.", status=status), "status") from None
    row = db.session.get(AgentPresence, user.id)
    if row is None:
        db.session.add(AgentPresence(user_id=user.id, status=value.value, since=utcnow()))
    elif row.status != value.value:
        row.status = value.value
        row.since = utcnow()
    db.session.flush()


@dataclass
class Caller:
    """What the agent sees about a caller: the number, a name if an earlier ticket gave one, their history."""

    number: str
    name: str | None = None
    tickets: list[Ticket] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)


def caller(call: Call) -> Caller:
    number = call.from_number
    if not number.startswith("+"):
        return Caller(number)
    tickets = ticket_queries.earlier_tickets(number, limit=5)
    earlier = db.session.scalars(
        select(Call).where(Call.from_number == number, Call.id != call.id).order_by(Call.started_at.desc()).limit(5)
    )
    name = next((t.resident_name for t in tickets if t.resident_name), None)
    return Caller(number, name, tickets, list(earlier))


def live_calls(user: User) -> list[Call]:
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


def call_ended(call: Call) -> None:
    """The agent who talked is now writing up (unless they already chose another status)."""
    if call.agent_id is None:
        return
    db.session.execute(
        update(AgentPresence)
        .where(AgentPresence.user_id == call.agent_id, AgentPresence.status == Presence.BUSY.value)
        .values(status=Presence.WRAP_UP.value, since=utcnow())
    )


def ivr_label(call: Call) -> str | None:
    if call.ivr_choice is None:
        return None
    for option in settings().ivr:
        if option.key == call.ivr_choice:
            return option.label
    return _("other matters")


def get_call(sid: str) -> Call:
    call = db.session.scalar(select(Call).where(Call.call_sid == sid))
    if call is None:
        raise NotFound("call_not_found", _("No such call."))
    return call


def take(user: User, call: Call) -> None:
    """The agent answers the call; a call another agent took already is refused."""
    taken = db.session.execute(
        update(Call)
        .where(Call.id == call.id, (Call.agent_id.is_(None)) | (Call.agent_id == user.id))
        .values(agent_id=user.id, answered_at=call.answered_at or utcnow())
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        raise Conflict("call_taken", _("Another agent has already taken this call."))
    db.session.expire(call, ["agent_id", "answered_at"])
    set_presence(user, Presence.BUSY.value)


def close_from_knowledge_base(user: User, call: Call, note: str | None) -> int:
    """The caller's question was answered from the knowledge base (the articles the agent noted for this call in
    the panel): the call is handled without a ticket."""
    from knowledge.models import ArticleUse

    if call.agent_id not in (None, user.id):
        raise Conflict("call_taken", _("Another agent has already taken this call."))
    used = db.session.scalar(select(func.count()).where(ArticleUse.call_sid == call.call_sid)) or 0
    if not used:
        raise UserError("no_articles", _("First note the article you answered from (in the knowledge panel)."))
    call.agent_id = user.id
    call.handled_as = HandledAs.KNOWLEDGE_BASE.value
    if note and note.strip():
        call.note = note.strip()[:2000]
    set_presence(user, Presence.WRAP_UP.value)
    return used


@history_event.connect
def _ticket_opened_during_a_call(sender: Any, *, kind: str, detail: dict[str, Any], **_: Any) -> None:
    if kind != "created" or not isinstance(sender, Ticket) or not detail.get("call_sid"):
        return
    call = db.session.scalar(select(Call).where(Call.call_sid == detail["call_sid"]))
    if call is None:
        return  # a call logged elsewhere (or before telephony was on): the ticket's history keeps its id
    call.tickets.append(sender)
    call.handled_as = call.handled_as or HandledAs.TICKET.value


def log_call(user: User, phone: str, outcome: str, note: str | None) -> Call:
    """A call that did not come through Twilio (telephony off, a desk phone), logged by the agent who took it."""
    from tickets.operations import clean_phone

    number = clean_phone(phone)
    if number is None:
        raise UserError("phone_required", _("Give the caller's phone number."), "phone")
    try:
        result = Outcome(outcome)
    except ValueError:
        raise UserError("bad_outcome", _("Choose the outcome."), "outcome") from None
    now = utcnow()
    call = Call(
        call_sid="CA" + uuid.uuid4().hex,  # the same shape as Twilio's, so a ticket can name it
        direction=Direction.INBOUND.value,
        from_number=number,
        to_number=settings().phone_number or "",
        twilio_status=MANUAL,
        started_at=now,
        ended_at=now,
        answered_at=now if result == Outcome.ANSWERED else None,
        outcome=result.value,
        agent_id=user.id,
        note=(note or "").strip()[:2000] or None,
    )
    db.session.add(call)
    db.session.flush()
    return call


def call_log(phone: str | None, outcome: str | None, limit: int = 200) -> tuple[list[Call], dict[str, list[Any]]]:
    """The newest calls (filtered by a number and an outcome), with the articles used on each."""
    from knowledge.models import Article, ArticleUse

    query = select(Call).options(selectinload(Call.agent), selectinload(Call.tickets)).order_by(Call.started_at.desc())
    if phone:
        query = query.where(Call.from_number.contains(phone.strip().replace(" ", "")))
    if outcome in {o.value for o in Outcome}:
        query = query.where(Call.outcome == outcome)
    calls = list(db.session.scalars(query.limit(limit)))
    articles: dict[str, list[Any]] = {}
    sids = [call.call_sid for call in calls]
    if sids:
        rows = db.session.execute(
            select(ArticleUse.call_sid, Article.slug, Article.title)
            .join(Article, Article.id == ArticleUse.article_id)
            .where(ArticleUse.call_sid.in_(sids))
            .order_by(ArticleUse.id)
        )
        for sid, slug, title in rows:
            articles.setdefault(sid, []).append((slug, title))
    return calls, articles
