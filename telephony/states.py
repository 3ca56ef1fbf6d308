"""Calls, callbacks, agents' presence and SMS: their states, the moves between them, and the named groups. No I/O."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


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


# Twilio's CallStatus values that end a call, and those of them that settle its outcome directly
ENDED = frozenset({"completed", "busy", "no-answer", "failed", "canceled"})
UNREACHED = frozenset({Outcome.BUSY.value, Outcome.NO_ANSWER.value, Outcome.FAILED.value})
# Twilio's QueueResult / DialCallStatus values that mean an agent (or the dialled number) talked to the caller
CONNECTED = frozenset({"bridged", "completed"})

OUTCOME_LABELS = {
    Outcome.ANSWERED: _l("Answered"),
    Outcome.ABANDONED: _l("Abandoned"),
    Outcome.BUSY: _l("Busy"),
    Outcome.NO_ANSWER: _l("No answer"),
    Outcome.VOICEMAIL: _l("Voicemail"),
    Outcome.FAILED: _l("Failed"),
}


# What stands in twilio_status for a contact that did not come through Twilio: a call an agent logged by hand, and a
# resident who came to the desk (no call: left out of the call figures).
MANUAL = "manual"
IN_PERSON = "in_person"


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


class CallbackState(StrEnum):
    OPEN = "open"
    DONE = "done"  # the resident was reached
    GAVE_UP = "gave_up"


class CallbackResult(StrEnum):
    """What came of an agent's call back."""

    REACHED = "reached"
    NO_ANSWER = "no_answer"  # stays on the list
    GAVE_UP = "gave_up"


# an attempt's result -> the callback's state after it (None: it stays open)
CALLBACK_AFTER = {
    CallbackResult.REACHED: CallbackState.DONE,
    CallbackResult.NO_ANSWER: None,
    CallbackResult.GAVE_UP: CallbackState.GAVE_UP,
}


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

# An outbound SMS's status as Twilio reports it, in the order it moves: callbacks may arrive out of order, and a
# late "sent" must not overwrite "delivered". Ours: pending → sending → Twilio's; "unknown" when Twilio timed out.
SMS_PROGRESS = {"accepted": 0, "queued": 1, "sending": 2, "sent": 3, "failed": 4, "undelivered": 4, "delivered": 4}
SMS_PENDING, SMS_SENDING, SMS_FAILED, SMS_UNKNOWN, SMS_RECEIVED = "pending", "sending", "failed", "unknown", "received"


def sms_moves_forward(current: str, reported: str) -> bool:
    return SMS_PROGRESS.get(reported, -1) >= SMS_PROGRESS.get(current, -1)
