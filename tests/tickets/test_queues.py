"""The queues staff work from: mine, unassigned, my units, overdue, at risk; one search for a number in any form,
a phone, a name, a street; starting work takes the ticket; a reply and the resolution in one step."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from cct import db
from cct.auth.actors import SYSTEM
from cct.db import utcnow
from tests.factories import TicketFactory
from tests.helpers import count, csrf_token, sign_in
from tickets import operations as ops
from tickets import schemas as limits
from tickets.models import Ticket, TicketComment

pytestmark = pytest.mark.usefixtures("city")


def listed(client: Any, **query: Any) -> set[str]:
    response = client.get("/tickets/", query_string=query)
    assert response.status_code == 200, response.status_code
    return set(re.findall(r">(\d{4}/\d{6})</a>", response.get_data(as_text=True)))


def url(ticket: Ticket, tail: str = "") -> str:
    return f"/tickets/{ticket.year}/{ticket.seq}{tail}"


def test_the_queue_tabs(client: Any, make_user: Any) -> None:
    worker = make_user("unit_staff", units=("ZDT",))
    roads = [TicketFactory(category="oswietlenie") for _ in range(3)]  # ZDT's
    waste = TicketFactory(category="odpady-wywoz")  # DGK's
    ops.update_ticket(SYSTEM, roads[0], {"assignee": worker.login}, expected_version=None)
    roads[1].resolution_due = utcnow() - timedelta(hours=1)
    roads[2].resolution_due = utcnow() + timedelta(minutes=30)
    db.session.commit()
    supervisor = make_user("supervisor", units=("DKS-III",))

    sign_in(client, worker.login)
    assert listed(client, view="mine") == {roads[0].number}
    assert listed(client, view="unassigned") == {roads[1].number, roads[2].number}
    assert listed(client, view="units") == {t.number for t in roads}
    assert listed(client, view="overdue") == {roads[1].number}
    assert roads[2].number in listed(client, view="at_risk")
    assert roads[1].number not in listed(client, view="at_risk")
    assert waste.number not in listed(client)  # another unit's, never

    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, supervisor.login)
    assert waste.number in listed(client, view="unassigned")
    assert listed(client, view="units") == set()  # DKS-III has no tickets of its own here
    page = client.get("/tickets/").get_data(as_text=True)
    assert '<th scope="col">Prowadzi</th>' in page
    assert '<th scope="col">Priorytet</th>' in page


def test_one_search_finds_a_number_in_any_form_a_phone_a_name_a_street(client: Any, make_user: Any) -> None:
    ticket = TicketFactory(resident_phone="600100200", resident_name="Anna Nowak", address="ul. Lipowa 14")
    other = TicketFactory(subject="Coś innego", address="ul. Sienkiewicza")
    db.session.commit()
    sign_in(client, make_user("agent").login)
    for typed in (str(ticket.seq), f"{ticket.seq:06d}", ticket.number, "+48 600-100-200", "nowak", "Lipowa"):
        found = listed(client, q=typed)
        assert ticket.number in found, typed
        assert other.number not in found, typed
    assert listed(client, q="zzz-nothing") == set()
    assert listed(client, q="x" * (limits.SEARCH_TEXT_MAX * 5)) == set()  # cut, not refused


def test_the_search_respects_what_the_user_may_see(client: Any, make_user: Any) -> None:
    theirs = TicketFactory(category="odpady-wywoz", resident_name="Anna Nowak")
    db.session.commit()
    sign_in(client, make_user("unit_staff", units=("ZDT",)).login)
    assert listed(client, q=theirs.number) == set()
    assert listed(client, q="Nowak") == set()


@pytest.mark.parametrize("query", [{"view": "everything"}, {"state": "nope"}, {"after": "x~y"}])
def test_a_bad_queue_address_is_a_400(client: Any, make_user: Any, query: dict[str, str]) -> None:
    sign_in(client, make_user("agent").login)
    assert client.get("/tickets/", query_string=query).status_code == 400


def start(client: Any, ticket: Ticket) -> Any:
    return client.post(
        url(ticket, "/transition"),
        data={
            "state-target": "in_progress",
            "state-version": ticket.version,
            "state-csrf_token": csrf_token(client, url(ticket)),
        },
    )


def test_starting_work_takes_the_ticket_unless_someone_has_it(client: Any, make_user: Any) -> None:
    first, second = TicketFactory(), TicketFactory()
    someone = make_user("unit_staff", units=("ZDT",))
    ops.update_ticket(SYSTEM, second, {"assignee": someone.login}, expected_version=None)
    db.session.commit()
    worker = make_user("unit_staff", units=("ZDT",))
    sign_in(client, worker.login)
    assert start(client, first).status_code == 302
    assert start(client, second).status_code == 302
    db.session.refresh(first)
    db.session.refresh(second)
    assert first.assignee_id == worker.id
    assert second.assignee_id == someone.id
    assert "i przejął(-ęła) zgłoszenie" in client.get(url(first)).get_data(as_text=True)


def reply(client: Any, ticket: Ticket, body: str, version: int, **extra: str) -> Any:
    data = {"body": body, "version": version, "resolve": "1", "csrf_token": csrf_token(client, url(ticket))} | extra
    return client.post(url(ticket, "/comments"), data=data)


def test_reply_and_resolve_in_one_step(client: Any, make_user: Any) -> None:
    ticket = TicketFactory()
    db.session.commit()
    sign_in(client, make_user("unit_staff", units=("ZDT",)).login)
    page = client.get(url(ticket)).get_data(as_text=True)
    assert "Odpowiedz mieszkańcowi i załatw" in page
    response = reply(client, ticket, "Wymieniono żarówkę.", ticket.version)
    assert response.status_code == 302
    db.session.refresh(ticket)
    assert ticket.state == "resolved"
    comment = db.session.query(TicketComment).filter_by(ticket_id=ticket.id).one()
    assert comment.public
    assert comment.body == "Wymieniono żarówkę."


@pytest.mark.parametrize(
    ("body", "stale", "message"),
    [
        ("", False, "To pole jest wymagane."),
        ("Odpowiedź", True, "Ktoś inny zmienił w międzyczasie zgłoszenie"),
    ],
)
def test_a_refused_reply_and_resolve_leaves_the_ticket_as_it_was(
    client: Any, make_user: Any, body: str, stale: bool, message: str
) -> None:
    ticket = TicketFactory()
    db.session.commit()
    sign_in(client, make_user("unit_staff", units=("ZDT",)).login)
    version = ticket.version - 1 if stale else ticket.version
    before = count(TicketComment)
    response = reply(client, ticket, body, version)
    assert response.status_code in (400, 409)
    assert message in response.get_data(as_text=True)
    db.session.refresh(ticket)
    assert ticket.state != "resolved"
    assert count(TicketComment) == before


def test_an_agent_may_not_resolve_from_the_reply_form(client: Any, make_user: Any) -> None:
    ticket = TicketFactory()
    db.session.commit()
    sign_in(client, make_user("agent").login)
    assert "Odpowiedz mieszkańcowi i załatw" not in client.get(url(ticket)).get_data(as_text=True)
    assert reply(client, ticket, "Załatwione", ticket.version).status_code == 403


def bulk(client: Any, **data: Any) -> Any:
    token = csrf_token(client, "/tickets/")
    return client.post("/tickets/bulk", data={"csrf_token": token, "next": "/tickets/?view=all", **data})


def test_a_supervisor_gives_many_tickets_to_one_person_and_sends_many_to_a_unit(client: Any, make_user: Any) -> None:
    lamps = [TicketFactory() for _ in range(3)]
    worker = make_user("unit_staff", units=("ZDT",))
    db.session.commit()
    sign_in(client, make_user("supervisor").login)
    assert 'name="ticket" value="' in client.get("/tickets/").get_data(as_text=True)
    response = bulk(client, ticket=[t.id for t in lamps[:2]], action="assign", assignee=worker.login)
    assert response.status_code == 302
    assert response.headers["Location"] == "/tickets/?view=all"
    for ticket in lamps:
        db.session.refresh(ticket)
    assert [t.assignee_id for t in lamps] == [worker.id, worker.id, None]

    response = bulk(client, ticket=[lamps[2].id], action="reroute", unit="DGK", reason="To ich teren")
    db.session.refresh(lamps[2])
    assert lamps[2].unit.code == "DGK"
    assert "sent to" not in client.get("/tickets/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "assign"}, "Najpierw wybierz zgłoszenia"),
        ({"action": "reroute", "unit": "DGK", "reason": " "}, "Podaj powód przekazania zgłoszeń do innej jednostki."),
        ({"action": "reroute", "unit": "NOPE", "reason": "Ich teren"}, "000001: "),
        ({"action": "assign", "assignee": "nobody-like-that"}, "Nie ma użytkownika"),
        ({"action": "explode"}, "Nieprawidłowy wybór"),
    ],
)
def test_a_refused_bulk_action_changes_no_ticket(
    client: Any, make_user: Any, data: dict[str, Any], message: str
) -> None:
    lamps = [TicketFactory() for _ in range(2)]
    db.session.commit()
    sign_in(client, make_user("supervisor").login)
    chosen = {"ticket": [t.id for t in lamps]} if data["action"] != "assign" or "assignee" in data else {}
    response = bulk(client, **chosen, **data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert message in page
    for ticket in lamps:
        db.session.refresh(ticket)
        assert ticket.assignee_id is None
        assert ticket.unit.code == "ZDT"


def test_bulk_reroute_refuses_all_when_one_ticket_cannot_go(client: Any, make_user: Any) -> None:
    open_one, closed = TicketFactory(), TicketFactory()
    ops.transition(SYSTEM, closed, "rejected", expected_version=None, reason="Nie dotyczy miasta")
    db.session.commit()
    sign_in(client, make_user("supervisor").login)
    response = bulk(client, ticket=[open_one.id, closed.id], action="reroute", unit="DGK", reason="Ich teren")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"{closed.number}: " in page
    db.session.refresh(open_one)
    assert open_one.unit.code == "ZDT"  # the first was not sent either


def test_bulk_actions_are_the_supervisors(client: Any, make_user: Any) -> None:
    ticket = TicketFactory()
    db.session.commit()
    sign_in(client, make_user("agent").login)
    assert 'name="ticket" value="' not in client.get("/tickets/").get_data(as_text=True)
    assert bulk(client, ticket=[ticket.id], action="assign").status_code == 403


def test_bulk_refuses_tickets_the_user_may_not_see_and_too_many(client: Any, make_user: Any) -> None:
    sign_in(client, make_user("supervisor").login)
    response = bulk(client, ticket=[987654], action="assign", assignee="")
    assert "Części wybranych zgłoszeń już nie ma" in client.get(response.headers["Location"]).get_data(as_text=True)
    response = bulk(client, ticket=list(range(1, limits.BULK_MAX + 2)), action="assign", assignee="")
    assert "Najwyżej 100 zgłoszeń naraz." in client.get(response.headers["Location"]).get_data(as_text=True)
