"""Who may see and keep the department's HR registers: the chancery clerk, who keeps them, and the Director (the
spokesperson), who heads the department. Not administrators: an account's rights are theirs, a person's leave and
trips are not. Every view of a person's record is written to the audit log (chancery.hr.operations.record_view)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from cct.errors import Forbidden


def can_keep(user: Any) -> bool:
    return user.is_system or user.has_permission("chancery.hr")


def require_keep(user: Any) -> None:
    if not can_keep(user):
        raise Forbidden("forbidden", _("Only the chancery clerk and the Director keep the HR registers."))
