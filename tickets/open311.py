"""Open311 GeoReport v2 at /open311/v2: the city's ticket categories as services, for apps that report on
residents' behalf (http://wiki.open311.org/GeoReport_v2).

Every resource answers in XML (the spec's required format) or JSON, chosen by the extension (`services.xml`,
`services.json`); `jurisdiction_id` is accepted (one jurisdiction here, JURISDICTION; another is refused in the
spec's error format). Errors are the spec's: a list of {code, description} with the
HTTP status as the code. POST needs an `api_key` issued by administrators (UI or `cct open311 keys create NAME`).

A posted request becomes a ticket (channel open311) in the same pipeline as calls: routing, SLA, history. The
public never sees the resident's name, phone or e-mail. Requests are created in real time, so no tokens are issued.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree import ElementTree

from flask import Blueprint, Response, json, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import HTTPException

from cct import db
from cct.auth.access import public
from cct.auth.operations import digest, new_secret
from cct.db import utcnow
from cct.errors import NotFound, UserError
from tickets import queries
from tickets.models import Category, Open311Key, Ticket
from tickets.operations import TicketInput, create_ticket, subject_from
from tickets.states import OPEN, Channel, TicketState

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
FORMATS = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
KEY_PREFIX = "o311_"
DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")
JURISDICTION = "bialystok.pl"
CHANGESET = "2026-11-27T12:00:00Z"  # when this API last changed (discovery)
# The services: active categories of public space (ID cards or taxes are not reported from the street)
SERVICE = (Category.active.is_(True), Category.public_reports.is_(True))


# -- answers in XML or JSON ----------------------------------------------------------------------------------------


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Open311Error(404, f"Unknown format .{fmt}; use .xml or .json")
    return fmt


def _document(top: ElementTree.Element) -> bytes:
    """The XML document with the declaration the spec asks for."""
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(top, encoding="unicode").encode()


def _xml(root: str, item: str, rows: Iterable[dict[str, Any]]) -> bytes:
    top = ElementTree.Element(root)
    for row in rows:
        _xml_fill(ElementTree.SubElement(top, item), row)
    return _document(top)


def _xml_fill(element: ElementTree.Element, row: dict[str, Any]) -> None:
    for key, value in row.items():
        child = ElementTree.SubElement(element, key)
        if isinstance(value, list):  # attributes → attribute, values → value
            for entry in value:
                _xml_fill(ElementTree.SubElement(child, key.removesuffix("s")), entry)
        elif isinstance(value, bool):
            child.text = "true" if value else "false"
        elif value is not None:
            child.text = str(value)


def answer(fmt: str, root: str, item: str, rows: list[dict[str, Any]], status: int = 200) -> Response:
    body = json.dumps(rows, ensure_ascii=False).encode("utf-8") if fmt == "json" else _xml(root, item, rows)
    return Response(body, status=status, content_type=FORMATS[fmt])


def _error(fmt: str, status: int, description: str) -> Response:
    return answer(fmt, "errors", "error", [{"code": status, "description": description}], status)


def _requested_format() -> str:
    path = request.path
    return "json" if path.endswith(".json") else "xml"


@bp.errorhandler(Open311Error)
def _open311_error(error: Open311Error) -> Response:
    db.session.rollback()  # nothing half-written (a key's last use included)
    return _error(_requested_format(), error.status, error.description)


@bp.errorhandler(UserError)
def _user_error(error: UserError) -> Response:
    db.session.rollback()
    return _error(_requested_format(), error.status, error.message)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    return _error(_requested_format(), error.code or 500, error.description or error.name)


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
        return Response(json.dumps(row, ensure_ascii=False), content_type=FORMATS["json"])
    top = ElementTree.Element("discovery")
    for key in ("changeset", "contact", "key_service"):
        ElementTree.SubElement(top, key).text = str(row[key])
    endpoints = ElementTree.SubElement(top, "endpoints")
    node = ElementTree.SubElement(endpoints, "endpoint")
    for key in ("specification", "url", "changeset", "type"):
        ElementTree.SubElement(node, key).text = str(endpoint[key])
    formats = ElementTree.SubElement(node, "formats")
    for mime in ("text/xml", "application/json"):
        ElementTree.SubElement(formats, "format").text = mime
    return Response(_document(top), content_type=FORMATS["xml"])


def _services() -> list[Category]:
    return list(db.session.scalars(select(Category).where(*SERVICE).order_by(Category.code)))


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
    return answer(_format(fmt), "services", "service", [service_row(c) for c in _services()])


@bp.get("/services/<code>.<fmt>")
@public
def service_definition(code: str, fmt: str) -> Response:
    _format(fmt)
    category = db.session.scalar(select(Category).where(Category.code == code, *SERVICE))
    if category is None:
        raise Open311Error(404, f"No service with the code {code!r}")
    definition = {"service_code": category.code, "attributes": attribute_rows(category.open311_attributes)}
    if fmt == "json":
        return Response(json.dumps(definition, ensure_ascii=False), content_type=FORMATS["json"])
    top = ElementTree.Element("service_definition")
    _xml_fill(top, definition)
    return Response(_document(top), content_type=FORMATS["xml"])


def attribute_rows(attributes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A category's attributes in the spec's order of fields (values only for the list datatypes)."""
    rows = []
    for order, attribute in enumerate(sorted(attributes, key=lambda a: a.get("order", 0)), start=1):
        row: dict[str, Any] = {
            "variable": attribute.get("variable", True),
            "code": attribute["code"],
            "datatype": attribute["datatype"],
            "required": bool(attribute.get("required", False)),
            "datatype_description": attribute.get("datatype_description", ""),
            "order": attribute.get("order", order),
            "description": attribute["description"],
        }
        if attribute["datatype"] in ("singlevaluelist", "multivaluelist"):
            row["values"] = [{"key": v["key"], "name": v["name"]} for v in attribute.get("values", [])]
        rows.append(row)
    return rows


