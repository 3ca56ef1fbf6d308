"""Who may do what with tickets: pure checks, and the SQL filter of what a user sees. Views, the API and the
operations ask the same questions here; the system actors (cct.auth.actors) pass on purpose."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, true

from cct.errors import Conflict, Forbidden, UserError
from tickets.models import Ticket
from tickets.states import Channel, StatutoryKind, TicketState, can_transition


def sees_all(user: Any) -> bool:
    """Agents, supervisors and administrators see every ticket; unit staff their units' ones."""
    return user.is_system or user.has_permission("tickets.view_all")


def can_see_unit(user: Any, unit_id: int | None) -> bool:
    """Whether `user` sees the tickets of this unit (its queue, a ticket of it)."""
    return sees_all(user) or unit_id in user.unit_ids


def can_see(user: Any, ticket: Ticket) -> bool:
    return can_see_unit(user, ticket.unit_id)


def visible_units(user: Any) -> list[int] | None:
    """The units whose tickets `user` sees: None for every ticket (those of no unit too)."""
    return None if sees_all(user) else sorted(user.unit_ids)


def visible_to(user: Any) -> ColumnElement[bool]:
    """The tickets `user` sees, as a condition for a query."""
    units = visible_units(user)
    return true() if units is None else Ticket.unit_id.in_(units or [-1])


def can_create(user: Any, channel: str | None = None) -> bool:
    """Agents open tickets from any channel; the chancery clerk only from a letter it registered."""
    if user.is_system or user.has_permission("tickets.create"):
        return True
    return channel == Channel.LETTER and user.has_permission("tickets.from_letter")


def can_work(user: Any, ticket: Ticket) -> bool:
    """Change state, reply, edit: supervisors and administrators anywhere, unit staff in their own units."""
    if user.is_system:
        return True
    return user.has_permission("tickets.work") and can_see_unit(user, ticket.unit_id)


def can_note(user: Any, ticket: Ticket) -> bool:
    """An internal note: whoever sees the ticket (a reply to the resident needs `can_work`)."""
    return user.is_system or (user.has_permission("tickets.view") and can_see(user, ticket))


def can_reroute(user: Any) -> bool:
    return user.is_system or user.has_permission("tickets.reroute")


def can_merge(user: Any, ticket: Ticket) -> bool:
    """Join a duplicate into another ticket, or clear its likely-duplicate flag: whoever works the ticket, and
    agents, who triage what residents report twice."""
    if user.is_system:
        return True
    return user.has_permission("tickets.merge") and can_see(user, ticket)


def can_close_as_duplicate(user: Any, ticket: Ticket) -> bool:
    """Merging closes the ticket as rejected: offered only where that move is legal (not while it waits)."""
    return can_merge(user, ticket) and can_transition(TicketState(ticket.state), TicketState.REJECTED)


def extension_refusal(ticket: Ticket) -> UserError | None:
    """Why a public-information request's deadline cannot be extended now (UDIP art. 13 ust. 2), or None."""
    if ticket.statutory_kind != StatutoryKind.PUBLIC_INFO.value:
        return UserError("not_public_info", _("Only a public-information request can be extended."), "statutory_kind")
    if ticket.extension_notice_at is not None:
        return Conflict("already_extended", _("The deadline has already been extended."), "statutory_kind")
    if not ticket.is_open:
        return Conflict("not_open", _("Only an open request's deadline can be extended."), "statutory_kind")
    return None


def can_extend(user: Any, ticket: Ticket) -> bool:
    return can_work(user, ticket) and extension_refusal(ticket) is None


def can_be_assigned(user: Any, ticket: Ticket) -> bool:
    """Who a ticket may be given to: an active account that works tickets, in the ticket's unit unless it sees them
    all (a supervisor). The staff's form offers only these, and the API refuses anyone else."""
    if user.is_system or not user.active or not user.has_permission("tickets.work"):
        return False
    return can_see_unit(user, ticket.unit_id)


def require(allowed: bool, message: str | None = None) -> None:
    """Refuse (403) an operation the actor may not do."""
    if not allowed:
        raise Forbidden("forbidden", message or _("You may not change this ticket."))


def can_keep_templates(user: Any, unit_id: int | None) -> bool:
    """Answer templates: a unit's are kept by its own staff (and agents, for DKS-III's); the shared ones (no unit),
    and any unit's, by supervisors and administrators."""
    if user.is_system or user.has_permission("tickets.templates_all"):
        return True
    return unit_id is not None and user.has_permission("tickets.templates") and unit_id in user.unit_ids
