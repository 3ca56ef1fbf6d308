"""Tickets in the JSON API (/api/v1): token auth, keyset pagination, errors as {"error": {...}}."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from cct import db
from cct.api import json_body, user_error
from cct.auth.access import requires
from cct.errors import NotFound, UserError
from cct.org.models import Unit
from tickets import operations, queries
from tickets.models import Category, Ticket
from tickets.states import TicketState

bp = Blueprint("api_tickets", __name__, url_prefix="/api/v1")
bp.register_error_handler(UserError, user_error)
MAX_PAGE = 200


def _version(data: dict[str, Any]) -> int:
    version = data.pop("version", None)
    if not isinstance(version, int) or isinstance(version, bool):
        raise UserError(
            "version_required", _("Send the ticket's version from your last read (optimistic locking)."), "version"
        )
    return version


def _ticket(year: int, seq: int) -> Ticket:
    ticket = queries.find(year, seq)
    if ticket is None or not queries.can_see(current_user, ticket):
        raise NotFound("ticket_not_found", _("No ticket with the number %(number)s.", number=f"{year}/{seq:06d}"))
    return ticket


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def ticket_json(ticket: Ticket) -> dict[str, Any]:
    return {
        "number": ticket.number,
        "subject": ticket.subject,
        "description": ticket.description,
        "category": ticket.category.code,
        "channel": ticket.channel,
        "priority": ticket.priority,
        "state": ticket.state,
        "unit": ticket.unit.code if ticket.unit else None,
        "assignee": ticket.assignee.login if ticket.assignee else None,
        "resident": {
            "name": ticket.resident_name,
            "phone": ticket.resident_phone,
            "email": ticket.resident_email,
            "consent_sms": ticket.consent_sms,
            "consent_email": ticket.consent_email,
        },
        "place": {"address": ticket.address, "district": ticket.district, "lat": ticket.lat, "lon": ticket.lon},
        "tags": ticket.tags,
        "first_response_due": _iso(ticket.first_response_due),
        "resolution_due": _iso(ticket.resolution_due),
        "first_response_at": _iso(ticket.first_response_at),
        "resolved_at": _iso(ticket.resolved_at),
        "closed_at": _iso(ticket.closed_at),
        "sla": operations.sla_flags(ticket),
        "statutory": (
            {
                "kind": ticket.statutory_kind,
                "due": _iso(ticket.statutory_due),
                "via_representative": ticket.via_representative,
                "extension_notice_at": _iso(ticket.extension_notice_at),
            }
            if ticket.statutory_kind
            else None
        ),
        "rejection_reason": ticket.rejection_reason,
        "duplicate_of": ticket.duplicate_of.number if ticket.duplicate_of else None,
        "created_at": _iso(ticket.created_at),
        "updated_at": _iso(ticket.updated_at),
        "version": ticket.version,
    }


def category_json(category: Category) -> dict[str, Any]:
    return {
        "code": category.code,
        "name": category.name,
        "parent": category.parent.code if category.parent else None,
        "unit": category.default_unit.code if category.default_unit else None,
        "priority": category.priority,
        "first_response_hours": category.first_response_hours,
        "resolution_hours": category.resolution_hours,
        "statutory_kind": category.statutory_kind,
    }


@bp.route("/categories")
@requires("tickets.view")
def categories() -> Any:
    return jsonify({"categories": [category_json(category) for category in queries.active_categories()]})


@bp.route("/tickets", methods=["GET"])
@requires("tickets.view")
def list_tickets() -> Any:
    args = request.args
    limit = args.get("limit", "50")
    if not limit.isdigit() or not 1 <= int(limit) <= MAX_PAGE:
        raise UserError("bad_limit", _("limit must be a whole number from 1 to %(n)d.", n=MAX_PAGE), "limit")
    state = args.get("state")
    if state is not None and state not in queries.all_states():
        raise UserError("unknown_state", _("Unknown state: %(state)s.", state=state), "state")
    after = None
    if args.get("after"):
        after = queries.Cursor.decode(args["after"])
        if after is None:
            raise UserError("bad_cursor", _("The cursor is not valid; use the one from the last page."), "after")
    unit_id = None
    if args.get("unit"):
        unit_id = db.session.scalar(select(Unit.id).where(Unit.code == args["unit"].upper()))
        if unit_id is None:
            raise UserError("unknown_unit", _("Unknown unit: %(codes)s.", codes=args["unit"]), "unit")
    category_id = None
    if args.get("category"):
        category_id = db.session.scalar(select(Category.id).where(Category.code == args["category"]))
        if category_id is None:
            raise UserError("unknown_category", _("Unknown category: %(code)s.", code=args["category"]), "category")
    phone = None
    if args.get("phone"):
        phone = operations.clean_phone(args["phone"])
    filters = queries.QueueFilter(
        states=(state,) if state else tuple(queries.open_states()),
        unit_id=unit_id,
        category_id=category_id,
        phone=phone,
    )
    rows = queries.queue(current_user, filters, after, limit=int(limit) + 1)
    more = len(rows) > int(limit)
    rows = rows[: int(limit)]
    cursor = queries.Cursor(rows[-1].resolution_due, rows[-1].id).encode() if more and rows else None
    return jsonify({"tickets": [ticket_json(ticket) for ticket in rows], "next": cursor})


@bp.route("/tickets", methods=["POST"])
@requires("tickets.create")
def create_ticket() -> Any:
    data = json_body()
    ticket = operations.create_ticket(current_user, operations.TicketInput.from_mapping(data))
    db.session.commit()
    response = jsonify(ticket_json(ticket))
    response.status_code = 201
    response.headers["Location"] = url_for(".get_ticket", year=ticket.year, seq=ticket.seq)
    return response


@bp.route("/tickets/<int:year>/<int:seq>", methods=["GET"])
@requires("tickets.view")
def get_ticket(year: int, seq: int) -> Any:
    return jsonify(ticket_json(_ticket(year, seq)))


def _workable(year: int, seq: int) -> Ticket:
    ticket = _ticket(year, seq)
    if not queries.can_work(current_user, ticket):
        raise UserError("forbidden", _("You may not change this ticket."), status=403)
    return ticket


@bp.route("/tickets/<int:year>/<int:seq>", methods=["PATCH"])
@requires("tickets.work")
def update_ticket(year: int, seq: int) -> Any:
    ticket = _workable(year, seq)
    data = json_body()
    version = _version(data)
    operations.update_ticket(current_user, ticket, data, expected_version=version)
    db.session.commit()
    return jsonify(ticket_json(ticket))


@bp.route("/tickets/<int:year>/<int:seq>/transition", methods=["POST"])
@requires("tickets.work")
def transition(year: int, seq: int) -> Any:
    ticket = _workable(year, seq)
    data = json_body()
    version = _version(data)
    target = data.get("state")
    if not isinstance(target, str) or target not in {s.value for s in TicketState}:
        raise UserError("unknown_state", _("Unknown state: %(state)s.", state=target), "state")
    reason = data.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise UserError("not_text", _("This field must be text."), "reason")
    operations.transition(current_user, ticket, target, expected_version=version, reason=reason)
    db.session.commit()
    return jsonify(ticket_json(ticket))


@bp.route("/tickets/<int:year>/<int:seq>/comments", methods=["POST"])
@requires("tickets.view")
def comment(year: int, seq: int) -> Any:
    ticket = _ticket(year, seq)
    data = json_body()
    public = data.get("public", False)
    if not isinstance(public, bool):
        raise UserError("not_boolean", _("%(name)s must be true or false.", name="public"), "public")
    if public and not queries.can_work(current_user, ticket):
        raise UserError("forbidden", _("You may not reply to the resident on this ticket."), "public", status=403)
    body = data.get("body")
    if not isinstance(body, str):
        raise UserError("not_text", _("This field must be text."), "body")
    note = operations.add_comment(current_user, ticket, body, public=public)
    db.session.commit()
    payload = {"id": note.id, "body": note.body, "public": note.public, "created_at": _iso(note.created_at)}
    return jsonify(payload), 201
