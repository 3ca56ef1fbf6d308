"""The catalog each process keeps for opening tickets (tickets.catalog) follows every change, wherever it is made."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text

from cct import db
from cct.errors import UserError
from cct.org.models import Unit
from tests.tickets.conftest import seed_city
from tickets import operations as ops
from tickets import rules
from tickets.models import Category, RoutingRule, TicketEvent, catalog_stamp


def open_ticket(subject: str = "Nie świeci latarnia", category: str = "oswietlenie") -> tuple[str, dict[str, Any]]:
    """Open and commit a ticket; its unit's code and the routing event's detail."""
    ticket = ops.create_ticket(None, ops.TicketInput(subject=subject, category=category))
    db.session.commit()
    routed = db.session.scalars(
        select(TicketEvent).where(TicketEvent.ticket_id == ticket.id, TicketEvent.kind == "routed")
    ).one()
    return ticket.unit.code, routed.detail


def stamp() -> int:
    return db.session.connection().execute(select(catalog_stamp.c.stamp)).scalar_one()


LAMPS_TO_GREENERY = {"name": "Latarnie w parkach", "unit": "DOS", "category": "oswietlenie", "active": True}


def test_a_rule_added_by_another_process_routes_the_next_ticket(committed_app: Any, make_app: Any) -> None:
    other_process = make_app()  # its own catalog, like another gunicorn worker
    with committed_app.app_context():
        seed_city()
        assert open_ticket()[0] == "ZDT"  # by the category; the catalog is now loaded here
    with other_process.app_context():
        assert open_ticket()[0] == "ZDT"
        rules.create_rule(None, {**LAMPS_TO_GREENERY, "position": 0})
        db.session.commit()
    with committed_app.app_context():
        unit, detail = open_ticket()
        assert unit == "DOS"
        assert detail["rule_name"] == "Latarnie w parkach"


def test_a_change_made_with_plain_sql_is_seen_too(committed_app: Any) -> None:
    with committed_app.app_context():
        seed_city()
        assert open_ticket()[0] == "ZDT"
    engine = db.get_database(committed_app).engine
    with engine.begin() as connection:  # e.g. a DBA's fix, outside the application
        connection.execute(text("UPDATE ticket_categories SET active = false WHERE code = 'oswietlenie'"))
    with committed_app.app_context(), pytest.raises(UserError) as refused:
        open_ticket()
    assert refused.value.code == "unknown_category"
    with engine.begin() as connection:
        connection.execute(text("UPDATE ticket_categories SET active = true WHERE code = 'oswietlenie'"))
        connection.execute(text("UPDATE units SET name = 'Drogi' WHERE code = 'ZDT'"))
    with committed_app.app_context():
        unit, detail = open_ticket()
        assert (unit, detail["unit_name"]) == ("ZDT", "Drogi")


def test_a_rolled_back_change_leaves_nothing_behind(committed_app: Any) -> None:
    with committed_app.app_context():
        seed_city()
        assert open_ticket()[0] == "ZDT"
        before = stamp()
        db.session.rollback()
        rules.create_rule(None, {**LAMPS_TO_GREENERY, "position": 0})
        ticket = ops.create_ticket(None, ops.TicketInput(subject="Latarnia", category="oswietlenie"))
        assert ticket.unit.code == "DOS"  # the transaction sees its own rule (and the catalog was loaded with it)
        db.session.rollback()
        assert ticket not in db.session  # as for an object the ORM itself inserted
        assert stamp() == before
        db.session.rollback()
        assert open_ticket()[0] == "ZDT"


def test_objects_from_the_catalog_are_the_rows_and_changing_one_does_not_change_the_catalog(city: Any) -> None:
    category = ops.get_category("oswietlenie")
    assert category in db.session
    assert category.default_unit.code == "ZDT"
    attributes = list(category.open311_attributes)
    category.open311_attributes.append({"code": "x"})  # not a change of the row (no flush of it), nor of the catalog
    db.session.expire(category)
    assert ops.get_category("oswietlenie").open311_attributes == attributes
    fresh = db.session.scalars(select(Category).where(Category.code == "oswietlenie")).one()
    assert fresh is category  # the identity map has one object per row


@pytest.mark.parametrize("table", ["ticket_categories", "units", "routing_rules"])
def test_every_kind_of_change_to_the_three_tables_renews_the_stamp(city: Any, table: str) -> None:
    dos = db.session.scalar(select(Unit.id).where(Unit.code == "DOS"))
    category = db.session.scalar(select(Category.id).where(Category.code == "oswietlenie"))
    insert = {
        "ticket_categories": "INSERT INTO ticket_categories (code, name, priority, first_response_hours, "
        "resolution_hours, keywords, active, public_reports, open311_attributes) "
        "VALUES ('nowa', 'Nowa', 'normal', 8, 40, '', true, false, '[]')",
        "units": "INSERT INTO units (code, name, kind, active, created_at, updated_at) "
        "VALUES ('NOWA', 'Nowa', 'department', true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
        "routing_rules": "INSERT INTO routing_rules (position, name, category_id, unit_id, active) "
        "VALUES (9, 'Nowa', :category, :unit, true)",
    }[table]
    key = {"ticket_categories": "code = 'nowa'", "units": "code = 'NOWA'", "routing_rules": "name = 'Nowa'"}[table]
    statements = [
        insert,
        f"UPDATE {table} SET name = 'Inna' WHERE {key}",  # noqa: S608 - the test's own table names
        f"DELETE FROM {table} WHERE name = 'Inna'",  # noqa: S608
    ]
    connection = db.session.connection()
    seen = [stamp()]
    for statement in statements:
        connection.execute(text(statement), {"category": category, "unit": dos} if ":unit" in statement else {})
        seen.append(stamp())
    assert len(set(seen)) == 4, seen
    assert db.session.scalar(select(RoutingRule.id).where(RoutingRule.name == "Inna")) is None
