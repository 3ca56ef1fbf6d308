"""Audit rows from the `audited` signal, in the transaction of the change (nothing else writes them); the privacy
rules take people out of old rows (their addresses, their names in the changes)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from cct import db
from cct.audit.models import AuditEntry
from cct.changes import plain
from cct.redaction import redact_values


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


def forget_addresses(cutoff: datetime, limit: int) -> int:
    """Remove the network address from at most `limit` entries made before `cutoff`; the entries stay (cct.privacy's
    rule, [privacy] audit_address_months). Not an audited operation: the audit log keeps itself."""
    ids = select(AuditEntry.id).where(AuditEntry.at < cutoff, AuditEntry.ip.is_not(None)).limit(limit)
    statement = update(AuditEntry).where(AuditEntry.id.in_(ids.scalar_subquery())).values(ip=None)
    return db.session.execute(statement.execution_options(synchronize_session=False)).rowcount or 0


def redact(object_type: str, known_by_id: dict[str, list[str | None]], keys: Iterable[str]) -> int:
    """Take a person out of the entries about these objects (object id → the person's name, contacts, address): the
    personal `keys` are erased, other text loses the known values, phone numbers and e-mail addresses. The one
    rewrite of the log, for a retention rule or an erasure (GDPR); the number of entries changed."""
    keys = tuple(keys)
    rows = db.session.execute(
        select(AuditEntry.id, AuditEntry.object_id, AuditEntry.changes).where(
            AuditEntry.object_type == object_type, AuditEntry.object_id.in_(list(known_by_id))
        )
    )
    changed = 0
    for entry_id, object_id, values in rows.all():
        cleaned = redact_values(values or {}, keys, known_by_id.get(object_id or "", ()))
        if cleaned != values:
            db.session.execute(update(AuditEntry).where(AuditEntry.id == entry_id).values(changes=cleaned))
            changed += 1
    return changed
