"""Reading the routing rules, and where a ticket goes: the rules and the category's unit decide (tickets.routing.
decision), the intake desk ([tickets] fallback_unit) takes what neither claims."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from cct import db
from cct.errors import UserError
from cct.org import queries as units
from cct.org.models import Unit
from tickets.models import Category, Ticket
from tickets.numbers import TicketNumber
from tickets.queries import category_chain
from tickets.routing import decision
from tickets.routing.models import RoutingRule


def all_rules() -> list[RoutingRule]:
    return list(db.session.scalars(select(RoutingRule).order_by(RoutingRule.position, RoutingRule.id)))


def rule_by_id(rule_id: int) -> RoutingRule | None:
    return db.session.get(RoutingRule, rule_id)


def rules_by_id(rule_ids: list[int]) -> list[RoutingRule]:
    if not rule_ids:
        return []
    return list(db.session.scalars(select(RoutingRule).where(RoutingRule.id.in_(rule_ids))))


def next_position() -> int:
    """Where a new rule goes: after the last one, with room to put others between."""
    return (db.session.scalar(select(func.max(RoutingRule.position))) or 0) + 10


def _decided(rule: RoutingRule) -> decision.Rule:
    return decision.Rule(**{name: getattr(rule, name) for name in decision.Rule.__dataclass_fields__})


def active_rules() -> list[decision.Rule]:
    """The active rules in the order they are tried, as the decision reads them."""
    table = RoutingRule.__table__
    statement = (
        select(*(table.c[name] for name in decision.Rule.__dataclass_fields__))
        .where(table.c.active.is_(True))
        .order_by(table.c.position, table.c.id)
    )
    return [decision.Rule(**row._mapping) for row in db.session.execute(statement)]


def facts_for(
    chain: list[Category], district: str | None, address: str | None, text: str
) -> tuple[decision.Facts, int | None]:
    """What the decision reads of a ticket (its category chain, place and words), and its category's unit (its own
    or the nearest ancestor's)."""
    facts = decision.Facts(category_ids=tuple(node.id for node in chain), district=district, address=address, text=text)
    return facts, next((node.default_unit_id for node in chain if node.default_unit_id is not None), None)


def route(category: Category, district: str | None, address: str | None, text: str) -> tuple[Unit, dict[str, Any]]:
    """The unit that gets a ticket with these facts, and why (also the administrators' "try a ticket" tool)."""
    facts, category_unit = facts_for(category_chain(category), district, address, text)
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


PREVIEW_DAYS = 30
PREVIEW_EXAMPLES = 10
TICKET_FACTS = (
    Ticket.year,
    Ticket.seq,
    Ticket.category_id,
    Ticket.district,
    Ticket.address,
    Ticket.subject,
    Ticket.description,
)


@dataclass(frozen=True)
class Preview:
    """What a rule, as it stands in the form, would have changed over the last PREVIEW_DAYS days."""

    checked: int  # tickets opened in the period
    moved: int  # of them, sent to another unit than today's rules send them
    moves: list[tuple[str, str, int]]  # (from unit, to unit, how many), most first
    examples: list[str]  # numbers of some moved tickets, newest first


def preview(values: dict[str, Any], replacing: RoutingRule | None, now: datetime) -> Preview:
    """How many of the last 30 days' tickets a rule (its checked values) would move: each ticket routed by today's
    active rules, and by the same rules with this one at its place in the order (instead of the one it changes). Only
    tickets the new or the old rule could match can move: when both name a category, only that category's tickets
    (and its sub-categories') are read."""
    replaced = replacing.id if replacing is not None else None
    candidate = decision.Rule(
        id=replaced or 0,
        name=values["name"],
        unit_id=values["unit"].id,
        category_id=values["category"].id if values["category"] else None,
        district=values["district"],
        street=values["street"],
        keywords=values["keywords"],
    )
    rules = all_rules()
    before = [_decided(rule) for rule in rules if rule.active]
    ordered = [(rule.position, rule.id, _decided(rule)) for rule in rules if rule.active and rule.id != replaced]
    if values["active"]:  # a new rule comes after the others of its position, as its id will
        ordered.append((values["position"], replaced if replaced is not None else sys.maxsize, candidate))
    after = [rule for _position, _id, rule in sorted(ordered, key=lambda entry: (entry[0], entry[1]))]
    chains = {category.id: category_chain(category) for category in db.session.scalars(select(Category))}
    statement = select(*TICKET_FACTS).where(Ticket.created_at >= now - timedelta(days=PREVIEW_DAYS))
    deciding = ([candidate.category_id] if values["active"] else []) + (
        [replacing.category_id] if replacing is not None and replacing.active else []
    )
    if None not in deciding:  # every rule that changes names a category (or none changes): read only those
        within = [cid for cid, chain in chains.items() if any(node.id in deciding for node in chain)]
        statement = statement.where(Ticket.category_id.in_(within))
    rows = db.session.execute(statement.order_by(Ticket.created_at.desc())).all()
    checked = db.session.scalar(
        select(func.count()).select_from(Ticket).where(Ticket.created_at >= now - timedelta(days=PREVIEW_DAYS))
    )

    def cases() -> Any:
        for year, seq, category_id, district, address, subject, description in rows:
            facts, unit = facts_for(chains.get(category_id, []), district, address, f"{subject}\n{description}")
            yield TicketNumber(year, seq), facts, unit

    moved = decision.moved(cases(), before, after)
    names = {unit.id: unit.name for unit in db.session.scalars(select(Unit))}
    fallback = _("the intake desk")
    counted = Counter((names.get(old or 0, fallback), names.get(new or 0, fallback)) for _case, old, new in moved)
    return Preview(
        checked=checked or 0,
        moved=len(moved),
        moves=[(old, new, count) for (old, new), count in counted.most_common()],
        examples=[str(number) for number, _old, _new in moved[:PREVIEW_EXAMPLES]],
    )
