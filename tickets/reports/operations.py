"""Residents' reports from the public form (no account): a category of public space, a description, a place (a
street from the city's list with a house number, or a point on the map), photos, and optionally contact details
with consent to updates. A report becomes a ticket (channel web) in the same pipeline as calls: routing, SLA,
history, likely-duplicate flag.

Spam protection: a honeypot field people never see, and at most [reports] per_address_limit reports from one
network address per per_address_window_minutes (the address is kept only as a keyed hash, for a day).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete

from cct import contacts, db
from cct.actions import audit, operation
from cct.auth.actors import RESIDENT
from cct.db import utcnow
from cct.errors import Refused, UserError
from tickets import operations as tickets
from tickets import photos as photo_rules
from tickets import queries as ticket_queries
from tickets.models import Category, Ticket
from tickets.reports import queries, streets
from tickets.reports.models import ReportSubmission
from tickets.reports.schemas import (
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    HOUSE_NUMBER_CHARS,
    HOUSE_NUMBER_MAX,
    PHOTO_NAME_MAX,
    STREET_MAX,
    ReportInput,
    ReportsSettings,
)
from tickets.schemas import NAME_MAX, TicketInput, inside
from tickets.states import Channel

FORGET_AFTER = timedelta(days=1)


def _settings() -> ReportsSettings:
    return current_app.config["CCT"].reports


def check_rate(address: str) -> None:
    """Refuse (429) when this address has sent its share of reports in the window."""
    reports = _settings()
    sent = queries.sent_from(address, utcnow() - timedelta(minutes=reports.per_address_window_minutes))
    if sent >= reports.per_address_limit:
        message = _(
            "Too many reports from your connection in a short time. Try again in %(minutes)d minutes, "
            "or call the helpline.",
            minutes=reports.per_address_window_minutes,
        )
        raise UserError("rate_limited", message, None, status=429)


def place_of(data: ReportInput) -> tuple[str | None, float | None, float | None]:
    """Where a report is, as the form gives it (street and number, or the point marked); a UserError otherwise."""
    street_given = data.street.strip()
    number = " ".join(data.house_number.split())[:HOUSE_NUMBER_MAX]
    if number and not set(number) <= HOUSE_NUMBER_CHARS:
        raise UserError(
            "bad_house_number", _("A house number has digits and letters only, e.g. 14A or 3/5."), "house_number"
        )
    lat_lon = _point(data.lat, data.lon)
    if not street_given and lat_lon is None:
        raise UserError("place_required", _("Choose the street or mark the place on the map."), "street")
    address = None
    if street_given:
        street = streets.match(street_given[:STREET_MAX], _settings().streets_file)
        if street is None:
            message = _(
                "There is no street %(name)s in Białystok on our list. Choose one from the list.",
                name=street_given[:100],
            )
            raise UserError("unknown_street", message, "street")
        address = f"{street} {number}".strip()
    elif number:
        raise UserError("number_without_street", _("Give the street of this house number."), "street")
    lat, lon = lat_lon if lat_lon else (None, None)
    return address, lat, lon


def _joined(data: ReportInput, category: Category, place: tuple[str | None, float | None, float | None]) -> Ticket:
    """The open public report the resident chose to add theirs to: it must still be one the form offered them (the
    same category, near the same place, open, shown on the public map)."""
    for ticket, _distance in queries.reported_nearby(category, place):
        if ticket.number == data.join.strip():
            return ticket
    raise UserError(
        "join_not_offered",
        _("The report you chose to add to is no longer open near this place. Send yours as a new report."),
        "join",
    )


def _point(lat: str, lon: str) -> tuple[float, float] | None:
    if not (lat or "").strip() and not (lon or "").strip():
        return None
    try:
        point = float(lat), float(lon)
    except (TypeError, ValueError):
        raise UserError("bad_coordinates", _("The point on the map is not valid; mark it again."), "street") from None
    if not inside(_settings().bounds, *point):
        raise UserError("outside_city", _("The point on the map is outside Białystok."), "street")
    return point


def _category(code: str) -> Category:
    category = ticket_queries.public_category(code)
    if category is None:
        raise UserError("unknown_category", _("Choose what the report is about."), "category")
    return category


def _check(data: ReportInput) -> tuple[Category, str, tuple[str | None, float | None, float | None], list[Any]]:
    """The report's parts, cleaned; or Refused naming every field at fault."""
    errors: list[UserError] = []
    found: dict[str, Any] = {}

    def attempt(name: str, check: Any) -> None:
        try:
            found[name] = check()
        except UserError as error:
            if error.field not in {known.field for known in errors}:  # one message a field
                errors.append(error)

    def description() -> str:
        text = contacts.clean_text(data.description, "description", DESCRIPTION_MAX)
        if len(text) < DESCRIPTION_MIN:
            raise UserError("too_short", _("Describe the problem in a few words."), "description")
        return text

    reports = _settings()

    def photos() -> list[Any]:
        uploads = [(name, content) for name, content in data.photos if name or content]
        if len(uploads) > reports.max_photos:
            raise UserError("too_many_photos", _("At most %(n)d photos.", n=reports.max_photos), "photos")
        return [photo_rules.clean(name, content, reports.photo_max_mb, PHOTO_NAME_MAX) for name, content in uploads]

    def consent() -> None:
        if data.wants_updates and not (data.phone.strip() or data.email.strip()):
            raise UserError(
                "consent_without_contact", _("Give a phone number or an e-mail address for the updates."), "phone"
            )

    attempt("category", lambda: _category(data.category))
    attempt("description", description)
    attempt("street", lambda: place_of(data))
    attempt("photos", photos)
    attempt("phone", lambda: contacts.clean_phone(data.phone, "phone"))
    attempt("email", lambda: contacts.clean_email(data.email, "email"))
    attempt("updates", consent)
    if errors:
        raise Refused(errors)
    return found["category"], found["description"], found["street"], found["photos"]


@operation("report.submitted", _l("Resident's report received"))
def submit(data: ReportInput, address: str) -> Ticket:
    """Open a ticket from a resident's report, with its photos stripped of metadata; nothing is kept if any part
    is wrong (the request rolls back)."""
    if data.honeypot.strip():
        raise UserError("spam", _("The report could not be accepted."), None)
    check_rate(address)
    category, description, located, cleaned = _check(data)
    place, lat, lon = located
    joined = _joined(data, category, located) if data.join.strip() else None
    phone = data.phone.strip() or None
    email = data.email.strip() or None
    ticket = tickets.create_ticket(
        RESIDENT,
        TicketInput(
            subject=tickets.subject_from(description, category.name),
            description=description,
            category=category.code,
            channel=Channel.WEB.value,
            resident_name=data.name.strip()[:NAME_MAX] or None,
            resident_phone=phone,
            resident_email=email,
            consent_sms=bool(data.wants_updates and phone),
            consent_email=bool(data.wants_updates and email),
            address=place,
            lat=lat,
            lon=lon,
        ),
    )
    for photo in cleaned:
        tickets.add_attachment(RESIDENT, ticket, photo.filename, photo.data)
    now = utcnow()
    db.session.execute(delete(ReportSubmission).where(ReportSubmission.at < now - FORGET_AFTER))
    submission = ReportSubmission(at=now, address_hash=queries.address_hash(address), ticket_id=ticket.id)
    db.session.add(submission)
    db.session.flush()
    audit(submission, RESIDENT, ticket=ticket.number, photos=len(cleaned), joined=joined.number if joined else None)
    if joined is not None:  # the resident's own report, with its photos and contact, goes on as part of that one
        tickets.mark_duplicate(RESIDENT, ticket, joined, None)
    return ticket
