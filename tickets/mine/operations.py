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

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, update

from cct import db, mail, slots, web
from cct.actions import audit, operation
from cct.auth.actors import RESIDENT
from cct.db import utcnow
from cct.errors import UserError
from cct.privacy.operations import digest
from cct.privacy.schemas import Erasable, Held, Retained, Subject, subject_from
from tickets.mine import queries
from tickets.mine.models import ResidentCode
from tickets.mine.schemas import CODE_DIGITS, CONTACT_TYPED_MAX, MyReportsSettings, typed_code

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


def _keyed(text: str) -> str:
    return hmac.new(current_app.config["SECRET_KEY"].encode(), text.encode(), hashlib.sha256).hexdigest()


def _code_digest(contact_digest: str, code: str) -> str:
    return _keyed(f"resident-code:{contact_digest}:{code}")


def can_send(kind: str) -> bool:
    """Whether codes can reach a phone (an SMS sender is configured) or an e-mail address ([mail] is on)."""
    if kind == "phone":
        return any(slots.gathered("sms.sender"))
    return mail.settings().enabled


def _check_rate(contact_digest: str, address_digest: str, now: datetime) -> None:
    rules = settings()
    since = now - timedelta(minutes=rules.window_minutes)
    if queries.sent_to(contact_digest, since) >= rules.per_contact_limit:
        message = _(
            "A code was sent to this contact %(count)d times in the last %(minutes)d minutes. Use the last code, or "
            "try again later.",
            count=rules.per_contact_limit,
            minutes=rules.window_minutes,
        )
        raise UserError("rate_limited", message, "contact", status=429)
    if queries.asked_from(address_digest, since) >= rules.per_address_limit:
        message = _(
            "Too many codes were asked for from your connection. Try again in %(minutes)d minutes.",
            minutes=rules.window_minutes,
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
    address_digest = _keyed(f"address:{address}")
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
    purpose = f"resident-code:{row.id}"
    if subject.phone:
        sender = next(found for found in slots.gathered("sms.sender") if found)
        sender(subject.phone, _sms(code, minutes), purpose, kept=_sms(MASK, minutes))
    else:
        body = render_template("mine/code_mail.txt", code=code, minutes=minutes)
        mail.queue(subject.value, _("Your code for My reports: %(code)s", code=code), body, purpose, secret=True)
    audit(row, RESIDENT, contact_kind=subject.kind)
    return Holder(subject.kind, subject.value, row.id)


def _sms(code: str, minutes: int) -> str:
    return _(
        "%(code)s is your code for My reports (Białystok City Hall). Valid %(minutes)d min. Do not give it to anyone.",
        code=code,
        minutes=minutes,
    )


def _counted_wrong(code_id: int) -> None:
    db.session.execute(update(ResidentCode).where(ResidentCode.id == code_id).values(tries=ResidentCode.tries + 1))


@operation("resident_code.used", _l("One-time code used by a resident"))
def use_code(holder: Holder, typed: str) -> Holder:
    """Open the list for the holder when the code typed is the one sent; each wrong one is counted, and stays
    counted though the request is refused."""
    row = queries.code(holder.code_id)
    if row is None or row.contact_digest != digest(holder.subject):
        raise UserError("code_unknown", _("Ask for a code first."), "code")
    given = typed_code(typed)
    if not given:
        raise UserError("code_required", _("Type the code you received."), "code")
    now = utcnow()
    rules = settings()
    if row.used_at is not None:
        raise UserError("code_used", _("This code has been used already. Ask for a new one."), "code")
    if row.expires_at <= now:
        raise UserError("code_expired", _("This code has expired. Ask for a new one."), "code")
    if row.tries >= rules.code_tries:
        raise UserError("code_tries", _("The code was typed wrong too many times. Ask for a new one."), "code")
    if not hmac.compare_digest(_code_digest(row.contact_digest, given), row.code_digest):
        left = rules.code_tries - row.tries - 1
        _counted_wrong(row.id)
        web.keep_after_rollback(lambda: _counted_wrong(row.id))  # the refusal rolls back; the guess stays counted
        if left <= 0:
            raise UserError("code_tries", _("The code was typed wrong too many times. Ask for a new one."), "code")
        raise UserError("code_wrong", _("This is not the code we sent. Tries left: %(left)d.", left=left), "code")
    # one browser only: of two typing the right code at once, one opens the list
    claimed = db.session.execute(
        update(ResidentCode)
        .where(ResidentCode.id == row.id, ResidentCode.used_at.is_(None))
        .values(used_at=now, session_until=now + timedelta(minutes=rules.session_minutes))
        .execution_options(synchronize_session="fetch")
    )
    if claimed.rowcount != 1:
        raise UserError("code_used", _("This code has been used already. Ask for a new one."), "code")
    audit(row, RESIDENT, contact_kind=row.contact_kind)
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
