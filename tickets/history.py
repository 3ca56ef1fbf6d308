"""Turns `history_event` signals about tickets into rows of the ticket's timeline, in the same transaction.

Rows are written with plain INSERTs rather than as ORM objects (the history is append-only; nothing reads them back
in the request that writes them), at once, or for the events sent inside `together()`, in one INSERT at its end.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cct import db
from cct.changes import plain
from cct.db import utcnow
from cct.signals import history_event
from tickets.models import Ticket, TicketEvent

BATCH = "tickets.history.batch"  # key in Session.info: rows held back by `together`
_INSERT = TicketEvent.__table__.insert()


@history_event.connect
def _record(sender: Any, *, actor: Any, kind: str, changes: dict[str, Any], detail: dict[str, Any], **_: Any) -> None:
    if not isinstance(sender, Ticket):
        return
    if sender.id is None:
        raise RuntimeError("a ticket's history starts once the ticket is written")
    row = {
        "ticket_id": sender.id,
        "at": utcnow(),
        "actor_id": getattr(actor, "id", None),
        "kind": kind,
        "changes": {key: plain(value) for key, value in changes.items()},
        "detail": {key: plain(value) for key, value in detail.items()},
    }
    session = db.session()
    batch = session.info.get(BATCH)
    if batch is not None:
        batch.append(row)
    else:
        session.connection().execute(_INSERT, [row])


@contextmanager
def together() -> Iterator[None]:
    """History rows of the events sent inside are written in one INSERT at the end (a new ticket's first two)."""
    session = db.session()
    if BATCH in session.info:  # already inside: the outer block writes them
        yield
        return
    session.info[BATCH] = []
    try:
        yield
        rows = session.info[BATCH]
        if rows:
            session.connection().execute(_INSERT, rows)
    finally:
        session.info.pop(BATCH, None)
