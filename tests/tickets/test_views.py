"""The ticket screens: the agent's form, the unit queue, the ticket page — and who may see and do what."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select

from cct import db
from cct.auth.actors import SYSTEM
from tests.helpers import count, csrf_token, sign_in
from tickets import operations as ops
from tickets.models import Attachment, Ticket, TicketComment


def new_ticket(**overrides: Any) -> Ticket:
    data = {"subject": "Nie świeci latarnia", "category": "oswietlenie", "address": "ul. Lipowa 10"} | overrides
    ticket = ops.create_ticket(SYSTEM, ops.TicketInput(**data))
    db.session.commit()
    return ticket


def url(ticket: Ticket, tail: str = "") -> str:
    return f"/tickets/{ticket.year}/{ticket.seq}{tail}"


def test_agent_opens_a_ticket_during_a_call(city: Any, client: Any, make_user: Any) -> None:
    agent = make_user("agent")
    sign_in(client, agent.login)
    previous = new_ticket(resident_phone="600100200", subject="Dziura na Lipowej", category="drogi-dziury")
    lookup = client.get("/tickets/new?phone=600+100+200")
    assert previous.number in lookup.get_data(as_text=True)
    response = client.post(
        "/tickets/new",
        data={
            "csrf_token": csrf_token(client, "/tickets/new"),
            "resident_phone": "600 100 200",
            "resident_name": "Jan Kowalski",
            "category": "oswietlenie — Oświetlenie uliczne",
            "subject": "Nie świeci latarnia",
            "address": "ul. Lipowa 10",
            "channel": "phone",
            "consent_sms": "y",
        },
    )
    assert response.status_code == 302
    ticket = db.session.scalar(select(Ticket).where(Ticket.subject == "Nie świeci latarnia"))
    assert response.headers["Location"] == url(ticket)
    assert ticket.created_by_id == agent.id
    page = client.get(url(ticket)).get_data(as_text=True)
    assert f"Zgłoszenie {ticket.number} przyjęto i przekazano do: Zarząd Dróg i Transportu" in page
    assert "jednostki właściwej dla kategorii „Oświetlenie uliczne”" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"category": "nic-takiego"}, "Żadna kategoria nie pasuje do „nic-takiego”."),
        ({"category": "drogi dziury zima"}, "Żadna kategoria nie pasuje"),
        ({"category": "smieci"}, "„smieci” nie wskazuje jednej kategorii. Najbliższe: odpady — Odpady i czystość;"),
        ({"resident_phone": "123"}, "123 nie jest poprawnym numerem telefonu."),
        ({"subject": ""}, "To pole jest wymagane."),
        ({"consent_sms": "y", "resident_phone": ""}, "Powiadomienia SMS wymagają numeru telefonu mieszkańca."),
        ({"channel": "pigeon"}, "Nieprawidłowy wybór"),
    ],
)
def test_bad_ticket_form_shows_the_error_and_writes_nothing(
    city: Any, client: Any, make_user: Any, changes: dict[str, str], message: str
) -> None:
    sign_in(client, make_user("agent").login)
    before = count(Ticket)
    data = {"category": "oswietlenie", "subject": "Latarnia", "channel": "phone"} | changes
    response = client.post("/tickets/new", data={**data, "csrf_token": csrf_token(client, "/tickets/new")})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(Ticket) == before


def test_unit_staff_see_and_work_only_their_units_tickets(city: Any, client: Any, make_user: Any) -> None:
    ours, theirs = new_ticket(), new_ticket(subject="Śmieci", category="odpady-wywoz")
    sign_in(client, make_user("unit_staff", units=("ZDT",)).login)
    queue = client.get("/tickets/").get_data(as_text=True)
    assert ours.number in queue
    assert theirs.number not in queue
    assert client.get(url(theirs)).status_code == 404
    token = csrf_token(client, url(ours))
    refused = client.post(
        url(theirs, "/transition"),
        data={"csrf_token": token, "state-version": theirs.version, "state-target": "in_progress"},
    )
    assert refused.status_code == 404
    db.session.refresh(theirs)
    assert theirs.state == "routed"
    worked = client.post(
        url(ours, "/transition"),
        data={"csrf_token": token, "state-version": ours.version, "state-target": "in_progress"},
    )
    assert worked.status_code == 302
    db.session.refresh(ours)
    assert ours.state == "in_progress"
    other_unit = db.session.scalar(select(Ticket.unit_id).where(Ticket.id == theirs.id))
    assert client.get(f"/tickets/?unit={other_unit}").status_code == 404


def test_stale_form_gets_a_conflict_and_changes_nothing(city: Any, isolated: Any, make_user: Any) -> None:
    ticket = new_ticket()
    staff = make_user("unit_staff", units=("ZDT",))
    first, second = isolated.test_client(), isolated.test_client()
    sign_in(first, staff.login)
    sign_in(second, staff.login)
    version = ticket.version
    token1, token2 = csrf_token(first, url(ticket)), csrf_token(second, url(ticket))
    ok = first.post(
        url(ticket, "/transition"), data={"csrf_token": token1, "state-version": version, "state-target": "in_progress"}
    )
    assert ok.status_code == 302
    stale = second.post(
        url(ticket, "/transition"), data={"csrf_token": token2, "state-version": version, "state-target": "resolved"}
    )
    assert stale.status_code == 409
    assert "Ktoś inny zmienił w międzyczasie zgłoszenie" in stale.get_data(as_text=True)
    db.session.refresh(ticket)
    assert ticket.state == "in_progress"


def test_illegal_transition_is_a_409_with_a_message(city: Any, client: Any, make_user: Any) -> None:
    ticket = new_ticket()
    sign_in(client, make_user("supervisor").login)
    response = client.post(
        url(ticket, "/transition"),
        data={"csrf_token": csrf_token(client, url(ticket)), "state-version": ticket.version, "state-target": "closed"},
    )
    assert response.status_code == 409
    assert "nie może przejść do stanu" in response.get_data(as_text=True)


def test_agent_adds_a_note_but_cannot_reply_publicly(city: Any, client: Any, make_user: Any) -> None:
    ticket = new_ticket()
    sign_in(client, make_user("agent").login)
    token = csrf_token(client, url(ticket))
    assert (
        client.post(url(ticket, "/comments"), data={"csrf_token": token, "body": "Dzwonił ponownie"}).status_code == 302
    )
    assert (
        client.post(
            url(ticket, "/comments"), data={"csrf_token": token, "body": "Odpowiedź", "public": "y"}
        ).status_code
        == 403
    )
    assert client.post(url(ticket, "/comments"), data={"csrf_token": token, "body": ""}).status_code == 400
    bodies = db.session.scalars(select(TicketComment.body).where(TicketComment.ticket_id == ticket.id)).all()
    assert bodies == ["Dzwonił ponownie"]
    assert "Dzwonił ponownie" in client.get(url(ticket)).get_data(as_text=True)


def test_supervisor_reroutes_with_a_reason_shown_in_history(city: Any, client: Any, make_user: Any) -> None:
    ticket = new_ticket()
    sign_in(client, make_user("supervisor").login)
    token = csrf_token(client, url(ticket))
    missing_reason = client.post(
        url(ticket, "/reroute"),
        data={"csrf_token": token, "reroute-version": ticket.version, "reroute-unit": "DOS", "reroute-reason": ""},
    )
    assert missing_reason.status_code == 400
    no_unit = client.post(
        url(ticket, "/reroute"),
        data={"csrf_token": token, "reroute-version": ticket.version, "reroute-unit": "", "reroute-reason": "Park"},
    )
    assert no_unit.status_code == 400
    assert "Nieznana jednostka" in no_unit.get_data(as_text=True)
    assert '<option value="">— wybierz —</option>' in client.get(url(ticket)).get_data(
        as_text=True
    )  # no unit preselected
    response = client.post(
        url(ticket, "/reroute"),
        data={
            "csrf_token": token,
            "reroute-version": ticket.version,
            "reroute-unit": "DOS",
            "reroute-reason": "Latarnia w parku",
        },
    )
    assert response.status_code == 302
    page = client.get(url(ticket)).get_data(as_text=True)
    assert "Latarnia w parku" in page
    assert "jednostki właściwej dla kategorii" in page  # the original routing explanation stays


def test_upload_checks_content_and_download_is_scoped(city: Any, isolated: Any, make_user: Any) -> None:
    ticket = new_ticket()
    client = isolated.test_client()
    sign_in(client, make_user("unit_staff", units=("ZDT",)).login)
    token = csrf_token(client, url(ticket))
    buffer = io.BytesIO()
    Image.new("RGB", (3, 3), "blue").save(buffer, "JPEG")
    ok = client.post(
        url(ticket, "/attachments"), data={"csrf_token": token, "file": (io.BytesIO(buffer.getvalue()), "latarnia.jpg")}
    )
    assert ok.status_code == 302
    disguised = client.post(
        url(ticket, "/attachments"),
        data={"csrf_token": token, "file": (io.BytesIO(b"#!/bin/sh\nrm -rf /"), "foto.jpg")},
    )
    assert disguised.status_code == 400
    assert "Można dołączyć tylko zdjęcia JPEG lub PNG" in disguised.get_data(as_text=True)
    stored = db.session.scalars(select(Attachment).where(Attachment.ticket_id == ticket.id)).all()
    assert [a.filename for a in stored] == ["latarnia.jpg"]
    download = client.get(f"/tickets/attachments/{stored[0].id}")
    assert download.status_code == 200
    assert download.data == buffer.getvalue()
    outsider = isolated.test_client()
    sign_in(outsider, make_user("unit_staff", units=("DGK",)).login)
    assert outsider.get(f"/tickets/attachments/{stored[0].id}").status_code == 404


def test_queue_is_sorted_by_due_time_and_pages_with_a_cursor(city: Any, client: Any, make_user: Any) -> None:
    urgent = new_ticket(subject="Sygnalizacja nie działa", category="sygnalizacja")
    slow = new_ticket(subject="Graffiti", category="graffiti")
    sign_in(client, make_user("supervisor").login)
    page = client.get("/tickets/").get_data(as_text=True)
    assert page.index(urgent.number) < page.index(slow.number)
    assert client.get("/tickets/?after=garbage").status_code == 400
    assert client.get("/tickets/?state=nonsense").status_code == 400


@pytest.mark.parametrize(
    ("role", "queue", "new"),
    [
        ("admin", 200, 200),
        ("supervisor", 200, 200),
        ("agent", 200, 200),
        ("unit_staff", 200, 403),
        ("editor", 403, 403),
        ("press", 403, 403),
        ("chancery", 403, 403),
    ],
)
def test_ticket_pages_by_role(city: Any, client: Any, make_user: Any, role: str, queue: int, new: int) -> None:
    sign_in(client, make_user(role).login)
    assert client.get("/tickets/").status_code == queue
    assert client.get("/tickets/new").status_code == new


def test_staff_edit_details_assign_and_tag(city: Any, client: Any, make_user: Any) -> None:
    ticket = new_ticket()
    colleague = make_user("unit_staff", units=("ZDT",))
    outsider = make_user("unit_staff", units=("DGK",))
    sign_in(client, make_user("unit_staff", units=("ZDT",)).login)
    token = csrf_token(client, url(ticket))
    page = client.get(url(ticket)).get_data(as_text=True)
    assert colleague.full_name in page
    assert f'value="{outsider.login}"' not in page  # only people of the ticket's unit (and supervisors) are offered
    data = {
        "csrf_token": token,
        "edit-version": ticket.version,
        "edit-subject": "Latarnia nr 12 nie świeci",
        "edit-priority": "high",
        "edit-assignee": colleague.login,
        "edit-tags": "noc, Lipowa",
    }
    assert client.post(url(ticket, "/edit"), data=data).status_code == 302
    db.session.refresh(ticket)
    assert (ticket.subject, ticket.priority, ticket.assignee_id) == ("Latarnia nr 12 nie świeci", "high", colleague.id)
    assert ticket.tags == ["lipowa", "noc"]
    stale = client.post(url(ticket, "/edit"), data={**data, "edit-subject": "Inna"})  # the old version again
    assert stale.status_code == 409
    wrong_person = client.post(
        url(ticket, "/edit"), data={**data, "edit-version": ticket.version, "edit-assignee": outsider.login}
    )
    assert wrong_person.status_code == 409
    assert "nie może prowadzić tego zgłoszenia" in wrong_person.get_data(as_text=True)
    db.session.refresh(ticket)
    assert ticket.assignee_id == colleague.id


def test_duplicate_and_related_through_the_page(city: Any, client: Any, make_user: Any) -> None:
    original, copy, other = new_ticket(), new_ticket(), new_ticket(subject="Kosz", category="odpady-wywoz")
    sign_in(client, make_user("supervisor").login)
    token = csrf_token(client, url(copy))
    linked = client.post(url(original, "/related"), data={"csrf_token": token, "related-number": other.number})
    assert linked.status_code == 302
    assert other.number in client.get(url(original)).get_data(as_text=True)
    unknown = client.post(
        url(copy, "/duplicate"),
        data={"csrf_token": token, "duplicate-version": copy.version, "duplicate-number": "2026/999999"},
    )
    assert unknown.status_code == 400  # a number typed into the form that matches no ticket
    assert "Nie ma zgłoszenia o numerze 2026/999999." in unknown.get_data(as_text=True)
    done = client.post(
        url(copy, "/duplicate"),
        data={"csrf_token": token, "duplicate-version": copy.version, "duplicate-number": original.number},
    )
    assert done.status_code == 302
    db.session.refresh(copy)
    assert copy.state == "rejected"
    assert copy.duplicate_of_id == original.id


def test_public_information_deadline_extension_through_the_page(city: Any, client: Any, make_user: Any) -> None:
    ticket = new_ticket(subject="Wniosek o umowy", category="informacja-publiczna")
    sign_in(client, make_user("supervisor").login)
    token = csrf_token(client, url(ticket))
    empty = client.post(
        url(ticket, "/extend"), data={"csrf_token": token, "extend-version": ticket.version, "extend-reason": ""}
    )
    assert empty.status_code == 400
    first_due = ticket.statutory_due
    response = client.post(
        url(ticket, "/extend"),
        data={
            "csrf_token": token,
            "extend-version": ticket.version,
            "extend-reason": "Dokumenty w archiwum zakładowym",
        },
    )
    assert response.status_code == 302
    db.session.refresh(ticket)
    assert ticket.statutory_due > first_due
    assert "przedłużył(a) termin ustawowy: Dokumenty w archiwum zakładowym" in client.get(url(ticket)).get_data(
        as_text=True
    )


def test_complaint_shows_the_forwarding_deadline(city: Any, client: Any, make_user: Any) -> None:
    ticket = new_ticket(subject="Skarga", category="skargi")
    sign_in(client, make_user("supervisor").login)
    page = client.get(url(ticket)).get_data(as_text=True)
    assert "Przekaż do" in page
    assert "art. 231 KPA" in page