def check_attributes(attributes: Any) -> list[dict[str, Any]]:
    """A category's attribute definitions, or a UserError naming what is wrong with them."""

    def bad(message: str) -> UserError:
        return UserError("bad_attributes", message, "open311_attributes")

    if not isinstance(attributes, list):
        raise bad(_("Attributes must be a list."))
    codes: set[str] = set()
    for attribute in attributes:
        if not isinstance(attribute, dict) or not isinstance(attribute.get("code"), str) or not attribute["code"]:
            raise bad(_("Every attribute needs a code."))
        code = attribute["code"]
        if code in codes:
            raise bad(_("Two attributes share the code %(code)s.", code=code))
        codes.add(code)
        if attribute.get("datatype") not in DATATYPES:
            raise bad(_("Unknown datatype of attribute %(code)s.", code=code))
        if not isinstance(attribute.get("description"), str) or not attribute["description"].strip():
            raise bad(_("Attribute %(code)s needs a description.", code=code))
        values = attribute.get("values")
        if attribute["datatype"].endswith("valuelist") and not (
            isinstance(values, list)
            and values
            and all(
                isinstance(v, dict) and isinstance(v.get("key"), str) and isinstance(v.get("name"), str) for v in values
            )
        ):
            raise bad(_("List attribute %(code)s needs values.", code=code))
    return attributes


# -- api keys ----------------------------------------------------------------------------------------------------


def create_key(name: str) -> tuple[Open311Key, str]:
    """Issue an api_key for a client app; the key itself is returned once and never stored."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise UserError("bad_name", _("Give the app a name (at most 100 characters)."), "name")
    if db.session.scalar(select(Open311Key.id).where(Open311Key.name == name)) is not None:
        raise UserError("name_taken", _("A key named %(name)s exists already.", name=name), "name")
    plain, key_hash, prefix = new_secret(KEY_PREFIX)
    key = Open311Key(name=name, key_hash=key_hash, prefix=prefix)
    db.session.add(key)
    db.session.flush()
    return key, plain


def revoke_key(name: str) -> Open311Key:
    key = db.session.scalar(select(Open311Key).where(Open311Key.name == (name or "").strip()))
    if key is None:
        raise NotFound("key_not_found", _("No Open311 key named %(name)s.", name=name), "name")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        db.session.flush()
    return key


def all_keys() -> list[Open311Key]:
    return list(db.session.scalars(select(Open311Key).order_by(Open311Key.created_at.desc())))


def key_for(plain: str | None) -> Open311Key:
    """The active key a client sent, or the spec's 403."""
    if not plain:
        raise Open311Error(403, "api_key is required to post a service request")
    key = db.session.scalar(select(Open311Key).where(Open311Key.key_hash == digest(plain)))
    if key is None or not key.active:
        raise Open311Error(403, "Invalid or revoked api_key")
    key.last_used_at = utcnow()
    return key


