"""E-mail updates to residents who agreed to them: the report received (its number, code and status link), resolved
(the last public reply) and joined with another report (the number that goes on). Texts in Polish, as residents
read them, from templates in tickets/templates/tickets/mail; sent by cct.mail through the jobs table, once per
reason. (SMS updates are telephony's: it listens to the same history events.)"""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from cct import mail
from cct.signals import history_event
from tickets import queries
from tickets.models import Ticket
from tickets.states import STATE_LABELS, TicketState


def _subject(kind: str, ticket: Ticket) -> str:
    if kind == "opened":
        return _("Your report %(number)s was received", number=ticket.number)
    if kind == "resolved":
        return _("Your report %(number)s is resolved", number=ticket.number)
    return _("Your report %(number)s was joined with report %(other)s", number=ticket.number, other=_other(ticket))


def _other(ticket: Ticket) -> str:
    return ticket.duplicate_of.number if ticket.duplicate_of else ""


def send(ticket: Ticket, kind: str, purpose: str) -> None:
    """Queue one e-mail of this kind to the ticket's resident."""
    with force_locale("pl"):
        subject = _subject(kind, ticket)
        replies = queries.public_replies(ticket)
        body = render_template(
            f"tickets/mail/{kind}.txt",
            ticket=ticket,
            link=queries.status_url(ticket),
            state=STATE_LABELS[ticket.state],
            summary=replies[-1].body if replies else "",
            other=ticket.duplicate_of,
        )
    mail.queue(ticket.resident_email or "", subject, body, purpose)


def owed_update(ticket: Ticket, kind: str, changes: dict[str, Any]) -> tuple[str, str] | None:
    """The update a history event owes the ticket's resident — "opened", "resolved" or "merged" — with its purpose
    key (one message per reason, whatever the channel), or None. SMS (telephony) and e-mail both follow it."""
    if kind == "created":
        return "opened", f"opened:{ticket.number}"
    if kind == "state_changed" and changes.get("state", [None, None])[1] == TicketState.RESOLVED.value:
        resolved = ticket.resolved_at.isoformat() if ticket.resolved_at else ""
        return "resolved", f"resolved:{ticket.number}:{resolved}"
    if kind == "merged_into":
        return "merged", f"merged:{ticket.number}"
    return None


@history_event.connect
def _ticket_changed(sender: Any, *, kind: str, changes: dict[str, Any], **_: Any) -> None:
    if not isinstance(sender, Ticket) or not (sender.consent_email and sender.resident_email):
        return
    if not mail.settings().enabled:
        return
    if owed := owed_update(sender, kind, changes):
        send(sender, *owed)
