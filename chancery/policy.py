"""Who may do what at the chancery desk: the clerk (and administrators, who may step in as in every domain) keep the
register and the cases; a letter marked restricted is read only by the clerk and the person it is assigned to."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from cct.errors import Forbidden
from chancery.models import Letter
from chancery.states import Access


def can_work(user: Any) -> bool:
    return user.is_system or user.has_permission("chancery.work")


def require_work(user: Any) -> None:
    if not can_work(user):
        raise Forbidden("forbidden", _("Only the chancery desk may do this."))


def can_read_content(user: Any, letter: Letter) -> bool:
    """A restricted letter's scan and details are for the clerk and its assignee, not every administrator."""
    if letter.access != Access.RESTRICTED:
        return can_work(user)
    return user.is_system or user.has_permission("chancery.restricted") or letter.assignee_id == user.id
