"""Tickets in the JSON API (/api/v1): token auth, keyset pagination, shapes from tickets.schemas."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cct.api.endpoints import body, documented, query, respond
from cct.auth.access import requires
from cct.errors import Forbidden, NotFound, UserError
from cct.idempotency.web import idempotent
from cct.org import queries as units
from cct.phones import to_e164
from cct.privacy.access import accessed
from cct.privacy.schemas import AccessKind
from tickets import operations, policy, queries
from tickets.models import Category, Ticket
from tickets.numbers import TicketNumber
from tickets.schemas import (
    CategoryList,
    CategoryOut,
    CommentOut,
    NewComment,
    NewTicket,
    PlaceOut,
    ResidentOut,
    StatutoryOut,
    TicketChanges,
    TicketListQuery,
    TicketOut,
    TicketPage,
    TicketPath,
    TransitionIn,
)
from tickets.states import OPEN_VALUES

bp = Blueprint("api_tickets", __name__, url_prefix="/api/v1")
NOT_FOUND = (400, 401, 403, 404)
CONFLICT = (*NOT_FOUND, 409)


def ticket_out(ticket: Ticket) -> TicketOut:
    return TicketOut(
        number=ticket.number,
        subject=ticket.subject,
        description=ticket.description,
        category=ticket.category.code,
        channel=ticket.channel,
        priority=ticket.priority,
        state=ticket.state,
        unit=ticket.unit.code if ticket.unit else None,
        assignee=ticket.assignee.login if ticket.assignee else None,
        resident=ResidentOut(
            name=ticket.resident_name,
            phone=ticket.resident_phone,
            email=ticket.resident_email,
            consent_sms=ticket.consent_sms,
            consent_email=ticket.consent_email,
        ),
        place=PlaceOut(address=ticket.address, district=ticket.district, lat=ticket.lat, lon=ticket.lon),
        tags=ticket.tags,
        first_response_due=ticket.first_response_due,
        resolution_due=ticket.resolution_due,
        first_response_at=ticket.first_response_at,
        resolved_at=ticket.resolved_at,
        closed_at=ticket.closed_at,
        sla=queries.sla_flag(ticket),
        statutory=StatutoryOut(
            kind=ticket.statutory_kind,
            due=ticket.statutory_due,
            via_representative=ticket.via_representative,
            extension_notice_at=ticket.extension_notice_at,
        )
        if ticket.statutory_kind
        else None,
        rejection_reason=ticket.rejection_reason,
        duplicate_of=ticket.duplicate_of.number if ticket.duplicate_of else None,
        created_at=ticket.created_at,
        updated_at=ticket.updated_at,
        version=ticket.version,
    )


def category_out(category: Category) -> CategoryOut:
    return CategoryOut(
        code=category.code,
        name=category.name,
        parent=category.parent.code if category.parent else None,
        unit=category.default_unit.code if category.default_unit else None,
        priority=category.priority,
        first_response_hours=category.first_response_hours,
        resolution_hours=category.resolution_hours,
        statutory_kind=category.statutory_kind,
    )


def _ticket(year: int, seq: int) -> Ticket:
    ticket = queries.find_by_parts(year, seq)
    if ticket is None or not policy.can_see(current_user, ticket):
        number = str(TicketNumber(year, seq))
        raise NotFound("ticket_not_found", _("No ticket with the number %(number)s.", number=number))
    return ticket


def _workable(year: int, seq: int) -> Ticket:
    ticket = _ticket(year, seq)
    if not policy.can_work(current_user, ticket):
        raise Forbidden("forbidden", _("You may not change this ticket."))
    return ticket


@bp.get("/categories")
@requires("tickets.view")
@documented("Active ticket categories", "listCategories", responses={200: CategoryList})
def categories() -> Any:
    return respond(CategoryList(categories=[category_out(c) for c in queries.active_categories()]))


@bp.get("/tickets")
@requires("tickets.view")
@documented(
    "Tickets visible to the account, soonest resolution deadline first",
    "listTickets",
    query=TicketListQuery,
    responses={200: TicketPage},
)
def list_tickets() -> Any:
    args = query(TicketListQuery)
    after = None
    if args.after is not None:
        after = queries.Cursor.decode(args.after)
        if after is None:
            raise UserError("bad_cursor", _("The cursor is not valid; use the one from the last page."), "after")
    unit_id = None
    if args.unit is not None:
        unit_id = units.require_unit(args.unit, active_only=False, exact=True).id
    category_id = None
    if args.category is not None:
        category = queries.category_by_code(args.category, active_only=False)
        if category is None:
            raise UserError("unknown_category", _("Unknown category: %(code)s.", code=args.category), "category")
        category_id = category.id
    phone = to_e164(args.phone) if args.phone else None
    if args.phone and phone is None:  # no ticket was opened with a number that does not exist
        return respond(TicketPage(tickets=[], next=None))
    filters = queries.QueueFilter(
        states=(args.state.value,) if args.state else OPEN_VALUES,
        unit_id=unit_id,
        category_id=category_id,
        phone=phone,
    )
    rows = queries.queue(current_user, filters, after, limit=args.limit + 1)
    more = len(rows) > args.limit
    rows = rows[: args.limit]
    cursor = queries.Cursor.after(rows[-1]).encode() if more and rows else None
    named = sum(1 for ticket in rows if ticket.names_resident)
    if named:  # a page of residents' names and contacts, to a program
        accessed(AccessKind.EXPORT, phone, f"{request.path}: {named}")
    return respond(TicketPage(tickets=[ticket_out(ticket) for ticket in rows], next=cursor))


@bp.post("/tickets")
@requires("tickets.create")
@documented(
    "Open a ticket; it is numbered, given its deadlines and routed at once",
    "createTicket",
    body=NewTicket,
    responses={201: TicketOut},
    headers={201: {"Location": "The ticket's address in the API"}},
    idempotent=True,
)
@idempotent()
def create_ticket() -> Any:
    data = body(NewTicket)
    ticket = operations.create_ticket(current_user, data.as_input())
    return respond(ticket_out(ticket), 201, {"Location": url_for(".get_ticket", year=ticket.year, seq=ticket.seq)})


@bp.get("/tickets/<int:year>/<int:seq>")
@requires("tickets.view")
@documented(
    "One ticket, by its number year/seq", "getTicket", path=TicketPath, responses={200: TicketOut}, errors=NOT_FOUND
)
def get_ticket(year: int, seq: int) -> Any:
    ticket = _ticket(year, seq)
    if ticket.names_resident:
        accessed(AccessKind.TICKET, ticket.resident_contact, ticket.number)
    return respond(ticket_out(ticket))


@bp.patch("/tickets/<int:year>/<int:seq>")
@requires("tickets.work")
@documented(
    "Change a ticket's details (send the version you read)",
    "updateTicket",
    path=TicketPath,
    body=TicketChanges,
    responses={200: TicketOut},
    errors=CONFLICT,
)
def update_ticket(year: int, seq: int) -> Any:
    ticket = _workable(year, seq)
    data = body(TicketChanges)
    operations.update_ticket(current_user, ticket, data.changes(), expected_version=data.version)
    return respond(ticket_out(ticket))


@bp.post("/tickets/<int:year>/<int:seq>/transition")
@requires("tickets.work")
@documented(
    "Move a ticket to another state",
    "transitionTicket",
    path=TicketPath,
    body=TransitionIn,
    responses={200: TicketOut},
    errors=CONFLICT,
)
def transition(year: int, seq: int) -> Any:
    ticket = _workable(year, seq)
    data = body(TransitionIn)
    operations.transition(current_user, ticket, data.state.value, expected_version=data.version, reason=data.reason)
    return respond(ticket_out(ticket))


@bp.post("/tickets/<int:year>/<int:seq>/comments")
@requires("tickets.view")
@documented(
    "A public reply to the resident, or an internal note",
    "commentTicket",
    path=TicketPath,
    body=NewComment,
    responses={201: CommentOut},
    errors=NOT_FOUND,
)
def comment(year: int, seq: int) -> Any:
    ticket = _ticket(year, seq)
    data = body(NewComment)
    if data.public and not policy.can_work(current_user, ticket):
        raise Forbidden("forbidden", _("You may not reply to the resident on this ticket."), "public")
    note = operations.add_comment(current_user, ticket, data.body, public=data.public)
    return respond(CommentOut(id=note.id, body=note.body, public=note.public, created_at=note.created_at), 201)
