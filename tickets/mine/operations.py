"""The one-time codes of "Moje zgłoszenia": sent to a phone number (SMS) or an e-mail address, typed back to open
that contact's list on one browser for a while. No account, no password.

- The answer to "send me a code" is the same whether or not the contact has tickets: a code is always sent (a
  resident without tickets signs in to an empty list), so neither the answer nor the time it takes tells anything.
- A code is six digits, valid [my_reports] code_minutes, good once, and refused for good after code_tries wrong
  guesses (a million codes, five guesses: one chance in 200,000).
- Sending is limited per contact (per_contact_limit) and per network address (per_address_limit) in window_minutes.
- Kept: keyed digests of the code, the contact and the network address; the code's text travels only in the sending
  job, whose payload is forgotten once it has ended (cct.jobs, transient); the SMS log keeps the code masked.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import delete, update

from cct import db, mail, slots
from cct.actions import audit, operation
from cct.auth.actors import RESIDENT
from cct.db import utcnow
from cct.errors import UserError
from cct.keyed import keyed
from cct.privacy.operations import digest
from cct.privacy.schemas import Erasable, Held, Retained, Subject, subject_from
from tickets import operations as tickets
from tickets import photos
from tickets.mine import queries
from tickets.mine.models import ResidentCode
from tickets.mine.schemas import CODE_DIGITS, CONTACT_TYPED_MAX, MyReportsSettings, typed_code
from tickets.models import Ticket

MASK = "•" * CODE_DIGITS


def settings() -> MyReportsSettings:
    return current_app.config["CCT"].my_reports


@dataclass(frozen=True)
class Holder:
    """Whose list a browser may open: the contact typed and the code sent to it (kept in the browser's session)."""

    kind: str
    contact: str
    code_id: int

    @property
    def subject(self) -> Subject:
        return Subject("phone" if self.kind == "phone" else "email", self.contact)

    @property
    def phone(self) -> str | None:
        return self.subject.phone

    @property
    def email(self) -> str | None:
        return self.subject.email

    def as_session(self) -> dict[str, Any]:
        return {"kind": self.kind, "contact": self.contact, "code_id": self.code_id}

    @classmethod
    def from_session(cls, stored: Any) -> Holder | None:
        if not isinstance(stored, dict):
            return None
        kind, contact, code_id = stored.get("kind"), stored.get("contact"), stored.get("code_id")
        if kind not in ("phone", "email") or not isinstance(contact, str) or not isinstance(code_id, int):
            return None
        return cls(kind, contact, code_id)


def _code_digest(contact_digest: str, code: str) -> str:
    return keyed(f"resident-code:{contact_digest}:{code}")


def can_send(kind: str) -> bool:
    """Whether codes can reach a phone (an SMS sender is configured) or an e-mail address ([mail] is on)."""
    if kind == "phone":
        return any(slots.gathered("sms.sender"))
    return mail.settings().enabled


def _network(address: str) -> str:
    """The network a request came from, for the per-address limit: an IPv4 address, or an IPv6 address's /64 (one
    household's, which hands out as many addresses as it likes)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def minutes_text(minutes: int) -> str:
    """ "10 minutes", "1 minute", "22 minutes" in the language of the page."""
    return ngettext("%(num)d minute", "%(num)d minutes", minutes)


def _check_rate(contact_digest: str, address_digest: str, now: datetime) -> None:
    rules = settings()
    since = now - timedelta(minutes=rules.window_minutes)
    if queries.sent_to(contact_digest, since) >= rules.per_contact_limit:
        message = ngettext(
            "A code was sent to this contact %(num)d time in the last %(minutes)s. Use the last code, or try again "
            "later.",
            "A code was sent to this contact %(num)d times in the last %(minutes)s. Use the last code, or try again "
            "later.",
            rules.per_contact_limit,
            minutes=minutes_text(rules.window_minutes),
        )
        raise UserError("rate_limited", message, "contact", status=429)
    if queries.asked_from(address_digest, since) >= rules.per_address_limit:
        message = _(
            "Too many codes were asked for from your connection. Try again in %(minutes)s.",
            minutes=minutes_text(rules.window_minutes),
        )
        raise UserError("rate_limited", message, "contact", status=429)


@operation("resident_code.sent", _l("One-time code sent to a resident"))
def send_code(typed: str, address: str) -> Holder:
    """Send a new code to the phone number or e-mail address typed; the holder the browser keeps until the code is
    typed back. The same whatever the contact has: see the module's note."""
    subject = subject_from((typed or "")[:CONTACT_TYPED_MAX], "contact")
    if not can_send(subject.kind):
        if subject.kind == "phone":
            message = _("Codes cannot be sent by SMS at the moment. Give your e-mail address, or call the helpline.")
        else:
            message = _("Codes cannot be sent by e-mail at the moment. Give your phone number, or call the helpline.")
        raise UserError("channel_off", message, "contact", status=503)
    now = utcnow()
    contact_digest = digest(subject)
    address_digest = keyed(f"address:{_network(address)}")
    # count, then add: under these locks two requests at once cannot both take the last place (contact first, then
    # address, always in this order)
    db.lock_in_transaction(f"resident-code:{contact_digest}")
    db.lock_in_transaction(f"resident-code:{address_digest}")
    _check_rate(contact_digest, address_digest, now)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    minutes = settings().code_minutes
    row = ResidentCode(
        contact_kind=subject.kind,
        contact_digest=contact_digest,
        address_digest=address_digest,
        code_digest=_code_digest(contact_digest, code),
        created_at=now,
        expires_at=now + timedelta(minutes=minutes),
    )
    db.session.add(row)
    db.session.flush()
    purpose = f"resident-code:{row.id}:{secrets.token_hex(8)}"  # unique even if the log's ids are ever reused
    if subject.phone:
        sender = next(found for found in slots.gathered("sms.sender") if found)
        sender(subject.phone, _sms(code, minutes), purpose, kept=_sms(MASK, minutes))
    else:
        body = render_template("mine/code_mail.txt", code=code, minutes=minutes, minutes_text=minutes_text)
        mail.queue(subject.value, _("Your code for My reports"), body, purpose, secret=True)  # never in a subject
    audit(row, RESIDENT, contact_kind=subject.kind)
    return Holder(subject.kind, subject.value, row.id)


def _sms(code: str, minutes: int) -> str:
    return _(
        "%(code)s is your code for My reports (Białystok City Hall). Valid %(minutes)d min. Do not give it to anyone.",
        code=code,
        minutes=minutes,
    )


@dataclass(frozen=True)
class WrongCode:
    """A guess that was not the code sent: counted all the same (the request commits it), and what to tell."""

    message: str


def _too_many() -> str:
    return _("The code was typed wrong too many times. Ask for a new one.")


@operation("resident_code.used", _l("One-time code used by a resident"))
def use_code(holder: Holder, typed: str) -> Holder | WrongCode:
    """Open the list for the holder when the code typed is the one sent. Every guess is counted before it is
    compared, by one conditional UPDATE whose row lock lasts until the request commits: guesses sent at once wait for
    each other, so none gets past [my_reports] code_tries, and of two right ones only the first opens the list."""
    row = queries.code(holder.code_id)
    if row is None or row.contact_digest != digest(holder.subject):
        raise UserError("code_unknown", _("Ask for a code first."), "code")
    given = typed_code(typed)
    if not given:
        raise UserError("code_required", _("Type the code you received."), "code")
    now = utcnow()
    rules = settings()
    counted = db.session.execute(
        update(ResidentCode)
        .where(
            ResidentCode.id == row.id,
            ResidentCode.used_at.is_(None),
            ResidentCode.expires_at > now,
            ResidentCode.tries < rules.code_tries,
        )
        .values(tries=ResidentCode.tries + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(row)
    if counted.rowcount != 1:
        if row.used_at is not None:
            raise UserError("code_used", _("This code has been used already. Ask for a new one."), "code")
        if row.expires_at <= now:
            raise UserError("code_expired", _("This code has expired. Ask for a new one."), "code")
        raise UserError("code_tries", _too_many(), "code")
    if not hmac.compare_digest(_code_digest(row.contact_digest, given), row.code_digest):
        audit(row, RESIDENT, {"tries": [row.tries - 1, row.tries]}, contact_kind=row.contact_kind)
        left = rules.code_tries - row.tries
        if left <= 0:
            return WrongCode(_too_many())
        return WrongCode(_("This is not the code we sent. Tries left: %(left)d.", left=left))
    row.used_at = now
    row.session_until = now + timedelta(minutes=rules.session_minutes)
    db.session.flush()
    audit(row, RESIDENT, {"used_at": [None, now]}, contact_kind=row.contact_kind)
    return holder


def signed_in(holder: Holder | None) -> bool:
    """Whether the holder's code opened the list and its time is not over (nor ended by signing out)."""
    if holder is None:
        return False
    row = queries.code(holder.code_id)
    return (
        row is not None
        and row.used_at is not None
        and row.ended_at is None
        and row.session_until is not None
        and row.session_until > utcnow()
        and row.contact_digest == digest(holder.subject)
    )


@operation("resident_code.ended", _l("Resident signed out of My reports"))
def sign_out(holder: Holder) -> None:
    row = queries.code(holder.code_id)
    if row is None or row.ended_at is not None:
        return
    row.ended_at = utcnow()
    db.session.flush()
    audit(row, RESIDENT, {"ended_at": [None, row.ended_at]})


def add_to_ticket(ticket: Ticket, comment: str, uploads: Sequence[tuple[str, bytes]]) -> None:
    """A resident's comment and photos on their own ticket: the photos checked and re-encoded without their metadata
    as the report form's are ([reports] max_photos, photo_max_mb), then added through the tickets' operation."""
    reports = current_app.config["CCT"].reports
    if len(uploads) > reports.max_photos:
        raise UserError("too_many_photos", _("At most %(n)d photos.", n=reports.max_photos), "photos")
    cleaned = [photos.clean(name, data, reports.photo_max_mb, photos.NAME_MAX) for name, data in uploads]
    tickets.add_from_resident(ticket, comment, [(photo.filename, photo.data) for photo in cleaned])


# -- personal data: cct.privacy's slots ------------------------------------------------------------------------------


def retention(now: datetime, apply: bool, limit: int, **_context: Any) -> list[Retained]:
    """The slot "privacy.retention": the log of codes sent and used, past [my_reports] log_days, is deleted."""
    days = settings().log_days
    cutoff = now - timedelta(days=days)
    if apply:
        ids = [row.id for row in queries.logged_page_before(cutoff, limit)]
        if ids:
            db.session.execute(delete(ResidentCode).where(ResidentCode.id.in_(ids)))
        count = len(ids)
    else:
        count = queries.logged_before(cutoff)
    label = _("One-time codes of My reports sent and used (keyed digests, no codes): deleted")
    return [Retained("my_reports.codes", label, _("%(days)d days ([my_reports] log_days)", days=days), count)]


CODE_FIELDS = (
    ("sent_at", _l("Sent")),
    ("by", _l("Sent by")),
    ("used_at", _l("Used")),
    ("ended_at", _l("Signed out")),
)


def held(subject: Subject, **_context: Any) -> list[Held]:
    """The slot "privacy.held": the codes sent to the person and when each was used."""
    records = [
        {
            "sent_at": row.created_at.isoformat(),
            "by": "SMS" if row.contact_kind == "phone" else "e-mail",
            "used_at": row.used_at.isoformat() if row.used_at else None,
            "ended_at": row.ended_at.isoformat() if row.ended_at else None,
        }
        for row in queries.logged_for(digest(subject))
    ]
    return [Held("my_reports", _("One-time codes of My reports"), CODE_FIELDS, records)]


def erase(subject: Subject, apply: bool, **_context: Any) -> list[Erasable]:
    """The slot "privacy.erase": the person's codes are deleted (signing them out of My reports)."""
    rows = queries.logged_for(digest(subject))
    if apply and rows:
        db.session.execute(delete(ResidentCode).where(ResidentCode.id.in_([row.id for row in rows])))
    return [Erasable(_("One-time codes of My reports"), len(rows))]
