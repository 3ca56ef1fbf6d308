"""Residents' reports from the public form (no account): a category of public space, a description, a place (a
street from the city's list with a house number, or a point on the map), photos, and optionally contact details
with consent to updates. A report becomes a ticket (channel web) in the same pipeline as calls: routing, SLA,
history, likely-duplicate flag.

Spam protection: a honeypot field people never see, and at most [reports] per_address_limit reports from one
network address per per_address_window_minutes (the address is kept only as a keyed hash, for a day).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from cct import contacts, db
from cct.config import Settings
from cct.db import utcnow
from cct.errors import UserError
from tickets import photos as photo_rules
from tickets import streets
from tickets.models import Category, ReportSubmission, Ticket
from tickets.operations import TicketInput, add_attachment, create_ticket, subject_from
from tickets.states import Channel

MAX_DESCRIPTION = 4000
MIN_DESCRIPTION = 10
HOUSE_NUMBER_CHARS = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/- ")
FORGET_AFTER = timedelta(days=1)


@dataclass
class ReportInput:
    category: str
    description: str
    street: str = ""
    house_number: str = ""
    lat: str = ""
    lon: str = ""
    name: str = ""
    phone: str = ""
    email: str = ""
    wants_updates: bool = False
    honeypot: str = ""
    photos: list[tuple[str, bytes]] = field(default_factory=list)


def _settings() -> Settings:
    return current_app.config["CCT"]


def public_categories() -> list[Category]:
    """The categories residents report in: active matters of public space, by name within their group."""
    rows = db.session.scalars(
        select(Category).where(Category.active.is_(True), Category.public_reports.is_(True)).order_by(Category.code)
    )
    return sorted(rows, key=lambda c: (c.parent.name if c.parent else c.name, c.parent is not None, c.name))


def address_hash(address: str) -> str:
    """A keyed hash of a network address: enough to count reports from it, useless to learn it back."""
    return hmac.new(current_app.config["SECRET_KEY"].encode(), address.encode(), hashlib.sha256).hexdigest()


def check_rate(address: str) -> None:
    """Refuse (429) when this address has sent its share of reports in the window."""
    reports = _settings().reports
    since = utcnow() - timedelta(minutes=reports.per_address_window_minutes)
    sent = db.session.scalar(
        select(func.count())
        .select_from(ReportSubmission)
        .where(ReportSubmission.address_hash == address_hash(address), ReportSubmission.at >= since)
    )
    if sent >= reports.per_address_limit:
        message = _(
            "Too many reports from your connection in a short time. Try again in %(minutes)d minutes, "
            "or call the helpline.",
            minutes=reports.per_address_window_minutes,
        )
        raise UserError("rate_limited", message, None, status=429)


def _place(data: ReportInput) -> tuple[str | None, float | None, float | None]:
    street_given = data.street.strip()
    number = " ".join(data.house_number.split())[:20]
    if number and not set(number) <= HOUSE_NUMBER_CHARS:
        raise UserError(
            "bad_house_number", _("A house number has digits and letters only, e.g. 14A or 3/5."), "house_number"
        )
    lat_lon = _point(data.lat, data.lon)
    if not street_given and lat_lon is None:
        raise UserError("place_required", _("Choose the street or mark the place on the map."), "street")
    address = None
    if street_given:
        street = streets.match(street_given[:200], _settings().reports.streets_file)
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


def _point(lat: str, lon: str) -> tuple[float, float] | None:
    if not (lat or "").strip() and not (lon or "").strip():
        return None
    try:
        point = float(lat), float(lon)
    except (TypeError, ValueError):
        raise UserError("bad_coordinates", _("The point on the map is not valid; mark it again."), "street") from None
    south, west, north, east = _settings().reports.bounds
    if not (south <= point[0] <= north and west <= point[1] <= east):
        raise UserError("outside_city", _("The point on the map is outside Białystok."), "street")
    return point


def _category(code: str) -> Category:
    category = db.session.scalar(
        select(Category).where(Category.code == code, Category.active.is_(True), Category.public_reports.is_(True))
    )
    if category is None:
        raise UserError("unknown_category", _("Choose what the report is about."), "category")
    return category


class ReportRefused(UserError):
    """Everything wrong with a report at once, by field: a resident corrects it all in one go."""

    def __init__(self, errors: list[UserError]) -> None:
        super().__init__("invalid_report", errors[0].message, errors[0].field)
        self.errors = errors


def _check(data: ReportInput) -> tuple[Category, str, tuple[str | None, float | None, float | None], list[Any]]:
    """The report's parts, cleaned; or ReportRefused naming every field at fault."""
    errors: list[UserError] = []
    found: dict[str, Any] = {}

    def attempt(name: str, check: Any) -> None:
        try:
            found[name] = check()
        except UserError as error:
            if error.field not in {known.field for known in errors}:  # one message a field
                errors.append(error)

    def description() -> str:
        text = contacts.clean_text(data.description, "description", MAX_DESCRIPTION)
        if len(text) < MIN_DESCRIPTION:
            raise UserError("too_short", _("Describe the problem in a few words."), "description")
        return text

    reports = _settings().reports

    def photos() -> list[Any]:
        uploads = [(name, content) for name, content in data.photos if name or content]
        if len(uploads) > reports.max_photos:
            raise UserError("too_many_photos", _("At most %(n)d photos.", n=reports.max_photos), "photos")
        return [photo_rules.clean(name, content, reports.photo_max_mb) for name, content in uploads]

    def consent() -> None:
        if data.wants_updates and not (data.phone.strip() or data.email.strip()):
            raise UserError(
                "consent_without_contact", _("Give a phone number or an e-mail address for the updates."), "phone"
            )

    attempt("category", lambda: _category(data.category))
    attempt("description", description)
    attempt("street", lambda: _place(data))
    attempt("photos", photos)
    attempt("phone", lambda: contacts.clean_phone(data.phone, "phone"))
    attempt("email", lambda: contacts.clean_email(data.email, "email"))
    attempt("updates", consent)
    if errors:
        raise ReportRefused(errors)
    return found["category"], found["description"], found["street"], found["photos"]


