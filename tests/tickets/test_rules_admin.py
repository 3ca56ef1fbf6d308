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


# -- what a rule would move, before it is saved ------------------------------------------------------------------------


def test_checking_a_rule_counts_the_last_30_days_tickets_it_would_move_and_saves_nothing(admin: Any) -> None:
    from datetime import timedelta

    from cct.db import utcnow

    park = ops.create_ticket(SYSTEM, ops.TicketInput(subject="Ciemno w parku", category="oswietlenie"))
    ops.create_ticket(SYSTEM, ops.TicketInput(subject="Latarnia na ulicy", category="oswietlenie"))
    old = ops.create_ticket(SYSTEM, ops.TicketInput(subject="Park bez światła", category="oswietlenie"))
    old.created_at = utcnow() - timedelta(days=31)  # before the period
    db.session.commit()
    rules_before = count(RoutingRule)

    response = post_rule(admin, "/admin/routing/new", preview="1")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "W ostatnich 30 dniach ta reguła skierowałaby do innej jednostki 1 z 2 zgłoszeń." in page
    assert (
        "1: z „Zarząd Dróg i Transportu — drogi, chodniki, oświetlenie, sygnalizacja, komunikacja miejska” do " in page
    )
    assert park.number in page
    assert count(RoutingRule) == rules_before  # checked, not saved
    assert 'value="Latarnie w parkach"' in page  # the form keeps what was typed

    saved = post_rule(admin, "/admin/routing/new")
    assert saved.status_code == 302
    rule = db.session.scalars(select(RoutingRule).where(RoutingRule.name == "Latarnie w parkach")).one()
    # the same rule, checked again as it stands, moves nothing; made inactive, it would move the park back
    again = post_rule(admin, f"/admin/routing/{rule.id}", preview="1").get_data(as_text=True)
    assert "skierowałaby do innej jednostki 0 z 2 zgłoszeń" in again
    inactive = post_rule(admin, f"/admin/routing/{rule.id}", preview="1", active="").get_data(as_text=True)
    assert "1: z „Departament Ochrony Środowiska — zieleń, zwierzęta, azbest” do „Zarząd Dróg" in inactive


def test_checking_a_bad_rule_shows_why_and_saves_nothing(admin: Any) -> None:
    rules_before = count(RoutingRule)
    response = post_rule(admin, "/admin/routing/new", preview="1", unit="NOPE")
    assert response.status_code == 400
    assert "Nieznana jednostka: NOPE." in response.get_data(as_text=True)
    assert count(RoutingRule) == rules_before


# -- categories ----------------------------------------------------------------------------------------------------


def post_category(client: Any, path: str, **data: Any) -> Any:
    values = {"code": "drogi-mosty", "name": "Mosty i wiadukty", "parent": "drogi", "unit": "ZDT",
              "priority": "high", "first_response_hours": "4", "resolution_hours": "16,5", "statutory_kind": "",
              "keywords": "most, wiadukt, kładka", "public_reports": "y", "active": "y"} | data  # fmt: skip
    return client.post(path, data={**values, "csrf_token": csrf_token(client, "/admin/routing/categories/new")})


def test_admin_adds_and_changes_a_category_and_each_change_is_audited(admin: Any) -> None:
    from tickets import queries as ticket_queries

    listing = admin.get("/admin/routing/categories").get_data(as_text=True)
    assert "Oświetlenie uliczne" in listing
    assert post_category(admin, "/admin/routing/categories/new").status_code == 302
    category = ticket_queries.category_by_code("drogi-mosty")
    assert category is not None
    assert (category.path, category.default_unit.code, category.priority) == (  # type: ignore[union-attr]
        "Drogi i chodniki › Mosty i wiadukty", "ZDT", "high")  # fmt: skip
    assert (category.first_response_hours, category.resolution_hours, category.public_reports) == (4, 16.5, True)
    ticket = ops.create_ticket(SYSTEM, ops.TicketInput(subject="Pęknięta kładka", category="drogi-mosty"))
    assert ticket.priority == "high"

    page = admin.get("/admin/routing/categories/drogi-mosty").get_data(as_text=True)
    assert 'value="16,5"' in page
    changed = post_category(admin, "/admin/routing/categories/drogi-mosty", unit="DOS", resolution_hours="24",
                            code="ignored")  # fmt: skip
    assert changed.status_code == 302
    db.session.expire_all()
    category = ticket_queries.category_by_code("drogi-mosty")
    assert (category.default_unit.code, category.resolution_hours) == ("DOS", 24)  # type: ignore[union-attr]
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "Category", AuditEntry.object_id == str(category.id))  # type: ignore[union-attr]
    ).all()
    assert [entry.action for entry in entries] == ["category.created", "category.updated"]
    assert entries[1].changes == {"default_unit": ["ZDT", "DOS"], "resolution_hours": [16.5, 24.0]}
    log = admin.get(f"/admin/audit?type=Category&object={category.id}").get_data(as_text=True)  # type: ignore[union-attr]
    assert "<td>Zmieniono kategorię</td>" in log
    assert '<a href="/admin/routing/categories/drogi-mosty">Drogi i chodniki › Mosty i wiadukty</a>' in log
    assert ticket.priority == "high"  # a ticket already open keeps what it was given


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "Źle Kod!"}, "Kod to małe litery, cyfry i myślniki"),
        ({"code": "drogi"}, "Kod drogi jest już używany."),
        ({"name": ""}, "To pole jest wymagane."),
        ({"parent": "drogi-dziury"}, "Kategorią nadrzędną może być tylko kategoria główna"),
        ({"parent": "nope"}, "Nieznana kategoria: nope."),
        ({"unit": "NOPE"}, "Nieznana jednostka: NOPE."),
        ({"priority": "asap"}, "Nieprawidłowy wybór"),
        ({"first_response_hours": "abc"}, "Podaj liczbę godzin pracy większą od 0"),
        ({"first_response_hours": "0"}, "Podaj liczbę godzin pracy większą od 0"),
        ({"resolution_hours": "1e9"}, "Podaj liczbę godzin pracy większą od 0"),
        ({"resolution_hours": "nan"}, "Podaj liczbę godzin pracy większą od 0"),
        (
            {"first_response_hours": "20", "resolution_hours": "10"},
            "Termin pierwszej odpowiedzi musi przypadać",
        ),
        ({"statutory_kind": "petition"}, "Nieprawidłowy wybór"),
        ({"keywords": "x" * 2001}, "nie może mieć więcej niż 2000 znaków"),
    ],
)
def test_bad_category_is_refused_and_nothing_is_saved(admin: Any, changes: dict[str, str], message: str) -> None:
    from tickets.models import Category

    before, audited = count(Category), count(AuditEntry)
    response = post_category(admin, "/admin/routing/categories/new", **changes)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert (count(Category), count(AuditEntry)) == (before, audited)


def test_a_parent_with_sub_categories_stays_at_the_top_and_unknown_codes_are_404(admin: Any) -> None:
    response = post_category(admin, "/admin/routing/categories/drogi", code="drogi", name="Drogi", parent="odpady")
    assert response.status_code == 400
    assert "Ta kategoria ma podkategorie" in response.get_data(as_text=True)
    assert admin.get("/admin/routing/categories/nope").status_code == 404


def test_only_administrators_keep_categories(client: Any, city: Any, make_user: Any) -> None:
    sign_in(client, make_user("supervisor").login)
    assert client.get("/admin/routing/categories").status_code == 403
    token = csrf_token(client, "/account")
    assert client.post("/admin/routing/categories/new", data={"csrf_token": token, "code": "x"}).status_code == 403
