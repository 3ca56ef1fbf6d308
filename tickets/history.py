"""Turns `history_event` signals about tickets into rows of the ticket's timeline, in the same transaction.

Rows are written with plain INSERTs rather than as ORM objects (the history is append-only; nothing reads them back
in the request that writes them): at once for a ticket already in the database, or, for a ticket not yet flushed
(its id unknown), together in one INSERT right after the flush that gives it its id.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from cct import db
from cct.changes import plain
from cct.db import utcnow
from cct.signals import history_event
from tickets.models import Ticket, TicketEvent

PENDING = "tickets.history.pending"  # key in Session.info: (ticket, row) waiting for the ticket's id
_INSERT = TicketEvent.__table__.insert()


@history_event.connect
def _record(sender: Any, *, actor: Any, kind: str, changes: dict[str, Any], detail: dict[str, Any], **_: Any) -> None:
    if not isinstance(sender, Ticket):
        return
    row = {
        "at": utcnow(),
        "actor_id": getattr(actor, "id", None),
        "kind": kind,
        "changes": {key: plain(value) for key, value in changes.items()},
        "detail": {key: plain(value) for key, value in detail.items()},
    }
    session = db.session()
    if sender.id is None:
        session.info.setdefault(PENDING, []).append((sender, row))
    else:
        session.connection().execute(_INSERT, [{**row, "ticket_id": sender.id}])


@event.listens_for(Session, "after_flush")
def _write_pending(session: Session, _context: Any) -> None:
    pending = session.info.pop(PENDING, None)
    if pending:
        rows = [{**row, "ticket_id": ticket.id} for ticket, row in pending]
        session.connection().execute(_INSERT, rows)


@event.listens_for(Session, "after_soft_rollback")
def _forget_pending(session: Session, _previous: Any) -> None:
    session.info.pop(PENDING, None)
