"""E-mail updates to residents who agreed to them, sent by the worker to a real SMTP server on loopback: received
(number, code, status link), resolved (the last public reply), joined with another report (the surviving number);
once per reason; a refused address is given up, a server that is away is retried."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from cct import db
from cct.auth.actors import SYSTEM
from cct.jobs.models import Job
from tests.helpers import free_port
from tests.knowledge.conftest import run_jobs
from tests.smtp_server import SmtpServer
from tickets import operations as tickets
from tickets.models import Ticket

PUBLIC = "https://cct.bialystok.example"


@pytest.fixture
def mail_app(city_app: Any, smtp: SmtpServer) -> Iterator[Any]:
    mail = {"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "security": "none", "from_address": "CCT <cct@um.test>"}
    with city_app(mail=mail, public_url=PUBLIC) as app:
        yield app


def report(email: str | None = "anna@example.org", consent: bool = True, point: float = 53.1326) -> Ticket:
    ticket = tickets.create_ticket(
        SYSTEM,
        tickets.TicketInput(
            subject="Nie świeci latarnia",
            category="oswietlenie",
            channel="web",
            resident_email=email,
            consent_email=consent and email is not None,
            lat=point,
            lon=23.1591,
        ),
    )
    db.session.commit()
    return ticket


def mail_jobs() -> list[Job]:
    db.session.expire_all()
    return list(db.session.scalars(select(Job).where(Job.kind == "mail.send").order_by(Job.id)))


def test_received_resolved_each_once(mail_app: Any, smtp: SmtpServer) -> None:
    ticket = report()
    run_jobs(mail_app)
    (received,) = smtp.mailbox.messages
    assert received["To"] == "anna@example.org"
    assert received["From"] == "CCT <cct@um.test>"
    assert received["Subject"] == f"Twoje zgłoszenie {ticket.number} zostało przyjęte"
    assert received["Auto-Submitted"] == "auto-generated"
    body = received.get_content()
    assert f"Numer: {ticket.number}" in body
    assert f"Kod: {ticket.public_code}" in body
    link = f"{PUBLIC}/zgloszenia/status?number={ticket.year}%2F{ticket.seq:06d}&code={ticket.public_code}"
    assert link in body
    assert "Zarząd Dróg i Transportu" in body

    tickets.add_comment(SYSTEM, ticket, "Wymieniono oprawę latarni.", public=True)
    tickets.transition(SYSTEM, ticket, "in_progress", expected_version=ticket.version)
    tickets.transition(SYSTEM, ticket, "resolved", expected_version=ticket.version)
    db.session.commit()
    run_jobs(mail_app)
    run_jobs(mail_app)
    assert len(smtp.mailbox.messages) == 2
    resolved = smtp.mailbox.messages[1]
    assert resolved["Subject"] == f"Twoje zgłoszenie {ticket.number} zostało załatwione"
    assert "Wymieniono oprawę latarni." in resolved.get_content()
    assert [job.state for job in mail_jobs()] == ["done", "done"]


def test_a_merged_reports_resident_gets_the_surviving_number(mail_app: Any, smtp: SmtpServer) -> None:
    first = report(email=None)
    second = report(point=53.1327)
    assert second.suspected_duplicate_of_id == first.id
    tickets.mark_duplicate(SYSTEM, second, first, expected_version=second.version)
    db.session.commit()
    run_jobs(mail_app)
    merged = smtp.mailbox.messages[-1]
    assert merged["Subject"] == f"Twoje zgłoszenie {second.number} połączono ze zgłoszeniem {first.number}"
    assert f"jako zgłoszenie {first.number}" in merged.get_content()


def test_no_mail_without_consent_or_address(mail_app: Any, smtp: SmtpServer) -> None:
    report(consent=False)
    report(email=None)
    run_jobs(mail_app)
    assert mail_jobs() == []
    assert smtp.mailbox.messages == []


def test_no_mail_when_it_is_off(city: Any) -> None:
    report()
    assert mail_jobs() == []


def test_an_address_refused_for_good_is_given_up(mail_app: Any, smtp: SmtpServer, caplog: Any) -> None:
    smtp.mailbox.refuse_with = "550 5.1.1 No such user"
    report(email="nikt@example.org")
    run_jobs(mail_app)
    (job,) = mail_jobs()
    assert (job.state, job.attempts) == ("done", 1)
    assert smtp.mailbox.messages == []
    assert "mail.refused" in caplog.text


def test_a_server_that_is_away_is_retried(city_app: Any) -> None:
    away = {"smtp_host": "127.0.0.1", "smtp_port": free_port(), "security": "none", "from_address": "c@um.test"}
    with city_app(mail=away) as app:
        report()
        run_jobs(app)
        (job,) = mail_jobs()
        assert (job.state, job.attempts) == ("pending", 1)
        assert job.last_error
        assert job.run_after > job.created_at  # backoff


@pytest.mark.parametrize(
    ("mail", "complaint"),
    [
        ({"smtp_host": "smtp.example", "from_address": ""}, "needs from_address"),
        ({"security": "tls-maybe"}, "mail.security"),
        ({"smtp_port": 0}, "mail.smtp_port"),
    ],
)
def test_bad_mail_settings_stop_start_up(make_app: Any, mail: dict[str, Any], complaint: str) -> None:
    from cct.config import ConfigError

    with pytest.raises(ConfigError, match=complaint):
        make_app(mail=mail)
