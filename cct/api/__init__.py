"""The JSON API (/api/v1): token auth only, errors as {"error": {"code", "message", "field"}}."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_babel import gettext as _

from cct import db
from cct.errors import UserError


def user_error(error: UserError) -> Any:
    """Every API blueprint's answer to an operation's UserError (each registers it on itself)."""
    db.session.rollback()
    return jsonify(error.as_json()), error.status


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a 400 saying it must be one."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise UserError("bad_json", _("The request body must be a JSON object."))
    return data
