"""Open311 GeoReport v2 at /open311/v2: the city's ticket categories as services, for apps that report on
residents' behalf (http://wiki.open311.org/GeoReport_v2).

Every resource answers in XML (the spec's required format) or JSON, chosen by the extension (`services.xml`,
`services.json`); `jurisdiction_id` is accepted (one jurisdiction here, JURISDICTION; another is refused in the
spec's error format). Errors are the spec's: a list of {code, description} with the
HTTP status as the code. POST needs an `api_key` issued by administrators (UI or `cct open311 keys create NAME`).

Built so far: discovery, the service list, service definitions (a category's attributes), api keys.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree

from flask import Blueprint, Response, json, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from cct import db
from cct.auth.access import public
from cct.db import utcnow
from cct.errors import NotFound, UserError
from tickets.models import Category, Open311Key

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
FORMATS = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
KEY_PREFIX = "o311_"
DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")
JURISDICTION = "bialystok.pl"


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
    return _error(_requested_format(), error.status, error.description)


@bp.errorhandler(UserError)
def _user_error(error: UserError) -> Response:
    with force_locale("en"):
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
        "changeset": _changeset(),
        "type": "production",
        "formats": [{"format": "text/xml"}, {"format": "application/json"}],
    }
    row = {
        "changeset": _changeset(),
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


def _changeset() -> str:
    return "2026-11-27T00:00:00Z"


def _services() -> list[Category]:
    return list(db.session.scalars(select(Category).where(Category.active.is_(True)).order_by(Category.code)))


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
    category = db.session.scalar(select(Category).where(Category.code == code, Category.active.is_(True)))
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


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(name: str) -> tuple[Open311Key, str]:
    """Issue an api_key for a client app; the key itself is returned once and never stored."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise UserError("bad_name", _("Give the app a name (at most 100 characters)."), "name")
    if db.session.scalar(select(Open311Key.id).where(Open311Key.name == name)) is not None:
        raise UserError("name_taken", _("A key named %(name)s exists already.", name=name), "name")
    plain = KEY_PREFIX + secrets.token_urlsafe(32)
    key = Open311Key(name=name, key_hash=_digest(plain), prefix=plain[: len(KEY_PREFIX) + 6])
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
    key = db.session.scalar(select(Open311Key).where(Open311Key.key_hash == _digest(plain)))
    if key is None or not key.active:
        raise Open311Error(403, "Invalid or revoked api_key")
    key.last_used_at = utcnow()
    return key


@bp.route("/<path:anything>", methods=["GET", "POST"])
@public
def not_found(anything: str) -> Response:
    """Any other address under the prefix: the spec's error, not the site's HTML page."""
    raise Open311Error(404, f"No resource {anything!r}; see discovery.xml")
