"""Create and dismiss notices. The caller commits."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from cct import db
from cct.auth.models import User
from cct.auth.roles import Role
from cct.db import utcnow
from cct.errors import NotFound
from cct.notifications.models import Notification


def notify(role: Role, kind: str, message: str, link: str | None = None) -> Notification:
    notice = Notification(role=role.value, kind=kind, message=message, link=link)
    db.session.add(notice)
    db.session.flush()
    return notice


def unread_for(user: User, limit: int = 20) -> list[Notification]:
    roles = [role.value for role in user.roles]
    statement = (
        select(Notification)
        .where(Notification.role.in_(roles), Notification.read_at.is_(None))
        .order_by(Notification.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(statement))


def mark_read(user: User, notice_id: int) -> None:
    notice = db.session.get(Notification, notice_id)
    if notice is None or notice.role not in {role.value for role in user.roles}:
        raise NotFound("notice_not_found", _("No such notice."))
    if notice.read_at is None:
        notice.read_at = utcnow()
        notice.read_by_id = user.id
        db.session.flush()
