"""Residents check a ticket with its number and code: state, category, unit, dates and public replies only."""

from __future__ import annotations

from typing import Any

import pytest

from cct import db
from cct.auth.actors import SYSTEM
from tickets import operations as tickets
from tickets.models import Ticket

pytestmark = pytest.mark.usefixtures("city")
STATUS = "/zgloszenia/status"


@pytest.fixture
def ticket(isolated: Any) -> Ticket:
    made = tickets.create_ticket(
        SYSTEM,
        tickets.TicketInput(
            subject="Nie świeci latarnia",
            category="oswietlenie",
            resident_name="Jan Kowalski",
            resident_phone="+48600100200",
            resident_email="jan@example.org",
            address="ul. Lipowa 12",
        ),
    )
    tickets.add_comment(SYSTEM, made, "Notatka wewnętrzna: sprawdzić kabel", public=False)
    tickets.add_comment(SYSTEM, made, "Ekipa naprawi latarnię w czwartek.", public=True)
    db.session.commit()
    return made


def test_every_ticket_gets_a_code_a_resident_can_read_out(ticket: Ticket) -> None:
    assert ticket.public_code is not None
    assert len(ticket.public_code) == 6
    assert set(ticket.public_code) <= set(tickets.PUBLIC_CODE_ALPHABET)
    codes = {tickets.new_public_code() for _ in range(200)}
    assert len(codes) == 200


def test_lookup_shows_the_public_part_only(client: Any, ticket: Ticket) -> None:
    page = client.get(STATUS, query_string={"number": ticket.number, "code": ticket.public_code.lower()})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f"Zgłoszenie {ticket.number}" in html
    assert "przekazane" in html
    assert "Ekipa naprawi latarnię w czwartek." in html
    assert "ul. Lipowa 12" in html
    for private in ("Jan Kowalski", "600100200", "jan@example.org", "Notatka wewnętrzna"):
        assert private not in html
    short = client.get(STATUS, query_string={"number": f"{ticket.year}-{ticket.seq}", "code": ticket.public_code})
    assert short.status_code == 200


@pytest.mark.parametrize(
    ("number", "code"),
    [("", "ABCDEF"), ("2026/999999", "ABCDEF"), ("nonsense", "X"), (None, "")],
)
def test_wrong_number_or_code_reveals_nothing(client: Any, ticket: Ticket, number: str | None, code: str) -> None:
    query = {"number": number if number is not None else ticket.number, "code": code}
    page = client.get(STATUS, query_string=query)
    assert page.status_code == 404
    html = page.get_data(as_text=True)
    assert "Nie ma zgłoszenia o tym numerze i kodzie." in html
    assert "Ekipa naprawi" not in html


def test_wrong_code_for_a_real_number(client: Any, ticket: Ticket) -> None:
    wrong = "AAAAAA" if ticket.public_code != "AAAAAA" else "BBBBBB"
    page = client.get(STATUS, query_string={"number": ticket.number, "code": wrong})
    assert page.status_code == 404
    assert "Nie świeci latarnia" not in page.get_data(as_text=True)


def test_empty_form_is_just_the_form(client: Any) -> None:
    page = client.get(STATUS)
    assert page.status_code == 200
    assert "Podaj numer zgłoszenia i kod" in page.get_data(as_text=True)


def test_agents_see_the_code_to_read_out(client: Any, make_user: Any, ticket: Ticket) -> None:
    from tests.helpers import sign_in

    sign_in(client, make_user("agent").login)
    assert ticket.public_code in client.get(f"/tickets/{ticket.year}/{ticket.seq}").get_data(as_text=True)


@pytest.mark.parametrize("form", ["{seq}", "{seq:06d}", " nr {seq} ", "#{seq}", "{year}/{seq}", "{year} - {seq:06d}"])
def test_the_number_in_any_form_residents_type_it(client: Any, ticket: Ticket, form: str) -> None:
    typed = form.format(year=ticket.year, seq=ticket.seq)
    page = client.get(STATUS, query_string={"number": typed, "code": ticket.public_code})
    assert page.status_code == 200
    assert f"Zgłoszenie {ticket.number}" in page.get_data(as_text=True)


@pytest.mark.parametrize("typed", ["0", "1234567890", "9/9", "nr", "2026/"])
def test_a_number_that_cannot_be_one_finds_nothing(client: Any, ticket: Ticket, typed: str) -> None:
    page = client.get(STATUS, query_string={"number": typed, "code": ticket.public_code})
    assert page.status_code == 404
