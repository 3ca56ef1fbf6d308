"""Who sees which tickets, and the lists the screens and the API show. Reads only."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from flask import current_app
from sqlalchemy import Select, func, or_, select, tuple_

from cct import db
from cct.auth.models import User
from cct.db import utcnow
from tickets.models import OPEN_SQL, Category, Ticket, TicketComment
from tickets.states import OPEN, TicketState

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


MAX_SEQ = 999_999_999


def find(year: int, seq: int) -> Ticket | None:
    """A ticket by its number's parts; numbers out of any possible range simply match nothing."""
    if not (1 <= year <= 9999 and 1 <= seq <= MAX_SEQ):
        return None
    return db.session.scalar(select(Ticket).where(Ticket.year == year, Ticket.seq == seq))


def sees_all(user: User) -> bool:
    return user.has_permission("tickets.view_all")


def can_see(user: User, ticket: Ticket) -> bool:
    return sees_all(user) or ticket.unit_id in {unit.id for unit in user.units}


def can_work(user: User, ticket: Ticket) -> bool:
    """Change state, reply, edit: supervisors and admins anywhere, unit staff in their own units."""
    if not user.has_permission("tickets.work"):
        return False
    return sees_all(user) or ticket.unit_id in {unit.id for unit in user.units}


def can_merge(user: User, ticket: Ticket) -> bool:
    """Join a duplicate into another ticket, or clear its likely-duplicate flag: whoever works the ticket, and
    agents, who triage what residents report twice."""
    if not user.has_permission("tickets.merge"):
        return False
    return sees_all(user) or ticket.unit_id in {unit.id for unit in user.units}


def visible(user: User) -> Select[tuple[Ticket]]:
    statement = select(Ticket)
    if not sees_all(user):
        statement = statement.where(Ticket.unit_id.in_([unit.id for unit in user.units] or [-1]))
    return statement


@dataclass(frozen=True)
class QueueFilter:
    states: tuple[str, ...] = tuple(sorted(s.value for s in OPEN))
    unit_id: int | None = None
    category_id: int | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Cursor:
    """Keyset position: the (due, id) of the last row shown; pages never skip or repeat under inserts."""

    due: datetime
    id: int

    def encode(self) -> str:
        """URL-safe as it is: microseconds since the epoch, "~", the id."""
        return f"{(self.due - EPOCH) // timedelta(microseconds=1)}~{self.id}"

    @classmethod
    def decode(cls, text: str) -> Cursor | None:
        due_text, _sep, id_text = text.partition("~")
        if not id_text.isdigit() or not due_text.lstrip("-").isdigit() or len(text) > 40:
            return None
        try:
            return cls(EPOCH + timedelta(microseconds=int(due_text)), int(id_text))
        except OverflowError:
            return None


def queue(user: User, filters: QueueFilter, after: Cursor | None = None, limit: int = 50) -> list[Ticket]:
    """Tickets by resolution deadline, soonest first, then by id (the order the queue indexes keep)."""
    statement = visible(user)
    if set(filters.states) == {state.value for state in OPEN}:
        # written out, not bound: only then can the planner use the partial "open" indexes
        statement = statement.where(OPEN_SQL)
    else:
        statement = statement.where(Ticket.state.in_(filters.states))
    if filters.unit_id is not None:
        statement = statement.where(Ticket.unit_id == filters.unit_id)
    if filters.category_id is not None:
        statement = statement.where(Ticket.category_id == filters.category_id)
    if filters.phone:
        statement = statement.where(Ticket.resident_phone == filters.phone)
    if after is not None:
        statement = statement.where(tuple_(Ticket.resolution_due, Ticket.id) > tuple_(after.due, after.id))
    statement = statement.order_by(Ticket.resolution_due, Ticket.id).limit(limit)
    return list(db.session.scalars(statement))


def earlier_tickets(phone: str, limit: int = 10) -> list[Ticket]:
    """A caller's previous tickets, newest first (for the agent while the caller is on the line)."""
    return list(
        db.session.scalars(
            select(Ticket).where(Ticket.resident_phone == phone).order_by(Ticket.created_at.desc()).limit(limit)
        )
    )


def active_categories() -> list[Category]:
    return list(db.session.scalars(select(Category).where(Category.active.is_(True)).order_by(Category.code)))


def open_states() -> list[str]:
    return sorted(s.value for s in OPEN)


def all_states() -> list[str]:
    return [s.value for s in TicketState]


# -- the supervisor's view ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Search:
    """Filters of the dashboard and its exports; empty means "any"."""

    text: str = ""
    state: str = "open"  # "open", "all" or one state
    unit_id: int | None = None
    category_id: int | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None


