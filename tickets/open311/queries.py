"""Reading what Open311 serves: the services (categories of public space), the public service requests, the keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import selectinload

from cct import db
from cct.auth.operations import digest
from tickets import queries as tickets
from tickets.models import Category, Ticket
from tickets.numbers import TicketNumber
from tickets.open311.models import Open311Key
from tickets.open311.schemas import MAX_REQUESTS
from tickets.states import OPEN_VALUES


def services() -> list[Category]:
    """The services: the categories residents report in, by code."""
    return list(db.session.scalars(select(Category).where(tickets.PUBLIC_CATEGORY).order_by(Category.code)))


def service(code: str) -> Category | None:
    return tickets.public_category(code)


def key(key_id: int) -> Open311Key | None:
    return db.session.get(Open311Key, key_id)


def key_by_name(name: str) -> Open311Key | None:
    return db.session.scalar(select(Open311Key).where(Open311Key.name == (name or "").strip()))


def key_for(plain: str) -> Open311Key | None:
    """The key a client sent (whether active or not), or None."""
    return db.session.scalar(select(Open311Key).where(Open311Key.key_hash == digest(plain)))


def all_keys() -> list[Open311Key]:
    return list(db.session.scalars(select(Open311Key).order_by(Open311Key.created_at.desc())))


def _public() -> Select[tuple[Ticket]]:
    return tickets.public_reports_query().options(
        selectinload(Ticket.category), selectinload(Ticket.unit), selectinload(Ticket.comments)
    )


def request(number: TicketNumber | None) -> Ticket | None:
    """One public service request by its number."""
    if number is None:
        return None
    return db.session.scalar(_public().where(Ticket.year == number.year, Ticket.seq == number.seq))


def requests_by_number(numbers: list[TicketNumber]) -> list[Ticket]:
    if not numbers:
        return []
    query = _public().where(or_(*(and_(Ticket.year == n.year, Ticket.seq == n.seq) for n in numbers)))
    return list(db.session.scalars(query.order_by(Ticket.created_at.desc()).limit(MAX_REQUESTS)))


def requests(start: datetime | None, end: datetime | None, codes: list[str], status: set[str]) -> list[Ticket]:
    """Public service requests, newest first, by the spec's filters (status: {"open"}, {"closed"} or both)."""
    query = _public()
    if start is not None:
        query = query.where(Ticket.created_at >= start)
    if end is not None:
        query = query.where(Ticket.created_at <= end)
    if codes:
        query = query.where(Category.code.in_(codes))
    if status == {"open"}:
        query = query.where(Ticket.state.in_(OPEN_VALUES))
    elif status == {"closed"}:
        query = query.where(Ticket.state.not_in(OPEN_VALUES))
    return list(db.session.scalars(query.order_by(Ticket.created_at.desc()).limit(MAX_REQUESTS)))
