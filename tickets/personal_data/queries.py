"""Which tickets hold a resident's personal data past its period, and which belong to a person."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import undefer

from cct import db
from cct.office_calendar import add_months
from cct.privacy.schemas import Held, Subject
from tickets import queries as tickets
from tickets.models import Attachment, Category, Ticket, TicketComment
from tickets.schemas import TicketsSettings
from tickets.states import CHANNEL_LABELS, DONE, STATE_LABELS, TicketState

DONE_VALUES = tuple(state.value for state in DONE)
# when a ticket was finished: closed, or resolved (and not reopened), or rejected (its last change)
finished_at = func.coalesce(Ticket.closed_at, Ticket.resolved_at, Ticket.updated_at)


def settings() -> TicketsSettings:
    return current_app.config["CCT"].tickets


def category_periods(rules: TicketsSettings) -> tuple[dict[int, int], list[str]]:
    """The categories with a period of their own (id → months), and the codes config.toml names that no category
    has (a typo, or a category since removed)."""
    listed = rules.personal_data_months_by_category
    rows = db.session.execute(select(Category.code, Category.id).where(Category.code.in_(list(listed))))
    found = {code: category_id for code, category_id in rows}
    return {category_id: listed[code] for code, category_id in found.items()}, sorted(set(listed) - set(found))


def past_period(now: datetime) -> ColumnElement[bool]:
    """Finished tickets, not yet anonymised, whose period ([tickets] personal_data_months, per category, statutory)
    has run out since they finished; a resolved one only once it can no longer be reopened."""
    rules = settings()
    periods, _unknown = category_periods(rules)
    ordinary = Ticket.statutory_kind.is_(None)
    by_months: dict[int, list[int]] = {}
    for category_id, months in periods.items():
        by_months.setdefault(months, []).append(category_id)
    conditions = []
    if rules.personal_data_months:
        others = Ticket.category_id.not_in(list(periods)) if periods else True
        conditions.append(and_(ordinary, others, finished_at < add_months(now, -rules.personal_data_months)))
    for months, category_ids in by_months.items():
        if months:
            conditions.append(
                and_(ordinary, Ticket.category_id.in_(category_ids), finished_at < add_months(now, -months))
            )
    if rules.statutory_personal_data_months:
        cutoff = add_months(now, -rules.statutory_personal_data_months)
        conditions.append(and_(Ticket.statutory_kind.is_not(None), finished_at < cutoff))
    reopenable = and_(
        Ticket.state == TicketState.RESOLVED.value, Ticket.resolved_at >= now - timedelta(days=rules.reopen_days)
    )
    return and_(
        Ticket.state.in_(DONE_VALUES),
        Ticket.anonymised_at.is_(None),
        ~reopenable,
        or_(*conditions) if conditions else false(),
    )


def due_count(now: datetime) -> int:
    return db.session.scalar(select(func.count()).select_from(Ticket).where(past_period(now))) or 0


def due(now: datetime, limit: int) -> list[Ticket]:
    statement = select(Ticket).where(past_period(now)).order_by(Ticket.id).limit(limit).with_for_update(of=Ticket)
    return list(db.session.scalars(statement))


def of_subject(subject: Subject) -> list[Ticket]:
    """The tickets opened with the person's phone number or e-mail address (any case), oldest first."""
    whose = tickets.opened_by(subject.phone, subject.email)
    return list(db.session.scalars(select(Ticket).where(whose).order_by(Ticket.id)))


def comments_of(ticket_ids: list[int]) -> list[TicketComment]:
    if not ticket_ids:
        return []
    statement = select(TicketComment).where(TicketComment.ticket_id.in_(ticket_ids)).order_by(TicketComment.id)
    return list(db.session.scalars(statement))


