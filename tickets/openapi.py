"""The tickets' part of the OpenAPI document (see cct.api.openapi)."""

from __future__ import annotations

from typing import Any

from cct.api.openapi import STANDARD_ERRORS, error_response, json_response
from tickets.states import Channel, Priority, StatutoryKind, TicketState

NULLABLE_STRING = {"type": "string", "nullable": True}
NULLABLE_TIME = {"type": "string", "format": "date-time", "nullable": True}
TICKET = json_response("The ticket", "#/components/schemas/Ticket")
NOT_FOUND = error_response("No such ticket, or not visible to this account")
CONFLICT = error_response("Stale version or a transition that is not allowed")
NUMBER_PARAMS = [
    {"name": "year", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 2000, "maximum": 9999}},
    {"name": "seq", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}},
]
JSON_BODY = "application/json"


def _body(schema_ref: str) -> dict[str, Any]:
    return {"required": True, "content": {JSON_BODY: {"schema": {"$ref": schema_ref}}}}


PATHS: dict[str, Any] = {
    "/api/v1/categories": {
        "get": {
            "operationId": "listCategories",
            "summary": "Active ticket categories",
            "responses": {"200": json_response("Categories", "#/components/schemas/CategoryList"), **STANDARD_ERRORS},
        }
    },
    "/api/v1/tickets": {
        "get": {
            "operationId": "listTickets",
            "summary": "Tickets visible to the account, soonest resolution deadline first",
            "parameters": [
                {
                    "name": "state",
                    "in": "query",
                    "schema": {"type": "string", "enum": [s.value for s in TicketState]},
                    "description": "Default: all open states",
                },
                {"name": "unit", "in": "query", "schema": {"type": "string"}},
                {"name": "category", "in": "query", "schema": {"type": "string"}},
                {"name": "phone", "in": "query", "schema": {"type": "string"}, "description": "The resident's phone"},
                {
                    "name": "limit",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
                },
                {
                    "name": "after",
                    "in": "query",
                    "schema": {"type": "string"},
                    "description": "`next` of the previous page",
                },
            ],
            "responses": {
                "200": json_response("A page of tickets", "#/components/schemas/TicketPage"),
                **STANDARD_ERRORS,
            },
        },
        "post": {
            "operationId": "createTicket",
            "summary": "Open a ticket; it is numbered, given its deadlines and routed at once",
            "requestBody": _body("#/components/schemas/NewTicket"),
            "responses": {"201": TICKET, **STANDARD_ERRORS},
        },
    },
    "/api/v1/tickets/{year}/{seq}": {
        "parameters": NUMBER_PARAMS,
        "get": {
            "operationId": "getTicket",
            "summary": "One ticket, by its number year/seq",
            "responses": {"200": TICKET, **STANDARD_ERRORS, "404": NOT_FOUND},
        },
        "patch": {
            "operationId": "updateTicket",
            "summary": "Change a ticket's details (send the version you read)",
            "requestBody": _body("#/components/schemas/TicketChanges"),
            "responses": {"200": TICKET, **STANDARD_ERRORS, "404": NOT_FOUND, "409": CONFLICT},
        },
    },
    "/api/v1/tickets/{year}/{seq}/transition": {
        "parameters": NUMBER_PARAMS,
        "post": {
            "operationId": "transitionTicket",
            "summary": "Move a ticket to another state",
            "requestBody": _body("#/components/schemas/Transition"),
            "responses": {"200": TICKET, **STANDARD_ERRORS, "404": NOT_FOUND, "409": CONFLICT},
        },
    },
    "/api/v1/tickets/{year}/{seq}/comments": {
        "parameters": NUMBER_PARAMS,
        "post": {
            "operationId": "commentTicket",
            "summary": "A public reply to the resident, or an internal note",
            "requestBody": _body("#/components/schemas/NewComment"),
            "responses": {
                "201": json_response("The comment", "#/components/schemas/Comment"),
                **STANDARD_ERRORS,
                "404": NOT_FOUND,
            },
        },
    },
}

