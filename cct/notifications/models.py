from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cct.auth.roles import Role
from cct.db import Base, one_of, utcnow


class Notification(Base):
    """A notice for everyone holding a role (and, when it names a unit, working in that unit). Read by any one of
    them, it is done for all: one supervisor taking care of an overdue ticket is enough."""

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint(one_of("role", Role), name="role_known"),
        Index("ix_notifications_unread", "role", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(300))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
    read_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
