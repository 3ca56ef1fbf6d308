"""The OpenAPI 3 document of /api/v1. The shell describes its own paths; modules add theirs with `add_paths`.

The suite runs schemathesis against it: every documented operation, generated inputs, no 5xx, responses that
conform to these schemas.
"""

from __future__ import annotations

import copy
from typing import Any

from flask import Flask, current_app

from cct import __version__

EXTENSION = "cct.openapi"


def error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def json_response(description: str, schema_ref: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


STANDARD_ERRORS = {
    "400": error_response("Bad input; `field` names the culprit"),
    "401": error_response("No valid token"),
    "403": error_response("Not allowed for this account"),
}

BASE: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {
        "title": "CCT API",
        "version": __version__,
        "description": "Contact centre of Białystok City Hall. Authenticate with `Authorization: Bearer <token>` "
        "(a personal token from the account page or `cct users token LOGIN`). Messages are in Polish.",
    },
    "servers": [{"url": "/"}],
    "security": [{"bearer": []}],
    "paths": {
        "/api/v1/me": {
            "get": {
                "operationId": "me",
                "summary": "The account behind the token",
                "responses": {"200": json_response("The account", "#/components/schemas/Me"), **STANDARD_ERRORS},
            }
        },
        "/api/v1/units": {
            "get": {
                "operationId": "listUnits",
                "summary": "City units",
                "responses": {"200": json_response("All units", "#/components/schemas/UnitList"), **STANDARD_ERRORS},
            }
        },
    },
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {
                    "error": {
                        "type": "object",
                        "required": ["code", "message", "field"],
                        "properties": {
                            "code": {"type": "string"},
                            "message": {"type": "string"},
                            "field": {"type": "string", "nullable": True},
                        },
                    }
                },
            },
            "Me": {
                "type": "object",
                "required": ["login", "full_name", "roles", "units"],
                "properties": {
                    "login": {"type": "string"},
                    "full_name": {"type": "string"},
                    "roles": {"type": "array", "items": {"type": "string"}},
                    "units": {"type": "array", "items": {"type": "string"}},
                },
            },
            "Unit": {
                "type": "object",
                "required": ["code", "name", "kind", "parent", "phone", "email", "active"],
                "properties": {
                    "code": {"type": "string"},
                    "name": {"type": "string"},
                    "kind": {"type": "string", "enum": ["department", "city_company", "external_body"]},
                    "parent": {"type": "string", "nullable": True},
                    "phone": {"type": "string", "nullable": True},
                    "email": {"type": "string", "nullable": True},
                    "active": {"type": "boolean"},
                },
            },
            "UnitList": {
                "type": "object",
                "required": ["units"],
                "properties": {"units": {"type": "array", "items": {"$ref": "#/components/schemas/Unit"}}},
            },
        },
    },
}


def add_paths(app: Flask, paths: dict[str, Any], schemas: dict[str, Any]) -> None:
    """A module's part of the document: its paths and component schemas."""
    parts = app.extensions.setdefault(EXTENSION, [])
    parts.append((paths, schemas))


def document() -> dict[str, Any]:
    spec = copy.deepcopy(BASE)
    for paths, schemas in current_app.extensions.get(EXTENSION, []):
        spec["paths"].update(copy.deepcopy(paths))
        spec["components"]["schemas"].update(copy.deepcopy(schemas))
    return spec
