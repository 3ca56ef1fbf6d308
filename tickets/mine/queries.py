"""Reading "Moje zgłoszenia": how many codes a contact and a network address were sent lately, a code by its id, and
a resident's own tickets — those opened with their phone number or e-mail address, from any channel."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from cct import db
from tickets import queries as tickets
from tickets.mine.models import ResidentCode
from tickets.models import Attachment, Ticket, TicketComment


def sent_to(contact_digest: str, since: datetime) -> int:
    """Codes sent to this contact since then."""
    statement = select(func.count()).where(
        ResidentCode.contact_digest == contact_digest, ResidentCode.created_at >= since
    )
    return int(db.session.scalar(statement) or 0)


def asked_from(address_digest: str, since: datetime) -> int:
    """Codes asked for from this network address since then (to any contact)."""
    statement = select(func.count()).where(
        ResidentCode.address_digest == address_digest, ResidentCode.created_at >= since
    )
    return int(db.session.scalar(statement) or 0)


def code(code_id: int) -> ResidentCode | None:
    return db.session.get(ResidentCode, code_id)


def logged_before(cutoff: datetime) -> int:
    """Codes sent before the cutoff: the log's part the retention rule deletes."""
    return int(db.session.scalar(select(func.count()).where(ResidentCode.created_at < cutoff)) or 0)


def logged_page_before(cutoff: datetime, limit: int) -> list[ResidentCode]:
    statement = select(ResidentCode).where(ResidentCode.created_at < cutoff).order_by(ResidentCode.id).limit(limit)
    return list(db.session.scalars(statement))


def logged_for(contact_digest: str) -> list[ResidentCode]:
    """The codes sent to a person (what the log holds about them), oldest first."""
    statement = select(ResidentCode).where(ResidentCode.contact_digest == contact_digest)
    return list(db.session.scalars(statement.order_by(ResidentCode.id)))


def own_tickets(phone: str | None, email: str | None, page: int, per_page: int) -> tuple[list[Ticket], int]:
    """The resident's tickets, newest first, a page of them and how many there are."""
    whose = tickets.opened_by(phone, email)
    total = int(db.session.scalar(select(func.count()).select_from(Ticket).where(whose)) or 0)
    statement = (
        select(Ticket)
        .where(whose)
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return list(db.session.scalars(statement)), total


def own_ticket(phone: str | None, email: str | None, year: int, seq: int) -> Ticket | None:
    """The ticket with this number, only when it was opened with the resident's contact."""
    statement = select(Ticket).where(Ticket.year == year, Ticket.seq == seq, tickets.opened_by(phone, email))
    return db.session.scalar(statement)


def resident_comments(ticket: Ticket) -> list[TicketComment]:
    """What the resident added to the ticket themselves, oldest first."""
    statement = select(TicketComment).where(TicketComment.ticket_id == ticket.id, TicketComment.by_resident.is_(True))
    return list(db.session.scalars(statement.order_by(TicketComment.id)))


def resident_photos(ticket: Ticket) -> list[str]:
    """The names of the files the resident sent with the ticket (nobody signed in uploaded them), oldest first."""
    statement = select(Attachment.filename).where(
        Attachment.ticket_id == ticket.id, Attachment.uploaded_by_id.is_(None)
    )
    return list(db.session.scalars(statement.order_by(Attachment.id)))
