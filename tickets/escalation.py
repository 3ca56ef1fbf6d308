"""Overdue tickets: a periodic job marks them and tells the supervisors."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update

from cct import db
from cct.auth.roles import Role
from cct.db import utcnow
from cct.jobs.operations import periodic
from cct.notifications.operations import notify
from cct.signals import history_event
from tickets.models import OPEN_SQL, Ticket

BATCH = 500
DASHBOARD_PATH = "/tickets/dashboard"  # jobs run outside a request, where url_for cannot build URLs


@periodic("tickets.sla_scan", every_seconds=300)
def mark_overdue(_payload: dict[str, Any]) -> None:
    """Open tickets past their resolution deadline (and not waiting for the resident) are marked breached once."""
    now = utcnow()
    overdue = list(
        db.session.scalars(
            select(Ticket)
            .where(OPEN_SQL, Ticket.breached_at.is_(None), Ticket.paused_at.is_(None), Ticket.resolution_due < now)
            .order_by(Ticket.resolution_due, Ticket.id)
            .limit(BATCH)
        )
    )
    if not overdue:
        return
    # A bulk UPDATE, not the ORM: a background flag must not bump the version and void a form someone has open.
    db.session.execute(
        update(Ticket)
        .where(Ticket.id.in_([ticket.id for ticket in overdue]))
        .values(breached_at=now)
        .execution_options(synchronize_session=False)
    )
    for ticket in overdue:
        history_event.send(ticket, actor=None, kind="sla_breached", changes={}, detail={"due": ticket.resolution_due})
    numbers = ", ".join(ticket.number for ticket in overdue[:10]) + ("…" if len(overdue) > 10 else "")
    notify(
        Role.SUPERVISOR,
        "sla_breached",
        _("%(count)d ticket(s) went past the resolution deadline: %(numbers)s.", count=len(overdue), numbers=numbers),
        DASHBOARD_PATH,
    )
