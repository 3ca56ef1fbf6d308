"""The dashboard's counts at millions of tickets: a tally per (state, unit, category, assignee), kept in step with the
tickets in the same flush, read instead of counting the tickets.

Why: the supervisor's dashboard counts tickets by state over all of them, and the open ones by unit, category and
assignee. At 1,000,000 tickets on PostgreSQL those counts took a p95 of 969 ms (bench/tickets.py), growing with the
table; the tally has a row per combination that occurs (thousands at Warsaw's scale, whatever the years), so its sums
cost the same at 5,000,000 as at 5,000. A filter the tally does not hold (words, a period) is counted on the tickets.

How it stays true: every change of a ticket goes through the ORM (tickets.operations, factories, the demo), and the
session's flush events below turn each inserted, changed or deleted ticket into +1/-1 on its tallies, gathered over
the transaction and written just before it commits (one atomic upsert per tally, all in one order, so two
transactions never wait on each other crosswise and a busy tally is locked only for the commit): a rollback forgets
them, two concurrent transactions add up. Reads inside a transaction see its own changes to the tallies only after it
commits (the dashboard never reads in the request that changes tickets). The four columns keep active history
(tickets.models), so the value a change replaced is always known. Nothing else changes them: the one bulk UPDATE of
tickets (operations.mark_overdue) sets `breached_at` only, and users, whose deletion would null `assignee_id` behind
the ORM's back, are deactivated, never deleted. Rows loaded behind the ORM (bench/tickets.py's bulk load) or a doubt
are settled by `cct tickets recount`, which rebuilds the tallies from the tickets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, delete, event, func, insert, inspect, select, text, true
from sqlalchemy.orm import LoaderCallableStatus, Session

from cct import db
from tickets.models import Ticket, TicketTally

NONE = 0  # a unit or an assignee the ticket does not have (a tally's key columns are its primary key)
DIMENSIONS = ("state", "unit_id", "category_id", "assignee_id")
Key = tuple[str, int, int, int]
_BEFORE = "tickets.tallies.before"  # session.info: the keys the flush's changed or deleted tickets had before it
_PENDING = "tickets.tallies.pending"  # session.info: the transaction's changes to the tallies, written at its end


def _key(values: Iterable[Any]) -> Key:
    state, unit_id, category_id, assignee_id = values
    return (state, unit_id or NONE, category_id, assignee_id or NONE)


def _current_key(ticket: Ticket) -> Key:
    return _key(getattr(ticket, name) for name in DIMENSIONS)


def _stored_key(session: Session, ticket: Ticket) -> Key:
    """The key the ticket has in the database now (before the flush writes it): the replaced value where a column
    was changed, the value as it is elsewhere. Relationships (`ticket.unit = unit`) reach the columns only during
    the flush, so before it the columns still hold what is stored. A column set while it was expired (after a
    commit, before anything read it) has no replaced value in memory: the stored key is then read from the row."""
    committed = inspect(ticket).committed_state
    if any(committed.get(name) is LoaderCallableStatus.NO_VALUE for name in DIMENSIONS):
        with session.no_autoflush:
            stored = session.execute(
                select(*(getattr(Ticket, name) for name in DIMENSIONS)).where(Ticket.id == ticket.id)
            )
            return _key(stored.one())
    return _key(committed[name] if name in committed else getattr(ticket, name) for name in DIMENSIONS)


@event.listens_for(Session, "before_flush")
def _remember_before(session: Session, _context: Any, _instances: Any) -> None:
    before = session.info.setdefault(_BEFORE, {})
    for ticket in (*session.dirty, *session.deleted):
        if isinstance(ticket, Ticket) and ticket.id is not None:
            before.setdefault(id(ticket), _stored_key(session, ticket))


@event.listens_for(Session, "after_flush")
def _count_changes(session: Session, _context: Any) -> None:
    before = session.info.pop(_BEFORE, {})
    changes: Counter[Key] = session.info.setdefault(_PENDING, Counter())
    for ticket in session.new:
        if isinstance(ticket, Ticket):
            changes[_current_key(ticket)] += 1
    for ticket in session.dirty:
        if isinstance(ticket, Ticket) and id(ticket) in before:
            changes[before[id(ticket)]] -= 1
            changes[_current_key(ticket)] += 1
    for ticket in session.deleted:
        if isinstance(ticket, Ticket) and id(ticket) in before:
            changes[before[id(ticket)]] -= 1


@event.listens_for(Session, "before_commit")
def _write_changes(session: Session) -> None:
    """The transaction's changes to the tallies, written at its end, all at once, in one order: each upsert locks a
    tally row until the commit, so two transactions never wait on each other crosswise, and a busy tally (new
    tickets of one category) is held only for the moment of the commit."""
    session.flush()
    changes: Counter[Key] = session.info.pop(_PENDING, Counter())
    for key in sorted(key for key, change in changes.items() if change):
        session.execute(_upsert(key, changes[key]))


@event.listens_for(Session, "after_rollback")
@event.listens_for(Session, "after_soft_rollback")
def _forget_changes(session: Session, *_args: Any) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_BEFORE, None)


def _upsert(key: Key, change: int) -> Any:
    values = dict(zip(DIMENSIONS, key, strict=True), tickets=change)
    statement = db.insert(TicketTally).values(values)
    return statement.on_conflict_do_update(
        index_elements=list(DIMENSIONS), set_={"tickets": TicketTally.tickets + statement.excluded.tickets}
    )


def counts(
    by: str,
    *,
    states: tuple[str, ...] | None,
    unit_id: int | None = None,
    category_id: int | None = None,
    unit_ids: list[int] | None = None,
) -> list[tuple[Any, int]]:
    """Tickets per value of `by` (one of DIMENSIONS; None for "no unit", "nobody"), most first: in `states` (None:
    any), of one unit and one category when given, among `unit_ids` (None: every unit)."""
    column = getattr(TicketTally, by)
    conditions: list[ColumnElement[bool]] = [true()]
    if states is not None:
        conditions.append(TicketTally.state.in_(states))
    if unit_id is not None:
        conditions.append(TicketTally.unit_id == unit_id)
    if category_id is not None:
        conditions.append(TicketTally.category_id == category_id)
    if unit_ids is not None:
        conditions.append(TicketTally.unit_id.in_(unit_ids or [-1]))
    total = func.sum(TicketTally.tickets)
    rows = db.session.execute(
        select(column, total).where(*conditions).group_by(column).having(total > 0).order_by(total.desc(), column)
    )
    empty = by in ("unit_id", "assignee_id")
    return [(None if empty and key == NONE else key, int(number)) for key, number in rows]


def recount() -> int:
    """Rebuild every tally from the tickets; returns how many tallies there are."""
    if db.session.get_bind().dialect.name == "postgresql":
        # writers of tickets wait the few seconds this takes (readers do not), so no change falls between the two
        # statements; SQLite has one writer at a time anyway
        db.session.execute(text("LOCK TABLE tickets, ticket_tallies IN SHARE ROW EXCLUSIVE MODE"))
    db.session.execute(delete(TicketTally))
    grouped = select(
        Ticket.state,
        func.coalesce(Ticket.unit_id, NONE),
        Ticket.category_id,
        func.coalesce(Ticket.assignee_id, NONE),
        func.count(),
    ).group_by(Ticket.state, Ticket.unit_id, Ticket.category_id, Ticket.assignee_id)
    db.session.execute(insert(TicketTally).from_select([*DIMENSIONS, "tickets"], grouped))
    return db.session.scalar(select(func.count()).select_from(TicketTally)) or 0
