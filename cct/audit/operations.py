"""Audit rows from the `audited` signal, in the transaction of the change (nothing else writes them)."""

from __future__ import annotations

from typing import Any

from cct import db
from cct.audit.models import AuditEntry
from cct.changes import plain


def record(
    sender: Any,
    *,
    actor: Any,
    action: str,
    changes: dict[str, Any],
    detail: dict[str, Any],
    ip: str | None = None,
    **_: Any,
) -> None:
    """The `audited` signal's subscriber: one row, what changed from → to and the operation's detail."""
    values = {key: plain(value) for key, value in {**detail, **changes}.items()}
    if getattr(actor, "is_system", False):
        values.setdefault("by", actor.name)  # which system actor: the service itself, or a resident
    db.session.add(
        AuditEntry(
            actor_id=None if getattr(actor, "is_system", True) else actor.id,
            action=action,
            object_type=type(sender).__name__ if sender is not None else "-",
            object_id=str(sender.id) if getattr(sender, "id", None) is not None else None,
            changes=values,
            ip=ip,
        )
    )
