"""Automatic SMS to residents through Twilio's REST client (against a local fake of Twilio's HTTP API)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from cct import db
from cct.auth.actors import SYSTEM
from cct.jobs.models import Job
from telephony import operations as sms
from telephony import queries as sms_queries
from telephony import texts
from telephony.models import SmsMessage, SmsTemplate
from tests.helpers import TWILIO, count, csrf_token, sign_in
from tests.knowledge.conftest import run_jobs
from tests.telephony.conftest import CALLER
from tests.telephony.fake_twilio import FakeTwilio
from tickets import operations as tickets
from tickets.models import Ticket

pytestmark = pytest.mark.usefixtures("city")
MESSAGES = f"/2010-04-01/Accounts/{TWILIO['account_sid']}/Messages.json"


def open_ticket(consent: bool = True, phone: str | None = CALLER) -> Ticket:
    ticket = tickets.create_ticket(
        SYSTEM,
        tickets.TicketInput(
            subject="Nie świeci latarnia",
            category="oswietlenie",
            resident_phone=phone,
            consent_sms=consent and phone is not None,
        ),
    )
    db.session.commit()
    return ticket


def outbound() -> list[SmsMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(SmsMessage).where(SmsMessage.direction == "outbound")))


def sms_jobs() -> list[Job]:
    db.session.expire_all()
    return list(db.session.scalars(select(Job).where(Job.kind == "sms.send")))


def test_opened_ticket_sends_its_number_once(isolated: Any, fake_twilio: FakeTwilio) -> None:
    ticket = open_ticket()
    assert run_jobs(isolated) >= 1
    assert len(fake_twilio.requests) == 1
    sent = fake_twilio.requests[0]
    assert sent.path == MESSAGES
    assert sent.auth == (TWILIO["account_sid"], TWILIO["auth_token"])
    assert sent.form["To"] == CALLER
    assert sent.form["From"] == TWILIO["phone_number"]
    assert f"nr {ticket.number}" in sent.form["Body"]
    query = f"number={ticket.year}%2F{ticket.seq:06d}&code={ticket.public_code}"
    link = f"{TWILIO['public_base_url']}/zgloszenia/status?{query}"
    assert link in sent.form["Body"]  # the resident's status page opens from the message
    assert sent.form["StatusCallback"] == TWILIO["public_base_url"] + "/telephony/sms-status"
    (message,) = outbound()
    assert message.status == "queued"
    assert (message.message_sid or "").startswith("SM")
    assert message.ticket_id == ticket.id

    assert sms.notify(ticket, "ticket_opened", f"opened:{ticket.number}") is None  # asked again
    db.session.commit()
    run_jobs(isolated)
    assert len(outbound()) == 1
    assert len(sms_jobs()) == 1
    assert len(fake_twilio.requests) == 1


def test_resolved_ticket_sends_the_last_public_reply(isolated: Any, fake_twilio: FakeTwilio) -> None:
    ticket = open_ticket()
    run_jobs(isolated)
    tickets.add_comment(SYSTEM, ticket, "Wewnętrzna notatka", public=False)
    tickets.add_comment(SYSTEM, ticket, "Wymieniliśmy żarówkę w latarni przy Lipowej 12.", public=True)
    tickets.transition(SYSTEM, ticket, "resolved", expected_version=None)
    db.session.commit()
    run_jobs(isolated)
    assert len(fake_twilio.requests) == 2
    body = fake_twilio.requests[1].form["Body"]
    assert body == (
        f"Urząd Miejski w Białymstoku: zgłoszenie nr {ticket.number} zostało załatwione. "
        "Wymieniliśmy żarówkę w latarni przy Lipowej 12."
    )


def test_no_sms_without_consent_or_phone(isolated: Any, fake_twilio: FakeTwilio) -> None:
    open_ticket(consent=False)
    open_ticket(phone=None)
    run_jobs(isolated)
    assert fake_twilio.requests == []
    assert outbound() == []
    assert sms_jobs() == []


def test_twilio_failing_is_retried_with_backoff_then_sent(isolated: Any, fake_twilio: FakeTwilio) -> None:
    fake_twilio.fail_next(503, 20500, "Service unavailable")
    open_ticket()
    run_jobs(isolated)
    (job,) = sms_jobs()
    assert (job.state, job.attempts) == ("pending", 1)
    assert "503" in (job.last_error or "") or "Service unavailable" in (job.last_error or "")
    assert job.run_after is not None
    (message,) = outbound()
    assert message.status == "pending"
    job.run_after = job.created_at  # the backoff has passed
    db.session.commit()
    run_jobs(isolated)
    assert len(fake_twilio.requests) == 2
    assert outbound()[0].status == "queued"
    assert sms_jobs()[0].state == "done"


def test_twilio_refusing_the_number_fails_the_message_without_retry(isolated: Any, fake_twilio: FakeTwilio) -> None:
    fake_twilio.fail_next(400, 21211, "The 'To' number is not a valid phone number.")
    open_ticket()
    run_jobs(isolated)
    (message,) = outbound()
    assert (message.status, message.error_code) == ("failed", "21211")
    assert sms_jobs()[0].state == "done"
    assert len(fake_twilio.requests) == 1


def test_a_message_found_being_sent_is_never_sent_again(isolated: Any, fake_twilio: FakeTwilio) -> None:
    open_ticket()
    (message,) = outbound()
    message.status = "sending"  # a worker died after committing this, before it recorded Twilio's answer
    db.session.commit()
    run_jobs(isolated)
    assert fake_twilio.requests == []
    assert outbound()[0].status == "sending"


def test_empty_template_turns_the_notice_off(isolated: Any, fake_twilio: FakeTwilio) -> None:
    db.session.add(SmsTemplate(key="ticket_opened", body=""))
    db.session.commit()
    open_ticket()
    run_jobs(isolated)
    assert fake_twilio.requests == []


# -- the templates page --------------------------------------------------------------------------------------------


def post_templates(client: Any, **bodies: str) -> Any:
    data = {"ticket_opened": "", "ticket_resolved": "", **bodies}
    return client.post(
        "/telephony/sms-templates", data={**data, "csrf_token": csrf_token(client, "/telephony/sms-templates")}
    )


def test_admin_edits_the_texts_and_they_are_used(client: Any, make_user: Any, fake_twilio: FakeTwilio) -> None:
    sign_in(client, make_user("admin").login)
    page = client.get("/telephony/sms-templates").get_data(as_text=True)
    assert "{number}" in page
    response = post_templates(client, ticket_opened="Zgłoszenie {number} ({unit}) przyjęte.", ticket_resolved="")
    assert response.status_code == 302
    ticket = open_ticket()
    run_jobs(client.application)
    assert ticket.unit.name.startswith("Zarząd Dróg i Transportu")
    assert fake_twilio.requests[0].form["Body"] == f"Zgłoszenie {ticket.number} ({ticket.unit.name}) przyjęte."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Zgłoszenie {numer}", "Nieznane pole {numer}."),
        ("Zgłoszenie {number", "Nawiasy muszą się domykać"),
        ("Zgłoszenie {number!r}", "Nieznane pole {number}."),
        ("x" * 1601, "1600"),
    ],
)
def test_bad_template_is_refused_and_nothing_saved(client: Any, make_user: Any, text: str, message: str) -> None:
    sign_in(client, make_user("admin").login)
    response = post_templates(client, ticket_opened=text, ticket_resolved="ok")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(SmsTemplate) == 0  # nothing saved: the defaults still hold
    assert sms_queries.templates() == texts.DEFAULT_TEMPLATES


def test_only_admins_edit_the_texts(client: Any, make_user: Any) -> None:
    sign_in(client, make_user("agent").login)
    assert client.get("/telephony/sms-templates").status_code == 403
