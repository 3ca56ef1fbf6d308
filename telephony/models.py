"""Telephony tables: calls as Twilio reports them, SMS messages both ways, the agents' callback list and presence,
and the timeline of every call and message."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Column, ForeignKey, Integer, String, Table, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cct.auth.models import User
from cct.db import Base, one_of, utcnow
from telephony import schemas as limits
from telephony.states import CallbackReason, CallbackState, Direction, HandledAs, Outcome, Presence

# the tickets opened during a call (the tickets' rows are theirs; this link is telephony's)
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
    call_sid: Mapped[str] = mapped_column(String(limits.SID_MAX), unique=True)
    direction: Mapped[str] = mapped_column(String(10))
    from_number: Mapped[str] = mapped_column(String(limits.NUMBER_MAX), index=True)  # may be "anonymous"
    to_number: Mapped[str] = mapped_column(String(limits.NUMBER_MAX))
    twilio_status: Mapped[str] = mapped_column(String(limits.STATUS_MAX))  # the last CallStatus reported
    out_of_hours: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded: Mapped[bool] = mapped_column(Boolean, default=False)  # False when the caller declined (key 9)
    ivr_choice: Mapped[str | None] = mapped_column(String(40))  # the menu key chosen, or "other"
    ivr_input: Mapped[str | None] = mapped_column(String(limits.IVR_INPUT_MAX))  # what was pressed or said
    # the category the menu choice suggests
    category_code: Mapped[str | None] = mapped_column(String(limits.CATEGORY_CODE_MAX))
    queued_at: Mapped[datetime | None] = mapped_column()
    queue_seconds: Mapped[int | None] = mapped_column(Integer)
    queue_result: Mapped[str | None] = mapped_column(String(limits.STATUS_MAX))  # QueueResult (bridged, hangup …)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    answered_at: Mapped[datetime | None] = mapped_column()
    ended_at: Mapped[datetime | None] = mapped_column()
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str | None] = mapped_column(String(20), index=True)
    recording_sid: Mapped[str | None] = mapped_column(String(limits.SID_MAX), unique=True)
    recording_url: Mapped[str | None] = mapped_column(String(limits.RECORDING_URL_MAX))
    recording_seconds: Mapped[int | None] = mapped_column(Integer)
    recording_deleted_at: Mapped[datetime | None] = mapped_column()
    handled_as: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    anonymised_at: Mapped[datetime | None] = mapped_column()  # the caller taken out (telephony.personal_data)

    agent: Mapped[User | None] = relationship()


class SmsMessage(Base):
    __tablename__ = "sms_messages"
    __table_args__ = (CheckConstraint(one_of("direction", Direction), name="direction_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_sid: Mapped[str | None] = mapped_column(String(limits.SID_MAX), unique=True)  # None until Twilio accepts it
    direction: Mapped[str] = mapped_column(String(10))
    from_number: Mapped[str] = mapped_column(String(limits.NUMBER_MAX))
    to_number: Mapped[str] = mapped_column(String(limits.NUMBER_MAX), index=True)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))  # received, or Twilio's MessageStatus for ours
    error_code: Mapped[str | None] = mapped_column(String(20))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"), index=True)
    # an outbound notice's reason, e.g. "opened:2026/000123": one message per reason, however often it is asked for
    purpose_key: Mapped[str | None] = mapped_column(String(limits.PURPOSE_MAX), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    anonymised_at: Mapped[datetime | None] = mapped_column()  # the words and number taken out


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


class TelephonyEvent(Base):
    """One line of a call's or a message's timeline (what Twilio reported, what an agent did): written from the
    `history_event` signal by telephony.operations; never changed afterwards."""

    __tablename__ = "telephony_events"
    __table_args__ = (CheckConstraint("(call_id IS NULL) <> (sms_id IS NULL)", name="call_or_sms"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    sms_id: Mapped[int | None] = mapped_column(ForeignKey("sms_messages.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(32))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


@event.listens_for(TelephonyEvent, "before_update")
@event.listens_for(TelephonyEvent, "before_delete")
def _timeline_is_append_only(_mapper: Any, _connection: Any, target: TelephonyEvent) -> None:
    raise PermissionError(f"a call's timeline is append-only (event {target.id})")