def searched(user: User, search: Search, *, with_state: bool = True) -> Select[tuple[Ticket]]:
    statement = visible(user)
    if with_state and search.state == "open":
        statement = statement.where(OPEN_SQL)
    elif with_state and search.state != "all":
        statement = statement.where(Ticket.state == search.state)
    if search.unit_id is not None:
        statement = statement.where(Ticket.unit_id == search.unit_id)
    if search.category_id is not None:
        statement = statement.where(Ticket.category_id == search.category_id)
    if search.created_from is not None:
        statement = statement.where(Ticket.created_at >= search.created_from)
    if search.created_to is not None:
        statement = statement.where(Ticket.created_at < search.created_to)
    text = search.text.strip()
    if text:
        year, _sep, seq = text.partition("/")
        if year.isdigit() and seq.isdigit() and len(year) == 4:
            statement = statement.where(Ticket.year == int(year), Ticket.seq == int(seq))
        else:
            like = f"%{text.replace('%', '').replace('_', '')}%"
            statement = statement.where(
                or_(Ticket.subject.ilike(like), Ticket.description.ilike(like), Ticket.address.ilike(like))
            )
    return statement


def counts_by(user: User, search: Search, column: Any, *, with_state: bool = True) -> list[tuple[Any, int]]:
    inner = searched(user, search, with_state=with_state).with_only_columns(column.label("key")).subquery()
    rows = db.session.execute(
        select(inner.c.key, func.count()).group_by(inner.c.key).order_by(func.count().desc())
    ).all()
    return [(key, int(number)) for key, number in rows]


def overdue(user: User, search: Search, now: datetime, limit: int = 20) -> tuple[int, list[Ticket]]:
    statement = searched(user, replace(search, state="open")).where(Ticket.resolution_due < now)
    total = db.session.scalar(statement.with_only_columns(func.count()).order_by(None)) or 0
    rows = db.session.scalars(statement.order_by(Ticket.resolution_due, Ticket.id).limit(limit)).all()
    return int(total), list(rows)


def oldest_open(user: User, search: Search, limit: int = 10) -> list[Ticket]:
    statement = searched(user, replace(search, state="open")).order_by(Ticket.created_at, Ticket.id).limit(limit)
    return list(db.session.scalars(statement))


def export_rows(user: User, search: Search, limit: int) -> Iterator[Ticket]:
    statement = searched(user, search).order_by(Ticket.created_at, Ticket.id).limit(limit)
    yield from db.session.scalars(statement.execution_options(yield_per=500))


def status_url(ticket: Ticket) -> str:
    """The resident's status page of the ticket, number and code included, on the public address ("" if unknown)."""
    base = current_app.config["CCT"].residents_url()
    if not (base and ticket.public_code):
        return ""
    return f"{base}/zgloszenia/status?{urlencode({'number': ticket.number, 'code': ticket.public_code})}"


def public_replies(ticket: Ticket) -> list[TicketComment]:
    """What the resident was told, oldest first (a fresh query: `Ticket.comments` may be loaded already)."""
    return list(
        db.session.scalars(
            select(TicketComment)
            .where(TicketComment.ticket_id == ticket.id, TicketComment.public.is_(True))
            .order_by(TicketComment.id)
        )
    )


# -- the public map and list ---------------------------------------------------------------------------------------

PUBLIC_CHANNELS = ("web", "open311")  # reports residents wrote to be public; calls and letters never are


def public_reports_query() -> Select[tuple[Ticket]]:
    """Residents' reports the public may see: web and Open311 reports in categories of public space, but for
    duplicates merged into another (the other one stands for them)."""
    return (
        select(Ticket)
        .join(Category, Category.id == Ticket.category_id)
        .where(
            Ticket.channel.in_(PUBLIC_CHANNELS),
            Category.public_reports.is_(True),
            Ticket.duplicate_of_id.is_(None),
        )
    )


def public_reports(*, category: str, state: str, days: int, page: int, per_page: int) -> tuple[list[Ticket], int]:
    """One page of recent public reports, newest first, and how many there are in all."""
    query = public_reports_query().where(Ticket.created_at >= utcnow() - timedelta(days=days))
    if category:
        parent = select(Category.id).where(Category.code == category).scalar_subquery()
        query = query.where(or_(Category.code == category, Category.parent_id == parent))
    if state == "open":
        query = query.where(Ticket.state.in_([s.value for s in OPEN]))
    elif state == "closed":
        query = query.where(Ticket.state.not_in([s.value for s in OPEN]))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(
        query.order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(per_page).offset((page - 1) * per_page)
    )
    return list(rows), total


def public_replies_of(ticket_ids: list[int]) -> dict[int, list[TicketComment]]:
    """The public replies of several tickets at once, oldest first."""
    found: dict[int, list[TicketComment]] = {ticket_id: [] for ticket_id in ticket_ids}
    if ticket_ids:
        rows = db.session.scalars(
            select(TicketComment)
            .where(TicketComment.ticket_id.in_(ticket_ids), TicketComment.public.is_(True))
            .order_by(TicketComment.id)
        )
        for comment in rows:
            found[comment.ticket_id].append(comment)
    return found
