"""The shell's part of the JSON API: the account behind the token, the units, and the OpenAPI document."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask_login import current_user

from cct.api.endpoints import documented, respond
from cct.api.openapi import document
from cct.api.schemas import Me, UnitList, UnitOut
from cct.auth.access import public, requires
from cct.org import queries as units

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def unit_out(unit: Any) -> UnitOut:
    return UnitOut(
        code=unit.code,
        name=unit.name,
        kind=unit.kind,
        parent=unit.parent.code if unit.parent else None,
        phone=unit.phone,
        email=unit.email,
        active=unit.active,
    )


@bp.get("/me")
@requires("staff")
@documented("The account behind the token", "me", responses={200: Me})
def me() -> Any:
    return respond(
        Me(
            login=current_user.login,
            full_name=current_user.full_name,
            roles=sorted(current_user.roles),
            units=[unit.code for unit in current_user.units],
        )
    )


@bp.get("/units")
@requires("units.view")
@documented("City units", "listUnits", responses={200: UnitList})
def list_units() -> Any:
    return respond(UnitList(units=[unit_out(unit) for unit in units.all_units()]))


@bp.get("/openapi.json")
@public
def openapi() -> Any:
    return jsonify(document())
