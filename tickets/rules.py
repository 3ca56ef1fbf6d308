"""Routing rules: what administrators may change, checked like every other input. The caller commits."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from cct import db
from cct.changes import apply_changes
from cct.errors import UserError
from cct.org.models import Unit
from cct.signals import entity_created, entity_updated
from tickets.models import Category, RoutingRule


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    name = (values.get("name") or "").strip()
    if not name:
        raise UserError("required", _("This field is required."), "name")
    unit = db.session.scalar(select(Unit).where(Unit.code == (values.get("unit") or ""), Unit.active.is_(True)))
    if unit is None:
        raise UserError("unknown_unit", _("Unknown unit: %(codes)s.", codes=values.get("unit") or "—"), "unit")
    category = None
    if values.get("category"):
        category = db.session.scalar(select(Category).where(Category.code == values["category"]))
        if category is None:
            raise UserError("unknown_category", _("Unknown category: %(code)s.", code=values["category"]), "category")
    cleaned = {
        "name": name,
        "position": int(values.get("position") or 0),
        "category": category,
        "district": (values.get("district") or "").strip() or None,
        "street": (values.get("street") or "").strip() or None,
        "keywords": (values.get("keywords") or "").strip() or None,
        "unit": unit,
        "active": bool(values.get("active")),
    }
    if not (cleaned["category"] or cleaned["district"] or cleaned["street"] or cleaned["keywords"]):
        raise UserError(
            "rule_matches_everything",
            _(
                "Give at least one condition (category, district, street or keywords): a rule without one would take "
                "every ticket."
            ),
            "category",
        )
    return cleaned


def create_rule(actor: Any, values: dict[str, Any]) -> RoutingRule:
    rule = RoutingRule(**_clean(values))
    db.session.add(rule)
    db.session.flush()
    entity_created.send(rule, actor=actor, action="routing_rule.created", changes={"name": rule.name})
    return rule


def update_rule(actor: Any, rule: RoutingRule, values: dict[str, Any]) -> None:
    changes = apply_changes(rule, _clean(values))
    db.session.flush()
    entity_updated.send(rule, actor=actor, action="routing_rule.updated", changes=changes)
