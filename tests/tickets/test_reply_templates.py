"""Answer templates: units and the contact centre keep them, a ticket offers its unit's and the shared ones with the
placeholders filled from it; a typo in a placeholder is refused when the template is saved."""

from __future__ import annotations

import html
from typing import Any

import pytest

from cct import db
from cct.auth.actors import SYSTEM
from tests.factories import TicketFactory
from tests.helpers import count, csrf_token, sign_in
from tickets import operations as ops
from tickets import placeholders
from tickets.models import ReplyTemplate

pytestmark = pytest.mark.usefixtures("city")


def save(client: Any, path: str = "/tickets/templates", **data: str) -> Any:
    return client.post(path, data={"csrf_token": csrf_token(client, "/tickets/templates"), **data})


def test_a_unit_keeps_its_templates_and_a_ticket_offers_them_filled(client: Any, make_user: Any) -> None:
    sign_in(client, make_user("unit_staff", units=("ZDT",)).login)
    body = "Zgłoszenie {numer} ({kategoria}) załatwi {jednostka} do {termin}. Pozdrawiamy, {mieszkaniec}!"
    response = save(client, title="Naprawa latarni", unit="ZDT", body=body)
    assert response.status_code == 302
    ticket = TicketFactory(resident_name="Anna Nowak")
    other = TicketFactory(category="odpady-wywoz")  # DGK's: ZDT's templates are not offered there
    db.session.commit()
    page = html.unescape(client.get(f"/tickets/{ticket.year}/{ticket.seq}").get_data(as_text=True))
    assert f"Zgłoszenie {ticket.number} (Oświetlenie uliczne) załatwi Zarząd Dróg i Transportu" in page
    assert "Pozdrawiamy, Anna Nowak!" in page
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, make_user("supervisor").login)  # sees and works every ticket
    assert "Naprawa latarni" not in client.get(f"/tickets/{other.year}/{other.seq}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "unit": "ZDT", "body": "Tekst"}, "To pole jest wymagane."),
        ({"title": "Zły", "unit": "ZDT", "body": "Zgłoszenie {nr}"}, "Nieznane pola: {nr}. Dostępne: {numer}"),
        ({"title": "Zły", "unit": "ZDT", "body": "Nawias { bez pary"}, "Nawias klamrowy bez pary"),
        (
            {"title": "Cudzy", "unit": "DGK", "body": "Tekst"},
            "Nie możesz prowadzić szablonów odpowiedzi tej jednostki.",
        ),
        ({"title": "Wspólny", "unit": "", "body": "Tekst"}, "Nie możesz prowadzić szablonów odpowiedzi tej jednostki."),
        ({"title": "x" * 121, "unit": "ZDT", "body": "Tekst"}, "nie może mieć więcej niż 120 znaków"),
    ],
)
def test_a_bad_template_is_refused_and_nothing_saved(
    client: Any, make_user: Any, data: dict[str, str], message: str
) -> None:
    sign_in(client, make_user("unit_staff", units=("ZDT",)).login)
    response = save(client, **data)
    assert response.status_code in (400, 403)
    if response.status_code == 400:
        assert message in html.unescape(response.get_data(as_text=True))
    assert count(ReplyTemplate) == 0


def test_supervisors_keep_shared_templates_and_archive_them(client: Any, make_user: Any) -> None:
    sign_in(client, make_user("supervisor").login)
    assert save(client, title="Godziny otwarcia", unit="", body="Urząd jest czynny 7:30–15:30.").status_code == 302
    template = db.session.query(ReplyTemplate).one()
    assert template.unit_id is None
    edit = save(client, f"/tickets/templates/{template.id}", title="Godziny", unit="", body="Czynne {{zawsze}}.")
    assert edit.status_code == 302
    db.session.refresh(template)
    assert placeholders.fill(template.body, {}) == "Czynne {zawsze}."
    ticket = TicketFactory(category="odpady-wywoz")
    db.session.commit()
    assert "Czynne {zawsze}." in html.unescape(
        client.get(f"/tickets/{ticket.year}/{ticket.seq}").get_data(as_text=True)
    )
    archive = client.post(
        f"/tickets/templates/{template.id}/archive", data={"csrf_token": csrf_token(client, "/tickets/templates")}
    )
    assert archive.status_code == 302
    db.session.refresh(template)
    assert template.active is False
    assert client.get(f"/tickets/templates/{template.id}").status_code == 404


def test_another_units_template_is_not_found(client: Any, make_user: Any) -> None:
    theirs = ops.save_reply_template(SYSTEM, None, "DGK", "Wywóz", "Tekst")
    db.session.commit()
    sign_in(client, make_user("unit_staff", units=("ZDT",)).login)
    assert client.get(f"/tickets/templates/{theirs.id}").status_code == 404
    assert save(client, f"/tickets/templates/{theirs.id}", title="Mój", unit="ZDT", body="x").status_code == 404
    assert "Wywóz" not in client.get("/tickets/templates").get_data(as_text=True)


@pytest.mark.parametrize(
    ("body", "filled"),
    [
        ("{numer}", "2026/000001"),
        ("{numer} {numer}", "2026/000001 2026/000001"),
        ("{{numer}}", "{numer}"),
        ("{mieszkaniec}", ""),
        ("bez pól", "bez pól"),
    ],
)
def test_fill(body: str, filled: str) -> None:
    assert placeholders.fill(body, {"numer": "2026/000001"}) == filled


@pytest.mark.parametrize(
    ("body", "wrong"), [("{numer}", []), ("{Numer} {x}", ["Numer", "x"]), ("{", None), ("}", None)]
)
def test_unknown(body: str, wrong: list[str] | None) -> None:
    assert placeholders.unknown(body) == wrong
