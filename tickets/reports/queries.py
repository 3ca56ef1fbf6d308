"""Reading what the residents' side needs: how many reports an address sent lately, the open reports near a place
being reported, and a ticket by number and code (the status page)."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from cct import db
from cct.keyed import keyed
from tickets import queries as tickets
from tickets.models import Category, Ticket
from tickets.reports.models import ReportSubmission


def address_hash(address: str) -> str:
    """A keyed hash of a network address: enough to count reports from it, useless to learn it back."""
    return keyed(address)


def sent_from(address: str, since: datetime) -> int:
    """Reports accepted from this network address since then."""
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(ReportSubmission)
            .where(ReportSubmission.address_hash == address_hash(address), ReportSubmission.at >= since)
        )
        or 0
    )


def reported_nearby(
    category: Category, place: tuple[str | None, float | None, float | None]
) -> list[tuple[Ticket, float | None]]:
    """The open public reports a resident reporting at `place` (address, lat, lon) is offered to add theirs to:
    within [tickets] duplicate_radius_m, from the public map's [reports] map_days."""
    address, lat, lon = place
    settings = current_app.config["CCT"]
    return tickets.nearby_public_reports(
        category, lat, lon, address, settings.tickets.duplicate_radius_m, settings.reports.map_days
    )
