"""Reading the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from cct import db
from cct.audit.models import AuditEntry
from cct.auth.models import User


def latest(limit: int = 200) -> list[Any]:
    """The newest entries with the login of who made them (None: the system or a resident)."""
    return list(
        db.session.execute(
            select(AuditEntry, User.login)
            .outerjoin(User, User.id == AuditEntry.actor_id)
            .order_by(AuditEntry.id.desc())
            .limit(limit)
        ).all()
    )
