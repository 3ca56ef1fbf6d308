"""Reading the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from cct import db
from cct.actions import OPERATIONS
from cct.audit.models import AuditEntry
from cct.auth.models import User

PAGE = 100


def areas() -> list[str]:
    """What the log can be narrowed to: the first part of the declared actions ("ticket", "kb", "user" …)."""
    return sorted({action.split(".", 1)[0] for action in OPERATIONS})


def page(area: str | None = None, login: str | None = None, before: int | None = None) -> tuple[list[Any], int | None]:
    """The newest entries (older than entry `before`), of one area and one person if asked, with the login of who
    made each (None: the system or a resident); and the cursor of the next, older page."""
    statement = (
        select(AuditEntry, User.login)
        .outerjoin(User, User.id == AuditEntry.actor_id)
        .order_by(AuditEntry.id.desc())
        .limit(PAGE + 1)
    )
    if area:
        statement = statement.where(AuditEntry.action.startswith(f"{area}.", autoescape=True))
    if login:
        statement = statement.where(User.login == login)
    if before:
        statement = statement.where(AuditEntry.id < before)
    rows = list(db.session.execute(statement).all())
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    return rows, (rows[-1][0].id if more else None)