# -- service requests ------------------------------------------------------------------------------------------------

DEFAULT_DAYS = 90
MAX_REQUESTS = 1000


def request_id(ticket: Ticket) -> str:
    """A ticket's number as a service_request_id: "2026-000123" (a slash would split the URL)."""
    return f"{ticket.year}-{ticket.seq:06d}"


def _parse_request_id(value: str) -> tuple[int, int] | None:
    year, _sep, seq = value.strip().replace("/", "-").partition("-")
    return (int(year), int(seq)) if year.isdigit() and seq.isdigit() else None


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z") if moment else None


def _status(ticket: Ticket) -> str:
    return "open" if TicketState(ticket.state) in OPEN else "closed"


def _status_notes(ticket: Ticket) -> str | None:
    if ticket.state == TicketState.REJECTED.value:
        return ticket.rejection_reason
    replies = [comment for comment in ticket.comments if comment.public]
    return replies[-1].body if replies else None


def request_row(ticket: Ticket) -> dict[str, Any]:
    """What the public may know of a ticket: never the resident's name, phone or e-mail."""
    return {
        "service_request_id": request_id(ticket),
        "status": _status(ticket),
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
    query = queries.public_reports_query().options(
        selectinload(Ticket.category), selectinload(Ticket.unit), selectinload(Ticket.comments)
    )
    ids = [part for part in request.args.get("service_request_id", "").split(",") if part.strip()]
    if ids:
        wanted = [parsed for parsed in map(_parse_request_id, ids) if parsed]
        if not wanted:
            return answer(fmt, "service_requests", "request", [])
        query = query.where(or_(*(and_(Ticket.year == y, Ticket.seq == s) for y, s in wanted)))
    else:
        start, end = _dates("start_date"), _dates("end_date")
        if start and end and start > end:
            raise Open311Error(400, "start_date must not be after end_date")
        if start is None and end is None:
            start = utcnow() - timedelta(days=DEFAULT_DAYS)
        if start is not None:
            query = query.where(Ticket.created_at >= start)
        if end is not None:
            query = query.where(Ticket.created_at <= end)
        codes = [code.strip() for code in request.args.get("service_code", "").split(",") if code.strip()]
        if codes:
            query = query.where(Category.code.in_(codes))
        statuses = {s.strip() for s in request.args.get("status", "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, "status must be open, closed or both")
        if statuses == {"open"}:
            query = query.where(Ticket.state.in_([s.value for s in OPEN]))
        elif statuses == {"closed"}:
            query = query.where(Ticket.state.not_in([s.value for s in OPEN]))
    tickets = db.session.scalars(query.order_by(Ticket.created_at.desc()).limit(MAX_REQUESTS))
    return answer(fmt, "service_requests", "request", [request_row(t) for t in tickets])


@bp.get("/requests/<service_request_id>.<fmt>")
@public
def get_request(service_request_id: str, fmt: str) -> Response:
    _format(fmt)
    parsed = _parse_request_id(service_request_id)
    ticket = (
        db.session.scalar(queries.public_reports_query().where(Ticket.year == parsed[0], Ticket.seq == parsed[1]))
        if parsed
        else None
    )
    if ticket is None:
        raise Open311Error(404, f"No service request {service_request_id!r}")
    return answer(fmt, "service_requests", "request", [request_row(ticket)])


@bp.get("/tokens/<token>.<fmt>")
@public
def token(token: str, fmt: str) -> Response:
    """Service requests are created in real time here (the answer carries their id), so no token is ever issued."""
    _format(fmt)
    raise Open311Error(404, f"No token {token!r}: this server answers POST with the service_request_id at once")


@bp.post("/requests.<fmt>")
@public
def post_request(fmt: str) -> Response:
    _format(fmt)
    form = request.form
    client = key_for(form.get("api_key"))
    code = (form.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, "service_code is required")
    category = db.session.scalar(select(Category).where(Category.code == code, *SERVICE))
    if category is None:
        raise Open311Error(400, f"No service with the code {code!r}")
    lat, lon = form.get("lat"), form.get("long")
    address = (form.get("address_string") or "").strip() or None
    if address is None and (form.get("address_id") or "").strip():
        address = f"address_id {form['address_id'].strip()}"[:300]
    if not (lat and lon) and not address:
        raise Open311Error(400, "A location is required: lat and long, address_string or address_id")
    values = _attribute_values(category, form)
    media_url = (form.get("media_url") or "").strip() or None
    if media_url and (len(media_url) > 500 or not media_url.startswith(("https://", "http://"))):
        raise Open311Error(400, "media_url must be an http(s) address of at most 500 characters")
    description = (form.get("description") or "").strip()
    if len(description) > 4000:
        raise Open311Error(400, "description may have at most 4000 characters")
    with force_locale("en"):  # its checks' messages are the API's descriptions, in English like the rest
        ticket = _create(category, form, client, description, address, lat, lon)
    ticket.media_url = media_url
    ticket.open311_attributes = values
    db.session.commit()
    row = {"service_request_id": request_id(ticket), "service_notice": _notice(ticket), "account_id": None}
    return answer(fmt, "service_requests", "request", [row], status=201)


def _create(
    category: Category, form: Any, client: Open311Key, description: str, address: str | None, lat: Any, lon: Any
) -> Ticket:
    name = " ".join(part for part in (form.get("first_name", "").strip(), form.get("last_name", "").strip()) if part)
    return create_ticket(
        None,
        TicketInput(
            subject=subject_from(description, category),
            description=description,
            category=category.code,
            channel=Channel.OPEN311.value,
            resident_name=name or None,
            resident_phone=form.get("phone") or None,
            resident_email=form.get("email") or None,
            address=address,
            lat=lat if lat and lon else None,
            lon=lon if lat and lon else None,
            tags=[f"open311:{client.name}"[:50]],
        ),
    )


def _notice(ticket: Ticket) -> str:
    unit = ticket.unit.name if ticket.unit else ""
    lookup = url_for("reports.lookup", _external=True)
    return f"Zgłoszenie nr {ticket.number} przekazano: {unit}. Stan: {lookup}, kod {ticket.public_code}."


def _attribute_values(category: Category, form: Any) -> dict[str, Any]:
    """The attribute[code] fields of a POST, checked against the service definition."""
    values: dict[str, Any] = {}
    for attribute in category.open311_attributes:
        code = attribute["code"]
        many = form.getlist(f"attribute[{code}][]") or form.getlist(f"attribute[{code}]")
        given = [value.strip() for value in many if value.strip()]
        if not given:
            if attribute.get("required"):
                raise Open311Error(400, f"attribute[{code}] is required: {attribute['description']}")
            continue
        if attribute["datatype"] in ("singlevaluelist", "multivaluelist"):
            allowed = {value["key"] for value in attribute["values"]}
            unknown = [value for value in given if value not in allowed]
            if unknown:
                raise Open311Error(400, f"attribute[{code}] has no value {unknown[0]!r}")
            if attribute["datatype"] == "singlevaluelist" and len(given) > 1:
                raise Open311Error(400, f"attribute[{code}] takes one value")
            values[code] = given if attribute["datatype"] == "multivaluelist" else given[0]
        elif attribute["datatype"] == "number":
            try:
                values[code] = float(given[0])
            except ValueError:
                raise Open311Error(400, f"attribute[{code}] must be a number") from None
        else:
            values[code] = given[0][:1000]
    return values


@bp.route("/<path:anything>", methods=["GET", "POST"])
@public
def not_found(anything: str) -> Response:
    """Any other address under the prefix: the spec's error, not the site's HTML page."""
    raise Open311Error(404, f"No resource {anything!r}; see discovery.xml")
