"""Open311 GeoReport v2 at /open311/v2: the city's ticket categories as services, for apps that report on
residents' behalf (http://wiki.open311.org/GeoReport_v2).

Every resource answers in XML (the spec's required format) or JSON, chosen by the extension (`services.xml`,
`services.json`); `jurisdiction_id` is accepted (one jurisdiction here; another is refused in the spec's error
format). Errors are the spec's: a list of {code, description} with the HTTP status as the code. POST needs an
`api_key` issued by administrators (UI or `cct open311 keys create NAME`).

A posted request becomes a ticket (channel open311) in the same pipeline as calls: routing, SLA, history. The
public never sees the resident's name, phone or e-mail. Requests are created in real time, so no tokens are issued.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree import ElementTree

from flask import Blueprint, Response, current_app, request, url_for
from flask_babel import force_locale
from werkzeug.exceptions import HTTPException

from cct import web
from cct.auth.access import public
from cct.db import utcnow
from cct.errors import Unprocessable, UserError
from cct.idempotency.web import idempotent
from cct.throttle import operations as throttle
from tickets import attributes
from tickets.models import Category, Ticket
from tickets.numbers import TicketNumber
from tickets.open311 import formats, operations, queries
from tickets.open311.models import Open311Key
from tickets.open311.schemas import (
    CHANGESET,
    DEFAULT_DAYS,
    DESCRIPTION_MAX,
    FORMATS,
    JURISDICTION,
    MEDIA_URL_MAX,
    SPECIFICATION,
)
from tickets.schemas import ADDRESS_MAX
from tickets.states import Channel, TicketState, is_open

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")


class Open311Error(UserError):
    """A refusal in the spec's terms (its description in English, like the rest of the spec's answers)."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__("open311", description, None, status)


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Open311Error(404, f"Unknown format .{fmt}; use .xml or .json")
    return fmt


def answer(fmt: str, root: str, item: str, rows: list[dict[str, Any]], status: int = 200) -> Response:
    return Response(formats.rows(fmt, root, item, rows), status=status, content_type=FORMATS[fmt])


def _requested_format() -> str:
    return "json" if request.path.endswith(".json") else "xml"


def errors(status: int, description: str) -> Response:
    """The spec's error list, in the format the address asked for."""
    return answer(_requested_format(), "errors", "error", [{"code": status, "description": description}], status)


def user_error(error: UserError) -> Response:
    """cct.web's handler for this blueprint's kind: an operation's refusal in the spec's format (whose code for a
    request it cannot take is 400, be it its shape or its content)."""
    return errors(400 if error.status == Unprocessable.status else error.status, error.message)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    web.abandon()
    return errors(error.code or 500, error.description or error.name)


@bp.before_request
def _jurisdiction() -> None:
    given = request.values.get("jurisdiction_id")
    if given is not None and given.strip() and given.strip() != JURISDICTION:
        raise Open311Error(404, f"Unknown jurisdiction_id {given!r}; this server serves {JURISDICTION}")


# -- discovery and services --------------------------------------------------------------------------------------


@bp.get("/discovery.<fmt>")
@public
def discovery(fmt: str) -> Response:
    _format(fmt)
    endpoint = {
        "specification": SPECIFICATION,
        "url": url_for("open311.services", fmt="xml", _external=True).rsplit("/", 1)[0],
        "changeset": CHANGESET,
        "type": "production",
        "formats": [{"format": "text/xml"}, {"format": "application/json"}],
    }
    row = {
        "changeset": CHANGESET,
        "contact": "Departament Komunikacji Społecznej, Urząd Miejski w Białymstoku",
        "key_service": "Klucze API wydaje Departament Komunikacji Społecznej (DKS-III).",
        "endpoints": [endpoint],
    }
    if fmt == "json":
        row["endpoints"] = [endpoint | {"formats": ["text/xml", "application/json"]}]
        return Response(formats.as_json(row), content_type=FORMATS["json"])
    top = ElementTree.Element("discovery")
    for key in ("changeset", "contact", "key_service"):
        ElementTree.SubElement(top, key).text = str(row[key])
    endpoints = ElementTree.SubElement(top, "endpoints")
    node = ElementTree.SubElement(endpoints, "endpoint")
    for key in ("specification", "url", "changeset", "type"):
        ElementTree.SubElement(node, key).text = str(endpoint[key])
    listed = ElementTree.SubElement(node, "formats")
    for mime in ("text/xml", "application/json"):
        ElementTree.SubElement(listed, "format").text = mime
    return Response(formats.document(top), content_type=FORMATS["xml"])


