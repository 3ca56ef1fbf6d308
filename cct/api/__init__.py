"""The JSON API (/api/v1): token auth only, shapes declared once in pydantic (cct.api.endpoints), errors as
{"error": {"code", "message", "field"}} (cct.web), and its OpenAPI document made from those declarations."""
