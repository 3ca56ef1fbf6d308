"""Administrators edit routing rules in the UI and try a ticket against them before residents do."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from cct import db
from cct.audit.models import AuditEntry
from cct.auth.actors import SYSTEM
from tests.helpers import count, csrf_token, sign_in
from tickets import operations as ops
from tickets.routing.models import RoutingRule


@pytest.fixture
def admin(city: Any, client: Any, make_user: Any) -> Any:
    sign_in(client, make_user("admin").login)
    return client


def post_rule(client: Any, path: str, **data: Any) -> Any:
    values = {"name": "Latarnie w parkach", "position": "5", "category": "oswietlenie", "keywords": "park, skwer",
              "unit": "DOS", "active": "y"} | data  # fmt: skip
    return client.post(path, data={**values, "csrf_token": csrf_token(client, "/admin/routing/new")})


def test_admin_adds_a_rule_and_new_tickets_follow_it(admin: Any) -> None:
    response = post_rule(admin, "/admin/routing/new")
    assert response.status_code == 302
    ticket = ops.create_ticket(SYSTEM, ops.TicketInput(subject="Ciemno w parku", category="oswietlenie"))
    db.session.commit()
    assert ticket.unit.code == "DOS"
    other = ops.create_ticket(SYSTEM, ops.TicketInput(subject="Latarnia na ulicy", category="oswietlenie"))
    assert other.unit.code == "ZDT"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "routing_rule.created")) is not None


def test_try_a_ticket_explains_the_decision(admin: Any) -> None:
    post_rule(admin, "/admin/routing/new")
    page = admin.get("/admin/routing/?category=oswietlenie&text=latarnia+w+parku").get_data(as_text=True)
    assert "według reguły „Latarnie w parkach”" in page
    page = admin.get("/admin/routing/?category=oswietlenie&text=latarnia").get_data(as_text=True)
    assert "jednostki właściwej dla kategorii „Oświetlenie uliczne”" in page
    assert admin.get("/admin/routing/?category=nope").status_code == 400


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"unit": "NOPE"}, "Nieznana jednostka: NOPE."),
        ({"category": "nope"}, "Nieznana kategoria: nope."),
        ({"category": "", "keywords": ""}, "Podaj co najmniej jeden warunek"),
        ({"name": ""}, "To pole jest wymagane."),
        ({"position": "abc"}, "Nieprawidłowa liczba całkowita"),
    ],
)
def test_bad_rule_is_refused_and_nothing_is_saved(admin: Any, changes: dict[str, str], message: str) -> None:
    before = count(RoutingRule)
    response = post_rule(admin, "/admin/routing/new", **changes)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(RoutingRule) == before


def test_admin_edits_and_deactivates_a_rule(admin: Any) -> None:
    rule = db.session.scalar(select(RoutingRule).where(RoutingRule.name.like("Groźne psy%")))
    response = post_rule(admin, f"/admin/routing/{rule.id}", name=rule.name, category="zwierzeta",
                         keywords="agresywny pies", unit="SM", active="")  # fmt: skip
    assert response.status_code == 302
    db.session.refresh(rule)
    assert rule.active is False
    ticket = ops.create_ticket(SYSTEM, ops.TicketInput(subject="Agresywny pies", category="zwierzeta"))
    assert ticket.unit.code == "DOS"  # the rule is off: the category's unit
    assert admin.get("/admin/routing/999999").status_code == 404


@pytest.mark.parametrize("role", ["supervisor", "agent", "unit_staff"])
def test_only_admins_edit_rules(city: Any, client: Any, make_user: Any, role: str) -> None:
    sign_in(client, make_user(role).login)
    assert client.get("/admin/routing/").status_code == 403