def service_row(category: Category) -> dict[str, Any]:
    group = category.parent.name if category.parent else category.name
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.path,
        "metadata": bool(category.open311_attributes),
        "type": "realtime",
        "keywords": ", ".join(category.keywords.split()),
        "group": group,
    }


@bp.get("/services.<fmt>")
@public
def services(fmt: str) -> Response:
    return answer(_format(fmt), "services", "service", [service_row(c) for c in queries.services()])


@bp.get("/services/<code>.<fmt>")
@public
def service_definition(code: str, fmt: str) -> Response:
    _format(fmt)
    category = queries.service(code)
    if category is None:
        raise Open311Error(404, f"No service with the code {code!r}")
    definition = {
        "service_code": category.code,
        "attributes": attributes.definition_rows(category.open311_attributes),
    }
    if fmt == "json":
        return Response(formats.as_json(definition), content_type=FORMATS["json"])
    return Response(formats.one_xml("service_definition", definition), content_type=FORMATS["xml"])


# -- service requests ------------------------------------------------------------------------------------------------


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z") if moment else None


def _status_notes(ticket: Ticket) -> str | None:
    if ticket.state == TicketState.REJECTED.value:
        return ticket.rejection_reason
    replies = [comment for comment in ticket.comments if comment.public]
    return replies[-1].body if replies else None


def request_row(ticket: Ticket) -> dict[str, Any]:
    """What the public may know of a ticket: never the resident's name, phone or e-mail."""
    return {
        "service_request_id": ticket.ticket_number.request_id,
        "status": "open" if is_open(ticket.state) else "closed",
        "status_notes": _status_notes(ticket),
        "service_name": ticket.category.name,
        "service_code": ticket.category.code,
        # an app's request was written for Open311; the web form promises its author the description stays inside
        "description": (ticket.description or ticket.subject)
        if ticket.channel == Channel.OPEN311.value
        else ticket.category.name,
        "agency_responsible": ticket.unit.name if ticket.unit else None,
        "service_notice": None,
        "requested_datetime": _iso(ticket.created_at),
        "updated_datetime": _iso(ticket.updated_at),
        "expected_datetime": _iso(ticket.resolution_due),
        "address": ticket.address,
        "address_id": None,
        "zipcode": None,
        "lat": ticket.lat,
        "long": ticket.lon,
        "media_url": ticket.media_url,
    }


