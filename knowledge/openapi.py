"""The knowledge base's part of the OpenAPI document (see cct.api.openapi)."""

from __future__ import annotations

from typing import Any

from cct.api.openapi import STANDARD_ERRORS, error_response, json_response
from knowledge.models import ArticleStatus, Visibility

ARTICLE = json_response("The article", "#/components/schemas/Article")
NOT_FOUND = error_response("No such article, or not visible to this account")
CONFLICT = error_response("Stale version, a taken slug or a step the article's status does not allow")
SLUG_PARAM = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
SEARCH_PARAMS = [
    {"name": "q", "in": "query", "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": 500}},
    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10}},
]
NULLABLE_STRING = {"type": "string", "nullable": True}


def _body(schema_ref: str) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


PATHS: dict[str, Any] = {
    "/api/v1/kb/search": {
        "get": {
            "operationId": "searchKnowledgeBase",
            "summary": "Search published articles (public and internal), best first",
            "parameters": [
                *SEARCH_PARAMS,
                {"name": "unit", "in": "query", "schema": {"type": "string"}, "description": "Owning unit's code"},
                {"name": "tag", "in": "query", "schema": {"type": "string"}},
            ],
            "responses": {"200": json_response("Results", "#/components/schemas/SearchResults"), **STANDARD_ERRORS},
        }
    },
    "/api/v1/public/kb/search": {
        "get": {
            "operationId": "searchPublicFaq",
            "summary": "Search the residents' FAQ (published public articles); no token needed",
            "security": [],
            "parameters": SEARCH_PARAMS,
            "responses": {
                "200": json_response("Results", "#/components/schemas/SearchResults"),
                "400": STANDARD_ERRORS["400"],
            },
        }
    },
    "/api/v1/kb/articles": {
        "get": {
            "operationId": "listArticles",
            "summary": "Articles by slug, a page at a time",
            "parameters": [
                {
                    "name": "status",
                    "in": "query",
                    "schema": {"type": "string", "enum": [s.value for s in ArticleStatus], "default": "published"},
                },
                {"name": "unit", "in": "query", "schema": {"type": "string"}},
                {
                    "name": "limit",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
                },
                {
                    "name": "after",
                    "in": "query",
                    "schema": {"type": "string"},
                    "description": "`next` of the last page",
                },
            ],
            "responses": {"200": json_response("A page", "#/components/schemas/ArticlePage"), **STANDARD_ERRORS},
        },
        "post": {
            "operationId": "createArticle",
            "summary": "Create an article (a draft, with its first revision)",
            "requestBody": _body("#/components/schemas/NewArticle"),
            "responses": {"201": ARTICLE, **STANDARD_ERRORS, "409": CONFLICT},
        },
    },
    "/api/v1/kb/articles/{slug}": {
        "parameters": [SLUG_PARAM],
        "get": {
            "operationId": "getArticle",
            "summary": "One article: its working copy and its published revision",
            "responses": {"200": ARTICLE, **STANDARD_ERRORS, "404": NOT_FOUND},
        },
        "patch": {
            "operationId": "updateArticle",
            "summary": "Change the working copy (a new revision; a draft again until published)",
            "requestBody": _body("#/components/schemas/ArticleChange"),
            "responses": {"200": ARTICLE, **STANDARD_ERRORS, "404": NOT_FOUND, "409": CONFLICT},
        },
    },
    "/api/v1/kb/articles/{slug}/transition": {
        "parameters": [SLUG_PARAM],
        "post": {
            "operationId": "transitionArticle",
            "summary": "Submit for review, publish, send back (with a reason), archive or bring back",
            "requestBody": _body("#/components/schemas/ArticleTransition"),
            "responses": {"200": ARTICLE, **STANDARD_ERRORS, "404": NOT_FOUND, "409": CONFLICT},
        },
    },
}

_ARTICLE_FIELDS: dict[str, Any] = {
    "title": {"type": "string", "minLength": 1, "maxLength": 300},
    "body": {"type": "string", "maxLength": 100000, "description": "Markdown"},
    "unit": {"type": "string", "description": "Owning unit's code"},
    "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 30},
    "visibility": {"type": "string", "enum": [v.value for v in Visibility]},
}

SCHEMAS: dict[str, Any] = {
    "SearchResults": {
        "type": "object",
        "required": ["results", "total"],
        "properties": {
            "results": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["slug", "title", "unit", "score", "snippet"],
                    "properties": {
                        "slug": {"type": "string"},
                        "title": {"type": "string"},
                        "unit": {"type": "string"},
                        "score": {"type": "number"},
                        "snippet": {"type": "string", "description": "HTML: escaped text, matched words in <mark>"},
                    },
                },
            },
            "total": {"type": "integer", "minimum": 0},
        },
    },
    "Article": {
        "type": "object",
        "required": ["slug", "title", "body", "unit", "tags", "visibility", "status", "version"],
        "properties": {
            "slug": {"type": "string"},
            **_ARTICLE_FIELDS,
            "status": {"type": "string", "enum": [s.value for s in ArticleStatus]},
            "published": {
                "type": "object",
                "nullable": True,
                "properties": {
                    "revision": {"type": "integer"},
                    "title": {"type": "string"},
                    "body": {"type": "string"},
                    "visibility": {"type": "string"},
                },
            },
            "review_by": {"type": "string", "format": "date", "nullable": True},
            "use_count": {"type": "integer"},
            "helped": {"type": "integer"},
            "not_helped": {"type": "integer"},
            "related": {"type": "array", "items": {"type": "string"}},
            "updated_at": {"type": "string", "format": "date-time"},
            "version": {"type": "integer"},
        },
    },
    "ArticlePage": {
        "type": "object",
        "required": ["articles", "next"],
        "properties": {
            "articles": {"type": "array", "items": {"$ref": "#/components/schemas/Article"}},
            "next": NULLABLE_STRING,
        },
    },
    "NewArticle": {
        "type": "object",
        "required": ["title", "unit"],
        "additionalProperties": False,
        "properties": {
            "slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 120},
            **_ARTICLE_FIELDS,
        },
    },
    "ArticleChange": {
        "type": "object",
        "required": ["version"],
        "additionalProperties": False,
        "properties": {**_ARTICLE_FIELDS, "version": {"type": "integer"}, "note": {"type": "string"}},
    },
    "ArticleTransition": {
        "type": "object",
        "required": ["action"],
        "properties": {
            "action": {"type": "string", "enum": ["submit", "publish", "send_back", "archive", "unarchive"]},
            "reason": {"type": "string", "description": "Why it is sent back (send_back only)"},
        },
    },
}
