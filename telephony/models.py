"""Telephony tables: calls as Twilio reports them, SMS messages both ways, and the agents' callback list."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cct.auth.models import User
from cct.db import Base, one_of, utcnow
from tickets.models import Ticket


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class Outcome(StrEnum):
    ANSWERED = "answered"  # an agent talked to the caller
    ABANDONED = "abandoned"  # the caller hung up before an agent answered
    BUSY = "busy"
    NO_ANSWER = "no-answer"
    VOICEMAIL = "voicemail"  # out of hours, the caller left a message
    FAILED = "failed"


OUTCOME_LABELS = {
    Outcome.ANSWERED: _l("Answered"),
    Outcome.ABANDONED: _l("Abandoned"),
    Outcome.BUSY: _l("Busy"),
    Outcome.NO_ANSWER: _l("No answer"),
    Outcome.VOICEMAIL: _l("Voicemail"),
    Outcome.FAILED: _l("Failed"),
}


class CallbackState(StrEnum):
    OPEN = "open"
    DONE = "done"  # the resident was reached
    GAVE_UP = "gave_up"


class Presence(StrEnum):
    AVAILABLE = "available"
    BUSY = "busy"
    AWAY = "away"
    WRAP_UP = "wrap_up"  # after a call, finishing its notes


PRESENCE_LABELS = {
    Presence.AVAILABLE: _l("Available"),
    Presence.BUSY: _l("On a call"),
    Presence.AWAY: _l("Away"),
    Presence.WRAP_UP: _l("Wrap-up"),
}


class HandledAs(StrEnum):
    KNOWLEDGE_BASE = "knowledge_base"  # answered from the knowledge base, no ticket
    TICKET = "ticket"


class CallbackReason(StrEnum):
    ABANDONED = "abandoned"
    VOICEMAIL = "voicemail"


REASON_LABELS = {
    CallbackReason.ABANDONED: _l("Hung up while waiting"),
    CallbackReason.VOICEMAIL: _l("Left a message"),
}


call_tickets = Table(
    "call_tickets",
    Base.metadata,
    Column("call_id", ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True),
    Column("ticket_id", ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True),
)


class Call(Base):
    __tablename__ = "calls"
    __table_args__ = (
        CheckConstraint(one_of("direction", Direction), name="direction_known"),
        CheckConstraint(f"outcome IS NULL OR {one_of('outcome', Outcome)}", name="outcome_known"),
        CheckConstraint(f"handled_as IS NULL OR {one_of('handled_as', HandledAs)}", name="handled_as_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_sid: Mapped[str] = mapped_column(String(64), unique=True)
    direction: Mapped[str] = mapped_column(String(10))
    from_number: Mapped[str] = mapped_column(String(40), index=True)  # as Twilio gives it (may be "anonymous")
    to_number: Mapped[str] = mapped_column(String(40))
    twilio_status: Mapped[str] = mapped_column(String(20))  # the last CallStatus Twilio reported
    out_of_hours: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded: Mapped[bool] = mapped_column(Boolean, default=False)  # False when the caller declined (key 9)
    ivr_choice: Mapped[str | None] = mapped_column(String(40))  # the menu key chosen, or "other"
    ivr_input: Mapped[str | None] = mapped_column(String(300))  # what the caller pressed or said
    category_code: Mapped[str | None] = mapped_column(String(60))  # the category the menu choice suggests
    queued_at: Mapped[datetime | None] = mapped_column()
    queue_seconds: Mapped[int | None] = mapped_column(Integer)
    queue_result: Mapped[str | None] = mapped_column(String(20))  # Twilio's QueueResult (bridged, hangup, …)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    answered_at: Mapped[datetime | None] = mapped_column()
    ended_at: Mapped[datetime | None] = mapped_column()
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str | None] = mapped_column(String(20), index=True)
    recording_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    recording_url: Mapped[str | None] = mapped_column(String(500))
    recording_seconds: Mapped[int | None] = mapped_column(Integer)
    recording_deleted_at: Mapped[datetime | None] = mapped_column()
    handled_as: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    agent: Mapped[User | None] = relationship()
    tickets: Mapped[list[Ticket]] = relationship(secondary=call_tickets)


class SmsMessage(Base):
    __tablename__ = "sms_messages"
    __table_args__ = (CheckConstraint(one_of("direction", Direction), name="direction_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_sid: Mapped[str | None] = mapped_column(String(64), unique=True)  # None until Twilio accepts it
    direction: Mapped[str] = mapped_column(String(10))
    from_number: Mapped[str] = mapped_column(String(40))
    to_number: Mapped[str] = mapped_column(String(40), index=True)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))  # received, or Twilio's MessageStatus for ours
    error_code: Mapped[str | None] = mapped_column(String(20))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"), index=True)
    # an outbound notice's reason, e.g. "opened:2026/000123": one message per reason, however often it is asked for
    purpose_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    ticket: Mapped[Ticket | None] = relationship()


class SmsTemplate(Base):
    """The text of an automatic SMS as an administrator changed it (the default is in telephony.sms); an empty text
    turns that notice off."""

    __tablename__ = "sms_templates"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Callback(Base):
    """A resident to call back: an abandoned call or a voicemail, one per call."""

    __tablename__ = "callbacks"
    __table_args__ = (
        CheckConstraint(one_of("state", CallbackState), name="state_known"),
        CheckConstraint(one_of("reason", CallbackReason), name="reason_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), unique=True)
    phone: Mapped[str] = mapped_column(String(40), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), default=CallbackState.OPEN.value, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    outcome_note: Mapped[str | None] = mapped_column(Text)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    call: Mapped[Call] = relationship(lazy="joined")


class AgentPresence(Base):
    """Whether an agent can take a call now; the console sets it, calls change it (busy, then wrap-up)."""

    __tablename__ = "agent_presence"
    __table_args__ = (CheckConstraint(one_of("status", Presence), name="status_known"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    since: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")
