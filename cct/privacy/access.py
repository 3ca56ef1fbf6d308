"""A page's record of a look at a resident's personal data: who (the signed-in user), from where, what."""

from __future__ import annotations

from flask import request
from flask_login import current_user

from cct.privacy import operations
from cct.privacy.schemas import AccessKind


def accessed(kind: AccessKind, subject: str | None = "", ref: str = "") -> None:
    """Log that the signed-in user of this request opened `ref` (a ticket's number, a call) about `subject` (the
    person's phone or e-mail, when known). Committed with the request; a failed request leaves no line."""
    if current_user.is_authenticated:
        operations.record_access(current_user._get_current_object(), request.remote_addr, kind, subject, ref)