def submit(data: ReportInput, address: str) -> Ticket:
    """Open a ticket from a resident's report, with its photos stripped of metadata; nothing is kept if any part
    is wrong (the caller rolls back)."""
    if data.honeypot.strip():
        raise UserError("spam", _("The report could not be accepted."), None)
    check_rate(address)
    category, description, (place, lat, lon), cleaned = _check(data)
    phone = data.phone.strip() or None
    email = data.email.strip() or None
    ticket = create_ticket(
        None,
        TicketInput(
            subject=subject_from(description, category),
            description=description,
            category=category.code,
            channel=Channel.WEB.value,
            resident_name=data.name.strip()[:200] or None,
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
        add_attachment(None, ticket, photo.filename, photo.data)
    now = utcnow()
    db.session.execute(delete(ReportSubmission).where(ReportSubmission.at < now - FORGET_AFTER))
    db.session.add(ReportSubmission(at=now, address_hash=address_hash(address), ticket_id=ticket.id))
    db.session.flush()
    return ticket


def form_data(form: Any, files: Any) -> ReportInput:
    """The report as the form sent it (werkzeug's form and files)."""
    return ReportInput(
        category=form.get("category", ""),
        description=form.get("description", ""),
        street=form.get("street", ""),
        house_number=form.get("house_number", ""),
        lat=form.get("lat", ""),
        lon=form.get("lon", ""),
        name=form.get("name", ""),
        phone=form.get("phone", ""),
        email=form.get("email", ""),
        wants_updates=form.get("updates") in ("y", "on", "1", "true"),
        honeypot=form.get("website", ""),
        photos=[(upload.filename or "", upload.read()) for upload in files.getlist("photos") if upload.filename],
    )
