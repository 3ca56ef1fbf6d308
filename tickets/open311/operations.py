"""What Open311 changes: the api keys administrators issue and revoke, and the service requests apps post (each a
ticket in the usual pipeline, from the resident, with the request's photo address and attribute answers)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cct import db
from cct.actions import audit, operation
from cct.auth.actors import RESIDENT, Actor
from cct.auth.operations import new_secret
from cct.db import utcnow
from cct.errors import Forbidden, NotFound, UserError
from tickets import operations as tickets
from tickets.models import Category, Ticket
from tickets.open311 import policy, queries
from tickets.open311.models import Open311Key
from tickets.open311.schemas import KEY_NAME_MAX, KEY_PREFIX
from tickets.schemas import NAME_MAX, TicketInput, inside
from tickets.states import Channel


def _require(actor: Actor) -> None:
    if not policy.can_manage_keys(actor):
        raise Forbidden("forbidden", _("Only administrators issue Open311 keys."))


@operation("open311_key.created", _l("Open311 key issued"))
def create_key(actor: Actor, name: str) -> tuple[Open311Key, str]:
    """Issue an api_key for a client app; the key itself is returned once and never stored."""
    _require(actor)
    name = (name or "").strip()
    if not name or len(name) > KEY_NAME_MAX:
        raise UserError("bad_name", _("Give the app a name (at most %(n)d characters).", n=KEY_NAME_MAX), "name")
    if queries.key_by_name(name) is not None:
        raise UserError("name_taken", _("A key named %(name)s exists already.", name=name), "name")
    plain, key_hash, prefix = new_secret(KEY_PREFIX)
    key = Open311Key(name=name, key_hash=key_hash, prefix=prefix)
    db.session.add(key)
    db.session.flush()
    audit(key, actor, {"name": [None, name]}, prefix=prefix)
    return key, plain


@operation("open311_key.revoked", _l("Open311 key revoked"))
def revoke_key(actor: Actor, name: str) -> Open311Key:
    """Revoke an app's key: its requests are refused from now on."""
    _require(actor)
    key = queries.key_by_name(name)
    if key is None:
        raise NotFound("key_not_found", _("No Open311 key named %(name)s.", name=name), "name")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        db.session.flush()
        audit(key, actor, {"revoked_at": [None, key.revoked_at]})
    return key


def _require_inside_city(lat: Any, lon: Any) -> None:
    """A point must lie within the city's bounds ([reports] bounds), as on the residents' own form."""
    if lat is None or lon is None:
        return
    try:
        point = float(lat), float(lon)
    except (TypeError, ValueError):
        return  # not numbers: the ticket's own check says so
    bounds = current_app.config["CCT"].reports.bounds
    if not inside(bounds, *point):
        south, west, north, east = bounds
        raise UserError(
            "outside_city",
            _(
                "The point is outside the city (latitude %(south)s–%(north)s, longitude %(west)s–%(east)s).",
                south=south,
                north=north,
                west=west,
                east=east,
            ),
            "lat",
        )


@operation("open311_request.posted", _l("Open311 request received"))
def post_request(
    key: Open311Key,
    category: Category,
    *,
    description: str,
    address: str | None,
    lat: Any,
    lon: Any,
    first_name: str,
    last_name: str,
    phone: str | None,
    email: str | None,
    media_url: str | None,
    attributes: dict[str, Any],
) -> Ticket:
    """A service request an app posted for a resident: a ticket (channel open311), routed as any other."""
    _require_inside_city(lat, lon)
    name = " ".join(part for part in (first_name.strip(), last_name.strip()) if part)
    ticket = tickets.create_ticket(
        RESIDENT,
        TicketInput(
            subject=tickets.subject_from(description, category.name),
            description=description,
            category=category.code,
            channel=Channel.OPEN311.value,
            resident_name=name[:NAME_MAX] or None,
            resident_phone=phone or None,
            resident_email=email or None,
            address=address,
            lat=lat,
            lon=lon,
            tags=[f"open311:{key.name}"],
            media_url=media_url,
            attributes=attributes,
        ),
    )
    key.last_used_at = utcnow()
    db.session.flush()
    audit(key, RESIDENT, ticket=ticket.number)
    return ticket