SCHEMAS: dict[str, Any] = {
    "Category": {
        "type": "object",
        "required": [
            "code",
            "name",
            "parent",
            "unit",
            "priority",
            "first_response_hours",
            "resolution_hours",
            "statutory_kind",
        ],
        "properties": {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "parent": NULLABLE_STRING,
            "unit": NULLABLE_STRING,
            "priority": {"type": "string", "enum": [p.value for p in Priority]},
            "first_response_hours": {"type": "number"},
            "resolution_hours": {"type": "number"},
            "statutory_kind": {"type": "string", "enum": [k.value for k in StatutoryKind], "nullable": True},
        },
    },
    "CategoryList": {
        "type": "object",
        "required": ["categories"],
        "properties": {"categories": {"type": "array", "items": {"$ref": "#/components/schemas/Category"}}},
    },
    "Ticket": {
        "type": "object",
        "required": [
            "number",
            "subject",
            "description",
            "category",
            "channel",
            "priority",
            "state",
            "unit",
            "assignee",
            "resident",
            "place",
            "tags",
            "first_response_due",
            "resolution_due",
            "first_response_at",
            "resolved_at",
            "closed_at",
            "sla",
            "statutory",
            "rejection_reason",
            "duplicate_of",
            "created_at",
            "updated_at",
            "version",
        ],
        "properties": {
            "number": {"type": "string", "pattern": r"^\d{4}/\d{6,}$"},
            "subject": {"type": "string"},
            "description": {"type": "string"},
            "category": {"type": "string"},
            "channel": {"type": "string", "enum": [c.value for c in Channel]},
            "priority": {"type": "string", "enum": [p.value for p in Priority]},
            "state": {"type": "string", "enum": [s.value for s in TicketState]},
            "unit": NULLABLE_STRING,
            "assignee": NULLABLE_STRING,
            "resident": {
                "type": "object",
                "required": ["name", "phone", "email", "consent_sms", "consent_email"],
                "properties": {
                    "name": NULLABLE_STRING,
                    "phone": NULLABLE_STRING,
                    "email": NULLABLE_STRING,
                    "consent_sms": {"type": "boolean"},
                    "consent_email": {"type": "boolean"},
                },
            },
            "place": {
                "type": "object",
                "required": ["address", "district", "lat", "lon"],
                "properties": {
                    "address": NULLABLE_STRING,
                    "district": NULLABLE_STRING,
                    "lat": {"type": "number", "nullable": True},
                    "lon": {"type": "number", "nullable": True},
                },
            },
            "tags": {"type": "array", "items": {"type": "string"}},
            "first_response_due": NULLABLE_TIME,
            "resolution_due": NULLABLE_TIME,
            "first_response_at": NULLABLE_TIME,
            "resolved_at": NULLABLE_TIME,
            "closed_at": NULLABLE_TIME,
            "sla": {"type": "string", "enum": ["breached", "near"], "nullable": True},
            "statutory": {
                "type": "object",
                "nullable": True,
                "required": ["kind", "due", "via_representative", "extension_notice_at"],
                "properties": {
                    "kind": {"type": "string", "enum": [k.value for k in StatutoryKind]},
                    "due": NULLABLE_TIME,
                    "via_representative": {"type": "boolean"},
                    "extension_notice_at": NULLABLE_TIME,
                },
            },
            "rejection_reason": NULLABLE_STRING,
            "duplicate_of": NULLABLE_STRING,
            "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"},
            "version": {"type": "integer", "minimum": 1},
        },
    },
    "TicketPage": {
        "type": "object",
        "required": ["tickets", "next"],
        "properties": {
            "tickets": {"type": "array", "items": {"$ref": "#/components/schemas/Ticket"}},
            "next": {"type": "string", "nullable": True},
        },
    },
    "NewTicket": {
        "type": "object",
        "required": ["subject", "category"],
        "additionalProperties": False,
        "properties": {
            "subject": {"type": "string", "minLength": 1, "maxLength": 200},
            "category": {"type": "string"},
            "channel": {"type": "string", "enum": [c.value for c in Channel]},
            "description": {"type": "string", "maxLength": 20000},
            "priority": {"type": "string", "enum": [p.value for p in Priority], "nullable": True},
            "resident_name": NULLABLE_STRING,
            "resident_phone": NULLABLE_STRING,
            "resident_email": NULLABLE_STRING,
            "consent_sms": {"type": "boolean"},
            "consent_email": {"type": "boolean"},
            "address": NULLABLE_STRING,
            "district": NULLABLE_STRING,
            "lat": {"type": "number", "minimum": -90, "maximum": 90, "nullable": True},
            "lon": {"type": "number", "minimum": -180, "maximum": 180, "nullable": True},
            "tags": {"type": "array", "items": {"type": "string"}},
            "statutory_kind": {"type": "string", "enum": [k.value for k in StatutoryKind], "nullable": True},
            "via_representative": {"type": "boolean"},
            "call_sid": {
                "type": "string",
                "nullable": True,
                "pattern": "^CA[0-9a-fA-F]{32}$",
                "description": "Twilio's CallSid of the call the ticket is opened during",
            },
        },
    },
    "TicketChanges": {
        "type": "object",
        "required": ["version"],
        "additionalProperties": False,
        "properties": {
            "version": {"type": "integer"},
            "subject": {"type": "string", "minLength": 1, "maxLength": 200},
            "description": {"type": "string"},
            "priority": {"type": "string", "enum": [p.value for p in Priority]},
            "address": NULLABLE_STRING,
            "district": NULLABLE_STRING,
            "resident_name": NULLABLE_STRING,
            "assignee": NULLABLE_STRING,
            "tags": {"type": "array", "items": {"type": "string"}},
        },
    },
    "Transition": {
        "type": "object",
        "required": ["version", "state"],
        "additionalProperties": False,
        "properties": {
            "version": {"type": "integer"},
            "state": {"type": "string", "enum": [s.value for s in TicketState]},
            "reason": {"type": "string"},
        },
    },
    "NewComment": {
        "type": "object",
        "required": ["body"],
        "additionalProperties": False,
        "properties": {"body": {"type": "string", "minLength": 1}, "public": {"type": "boolean"}},
    },
    "Comment": {
        "type": "object",
        "required": ["id", "body", "public", "created_at"],
        "properties": {
            "id": {"type": "integer"},
            "body": {"type": "string"},
            "public": {"type": "boolean"},
            "created_at": {"type": "string", "format": "date-time"},
        },
    },
}
