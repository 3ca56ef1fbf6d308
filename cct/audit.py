"""The audit log: signals from operations become rows (who, when, what, from -> to), in the same transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cct import db
from cct.changes import plain
from cct.db import Base, utcnow
from cct.signals import entity_created, entity_updated, security_event


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(64))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip: Mapped[str | None] = mapped_column(String(45))


def _record(obj: Any, actor: Any, action: str, changes: dict[str, Any], ip: str | None = None) -> None:
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=type(obj).__name__ if obj is not None else "-",
        object_id=str(obj.id) if getattr(obj, "id", None) is not None else None,
        changes={key: plain(value) for key, value in changes.items()},
        ip=ip,
    )
    db.session.add(entry)


@entity_created.connect
def _on_created(sender: Any, *, actor: Any, action: str, changes: dict[str, Any], **_: Any) -> None:
    _record(sender, actor, action, changes)


@entity_updated.connect
def _on_updated(sender: Any, *, actor: Any, action: str, changes: dict[str, Any], **_: Any) -> None:
    if changes:
        _record(sender, actor, action, changes)


@security_event.connect
def _on_security(
    sender: Any, *, actor: Any, action: str, detail: dict[str, Any], ip: str | None = None, **_: Any
) -> None:
    _record(sender, actor, action, detail, ip)