def _dates(name: str) -> datetime | None:
    value = request.args.get(name)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise Open311Error(400, f"{name} must be a date and time in ISO 8601 (e.g. 2026-11-27T08:00:00Z)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@bp.get("/requests.<fmt>")
@public
def list_requests(fmt: str) -> Response:
    _format(fmt)
    ids = [part for part in request.args.get("service_request_id", "").split(",") if part.strip()]
    if ids:
        wanted = [number for number in map(TicketNumber.parse, ids) if number]
        return answer(fmt, "service_requests", "request", [request_row(t) for t in queries.requests_by_number(wanted)])
    start, end = _dates("start_date"), _dates("end_date")
    if start and end and start > end:
        raise Open311Error(400, "start_date must not be after end_date")
    if start is None and end is None:
        start = utcnow() - timedelta(days=DEFAULT_DAYS)
    codes = [code.strip() for code in request.args.get("service_code", "").split(",") if code.strip()]
    statuses = {s.strip() for s in request.args.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, "status must be open, closed or both")
    found = queries.requests(start, end, codes, statuses)
    return answer(fmt, "service_requests", "request", [request_row(t) for t in found])


@bp.get("/requests/<service_request_id>.<fmt>")
@public
def get_request(service_request_id: str, fmt: str) -> Response:
    _format(fmt)
    ticket = queries.request(TicketNumber.parse(service_request_id))
    if ticket is None:
        raise Open311Error(404, f"No service request {service_request_id!r}")
    return answer(fmt, "service_requests", "request", [request_row(ticket)])


@bp.get("/tokens/<token>.<fmt>")
@public
def token(token: str, fmt: str) -> Response:
    """Service requests are created in real time here (the answer carries their id), so no token is ever issued."""
    _format(fmt)
    raise Open311Error(404, f"No token {token!r}: this server answers POST with the service_request_id at once")


ATTRIBUTE_KEY = re.compile(r"attribute\[([^\]]*)\](?:\[\])?")  # attribute[code] or attribute[code][]


def _client(plain: str | None) -> Open311Key:
    """The active key a client sent, or the spec's 403."""
    if not plain:
        raise Open311Error(403, "api_key is required to post a service request")
    key = queries.key_for(plain)
    if key is None or not key.active:
        raise Open311Error(403, "Invalid or revoked api_key")
    return key


@bp.post("/requests.<fmt>")
@public
@idempotent(refuse=lambda status, message: errors(status, message), locale="en")
def post_request(fmt: str) -> Response:
    _format(fmt)
    form = request.form
    client = _client(form.get("api_key"))
    limit = current_app.config["CCT"].security.api_writes_per_minute
    if (retry_after := throttle.hit(f"open311:{client.id}", limit)) is not None:
        refused = errors(429, f"Too many requests from this api_key; at most {limit} a minute")
        refused.headers["Retry-After"] = str(retry_after)
        return refused
    code = (form.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, "service_code is required")
    category = queries.service(code)
    if category is None:
        raise Open311Error(400, f"No service with the code {code!r}")
    lat, lon = form.get("lat"), form.get("long")
    address = (form.get("address_string") or "").strip() or None
    if address is None and (form.get("address_id") or "").strip():
        address = f"address_id {form['address_id'].strip()}"[:ADDRESS_MAX]
    if not (lat and lon) and not address:
        raise Open311Error(400, "A location is required: lat and long, address_string or address_id")
    known = {attribute["code"] for attribute in category.open311_attributes}
    unknown = sorted({found.group(1) for key in form if (found := ATTRIBUTE_KEY.fullmatch(key))} - known)
    if unknown:  # a misspelt code would be lost without a word
        raise Open311Error(400, f"Service {code!r} has no attribute {unknown[0]!r}")
    try:
        answers = attributes.answers(
            category.open311_attributes,
            lambda code: form.getlist(f"attribute[{code}][]") or form.getlist(f"attribute[{code}]"),
        )
    except attributes.BadAnswer as error:
        raise Open311Error(400, str(error)) from None
    media_url = (form.get("media_url") or "").strip() or None
    if media_url and (len(media_url) > MEDIA_URL_MAX or not media_url.startswith(("https://", "http://"))):
        raise Open311Error(400, f"media_url must be an http(s) address of at most {MEDIA_URL_MAX} characters")
    description = (form.get("description") or "").strip()
    if len(description) > DESCRIPTION_MAX:
        raise Open311Error(400, f"description may have at most {DESCRIPTION_MAX} characters")
    with force_locale("en"):  # its checks' messages are the API's descriptions, in English like the rest
        ticket = operations.post_request(
            client,
            category,
            description=description,
            address=address,
            lat=lat if lat and lon else None,
            lon=lon if lat and lon else None,
            first_name=form.get("first_name", ""),
            last_name=form.get("last_name", ""),
            phone=form.get("phone") or None,
            email=form.get("email") or None,
            media_url=media_url,
            attributes=answers,
        )
    row = {
        "service_request_id": ticket.ticket_number.request_id,
        "service_notice": _notice(ticket),
        "account_id": None,
    }
    return answer(fmt, "service_requests", "request", [row], status=201)


def _notice(ticket: Ticket) -> str:
    unit = ticket.unit.name if ticket.unit else ""
    lookup = url_for("reports.lookup", _external=True)
    return f"Zgłoszenie nr {ticket.number} przekazano: {unit}. Stan: {lookup}, kod {ticket.public_code}."


@bp.route("/<path:anything>", methods=["GET", "POST"])
@public
def not_found(anything: str) -> Response:
    """Any other address under the prefix: the spec's error, not the site's HTML page."""
    raise Open311Error(404, f"No resource {anything!r}; see discovery.xml")
