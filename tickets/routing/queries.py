"""Reading the routing rules, and where a ticket goes: the rules and the category's unit decide (tickets.routing.
decision), the intake desk ([tickets] fallback_unit) takes what neither claims."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from cct import db
from cct.errors import UserError
from cct.org import queries as units
from cct.org.models import Unit
from tickets.models import Category
from tickets.queries import category_chain
from tickets.routing import decision
from tickets.routing.models import RoutingRule


def all_rules() -> list[RoutingRule]:
    return list(db.session.scalars(select(RoutingRule).order_by(RoutingRule.position, RoutingRule.id)))


def rule_by_id(rule_id: int) -> RoutingRule | None:
    return db.session.get(RoutingRule, rule_id)


def next_position() -> int:
    """Where a new rule goes: after the last one, with room to put others between."""
    return (db.session.scalar(select(func.max(RoutingRule.position))) or 0) + 10


def active_rules() -> list[decision.Rule]:
    """The active rules in the order they are tried, as the decision reads them."""
    table = RoutingRule.__table__
    statement = (
        select(*(table.c[name] for name in decision.Rule.__dataclass_fields__))
        .where(table.c.active.is_(True))
        .order_by(table.c.position, table.c.id)
    )
    return [decision.Rule(**row._mapping) for row in db.session.execute(statement)]


def route(category: Category, district: str | None, address: str | None, text: str) -> tuple[Unit, dict[str, Any]]:
    """The unit that gets a ticket with these facts, and why (also the administrators' "try a ticket" tool)."""
    chain = category_chain(category)
    facts = decision.Facts(category_ids=tuple(node.id for node in chain), district=district, address=address, text=text)
    category_unit = next((node.default_unit_id for node in chain if node.default_unit_id is not None), None)
    chosen = decision.decide(facts, active_rules(), category_unit)
    if chosen.unit_id is None:
        fallback = current_app.config["CCT"].tickets.fallback_unit
        unit = units.unit_by_code(fallback)
        if unit is None:
            raise UserError("unknown_unit", _("Unknown unit: %(codes)s.", codes=fallback), "unit")
    else:
        unit = db.session.get(Unit, chosen.unit_id)  # a foreign key keeps it there
        assert unit is not None  # noqa: S101
    detail: dict[str, Any] = {"how": chosen.how, "unit": unit.code, "unit_name": unit.name}
    if chosen.rule is not None:
        detail.update(rule_id=chosen.rule.id, rule_name=chosen.rule.name)
    if chosen.how == "category":
        detail["category"] = category.name
    return unit, detail
