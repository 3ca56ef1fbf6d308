"""Checks for the contact details people type: a phone number (kept in E.164) and an e-mail address."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from cct.errors import UserError
from cct.phones import to_e164


def clean_phone(text: str | None, field: str) -> str | None:
    """The E.164 form of a typed number; None for an empty one; a UserError on `field` otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    e164 = to_e164(text)
    if e164 is None:
        raise UserError("bad_phone", _("%(phone)s is not a valid phone number.", phone=text), field)
    return e164


def clean_email(text: str | None, field: str) -> str | None:
    """The normalised address; None for an empty one; a UserError on `field` otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        raise UserError("bad_email", _("%(email)s is not a valid e-mail address.", email=text), field) from None
