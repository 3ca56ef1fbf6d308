"""Likely duplicates: a new ticket in the same category near the same place within the window is flagged; the agent
merges it (its resident is told the number that goes on) or dismisses the flag."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from sqlalchemy import select

from cct import db
from cct.auth.actors import SYSTEM
from telephony.models import SmsMessage
from tests.helpers import csrf_token, sign_in
from tickets import duplicates
from tickets import operations as tickets
from tickets.models import Ticket, TicketEvent

HERE = (53.13260, 23.15910)
METRES_40_NORTH = (53.13260 + 40 / 111_195, 23.15910)
METRES_500_EAST = (53.13260, 23.15910 + 500 / (111_195 * 0.6))


def report(
    category: str = "oswietlenie",
    point: tuple[float, float] | None = HERE,
    address: str | None = None,
    phone: str | None = None,
) -> Ticket:
    ticket = tickets.create_ticket(
        SYSTEM,
        tickets.TicketInput(
            subject="Nie świeci latarnia",
            category=category,
            channel="web",
            address=address,
            lat=point[0] if point else None,
            lon=point[1] if point else None,
            resident_phone=phone,
            consent_sms=phone is not None,
        ),
    )
    db.session.commit()
    return ticket


def events(ticket: Ticket, kind: str) -> list[TicketEvent]:
    return list(
        db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id, TicketEvent.kind == kind))
    )


def test_distance_and_address_keys() -> None:
    assert duplicates.distance_m(53.0, 23.0, 54.0, 23.0) == pytest.approx(111_195, rel=1e-3)
    assert duplicates.distance_m(*HERE, *METRES_40_NORTH) == pytest.approx(40, abs=0.5)
    assert duplicates.address_key("ul. Lipowa 14,") == duplicates.address_key("LIPOWA 14 Białystok")
    assert duplicates.address_key("ul. Żeromskiego 3/5") == "zeromskiego 3/5"
    assert duplicates.address_key("ul. Lipowa") == ""  # a whole street is not one place


def test_a_report_near_an_open_one_of_the_same_category_is_flagged(city: Any) -> None:
    first = report()
    second = report(point=METRES_40_NORTH)
    assert second.suspected_duplicate_of_id == first.id
    (event,) = events(second, "likely_duplicate")
    assert event.detail == {"of": first.number, "distance_m": 40}
    assert first.suspected_duplicate_of_id is None


def test_same_address_without_points_is_flagged(city: Any) -> None:
    first = report(point=None, address="ul. Lipowa 14")
    second = report(point=None, address="Lipowa 14")
    assert second.suspected_duplicate_of_id == first.id
    assert events(second, "likely_duplicate")[0].detail["distance_m"] is None


def test_far_other_category_closed_or_old_tickets_are_not_duplicates(city: Any) -> None:
    lamp = report()
    assert report(point=METRES_500_EAST).suspected_duplicate_of_id is None
    assert report(category="drogi-dziury").suspected_duplicate_of_id is None
    tickets.transition(SYSTEM, lamp, "rejected", expected_version=lamp.version, reason="Poza kompetencją miasta")
    db.session.commit()
    lone = report(category="zielen")
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=73), tick=False):
        later = report(category="zielen")
    assert later.suspected_duplicate_of_id is None
    assert lone.suspected_duplicate_of_id is None


def test_no_flag_when_the_window_is_zero(city_app: Any) -> None:
    with city_app(tickets={"duplicate_window_hours": 0}):
        report()
        assert report().suspected_duplicate_of_id is None


def test_an_agent_merges_the_duplicate_and_its_resident_is_told(city: Any, client: Any, make_user: Any) -> None:
    first = report()
    second = report(point=METRES_40_NORTH, phone="+48600100200")
    agent = make_user("agent")
    sign_in(client, agent.login)
    page = client.get(f"/tickets/{second.year}/{second.seq}").get_data(as_text=True)
    assert f"Prawdopodobnie duplikat {first.number}" in page
    assert f"Połącz z {first.number}" in page
    queue = client.get("/tickets/").get_data(as_text=True)
    assert "prawdopodobny duplikat" in queue

    token = csrf_token(client, f"/tickets/{second.year}/{second.seq}")
    merged = client.post(
        f"/tickets/{second.year}/{second.seq}/duplicate",
        data={"duplicate-csrf_token": token, "duplicate-version": second.version, "duplicate-number": first.number},
    )
    assert merged.status_code == 302
    db.session.expire_all()
    second = db.session.get(Ticket, second.id)
    assert (second.state, second.duplicate_of_id, second.suspected_duplicate_of_id) == ("rejected", first.id, None)
    assert events(second, "merged_into")[0].detail == {"into": first.number}
    assert events(db.session.get(Ticket, first.id), "merged")[0].detail == {"duplicate": second.number}

    (sms,) = db.session.scalars(select(SmsMessage).where(SmsMessage.purpose_key == f"merged:{second.number}"))
    assert first.number in sms.body
    assert f"zgłoszenie nr {second.number}" in sms.body
    assert f"/zgloszenia/status?number={second.year}%2F{second.seq:06d}&code={second.public_code}" in sms.body

    status = client.get("/zgloszenia/status", query_string={"number": second.number, "code": second.public_code})
    html = status.get_data(as_text=True)
    assert f"Sprawa jest prowadzona jako zgłoszenie {first.number}" in html


def test_the_agent_dismisses_the_flag(city: Any, client: Any, make_user: Any) -> None:
    first = report()
    second = report(point=METRES_40_NORTH)
    sign_in(client, make_user("agent").login)
    path = f"/tickets/{second.year}/{second.seq}"
    stale = client.post(f"{path}/not-duplicate", data={"csrf_token": csrf_token(client, path), "version": "0"})
    assert stale.status_code == 409
    assert db.session.get(Ticket, second.id).suspected_duplicate_of_id == first.id
    missing = client.post(f"{path}/not-duplicate", data={"csrf_token": csrf_token(client, path)})
    assert missing.status_code == 400
    done = client.post(
        f"{path}/not-duplicate", data={"csrf_token": csrf_token(client, path), "version": second.version}
    )
    assert done.status_code == 302
    db.session.expire_all()
    again = db.session.get(Ticket, second.id)
    assert (again.suspected_duplicate_of_id, again.state) == (None, "routed")
    assert events(again, "not_duplicate")[0].detail == {"of": first.number}
    history = client.get(path).get_data(as_text=True)
    assert f"uznał, że to nie duplikat {first.number}" in history
    twice = client.post(
        f"{path}/not-duplicate", data={"csrf_token": csrf_token(client, path), "version": again.version}
    )
    assert twice.status_code == 409


def test_a_waiting_ticket_is_not_offered_a_merge_it_cannot_take(city: Any, client: Any, make_user: Any) -> None:
    """Merging closes the ticket as rejected, which a ticket waiting for its resident cannot be; the page offers only
    what the operation would take (tickets.policy.can_close_as_duplicate)."""
    first = report()
    second = report(point=METRES_40_NORTH)
    tickets.transition(SYSTEM, second, "in_progress", expected_version=None)
    tickets.transition(SYSTEM, second, "waiting", expected_version=None, reason="Prośba o zdjęcie.")
    db.session.commit()
    sign_in(client, make_user("agent").login)
    page = client.get(f"/tickets/{second.year}/{second.seq}").get_data(as_text=True)
    assert f"Prawdopodobnie duplikat {first.number}" in page
    assert "To nie duplikat" in page
    assert f"Połącz z {first.number}" not in page
    assert "Zamknij jako duplikat" not in page


def test_unit_staff_of_another_unit_cannot_merge(city: Any, client: Any, make_user: Any) -> None:
    report()
    second = report(point=METRES_40_NORTH)
    sign_in(client, make_user("unit_staff").login)
    path = f"/tickets/{second.year}/{second.seq}"
    token = csrf_token(client, "/tickets/")
    assert (
        client.post(f"{path}/not-duplicate", data={"csrf_token": token, "version": second.version}).status_code
        == 404  # not even seen
    )
    db.session.expire_all()
    assert db.session.get(Ticket, second.id).suspected_duplicate_of_id is not None
