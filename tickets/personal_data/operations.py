"""Taking residents out of tickets: after the retention period, or on a person's request where no legal duty keeps
them. The ticket, its number, category, unit, dates, district and statistics stay; the person — name, phone, e-mail,
address, point on the map, their words' contacts, the files they gave — does not."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from cct import db
from cct.actions import history, operation
from cct.audit import operations as audit_log
from cct.auth.actors import SYSTEM, Actor
from cct.db import utcnow
from cct.privacy.schemas import Erasable, Retained, Subject
from cct.redaction import redact, redact_values
from tickets import schemas as limits
from tickets.models import Attachment, Ticket, TicketComment, TicketEvent
from tickets.personal_data import queries

# the ticket's columns that hold the person, as a ticket's history and the audit log name them
PERSONAL_FIELDS = ("resident_name", "resident_phone", "resident_email", "address", "lat", "lon", "media_url")
RETENTION = "retention"
ERASURE = "erasure"


def _known(ticket: Ticket) -> list[str | None]:
    return [ticket.resident_name, ticket.resident_phone, ticket.resident_email, ticket.address]


@operation("ticket.personal_data_anonymised", _l("Resident's personal data anonymised"))
def anonymise(actor: Actor, tickets: Sequence[Ticket], why: str) -> int:
    """Anonymise the tickets (`why`: RETENTION or ERASURE): their residents' columns, the texts (description,
    replies, notes, the history's and the audit log's entries), and their files. The number anonymised."""
    if not tickets:
        return 0
    ids = [ticket.id for ticket in tickets]
    known = {ticket.id: _known(ticket) for ticket in tickets}
    events = db.session.execute(
        select(TicketEvent.id, TicketEvent.ticket_id, TicketEvent.changes, TicketEvent.detail).where(
            TicketEvent.ticket_id.in_(ids)
        )
    ).all()
    for _event, ticket_id, changes, _detail in events:  # the names and addresses the ticket had before
        for field in PERSONAL_FIELDS:
            known[ticket_id].extend(value for value in (changes or {}).get(field) or () if isinstance(value, str))
    for comment in queries.comments_of(ids):
        cleaned = redact(comment.body, known[comment.ticket_id]) or ""
        if cleaned != comment.body:
            # replies and notes are otherwise never changed: a statement, like the history below
            db.session.execute(update(TicketComment).where(TicketComment.id == comment.id).values(body=cleaned))
    for event_id, ticket_id, changes, detail in events:
        new_changes = redact_values(changes or {}, PERSONAL_FIELDS, known[ticket_id])
        new_detail = redact_values(detail or {}, PERSONAL_FIELDS, known[ticket_id])
        if (new_changes, new_detail) != (changes, detail):
            # the history is append-only for the ORM (tickets.models); anonymisation is its one sanctioned rewrite
            statement = update(TicketEvent).where(TicketEvent.id == event_id)
            db.session.execute(statement.values(changes=new_changes, detail=new_detail))
    audit_log.redact("Ticket", {str(ticket_id): values for ticket_id, values in known.items()}, PERSONAL_FIELDS)
    db.session.execute(delete(Attachment).where(Attachment.ticket_id.in_(ids)))
    now = utcnow()
    for ticket in tickets:
        person = known[ticket.id]
        ticket.description = redact(ticket.description, person) or ""
        # "[usunięto]" is longer than a short name: cut to the column, as PostgreSQL would refuse it
        ticket.subject = (redact(ticket.subject, person) or ticket.subject)[: limits.SUBJECT_MAX]
        ticket.rejection_reason = redact(ticket.rejection_reason, person)
        ticket.extension_reason = redact(ticket.extension_reason, person)
        ticket.open311_attributes = redact_values(ticket.open311_attributes or {}, (), person)
        ticket.resident_name = ticket.resident_phone = ticket.resident_email = ticket.address = None
        ticket.lat = ticket.lon = None
        ticket.media_url = None
        ticket.consent_sms = ticket.consent_email = False
        ticket.anonymised_at = now
    db.session.flush()
    db.session.expire_all()  # the statements above changed rows the session holds
    for ticket_id in ids:
        ticket = db.session.get(Ticket, ticket_id)
        history(ticket, actor, "personal_data_anonymised", why=why)
    return len(tickets)


# -- the privacy slots ---------------------------------------------------------------------------------------------


def retention(now: datetime, apply: bool, limit: int, **_context: Any) -> list[Retained]:
    """The slot "privacy.retention": residents in finished tickets past [tickets] personal_data_months."""
    rules = queries.settings()
    count = anonymise(SYSTEM, queries.due(now, limit), RETENTION) if apply else queries.due_count(now)
    periods, unknown = queries.category_periods(rules)
    period = (
        _(
            "%(months)d months after the ticket finished ([tickets] personal_data_months)",
            months=rules.personal_data_months,
        )
        if rules.personal_data_months
        else _("kept ([tickets] personal_data_months = 0)")
    )
    if periods:
        period += "; " + _("%(n)d categories with their own period", n=len(periods))
    if unknown:
        period += "; " + _("no such category: %(codes)s", codes=", ".join(unknown))
    if rules.statutory_personal_data_months:
        period += "; " + _(
            "complaints, motions and public-information requests: %(months)d months",
            months=rules.statutory_personal_data_months,
        )
    else:
        period += "; " + _("complaints, motions and public-information requests: kept (case documentation)")
    label = _("Residents in finished tickets (name, phone, e-mail, address, files): anonymised")
    return [Retained("tickets.personal_data", label, period, count)]


def erase(subject: Subject, apply: bool, actor: Actor | None = None, **_context: Any) -> list[Erasable]:
    """The slot "privacy.erase": finished tickets are anonymised; kept are a ticket still being handled, one that is
    case documentation (a complaint, a motion, a public-information request), and one in a category whose period a
    law sets ([tickets] personal_data_months_by_category) until that period is over."""
    tickets = [ticket for ticket in queries.of_subject(subject) if ticket.anonymised_at is None]
    lawful = queries.law_periods_over([ticket.id for ticket in tickets], utcnow())
    handled = [ticket for ticket in tickets if ticket.is_open]
    documented = [ticket for ticket in tickets if not ticket.is_open and ticket.statutory_kind]
    by_law = [t for t in tickets if not t.is_open and not t.statutory_kind and lawful.get(t.id) is False]
    erasable = [t for t in tickets if not t.is_open and not t.statutory_kind and lawful.get(t.id) is not False]
    if apply:
        anonymise(actor or SYSTEM, erasable, ERASURE)
    parts = [Erasable(_("Finished tickets"), len(erasable))]
    if handled:
        parts.append(
            Erasable(
                _("Tickets still being handled"),
                0,
                len(handled),
                _("the matter is being handled: its contacts are needed to answer (GDPR art. 17(3)(b))"),
            )
        )
    if documented:
        parts.append(
            Erasable(
                _("Complaints, motions and public-information requests"),
                0,
                len(documented),
                _("case documentation kept by law (KPA, the office instructions and JRWA; GDPR art. 17(3)(b))"),
            )
        )
    if by_law:
        parts.append(
            Erasable(
                _("Tickets in a category with a period set by law"),
                0,
                len(by_law),
                _("kept until the period the law sets ([tickets] personal_data_months_by_category) is over"),
            )
        )
    return parts
