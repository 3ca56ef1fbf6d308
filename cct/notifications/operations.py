"""Create and dismiss notices. The request (or job) commits."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cct import db
from cct.actions import audit, operation
from cct.auth.actors import SYSTEM
from cct.auth.models import User
from cct.auth.roles import Role
from cct.db import utcnow
from cct.errors import NotFound
from cct.notifications.models import Notification


@operation("notification.created", _l("Notification sent"))
def notify(role: Role, kind: str, message: str, link: str | None = None, unit_id: int | None = None) -> Notification:
    """A notice for everyone holding `role` (in the unit `unit_id`, when given), from the service itself."""
    notice = Notification(role=role.value, kind=kind, message=message, link=link, unit_id=unit_id)
    db.session.add(notice)
    db.session.flush()
    audit(notice, SYSTEM, role=role.value, kind=kind, unit_id=unit_id)
    return notice


@operation("notification.read", _l("Notification read"))
def mark_read(user: User, notice_id: int) -> None:
    notice = db.session.get(Notification, notice_id)
    if (
        notice is None
        or notice.role not in {role.value for role in user.roles}
        or (notice.unit_id is not None and notice.unit_id not in user.unit_ids)
    ):
        raise NotFound("notice_not_found", _("No such notice."))
    if notice.read_at is None:
        notice.read_at = utcnow()
        notice.read_by_id = user.id
        db.session.flush()
        audit(notice, user, {"read_at": [None, notice.read_at]})
