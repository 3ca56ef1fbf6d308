"""Who may do what with office supplies: every member of staff asks for what they need; the chancery clerk keeps
the stock (items, deliveries, issues); the clerk or the Director approves a request."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from cct.errors import Forbidden


def can_keep(user: Any) -> bool:
    return user.is_system or user.has_permission("chancery.supplies")


def require_keep(user: Any) -> None:
    if not can_keep(user):
        raise Forbidden("forbidden", _("Only the chancery clerk keeps the office supplies."))


def require_approve(user: Any) -> None:
    if not (user.is_system or user.has_permission("chancery.supplies.approve")):
        raise Forbidden("forbidden", _("Only the chancery clerk or the Director approves requests for supplies."))


def require_request(user: Any) -> None:
    if not (user.is_system or user.has_permission("chancery.supplies.request")):
        raise Forbidden("forbidden", _("Sign in as a member of staff to ask for supplies."))
