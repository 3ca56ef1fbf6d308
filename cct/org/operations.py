"""What changes the organisation. Validate → mutate → flush → signal; the caller commits."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from cct import db
from cct.changes import apply_changes
from cct.contacts import clean_email, clean_phone
from cct.errors import NotFound, UserError
from cct.org.models import Unit, UnitKind
from cct.signals import entity_created, entity_updated

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,31}$")


def get_unit(code: str) -> Unit:
    unit = db.session.scalar(select(Unit).where(Unit.code == code.strip().upper()))
    if unit is None:
        raise NotFound("unit_not_found", _("No unit with the code %(code)s.", code=code), "code")
    return unit


def _clean(values: dict[str, Any], unit: Unit | None) -> dict[str, Any]:
    name = (values.get("name") or "").strip()
    if not name:
        raise UserError("name_required", _("Enter the unit's name."), "name")
    kind = values.get("kind")
    if kind not in {k.value for k in UnitKind}:
        raise UserError("bad_kind", _("Choose the kind of unit."), "kind")
    phone = clean_phone(values.get("phone"), "phone")
    email = clean_email(values.get("email"), "email")
    parent = None
    parent_code = (values.get("parent_code") or "").strip().upper()
    if parent_code:
        parent = db.session.scalar(select(Unit).where(Unit.code == parent_code))
        if parent is None:
            raise UserError("unknown_parent", _("No unit with the code %(code)s.", code=parent_code), "parent_code")
        ancestor: Unit | None = parent
        while ancestor is not None:
            if unit is not None and ancestor.id == unit.id:
                raise UserError(
                    "parent_cycle", _("A unit cannot be placed under itself or one of its sub-units."), "parent_code"
                )
            ancestor = ancestor.parent
    return {
        "name": name,
        "kind": kind,
        "phone": phone,
        "email": email,
        "parent": parent,
        "active": bool(values.get("active", True)),
    }


def create_unit(actor: Any, values: dict[str, Any]) -> Unit:
    """Add a city unit; its code is its permanent identifier (routing rules and articles refer to it)."""
    code = (values.get("code") or "").strip().upper()
    if not CODE_PATTERN.match(code):
        raise UserError("bad_code", _("A unit code has 1–32 characters: capital letters, digits or hyphens."), "code")
    if db.session.scalar(select(Unit.id).where(Unit.code == code)) is not None:
        raise UserError("code_taken", _("The code %(code)s is already used.", code=code), "code")
    clean = _clean(values, None)
    unit = Unit(code=code, **clean)
    db.session.add(unit)
    db.session.flush()
    entity_created.send(unit, actor=actor, action="unit.created", changes={"code": code, **clean})
    return unit


def update_unit(actor: Any, unit: Unit, values: dict[str, Any]) -> dict[str, list[Any]]:
    clean = _clean(values, unit)
    changes = apply_changes(unit, clean)
    db.session.flush()
    entity_updated.send(unit, actor=actor, action="unit.updated", changes=changes)
    return changes
