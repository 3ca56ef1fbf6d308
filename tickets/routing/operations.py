"""Routing rules: what administrators may change, checked like every other input. The request commits."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cct import contacts, db
from cct.actions import audit, operation
from cct.auth.actors import Actor
from cct.changes import apply_changes
from cct.errors import Forbidden, UserError
from cct.org import queries as units
from tickets import queries as tickets
from tickets.routing import policy
from tickets.routing import schemas as limits
from tickets.routing.models import RoutingRule


def _position(value: Any) -> int:
    if value in (None, ""):
        return 0
    try:
        position = int(value)
    except (TypeError, ValueError):
        raise UserError("bad_position", _("The order must be a whole number."), "position") from None
    if not 0 <= position <= limits.POSITION_MAX:
        raise UserError("bad_position", _("The order must be a whole number."), "position")
    return position


def checked(values: dict[str, Any]) -> dict[str, Any]:
    """A rule's values as the form gives them, checked (a UserError names the field): what a rule would hold."""

    def optional(name: str, limit: int) -> str | None:
        return contacts.clean_text(values.get(name), name, limit) or None

    name = contacts.clean_text(values.get("name"), "name", limits.NAME_MAX, required=True)
    unit = units.require_unit(values.get("unit") or "")
    category = None
    if values.get("category"):
        category = tickets.category_by_code(values["category"], active_only=False)
        if category is None:
            raise UserError("unknown_category", _("Unknown category: %(code)s.", code=values["category"]), "category")
    cleaned = {
        "name": name,
        "position": _position(values.get("position")),
        "category": category,
        "district": optional("district", limits.DISTRICT_MAX),
        "street": optional("street", limits.STREET_MAX),
        "keywords": optional("keywords", limits.KEYWORDS_MAX),
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


def _require_manager(actor: Actor) -> None:
    if not policy.can_manage(actor):
        raise Forbidden("forbidden", _("Only administrators keep the routing rules."))


@operation("routing_rule.created", _l("Routing rule created"))
def create_rule(actor: Actor, values: dict[str, Any]) -> RoutingRule:
    """A new rule; it routes the next ticket that matches it."""
    _require_manager(actor)
    cleaned = checked(values)
    rule = RoutingRule(**cleaned)
    db.session.add(rule)
    db.session.flush()
    audit(rule, actor, {key: [None, value] for key, value in cleaned.items()})
    return rule


@operation("routing_rule.updated", _l("Routing rule changed"))
def update_rule(actor: Actor, rule: RoutingRule, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Change a rule (its order, conditions, unit, or whether it is active)."""
    _require_manager(actor)
    changes = apply_changes(rule, checked(values))
    db.session.flush()
    if changes:
        audit(rule, actor, changes)
    return changes
