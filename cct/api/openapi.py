"""The OpenAPI 3.1 document of /api/v1, made from the API's views as they are declared (cct.api.endpoints): their
routes, access and pydantic shapes. Nothing in it is written by hand, so it cannot drift from what the API does.

The suite runs schemathesis with every check against it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from cct import __version__
from cct.api.endpoints import DOC, Doc
from cct.api.schemas import VOCABULARY, Error
from cct.web import REQUEST_LINE_MAX

REF = "#/components/schemas/{model}"
VOCABULARIES = "cct.api.vocabularies"  # app.extensions: name -> the values now (None: not for this reader)
_PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
ERROR_DESCRIPTIONS = {
    400: "Bad input: `field` names the culprit (NUL characters and unknown codes included)",
    401: "No valid token",
    403: "Not allowed for this account",
    404: "No such resource, or not visible to this account",
    405: "Method not allowed (the `Allow` header lists those that are)",
    409: "Conflict with the resource's current state (a stale version, a step its state does not allow)",
    422: "The request fits its schema, but its content cannot be taken (a phone number outside the numbering plan, "
    "one coordinate without the other, a rejection without its reason): `field` names it",
    429: "Too many requests",
    # gunicorn's limit_request_line (cct.server): the server answers before the API reads the request, not in JSON
    414: f"Request line too long (over {REQUEST_LINE_MAX} bytes): answered by the web server, as an HTML page",
}
SUCCESS_DESCRIPTIONS = {200: "OK", 201: "Created", 204: "No content"}
INFO = {
    "title": "CCT API",
    "version": __version__,
    "description": "Contact centre of Białystok City Hall. Authenticate with `Authorization: Bearer <token>` "
    "(a personal token from the account page or `cct users token LOGIN`). Messages are in Polish.",
}


def add_vocabulary(app: Flask, name: str, values: Callable[[], list[str] | None]) -> None:
    """A live list of codes a field's values come from (cct.api.schemas.vocabulary), given by the domain that owns
    them; None leaves the field without an enum (e.g. staff logins, for a reader without a token)."""
    app.extensions.setdefault(VOCABULARIES, {})[name] = values


def _with_vocabularies(node: Any, values: dict[str, list[str] | None]) -> None:
    """Every field that names a vocabulary gets its values as an enum (on the text branch of a nullable field)."""
    if isinstance(node, list):
        for item in node:
            _with_vocabularies(item, values)
        return
    if not isinstance(node, dict):
        return
    name = node.get(VOCABULARY)
    if name is not None and values.get(name) is not None:
        target = next((branch for branch in node.get("anyOf", []) if branch.get("type") == "string"), node)
        target["enum"] = values[name]
    for child in node.values():
        _with_vocabularies(child, values)


def _documented() -> list[tuple[str, str, Doc, list[tuple[str, str]]]]:
    """(path, method, its declaration, its path parameters with their converters) of every documented view."""
    found = []
    for rule in current_app.url_map.iter_rules():
        doc: Doc | None = getattr(current_app.view_functions.get(rule.endpoint), DOC, None)
        if doc is None:
            continue
        parameters = [(name, converter or "default") for converter, name in _PARAMETER.findall(rule.rule)]
        path = _PARAMETER.sub(lambda match: "{" + match.group(2) + "}", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((path, method.lower(), doc, parameters))
    return found


def _models(docs: list[Doc]) -> list[tuple[type[BaseModel], str]]:
    models: dict[tuple[type[BaseModel], str], None] = {(Error, "serialization"): None}
    for doc in docs:
        for model in (doc.body, doc.query, doc.path):
            if model is not None:
                models[(model, "validation")] = None
        for model in doc.responses.values():
            if model is not None:
                models[(model, "serialization")] = None
    return list(models)


def _properties(schemas: dict[str, Any], ref: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    schema = schemas[ref["$ref"].rsplit("/", 1)[1]]
    return schema.get("properties", {}), set(schema.get("required", []))


def _parameters(location: str, schemas: dict[str, Any], ref: dict[str, Any] | None) -> list[dict[str, Any]]:
    if ref is None:
        return []
    properties, required = _properties(schemas, ref)
    return [
        {"name": name, "in": location, "required": location == "path" or name in required, "schema": schema}
        for name, schema in properties.items()
    ]


IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "A key of the client's choosing: the same request sent again with it within 24 hours gets the first answer "
        "(header Idempotent-Replayed: true) and creates nothing; the same key with another request is refused, 422"
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[ -~]+$"},
}


def _converter_schema(converter: str) -> dict[str, Any]:
    if converter == "int":
        return {"type": "integer", "minimum": 0}
    return {"type": "string", "minLength": 1, "pattern": r"^[^/\x00]+$"}


def _operation(
    doc: Doc, method: str, parameters: list[tuple[str, str]], refs: dict[Any, Any], schemas: dict[str, Any]
) -> Any:
    operation: dict[str, Any] = {"operationId": doc.operation_id, "summary": doc.summary}
    declared = _parameters("path", schemas, refs.get((doc.path, "validation")) if doc.path else None)
    by_name = {parameter["name"]: parameter for parameter in declared}
    listed = [
        by_name.get(name) or {"name": name, "in": "path", "required": True, "schema": _converter_schema(converter)}
        for name, converter in parameters
    ]
    listed += _parameters("query", schemas, refs.get((doc.query, "validation")) if doc.query else None)
    if doc.idempotent:
        listed.append(IDEMPOTENCY_KEY)
    if listed:
        operation["parameters"] = listed
    if doc.body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": refs[(doc.body, "validation")]}},
        }
    responses: dict[str, Any] = {}
    for status, model in sorted(doc.responses.items()):
        response: dict[str, Any] = {"description": SUCCESS_DESCRIPTIONS.get(status, "OK")}
        if model is not None:
            response["content"] = {"application/json": {"schema": refs[(model, "serialization")]}}
        if status in doc.headers:
            response["headers"] = {
                name: {"description": description, "schema": {"type": "string"}}
                for name, description in doc.headers[status].items()
            }
        responses[str(status)] = response
    errors = doc.errors if not doc.public else tuple(status for status in doc.errors if status not in (401, 403))
    if doc.body is not None:
        errors = (*errors, 422)
    if not doc.public:
        errors = (*errors, 429)  # [security] api_writes_per_minute, api_reads_per_minute
    for status in sorted({*errors, 405, 414}):
        error: dict[str, Any] = {"description": ERROR_DESCRIPTIONS[status]}
        if status != 414:
            error["content"] = {"application/json": {"schema": refs[(Error, "serialization")]}}
        if status == 405:
            error["headers"] = {"Allow": {"description": "The methods allowed", "schema": {"type": "string"}}}
        if status == 429:
            error["headers"] = {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "string"}}}
        responses[str(status)] = error
    operation["responses"] = responses
    if doc.public:
        operation["security"] = []
    return operation


def document() -> dict[str, Any]:
    documented = _documented()
    refs, definitions = models_json_schema(
        _models([doc for _path, _method, doc, _parameters in documented]), ref_template=REF
    )
    schemas = definitions.get("$defs", {})
    vocabularies = {name: values() for name, values in current_app.extensions.get(VOCABULARIES, {}).items()}
    _with_vocabularies(schemas, vocabularies)
    paths: dict[str, Any] = {}
    for path, method, doc, parameters in documented:
        paths.setdefault(path, {})[method] = _operation(doc, method, parameters, refs, schemas)
    return {
        "openapi": "3.1.0",
        "info": INFO,
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": dict(sorted(paths.items())),
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}, "schemas": schemas},
    }
