"""Who may do what at the chancery desk: the clerk (and administrators, who may step in as in every domain) keep the
register and the cases; a letter marked restricted (special categories of personal data, a secret protected by
statute) is read and handled only by the chancery clerk: its scan, the sender's address, its routing."""

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
    """A restricted letter's scan, the sender's address and e-mail, and what is done with it are the clerk's alone,
    not every administrator's."""
    if letter.access != Access.RESTRICTED:
        return can_work(user)
    return user.is_system or user.has_permission("chancery.restricted")


def require_content(user: Any, letter: Letter) -> None:
    if not can_read_content(user, letter):
        raise Forbidden("restricted", _("This letter is restricted: only the chancery clerk handles it."))
