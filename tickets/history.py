"""Turns `history_event` signals about tickets into rows of the ticket's timeline, in the same transaction."""

from __future__ import annotations

from typing import Any

from cct import db
from cct.changes import plain
from cct.signals import history_event
from tickets.models import Ticket, TicketEvent


@history_event.connect
def _record(sender: Any, *, actor: Any, kind: str, changes: dict[str, Any], detail: dict[str, Any], **_: Any) -> None:
    if not isinstance(sender, Ticket):
        return
    db.session.add(
        TicketEvent(
            ticket=sender,  # by relationship: rows added in one request are written in one batched INSERT
            actor_id=getattr(actor, "id", None),
            kind=kind,
            changes={key: plain(value) for key, value in changes.items()},
            detail={key: plain(value) for key, value in detail.items()},
        )
    )
