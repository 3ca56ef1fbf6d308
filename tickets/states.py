"""Ticket states, the transitions between them, and the named groups. No I/O."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class TicketState(StrEnum):
    NEW = "new"
    ROUTED = "routed"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REJECTED = "rejected"


S = TicketState

# state -> states it may move to. Re-routing (routed -> routed to another unit) is not a state change.
TRANSITIONS: dict[TicketState, frozenset[TicketState]] = {
    S.NEW: frozenset({S.ROUTED, S.REJECTED}),
    S.ROUTED: frozenset({S.IN_PROGRESS, S.WAITING, S.RESOLVED, S.REJECTED}),
    S.IN_PROGRESS: frozenset({S.WAITING, S.RESOLVED, S.REJECTED}),
    S.WAITING: frozenset({S.IN_PROGRESS, S.RESOLVED}),
    S.RESOLVED: frozenset({S.CLOSED, S.IN_PROGRESS}),  # back to in_progress = reopen, within the reopen window
    S.CLOSED: frozenset(),
    S.REJECTED: frozenset(),
}

# The named groups, defined once: Python checks membership, SQL uses `OPEN_VALUES` (tickets.models builds the
# queues' partial indexes and conditions from it).
OPEN = frozenset({S.NEW, S.ROUTED, S.IN_PROGRESS, S.WAITING})
PAUSED = frozenset({S.WAITING})  # the SLA clock stops
DONE = frozenset({S.RESOLVED, S.CLOSED, S.REJECTED})
OPEN_VALUES = tuple(state.value for state in TicketState if state in OPEN)  # in the states' order


def is_open(state: str) -> bool:
    return state in OPEN_VALUES


STATE_LABELS = {
    S.NEW: _l("new"),
    S.ROUTED: _l("routed"),
    S.IN_PROGRESS: _l("in progress"),
    S.WAITING: _l("waiting for the resident"),
    S.RESOLVED: _l("resolved"),
    S.CLOSED: _l("closed"),
    S.REJECTED: _l("rejected"),
}

# What the button that leads into a state says.
ACTION_LABELS = {
    S.IN_PROGRESS: _l("Start work"),
    S.WAITING: _l("Wait for the resident"),
    S.RESOLVED: _l("Resolve"),
    S.CLOSED: _l("Close"),
    S.REJECTED: _l("Reject"),
}


def can_transition(current: TicketState, target: TicketState) -> bool:
    return target in TRANSITIONS[current]


class Channel(StrEnum):
    PHONE = "phone"
    SMS = "sms"
    WEB = "web"
    OPEN311 = "open311"
    EMAIL = "email"
    WALK_IN = "walk_in"
    LETTER = "letter"  # a letter the chancery registered and passed to the helpline


# Reports residents wrote to be public (the map, Open311's lists); calls, texts and letters never are.
PUBLIC_CHANNELS = (Channel.WEB.value, Channel.OPEN311.value)


CHANNEL_LABELS = {
    Channel.PHONE: _l("phone"),
    Channel.SMS: _l("SMS"),
    Channel.WEB: _l("web form"),
    Channel.OPEN311: _l("Open311 app"),
    Channel.EMAIL: _l("e-mail"),
    Channel.WALK_IN: _l("in person"),
    Channel.LETTER: _l("letter"),
}


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


PRIORITY_LABELS = {
    Priority.LOW: _l("low"),
    Priority.NORMAL: _l("normal"),
    Priority.HIGH: _l("high"),
    Priority.URGENT: _l("urgent"),
}


class StatutoryKind(StrEnum):
    """Matters with a deadline set by law, beside the SLA."""

    COMPLAINT = "complaint"  # skarga, KPA art. 237
    MOTION = "motion"  # wniosek, KPA art. 244
    PUBLIC_INFO = "public_info"  # wniosek o udostępnienie informacji publicznej, UDIP art. 13


STATUTORY_LABELS = {
    StatutoryKind.COMPLAINT: _l("complaint (KPA art. 227)"),
    StatutoryKind.MOTION: _l("motion (KPA art. 241)"),
    StatutoryKind.PUBLIC_INFO: _l("public-information request"),
}


def labels() -> dict[str, dict[str, object]]:
    """The labels of every enum by value, for templates."""
    return {
        "STATE_LABELS": {state.value: label for state, label in STATE_LABELS.items()},
        "PRIORITY_LABELS": {priority.value: label for priority, label in PRIORITY_LABELS.items()},
        "CHANNEL_LABELS": {channel.value: label for channel, label in CHANNEL_LABELS.items()},
        "STATUTORY_LABELS": {kind.value: label for kind, label in STATUTORY_LABELS.items()},
    }
