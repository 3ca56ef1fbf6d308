"""The JSON API's endpoints: declared with the pydantic shapes of what they take and give, which validate the request,
serialise the answer and make the OpenAPI document (cct.api.openapi) — one definition for all three.

    @bp.post("/tickets")
    @requires("tickets.create")
    @documented("Open a ticket", "createTicket", body=NewTicket, responses={201: TicketOut})
    def create_ticket():
        data = body(NewTicket)
        ...
        return respond(TicketOut.of(ticket), 201)

A request that does not fit its shape is answered with the error object ({"error": {"code", "message", "field"}},
400) naming the first field at fault, in the user's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import Response, request
from flask_babel import gettext as _
from pydantic import BaseModel, ValidationError

from cct.errors import UserError

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M", bound=BaseModel)
DOC = "_cct_api_doc"  # attribute of a documented view function
STANDARD_ERRORS = (400, 401, 403)


@dataclass(frozen=True)
class Doc:
    summary: str
    operation_id: str
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    path: type[BaseModel] | None = None
    responses: Mapping[int, type[BaseModel] | None] = field(default_factory=dict)
    errors: tuple[int, ...] = STANDARD_ERRORS
    public: bool = False  # no token needed
    headers: Mapping[int, Mapping[str, str]] = field(default_factory=dict)  # status -> header name -> description
    idempotent: bool = False  # takes an Idempotency-Key header (cct.idempotency)


def documented(
    summary: str,
    operation_id: str,
    *,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    path: type[BaseModel] | None = None,
    responses: Mapping[int, type[BaseModel] | None],
    errors: tuple[int, ...] = STANDARD_ERRORS,
    public: bool = False,
    headers: Mapping[int, Mapping[str, str]] | None = None,
    idempotent: bool = False,
) -> Callable[[F], F]:
    """Declare an API view's shapes (its route and access stay with Flask's and cct.auth.access' decorators)."""

    def declare(view: F) -> F:
        setattr(
            view,
            DOC,
            Doc(
                summary,
                operation_id,
                body,
                query,
                path,
                dict(responses),
                errors,
                public,
                dict(headers or {}),
                idempotent,
            ),
        )
        return view

    return declare


def body(model: type[M]) -> M:
    """The request's JSON object in the shape of `model` (read strictly, as JSON: true is a boolean, "true" text),
    or a UserError."""
    if not request.is_json:
        raise UserError("bad_json", _("The request body must be a JSON object."))
    try:
        return model.model_validate_json(request.get_data())
    except ValidationError as exc:
        raise user_error(exc) from None


def query(model: type[M]) -> M:
    """The query string in the shape of `model` (a parameter given twice counts once, the first; others are
    ignored), or a UserError."""
    return validated(model, {name: value for name, value in request.args.items()})


def validated(model: type[M], data: Mapping[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise user_error(exc) from None


def respond(value: BaseModel, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """The answer, serialised by its model."""
    response = Response(value.model_dump_json(by_alias=True), status=status, mimetype="application/json")
    for name, header in (headers or {}).items():
        response.headers[name] = header
    return response


def user_error(exc: ValidationError) -> UserError:
    """The first fault of a validation, as the API's error: a code, a message people read, the field."""
    error = exc.errors(include_url=False)[0]
    name = str(error["loc"][0]) if error["loc"] else None  # the request's own field (tags, not tags.0)
    kind, context = error["type"], error.get("ctx") or {}
    shown = name or "body"
    if kind == "missing":
        return UserError("required", _("This field is required."), name)
    if kind == "extra_forbidden":
        return UserError("unknown_field", _("Unknown field: %(name)s.", name=shown), name)
    if kind in ("string_type", "string_unicode"):
        return UserError("not_text", _("This field must be text."), name)
    if kind in ("string_too_long", "too_long"):
        limit = context.get("max_length", 0)
        return UserError("too_long", _("At most %(n)d characters.", n=limit), name)
    if kind in ("string_too_short", "too_short"):
        if context.get("min_length", 1) <= 1:
            return UserError("required", _("This field is required."), name)
        return UserError("too_short", _("At least %(n)d characters.", n=context["min_length"]), name)
    if kind in ("bool_type", "bool_parsing"):
        return UserError("not_boolean", _("%(name)s must be true or false.", name=shown), name)
    if kind in ("int_type", "int_parsing", "int_from_float", "int_parsing_size"):
        return UserError("not_integer", _("%(name)s must be a whole number.", name=shown), name)
    if kind in ("float_type", "float_parsing", "finite_number"):
        return UserError("not_number", _("%(name)s must be a number.", name=shown), name)
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return UserError("out_of_range", _("%(name)s is out of range.", name=shown), name)
    if kind in ("enum", "literal_error"):
        value = error.get("input")
        return UserError("bad_choice", _("Not on the list: %(value)s.", value=str(value)[:100]), name)
    if kind in ("string_pattern_mismatch", "spaces_around"):
        return UserError("bad_format", _("%(name)s is not in the expected form.", name=shown), name)
    if kind in ("list_type", "tuple_type", "set_type"):
        return UserError("not_list", _("%(name)s must be a list.", name=shown), name)
    if kind in ("dict_type", "model_type", "model_attributes_type", "json_invalid", "json_type"):
        return UserError("bad_json", _("The request body must be a JSON object."), name)
    return UserError("invalid", _("%(name)s is not valid.", name=shown), name)
