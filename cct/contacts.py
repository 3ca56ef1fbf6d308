"""Checks for what people type: text of a bounded length, a phone number (kept in E.164), an e-mail address."""

from __future__ import annotations

from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from cct.errors import Unprocessable, UserError
from cct.phones import to_e164


def clean_phone(text: str | None, field: str) -> str | None:
    """The E.164 form of a typed number; None for an empty one; a UserError on `field` otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    e164 = to_e164(text)
    if e164 is None:
        raise Unprocessable("bad_phone", _("%(phone)s is not a valid phone number.", phone=text), field)
    return e164


def clean_email(text: str | None, field: str) -> str | None:
    """The normalised address; None for an empty one; a UserError on `field` otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        raise Unprocessable("bad_email", _("%(email)s is not a valid e-mail address.", email=text), field) from None


def clean_text(value: Any, name: str, limit: int, required: bool = False) -> str:
    """Typed text, stripped: refused when not text, empty while required, or longer than `limit`."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise UserError("not_text", _("This field must be text."), name)
    value = value.strip()
    if required and not value:
        raise UserError("required", _("This field is required."), name)
    if len(value) > limit:
        raise UserError("too_long", _("At most %(n)d characters.", n=limit), name)
    return value
