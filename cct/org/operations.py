"""What changes the organisation. Validate → mutate → flush → record; the request (or command) commits."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cct import db
from cct.actions import audit, operation
from cct.auth.actors import Actor
from cct.changes import apply_changes
from cct.contacts import clean_email, clean_phone
from cct.errors import UserError
from cct.org.models import Unit
from cct.org.queries import clean_code, unit_by_code
from cct.org.states import UnitKind

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,31}$")


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
    parent_code = clean_code(values.get("parent_code") or "")
    if parent_code:
        parent = unit_by_code(parent_code, active_only=False)
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


@operation("unit.created", _l("Unit created"))
def create_unit(actor: Actor, values: dict[str, Any]) -> Unit:
    """Add a city unit; its code is its permanent identifier (routing rules and articles refer to it)."""
    code = clean_code(values.get("code") or "")
    if not CODE_PATTERN.match(code):
        raise UserError("bad_code", _("A unit code has 1–32 characters: capital letters, digits or hyphens."), "code")
    if unit_by_code(code, active_only=False) is not None:
        raise UserError("code_taken", _("The code %(code)s is already used.", code=code), "code")
    clean = _clean(values, None)
    unit = Unit(code=code, **clean)
    db.session.add(unit)
    db.session.flush()
    audit(unit, actor, {"code": [None, code], **{key: [None, value] for key, value in clean.items()}})
    return unit


@operation("unit.updated", _l("Unit changed"))
def update_unit(actor: Actor, unit: Unit, values: dict[str, Any]) -> dict[str, list[Any]]:
    clean = _clean(values, unit)
    changes = apply_changes(unit, clean)
    db.session.flush()
    if changes:
        audit(unit, actor, changes)
    return changes
