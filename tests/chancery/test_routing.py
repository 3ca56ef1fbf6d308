"""A letter routed into the right pipeline: a resident's matter becomes a helpline ticket with the letter attached and
its statutory clock; a letter for the press team becomes a media enquiry; one for another body is forwarded with a
covering letter and the sender told. Each step is in the letter's history and in its case's record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from cct import db
from cct.errors import Forbidden
from cct.files import Upload
from chancery import operations, queries
from press import queries as press_queries
from tests.chancery.conftest import PDF, WARSAW, client_of, letter, pdf_text
from tests.helpers import csrf_token
from tests.knowledge.conftest import run_jobs
from tickets import operations as tickets
from tickets.models import Attachment, Ticket
from tickets.schemas import TicketInput


def _post(client: Any, path: str, values: dict[str, str], letter_id: int) -> Any:
    return client.post(path, data=values | {"csrf_token": csrf_token(client, f"/chancery/letters/{letter_id}")})


def test_a_residents_letter_becomes_a_ticket_with_its_scan_and_clock(chancery_app: Any, people: dict[str, Any]) -> None:
    received = datetime.now(UTC) - timedelta(days=3)
    source = letter(
        kind="complaint", subject="Skarga: nieodebrane odpady", received_at=received, sender_email="a@example.org"
    )
    operations.add_scan(people["clerk"], source, Upload("skan.pdf", PDF))
    case = operations.open_case(people["clerk"], "1510", "Skarga na odbiór odpadów", letter=source)
    db.session.commit()
    clerk = client_of(chancery_app, "clerk")
    path = f"/chancery/letters/{source.id}/helpline"
    assert _post(clerk, path, {"category": ""}, source.id).status_code == 400  # a category is needed
    answer = _post(clerk, path, {"category": "odpady-wywoz", "description": "Od trzech tygodni."}, source.id)
    assert answer.status_code == 303
    db.session.expire_all()
    routed = queries.letter(source.id)
    ticket = db.session.scalar(select(Ticket).where(Ticket.channel == "letter"))
    assert ticket is not None
    assert (routed.state, routed.routed_to, routed.routed_ref) == ("routed", "helpline", ticket.number)
    assert ticket.statutory_kind == "complaint"
    assert ticket.resident_name == "Jan Kowalski"
    assert ticket.resident_email == "a@example.org"
    assert f"Pismo {source.number}" in ticket.description
    # the statutory clock counts from the day the letter came in, not from the ticket (KPA art. 237, 57)
    assert ticket.statutory_due == source.due_at
    (attached,) = db.session.scalars(select(Attachment).where(Attachment.ticket_id == ticket.id)).all()
    assert (attached.filename, attached.content_type) == ("skan.pdf", "application/pdf")
    kinds = [event.kind for event in queries.case_record(case.id)]
    assert kinds[-1] == "routed_helpline"
    assert "Przekazane infolinii jako zgłoszenie" in clerk.get(f"/chancery/cases/{case.id}").get_data(as_text=True)
    again = _post(clerk, path, {"category": "odpady-wywoz"}, source.id)
    assert again.status_code == 409  # passed on once
    assert db.session.scalar(select(func.count()).select_from(Ticket).where(Ticket.channel == "letter")) == 1


def test_an_unknown_category_opens_no_ticket_and_leaves_the_letter(chancery_app: Any, people: dict[str, Any]) -> None:
    source = letter()
    clerk = client_of(chancery_app, "clerk")
    answer = _post(clerk, f"/chancery/letters/{source.id}/helpline", {"category": "nie-ma-takiej"}, source.id)
    assert answer.status_code == 400
    db.session.expire_all()
    assert queries.letter(source.id).routed_to is None
    assert db.session.scalar(select(Ticket).where(Ticket.channel == "letter")) is None


def test_a_letter_for_the_press_team_becomes_a_media_enquiry(chancery_app: Any, people: dict[str, Any]) -> None:
    received = datetime.now(UTC) - timedelta(days=2)
    source = letter(sender="Redakcja Kuriera", subject="Pytania o remont stadionu", received_at=received)
    clerk = client_of(chancery_app, "clerk")
    answer = _post(clerk, f"/chancery/letters/{source.id}/press", {}, source.id)
    assert answer.status_code == 302
    db.session.expire_all()
    routed = queries.letter(source.id)
    enquiry = press_queries.enquiry_by_number(routed.routed_ref)
    assert enquiry is not None, routed.routed_ref
    assert (enquiry.received_via, enquiry.subject, enquiry.journalist.full_name) == (
        "letter",
        "Pytania o remont stadionu",
        "Redakcja Kuriera",
    )
    assert enquiry.received_at == received  # UDIP art. 13: 14 days from the letter's receipt
    assert enquiry.officer_id is None  # the press team assigns it
    officer = client_of(chancery_app, "officer")
    assert "Pytania o remont stadionu" in officer.get("/press/enquiries").get_data(as_text=True)
    assert [event.kind for event in queries.letter_events(source.id)][-1] == "routed_press"


def test_a_letter_for_another_body_is_forwarded_and_the_sender_told(
    chancery_app: Any, people: dict[str, Any], smtp: Any
) -> None:
    source = letter(
        kind="complaint",
        sender="Anna Nowak",
        sender_email="anna@example.org",
        subject="Skarga na działanie MPK",
        sender_address="ul. Lipowa 1, 15-001 Białystok",
    )
    clerk = client_of(chancery_app, "clerk")
    path = f"/chancery/letters/{source.id}/forward"
    assert _post(clerk, path, {"unit": "", "body": "", "address": ""}, source.id).status_code == 400
    answer = _post(
        clerk, path, {"unit": "", "body": "Wojewoda Podlaski", "address": "ul. Mickiewicza 3, Białystok"}, source.id
    )
    assert answer.status_code == 303
    db.session.expire_all()
    routed = queries.letter(source.id)
    assert (routed.routed_to, routed.routed_ref) == ("forward", "Wojewoda Podlaski")
    kinds = [event.kind for event in queries.letter_events(source.id)]
    assert kinds[-2:] == ["forwarded", "sender_informed"]
    run_jobs(chancery_app)
    (notice,) = smtp.mailbox.messages
    assert notice["To"] == "anna@example.org"
    assert "Wojewoda Podlaski" in notice.get_content()
    assert source.number in notice.get_content()
    covering = pdf_text(clerk.get(f"/chancery/letters/{source.id}/forwarding.pdf").data)
    assert "Wojewoda Podlaski" in covering
    assert "art. 65 § 1" in covering
    assert "Anna Nowak" in covering
    assert "Skarga na działanie MPK" in covering
    told = pdf_text(clerk.get(f"/chancery/letters/{source.id}/notice.pdf").data)
    assert "Zawiadomienie" in told
    assert "ul. Lipowa 1, 15-001 Białystok" in told
    assert "Wojewoda Podlaski" in told


def test_forwarding_to_a_city_unit_by_post_when_there_is_no_e_mail(
    chancery_app: Any, people: dict[str, Any], smtp: Any
) -> None:
    source = letter(kind="motion", sender="Jan Kowalski", sender_address="ul. Długa 2")
    clerk = client_of(chancery_app, "clerk")
    answer = _post(
        clerk, f"/chancery/letters/{source.id}/forward", {"unit": "ZDT", "body": "", "address": ""}, source.id
    )
    assert answer.status_code == 303
    db.session.expire_all()
    assert queries.letter(source.id).routed_ref.startswith("Zarząd Dróg i Transportu")
    events = queries.letter_events(source.id)
    assert events[-1].kind == "notice_to_post"  # told only once the printed notice is posted
    run_jobs(chancery_app)
    assert smtp.mailbox.messages == []
    assert clerk.get(f"/chancery/letters/{queries.letter(source.id).id}/notice.pdf").status_code == 200
    never = letter()
    assert clerk.get(f"/chancery/letters/{never.id}/forwarding.pdf").status_code == 404


def test_the_desk_shows_what_falls_due(chancery_app: Any, people: dict[str, Any]) -> None:
    soon = letter(kind="public_info", subject="Wniosek o dane", received_at=datetime.now(UTC) - timedelta(days=13))
    later = letter(kind="petition", subject="Petycja o ławki")
    page = client_of(chancery_app, "clerk").get("/chancery/").get_data(as_text=True)
    due_part = page.split("Pisma czekające")[0]
    assert "Wniosek o dane" in due_part
    assert "Petycja o ławki" not in due_part
    assert soon.due_at.astimezone(WARSAW).strftime("%d.%m.%Y") in page
    home = client_of(chancery_app, "clerk").get("/").get_data(as_text=True)
    assert "Kancelaria: dziś" in home
    assert soon.number in home
    assert later.number not in home


def test_the_clerk_opens_tickets_only_from_letters(chancery_app: Any, people: dict[str, Any]) -> None:
    with pytest.raises(Forbidden):
        tickets.create_ticket(people["clerk"], TicketInput(subject="Telefon", category="odpady-wywoz", channel="phone"))
    assert client_of(chancery_app, "clerk").get("/tickets/new").status_code == 403  # the agents' workspace is theirs


def test_a_request_for_public_information_is_extended_with_a_notice(
    chancery_app: Any, people: dict[str, Any], smtp: Any
) -> None:
    """UDIP art. 13 ust. 2: the requester is told why and by when; the letter and its case are due by then."""
    received = datetime(2026, 10, 31, 9, 0, tzinfo=UTC)
    source = letter(kind="public_info", sender_email="fundacja@example.org", received_at=received)
    case = operations.open_case(people["clerk"], "1431", "Rejestr umów", letter=source)
    other = letter(kind="complaint")
    db.session.commit()
    clerk = client_of(chancery_app, "clerk")
    path = f"/chancery/letters/{source.id}/extend"
    assert _post(clerk, path, {"reason": ""}, source.id).status_code == 400
    answer = _post(clerk, path, {"reason": "Dane trzeba zebrać z pięciu jednostek"}, source.id)
    assert answer.status_code == 303
    db.session.expire_all()
    extended = queries.letter(source.id)
    assert extended.due_at.astimezone(WARSAW).date() == datetime(2026, 12, 31).date()  # two months, calendar days
    assert queries.case(case.id).due_at == extended.due_at
    assert queries.case_record(case.id)[-1].kind == "extended"
    run_jobs(chancery_app)
    (notice,) = smtp.mailbox.messages
    assert notice["To"] == "fundacja@example.org"
    assert "Dane trzeba zebrać z pięciu jednostek" in notice.get_content()
    assert "31.12.2026" in notice.get_content()
    again = _post(clerk, path, {"reason": "Jeszcze raz"}, source.id)
    assert again.status_code == 409
    refused = _post(clerk, f"/chancery/letters/{other.id}/extend", {"reason": "Skarga"}, other.id)
    assert refused.status_code == 409
    db.session.expire_all()
    assert queries.letter(other.id).due_at == other.due_at
