from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask_login import current_user
from sqlalchemy import select

from cct import db
from cct.api.openapi import document
from cct.auth.access import public, requires
from cct.org.models import Unit

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def unit_json(unit: Unit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "parent": unit.parent.code if unit.parent else None,
        "phone": unit.phone,
        "email": unit.email,
        "active": unit.active,
    }


@bp.route("/me")
@requires("staff")
def me() -> Any:
    return jsonify(
        {
            "login": current_user.login,
            "full_name": current_user.full_name,
            "roles": sorted(current_user.roles),
            "units": [unit.code for unit in current_user.units],
        }
    )


@bp.route("/units")
@requires("units.view")
def units() -> Any:
    rows = db.session.scalars(select(Unit).order_by(Unit.code)).all()
    return jsonify({"units": [unit_json(unit) for unit in rows]})


@bp.route("/openapi.json")
@public
def openapi() -> Any:
    return jsonify(document())
