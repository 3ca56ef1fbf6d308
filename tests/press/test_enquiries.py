"""Media enquiries from registration to the sent answer: numbering and clocks, a city unit's input through its own
queue, drafts approved only by the spokesperson, the answer sent by e-mail to a real SMTP server, extensions and
refusals by the law's rules, and every bad input refused with nothing half-written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from cct import db
from press.models import Draft, Enquiry, UnitRequest
from tests.helpers import count, csrf_token
from tests.knowledge.conftest import run_jobs
from tests.press.conftest import client_of, enquiry, typed

NEW = "/press/enquiries/new"


def post(client: Any, path: str, page: str, **form: str) -> Any:
    return client.post(path, data={**form, "csrf_token": csrf_token(client, page)})


def fresh(made: Enquiry) -> Enquiry:
    db.session.expire_all()
    found = db.session.get(Enquiry, made.id)
    assert found is not None
    return found


def test_officer_registers_an_enquiry_with_its_clocks_and_numbers_follow(press_app: Any, people: Any) -> None:
    client = client_of(press_app, "officer")
    local = typed(datetime.now(UTC))
    response = post(
        client,
        NEW,
        NEW,
        journalist="Marta Dziennikarska",
        outlet="Gazeta Testowa",
        outlet_kind="daily",
        journalist_email="marta@example.org",
        received_via="email",
        received_at=local,
        question="Ile kosztuje remont stadionu?\nKiedy koniec prac?",
        tags="stadion, sport",
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    year = datetime.now(UTC).year
    assert f"ZP/{year}/0001" in page
    assert "Ile kosztuje remont stadionu?" in page
    made = db.session.scalars(select(Enquiry)).one()
    assert made.subject == "Ile kosztuje remont stadionu?"
    assert made.tags == ["stadion", "sport"]
    assert made.officer.login == "officer"
    assert (made.answer_due.astimezone(made.received_at.tzinfo) - made.received_at).days in (14, 15)
    second = enquiry(people["officer"], journalist="Marta Dziennikarska", outlet="gazeta  TESTOWA")
    assert second.number == f"ZP/{year}/0002"
    assert second.journalist_id == made.journalist_id  # the same contact, matched by name and outlet
    assert second.outlet_id == made.outlet_id


def test_registration_refuses_bad_input_and_writes_nothing(press_app: Any, people: Any) -> None:
    client = client_of(press_app, "officer")
    tomorrow = typed(datetime.now(UTC) + timedelta(days=2))
    cases = [  # what is sent, the field whose error the page shows beside it
        ({"outlet": "Nowe Radio", "outlet_kind": ""}, "outlet_kind"),
        ({"received_at": tomorrow}, "received_at"),
        ({"received_at": "wczoraj"}, "received_at"),
        ({"journalist_email": "not-an-address"}, "journalist_email"),
        ({"question": "   "}, "question"),
        ({"received_via": "pigeon"}, "received_via"),
    ]
    for changes, field in cases:
        form = {
            "journalist": "Jan Nowy",
            "outlet": "",
            "outlet_kind": "",
            "received_via": "email",
            "received_at": "2026-01-05T10:00",
            "question": "Pytanie",
        } | changes
        response = post(client, NEW, NEW, **form)
        assert response.status_code == 400, changes
        assert f'id="{field}-error"' in response.get_data(as_text=True), changes
    assert count(Enquiry) == 0


def test_unit_answers_in_its_queue_and_only_its_staff_may(press_app: Any, people: Any) -> None:
    made = enquiry(people["officer"])
    officer = client_of(press_app, "officer")
    page = f"/press/enquiries/{made.id}"
    due = typed(datetime.now(UTC) + timedelta(days=2))
    response = post(officer, f"{page}/ask-unit", page, unit="ZDT", question="Ile kosztował remont?", due_at=due)
    assert response.status_code == 303
    asked = db.session.scalars(select(UnitRequest)).one()

    roads = client_of(press_app, "roads")
    queue = roads.get("/tickets/").get_data(as_text=True)
    assert "Ile kosztuje remont stadionu?" in queue  # the enquiry's subject, in the unit's queue
    assert f"/press/requests/{asked.id}" in queue
    waste = client_of(press_app, "waste")
    assert f"/press/requests/{asked.id}" not in waste.get("/tickets/").get_data(as_text=True)
    assert waste.get(f"/press/requests/{asked.id}").status_code == 404
    assert post(waste, f"/press/requests/{asked.id}", "/", answer="To nie my.").status_code == 404

    path = f"/press/requests/{asked.id}"
    assert post(roads, path, path, answer="   ").status_code == 400
    response = post(roads, path, path, answer="Remont kosztował 12 mln zł.")
    assert response.status_code == 302
    db.session.expire_all()
    assert asked.answer == "Remont kosztował 12 mln zł."
    assert asked.answered_by.login == "roads"
    assert "Remont kosztował 12 mln zł." in officer.get(page).get_data(as_text=True)
    assert f"/press/requests/{asked.id}" not in roads.get("/tickets/").get_data(as_text=True)
    assert post(roads, path, path, answer="Jeszcze raz.").status_code >= 400  # answered once
    db.session.expire_all()
    assert asked.answer == "Remont kosztował 12 mln zł."


def test_only_the_spokesperson_approves_and_the_approved_text_is_sent_by_email(
    press_app: Any, people: Any, smtp: Any
) -> None:
    made = enquiry(people["officer"])
    page = f"/press/enquiries/{made.id}"
    officer = client_of(press_app, "officer")
    assert post(officer, f"{page}/submit", page).status_code == 400  # nothing written yet
    assert post(officer, f"{page}/draft", page, text="Remont kosztował 12 mln zł.").status_code == 303
    assert post(officer, f"{page}/draft", page, text="Remont stadionu kosztował 12 mln zł.").status_code == 303
    assert post(officer, f"{page}/submit", page).status_code == 303
    assert fresh(made).state == "awaiting_approval"

    assert post(officer, f"{page}/approve", page, draft="2").status_code == 403  # an officer cannot approve
    assert fresh(made).state == "awaiting_approval"

    spokesperson = client_of(press_app, "spokesperson")
    shown = spokesperson.get(page).get_data(as_text=True)
    assert "<ins> stadionu</ins>" in shown  # version 2 against version 1
    assert post(spokesperson, f"{page}/approve", page, draft="1").status_code == 409  # not the latest
    assert post(spokesperson, f"{page}/approve", page, draft="2").status_code == 303
    approved = fresh(made)
    assert (approved.state, approved.approved_draft, approved.approved_by.login) == ("approved", 2, "spokesperson")

    assert post(officer, f"{page}/send", page, via="email").status_code == 303
    sent = fresh(made)
    assert sent.state == "sent"
    assert sent.sent_text == "Remont stadionu kosztował 12 mln zł."
    assert sent.sent_to == "marta@example.org"
    run_jobs(press_app)
    (message,) = smtp.mailbox.messages
    assert message["To"] == "marta@example.org"
    assert sent.number in message["Subject"]
    assert "Remont stadionu kosztował 12 mln zł." in message.get_content()
    assert post(officer, f"{page}/send", page, via="email").status_code == 409  # never twice
    kinds = [event.kind for event in sent.events]
    assert kinds == ["registered", "drafted", "drafted", "submitted", "approved", "sent"]


def test_a_draft_after_approval_needs_a_new_approval(press_app: Any, people: Any) -> None:
    made = enquiry(people["officer"])
    page = f"/press/enquiries/{made.id}"
    officer, spokesperson = client_of(press_app, "officer"), client_of(press_app, "spokesperson")
    post(officer, f"{page}/draft", page, text="Wersja pierwsza.")
    post(officer, f"{page}/submit", page)
    post(spokesperson, f"{page}/approve", page, draft="1")
    assert fresh(made).state == "approved"
    post(officer, f"{page}/draft", page, text="Wersja druga, po zatwierdzeniu.")
    changed = fresh(made)
    assert (changed.state, changed.approved_draft, changed.approved_by_id) == ("open", None, None)
    assert post(officer, f"{page}/send", page, via="other").status_code == 409
    assert count(Draft) == 2


def test_returned_for_changes_with_a_note_and_refused_only_by_the_spokesperson(press_app: Any, people: Any) -> None:
    made = enquiry(people["officer"])
    page = f"/press/enquiries/{made.id}"
    officer, spokesperson = client_of(press_app, "officer"), client_of(press_app, "spokesperson")
    post(officer, f"{page}/draft", page, text="Wersja pierwsza.")
    post(officer, f"{page}/submit", page)
    assert post(spokesperson, f"{page}/return", page, note="").status_code == 400
    assert post(spokesperson, f"{page}/return", page, note="Dodać kwotę.").status_code == 303
    assert fresh(made).state == "open"

    assert post(officer, f"{page}/refuse", page, refusal_reason="Tajemnica przedsiębiorstwa.").status_code == 403
    assert post(spokesperson, f"{page}/refuse", page, refusal_reason="").status_code == 400
    assert post(spokesperson, f"{page}/refuse", page, refusal_reason="Tajemnica przedsiębiorstwa.").status_code == 303
    refused = fresh(made)
    assert refused.state == "refused"
    assert "Tajemnica przedsiębiorstwa." in refused.sent_text
    assert "Gazeta Testowa" in refused.sent_text  # the editors it is addressed to (art. 4 ust. 3)


def test_extension_needs_a_reason_and_stays_within_two_months(press_app: Any, people: Any, smtp: Any) -> None:
    made = enquiry(people["officer"])
    page = f"/press/enquiries/{made.id}"
    officer = client_of(press_app, "officer")
    too_late = typed(made.received_at + timedelta(days=63))
    later = typed(made.answer_due + timedelta(days=10))
    earlier = typed(made.answer_due - timedelta(days=3))
    assert post(officer, f"{page}/extend", page, new_due=later, reason="").status_code == 400
    assert post(officer, f"{page}/extend", page, new_due=earlier, reason="Zbieramy dane.").status_code == 400
    assert post(officer, f"{page}/extend", page, new_due=too_late, reason="Zbieramy dane.").status_code == 400
    assert fresh(made).extended_due is None
    assert (
        post(officer, f"{page}/extend", page, new_due=later, reason="Zbieramy dane z trzech jednostek.").status_code
        == 303
    )
    extended = fresh(made)
    assert extended.extension_reason == "Zbieramy dane z trzech jednostek."
    assert extended.answer_due == extended.extended_due
    run_jobs(press_app)
    (notice,) = smtp.mailbox.messages
    assert "Zbieramy dane z trzech jednostek." in notice.get_content()


def test_refusal_clock_starts_when_the_editor_in_chief_asks(press_app: Any, people: Any) -> None:
    made = enquiry(people["officer"])
    page = f"/press/enquiries/{made.id}"
    officer = client_of(press_app, "officer")
    future = typed(datetime.now(UTC) + timedelta(days=1))
    assert post(officer, f"{page}/refusal-asked", page, asked_at=future).status_code == 400
    assert post(officer, f"{page}/refusal-asked", page, asked_at="").status_code == 303
    asked = fresh(made)
    assert asked.refusal_asked_at is not None
    shown = officer.get(page).get_data(as_text=True)
    assert "art. 4 ust. 3" in shown


def test_closing_without_an_answer_needs_a_note(press_app: Any, people: Any) -> None:
    made = enquiry(people["officer"])
    page = f"/press/enquiries/{made.id}"
    officer = client_of(press_app, "officer")
    assert post(officer, f"{page}/close", page, note="").status_code == 400
    assert fresh(made).state == "open"
    assert post(officer, f"{page}/close", page, note="Wycofane przez dziennikarkę.").status_code == 303
    assert fresh(made).state == "closed"


def test_the_press_pages_are_the_press_offices(press_app: Any, people: Any) -> None:
    made = enquiry(people["officer"])
    roads = client_of(press_app, "roads")
    for path in ("/press/", NEW, f"/press/enquiries/{made.id}", "/press/contacts", "/press/authorisations"):
        assert roads.get(path).status_code == 403, path
    officer = client_of(press_app, "officer")
    for path in ("/press/", NEW, f"/press/enquiries/{made.id}", "/press/contacts", "/press/authorisations", "/"):
        assert officer.get(path).status_code == 200, path
    assert officer.get("/press/enquiries/999999").status_code == 404
