"""Residents look up a ticket without an account: its number and the code given when it was opened. They see its
state, category, unit, dates and the public replies — never anybody's name, phone or e-mail, nor internal notes."""

from __future__ import annotations

import hmac
from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from cct import db
from cct.auth.access import public
from tickets import queries
from tickets.models import Ticket
from tickets.states import STATE_LABELS

bp = Blueprint("status", __name__, url_prefix="/zgloszenia", template_folder="templates")


def find(number: str, code: str) -> Ticket | None:
    """The ticket with this number whose code matches (letters in any case, spaces ignored)."""
    year, _sep, seq = number.strip().replace("-", "/").partition("/")
    given = code.strip().replace(" ", "").upper()
    if not (year.isdigit() and seq.isdigit() and given):
        return None
    ticket = db.session.scalar(select(Ticket).where(Ticket.year == int(year), Ticket.seq == int(seq)))
    if ticket is None or not ticket.public_code:
        return None
    return ticket if hmac.compare_digest(ticket.public_code, given) else None


@bp.route("/status", methods=["GET", "POST"])
@public
def lookup() -> Any:
    number = (request.values.get("number") or "").strip()[:20]
    code = (request.values.get("code") or "").strip()[:20]
    if not number and not code:
        return render_template("tickets/status.html", number="", code="", ticket=None, error=None)
    ticket = find(number, code)
    if ticket is None:
        error = _("No ticket with this number and code. Check both and try again.")
        return render_template("tickets/status.html", number=number, code=code, ticket=None, error=error), 404
    replies = queries.public_replies(ticket)
    return render_template(
        "tickets/status.html",
        number=number,
        code=code,
        ticket=ticket,
        replies=replies,
        state_label=STATE_LABELS[ticket.state],
        error=None,
    )