def attachments_of(ticket_ids: list[int], given_by_residents: bool = False) -> list[Attachment]:
    """The files of these tickets (only those residents sent, uploaded by nobody signed in: their photos), their
    contents included (the export carries them)."""
    if not ticket_ids:
        return []
    statement = select(Attachment).where(Attachment.ticket_id.in_(ticket_ids))
    if given_by_residents:
        statement = statement.where(Attachment.uploaded_by_id.is_(None))
    statement = statement.order_by(Attachment.id).options(undefer(Attachment.data))
    return list(db.session.scalars(statement))


def law_periods_over(ticket_ids: list[int], now: datetime) -> dict[int, bool]:
    """For those of the tickets in a category with a period of its own ([tickets] personal_data_months_by_category,
    where a law sets one): whether that period is over (the retention rule would take them now)."""
    periods, _unknown = category_periods(settings())
    if not ticket_ids or not periods:
        return {}
    listed = select(Ticket.id).where(Ticket.id.in_(ticket_ids), Ticket.category_id.in_(list(periods)))
    over = set(db.session.scalars(listed.where(past_period(now))))
    return {ticket_id: ticket_id in over for ticket_id in db.session.scalars(listed)}


TICKET_FIELDS = (
    ("number", _l("Number")),
    ("created_at", _l("Opened")),
    ("channel", _l("Channel")),
    ("category", _l("Category")),
    ("subject", _l("Subject")),
    ("description", _l("Description")),
    ("state", _l("State")),
    ("resident_name", _l("Full name")),
    ("resident_phone", _l("Phone")),
    ("resident_email", _l("E-mail")),
    ("address", _l("Address")),
    ("lat", _l("Latitude")),
    ("lon", _l("Longitude")),
    ("consent_sms", _l("SMS updates agreed")),
    ("consent_email", _l("E-mail updates agreed")),
    ("replies", _l("Replies to the resident")),
    ("own_comments", _l("The resident's own comments")),
    ("files", _l("Files")),
)


def held(subject: Subject, **_context: Any) -> list[Held]:
    """The slot "privacy.held": the person's tickets, the replies they were sent, the files they gave."""
    tickets = of_subject(subject)
    ids = [ticket.id for ticket in tickets]
    replies: dict[int, list[str]] = {}
    own: dict[int, list[str]] = {}
    for comment in comments_of(ids):
        if comment.public:
            replies.setdefault(comment.ticket_id, []).append(comment.body)
        elif comment.by_resident:  # what they added themselves ("Moje zgłoszenia")
            own.setdefault(comment.ticket_id, []).append(comment.body)
    files: list[tuple[str, bytes]] = []
    names: dict[int, list[str]] = {}
    for attachment in attachments_of(ids, given_by_residents=True):
        number = next(ticket.number for ticket in tickets if ticket.id == attachment.ticket_id).replace("/", "-")
        name = f"{number}-{attachment.id}-{attachment.filename}"
        files.append((name, attachment.data))
        names.setdefault(attachment.ticket_id, []).append(name)
    records = [
        {
            "number": ticket.number,
            "created_at": ticket.created_at.isoformat(),
            "channel": str(CHANNEL_LABELS.get(ticket.channel, ticket.channel)),
            "category": ticket.category.path,
            "subject": ticket.subject,
            "description": ticket.description,
            "state": str(STATE_LABELS.get(TicketState(ticket.state), ticket.state)),
            "resident_name": ticket.resident_name,
            "resident_phone": ticket.resident_phone,
            "resident_email": ticket.resident_email,
            "address": ticket.address,
            "lat": ticket.lat,
            "lon": ticket.lon,
            "consent_sms": _("yes") if ticket.consent_sms else _("no"),
            "consent_email": _("yes") if ticket.consent_email else _("no"),
            "replies": "\n\n".join(replies.get(ticket.id, [])),
            "own_comments": "\n\n".join(own.get(ticket.id, [])),
            "files": ", ".join(names.get(ticket.id, [])),
        }
        for ticket in tickets
    ]
    return [
        Held("tickets", _("Tickets"), tuple((key, str(label)) for key, label in TICKET_FIELDS), records, tuple(files))
    ]
