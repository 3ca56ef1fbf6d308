"""Reading notices."""

from __future__ import annotations

from sqlalchemy import or_, select

from cct import db
from cct.auth.models import User
from cct.notifications.models import Notification


def unread_for(user: User, limit: int = 20) -> list[Notification]:
    roles = [role.value for role in user.roles]
    statement = (
        select(Notification)
        .where(
            Notification.role.in_(roles),
            Notification.read_at.is_(None),
            or_(Notification.unit_id.is_(None), Notification.unit_id.in_(list(user.unit_ids))),
        )
        .order_by(Notification.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(statement))
