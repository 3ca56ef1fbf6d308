"""Which update a change to a ticket owes its resident: "opened" (its number and code), "resolved" (the last public
reply) or "merged" (the number that goes on), each with a purpose key that makes it one message per reason, whatever
the channel. SMS (telephony) and e-mail (tickets.operations) both follow this one decision. Pure."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tickets.states import TicketState

OPENED, RESOLVED, MERGED = "opened", "resolved", "merged"


def owed_update(
    kind: str, changes: dict[str, Any], number: str, resolved_at: datetime | None
) -> tuple[str, str] | None:
    """The update a history event of kind `kind` owes (the update and its purpose key), or None."""
    if kind == "created":
        return OPENED, f"opened:{number}"
    if kind == "state_changed" and changes.get("state", [None, None])[1] == TicketState.RESOLVED.value:
        return RESOLVED, f"resolved:{number}:{resolved_at.isoformat() if resolved_at else ''}"
    if kind == "merged_into":
        return MERGED, f"merged:{number}"
    return None
