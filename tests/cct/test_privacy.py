"""Issue 18, personal data: retention rules applied by a daily job (with a dry run), the personal-data access log, a
person's data exported as a ZIP of JSON and PDF, and erasure on request where no legal duty keeps it. On both
databases, through the pages an administrator uses."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from sqlalchemy import func, select

from cct import db
from cct.audit.models import AuditEntry
from cct.auth import operations as accounts
from cct.auth.actors import SYSTEM
from cct.auth.models import LoginAttempt
from cct.jobs.models import Job
from cct.office_calendar import add_months
from cct.privacy import jobs as retention_job
from cct.privacy import operations as privacy
from cct.privacy.models import Erasure, PersonalDataAccess
from cct.privacy.schemas import Subject
from cct.redaction import ERASED, redact
from telephony.models import Call, Callback, SmsMessage
from tests.helpers import csrf_token, sign_in
from tickets import operations as tickets
from tickets.models import Attachment, Ticket, TicketComment, TicketEvent
from tickets.schemas import TicketInput

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
PHONE = "+48600100200"
EMAIL = "Jan.Kowalski@example.org"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00"
    b"\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _ticket(category: str = "oswietlenie", *, phone: str | None = PHONE, email: str | None = EMAIL) -> Ticket:
    return tickets.create_ticket(
        SYSTEM,
        TicketInput(
            subject="Nie świeci latarnia",
            description="Dzwonił Jan Kowalski, oddzwonić pod 600 100 200 albo jan.kowalski@example.org.",
            category=category,
            channel="phone",
            resident_name="Jan Kowalski",
            resident_phone=phone,
            resident_email=email,
            consent_sms=phone is not None,
            address="ul. Lipowa 5 m. 3",
            lat=53.13,
            lon=23.16,
        ),
    )


def _finished(at: datetime, category: str = "oswietlenie", **contacts: Any) -> Ticket:
    """A ticket opened, answered, given a file and closed at `at`."""
    with time_machine.travel(at, tick=False):
        ticket = _ticket(category, **contacts)
        tickets.add_comment(SYSTEM, ticket, "Panie Kowalski, latarnię naprawiono.", public=True)
        tickets.add_attachment(SYSTEM, ticket, "zdjecie.png", PNG)
        tickets.transition(SYSTEM, ticket, "resolved", expected_version=None)
        tickets.transition(SYSTEM, ticket, "closed", expected_version=None)
    db.session.commit()
    return ticket


def _call(at: datetime, number: str = PHONE) -> Call:
    call = Call(
        call_sid=f"CA{int(at.timestamp()):032x}"[:34],
        direction="inbound",
        from_number=number,
        to_number="+48858696000",
        twilio_status="completed",
        ivr_input="dziura na Lipowej",
        note=f"Oddzwonić: {number}",
        started_at=at,
    )
    db.session.add(call)
    db.session.flush()
    db.session.add(Callback(call_id=call.id, phone=number, reason="abandoned", outcome_note=f"nie odbiera {number}"))
    message = SmsMessage(
        direction="inbound", from_number=number, to_number="+48858696000", body="STATUS 2026/000001", status="received"
    )
    message.created_at = at
    db.session.add(message)
    db.session.commit()
    return call


def test_redaction_takes_out_contacts_and_the_known_name_but_keeps_the_rest() -> None:
    text = "Jan Kowalski (tel. 600 100 200, +48 85 869 60 00, jan.k@wp.pl), ul. Lipowa 5, zgł. 2026/000123."
    cleaned = redact(text, ["Jan Kowalski"])
    assert cleaned == f"{ERASED} (tel. {ERASED}, {ERASED}, {ERASED}), ul. Lipowa 5, zgł. 2026/000123."
    assert redact("pan KOWALSKI dzwonił", ["Jan Kowalski"]) == f"pan {ERASED} dzwonił"
    assert redact(None, ["x"]) is None


def test_retention_anonymises_finished_tickets_past_their_period_and_keeps_the_rest(city: Any) -> None:
    old = _finished(add_months(NOW, -25))
    recent = _finished(add_months(NOW, -23))
    complaint = _finished(add_months(NOW, -60), "skargi")
    with time_machine.travel(add_months(NOW, -30), tick=False):
        still_open = _ticket()
        db.session.commit()
    tickets.update_ticket(SYSTEM, old, {"resident_name": "Jan Kowalski-Nowak"}, None)  # a change in the history
    db.session.commit()
    old_id, number, category_id, unit_id = old.id, old.number, old.category_id, old.unit_id

    dry = {rule.rule: rule.count for rule in privacy.retention(NOW, apply=False)}
    assert dry["tickets.personal_data"] == 1
    assert db.session.get(Ticket, old_id).resident_phone == PHONE  # a dry run changes nothing

    with time_machine.travel(NOW, tick=False):
        done = {rule.rule: rule.count for rule in retention_job.apply_retention({})}
    assert done["tickets.personal_data"] == 1
    db.session.expire_all()
    gone = db.session.get(Ticket, old_id)
    assert (gone.resident_name, gone.resident_phone, gone.resident_email, gone.address) == (None, None, None, None)
    assert (gone.lat, gone.lon, gone.consent_sms) == (None, None, False)
    assert gone.anonymised_at is not None
    assert (gone.number, gone.category_id, gone.unit_id, gone.state) == (number, category_id, unit_id, "closed")
    assert "600 100 200" not in gone.description
    assert "Kowalski" not in gone.description
    assert (
        "Kowalski" not in db.session.scalars(select(TicketComment.body).where(TicketComment.ticket_id == old_id)).one()
    )
    history = json.dumps(
        [e.changes | e.detail for e in db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == old_id))]
    )
    assert "Kowalski" not in history
    assert PHONE not in history
    assert "Lipowa" not in history
    assert "personal_data_anonymised" in [e.kind for e in gone.events]
    audited = json.dumps(
        [
            e.changes
            for e in db.session.scalars(
                select(AuditEntry).where(AuditEntry.object_id == str(old_id), AuditEntry.object_type == "Ticket")
            )
        ]
    )
    assert "Kowalski" not in audited
    assert db.session.scalar(select(func.count()).select_from(Attachment).where(Attachment.ticket_id == old_id)) == 0
    for kept in (recent, complaint, still_open):
        assert db.session.get(Ticket, kept.id).resident_phone == PHONE, kept.number
    run = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "privacy.retention_applied")).one()
    assert run.changes["tickets.personal_data"] == 1
    assert {rule.rule: rule.count for rule in privacy.retention(NOW, apply=False)}["tickets.personal_data"] == 0


def test_a_category_with_a_period_of_its_own_and_statutory_tickets_when_configured(city_app: Any) -> None:
    rules = {
        "personal_data_months_by_category": {"oswietlenie": 6, "nie-ma-takiej": 1},
        "statutory_personal_data_months": 48,
    }
    with city_app(tickets=rules):
        lamp = _finished(add_months(NOW, -7))
        roads = _finished(add_months(NOW, -7), "drogi")
        complaint = _finished(add_months(NOW, -49), "skargi")
        recent_lamp = _finished(add_months(NOW, -5), phone="+48600999888", email=None)
        found = {rule.rule: rule for rule in privacy.retention(NOW, apply=False)}["tickets.personal_data"]
        assert found.count == 2
        assert "nie-ma-takiej" in found.period  # a typo in config.toml is shown, not ignored
        with time_machine.travel(NOW, tick=False):
            retention_job.apply_retention({})
        db.session.expire_all()
        assert db.session.get(Ticket, lamp.id).resident_phone is None
        assert db.session.get(Ticket, complaint.id).resident_phone is None
        assert db.session.get(Ticket, roads.id).resident_phone == PHONE  # the default 24 months
        # erasure on request keeps what the law's period still keeps
        with time_machine.travel(NOW, tick=False):
            kept = {part.label: part for part in privacy.erasure_preview(Subject("phone", "+48600999888"))}
        assert kept["Zgłoszenia w kategorii z okresem przechowywania określonym prawem"].kept == 1
        assert kept["Zakończone zgłoszenia"].erased == 0
        assert db.session.get(Ticket, recent_lamp.id).resident_phone == "+48600999888"


def test_retention_anonymises_calls_and_texts_and_forgets_the_shells_logs(city: Any, make_user: Any) -> None:
    old_call, new_call = _call(add_months(NOW, -13)), _call(add_months(NOW, -11), "+48600999888")
    agent = make_user("agent")
    db.session.add_all(
        [
            LoginAttempt(
                login=agent.login, ip="192.0.2.1", succeeded=False, reason="password", at=NOW - timedelta(days=91)
            ),
            LoginAttempt(login=agent.login, ip="192.0.2.2", succeeded=True, reason="ok", at=NOW - timedelta(days=89)),
            AuditEntry(
                action="user.signed_in", object_type="User", ip="192.0.2.3", at=add_months(NOW, -13), changes={}
            ),
            PersonalDataAccess(user_id=agent.id, kind="ticket", subject=PHONE, ref="x", at=add_months(NOW, -25)),
            PersonalDataAccess(user_id=agent.id, kind="ticket", subject=PHONE, ref="y", at=add_months(NOW, -23)),
            Job(kind="mail.send", payload={"to": EMAIL}, state="done", finished_at=NOW - timedelta(days=31)),
            Job(
                kind="mail.send", payload={"to": "inny@example.org"}, state="done", finished_at=NOW - timedelta(days=29)
            ),
        ]
    )
    db.session.commit()
    dry = {rule.rule: rule.count for rule in privacy.retention(NOW, apply=False)}
    assert dry["telephony.calls"] == 1
    assert dry["telephony.texts"] == 1
    assert dry["auth.sign_in_log"] == 1
    assert dry["jobs.finished"] == 1
    assert dry["privacy.access_log"] == 1
    assert dry["audit.addresses"] >= 1
    with time_machine.travel(NOW, tick=False):
        retention_job.apply_retention({})
    db.session.expire_all()
    call = db.session.get(Call, old_call.id)
    assert (call.from_number, call.ivr_input, call.anonymised_at is not None) == (ERASED, None, True)
    assert PHONE not in (call.note or "")
    assert db.session.scalars(select(Callback.phone).where(Callback.call_id == call.id)).one() == ERASED
    assert db.session.get(Call, new_call.id).from_number == "+48600999888"
    bodies = set(db.session.scalars(select(SmsMessage.body)))
    assert bodies == {ERASED, "STATUS 2026/000001"}
    assert [a.ip for a in db.session.scalars(select(LoginAttempt))] == ["192.0.2.2"]
    assert db.session.scalars(select(AuditEntry.ip).where(AuditEntry.action == "user.signed_in")).one() is None
    assert [a.ref for a in db.session.scalars(select(PersonalDataAccess))] == ["y"]
    mails = db.session.scalars(select(Job.payload).where(Job.kind == "mail.send")).all()
    assert mails == [{"to": "inny@example.org"}]


def test_the_command_line_shows_the_dry_run_and_runs_the_rules_at_once(city: Any) -> None:
    ticket = _finished(add_months(datetime.now(UTC), -25))
    result = city.test_cli_runner().invoke(args=["privacy", "retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "zakończonych zgłoszeniach" in line)
    assert re.search(r"anonimizowani\s+1\s+24 mies\.", line), line  # the count, then the period
    assert "[twilio] caller_data_months" in result.output
    assert "[privacy] sign_in_log_days" in result.output
    assert db.session.get(Ticket, ticket.id).resident_phone == PHONE
    done = city.test_cli_runner().invoke(args=["privacy", "retention"])  # the daily job, at once
    assert done.exit_code == 0, done.output
    assert re.search(r"anonimizowani\s+1\s", done.output), done.output
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).resident_phone is None


# -- a person's data, through the administrator's pages -------------------------------------------------------------


def _admin(client: Any, make_user: Any) -> str:
    sign_in(client, make_user("admin").login)
    return csrf_token(client, "/admin/privacy/")


def test_an_administrator_sees_and_exports_everything_held_about_a_phone_number(city: Any, make_user: Any) -> None:
    ticket = _finished(add_months(NOW, -2))
    _call(add_months(NOW, -1))
    other = _ticket(phone="+48600999888", email=None)
    db.session.commit()
    client = city.test_client()
    token = _admin(client, make_user)
    page = client.post("/admin/privacy/subject", data={"csrf_token": token, "subject": "600 100 200"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert ticket.number in html
    assert other.number not in html
    headings = re.findall(r"<h2[^>]*>([^<]*)</h2>", html)
    # the text the resident sent, and the two the service sent (the ticket opened, resolved)
    assert {"Zgłoszenia (1)", "Połączenia (1)", "SMS-y (3)"} <= set(headings), headings
    client.post("/language", data={"locale": "en", "next": "/", "csrf_token": token})  # the screen in English
    exported = client.post("/admin/privacy/subject/export", data={"csrf_token": token, "subject": "+48 600 100 200"})
    assert exported.status_code == 200
    assert exported.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(exported.data))
    data = json.loads(archive.read("dane.json"))
    assert data["subject"] == {"kind": "phone", "value": PHONE}
    assert data["sections"]["tickets"]["label"] == "Zgłoszenia"  # a document for the person: in Polish
    assert [t["number"] for t in data["sections"]["tickets"]["records"]] == [ticket.number]
    assert data["sections"]["tickets"]["records"][0]["resident_email"] == EMAIL
    assert data["sections"]["calls"]["records"][0]["ivr_input"] == "dziura na Lipowej"
    assert archive.read("podsumowanie.pdf").startswith(b"%PDF")
    files = [name for name in archive.namelist() if name.startswith("pliki/")]
    assert len(files) == 1
    assert archive.read(files[0]) == PNG
    looks = db.session.scalars(select(PersonalDataAccess).order_by(PersonalDataAccess.id)).all()
    assert [(look.kind, look.subject) for look in looks] == [("subject", PHONE), ("subject_export", PHONE)]
    # by e-mail, in any case
    by_mail = client.post("/admin/privacy/subject", data={"csrf_token": token, "subject": "jan.KOWALSKI@example.org"})
    assert ticket.number in by_mail.get_data(as_text=True)


def test_a_residents_words_that_look_like_a_moment_are_shown_as_written(city: Any, make_user: Any) -> None:
    """The page formats the records' moments: a description beginning "2026-13-45T99:99" was a 500."""
    ticket = tickets.create_ticket(
        SYSTEM,
        TicketInput(
            subject="2026-13-45T99:99 latarnia",
            description="2026-13-45T99:99 nie świeci",
            category="oswietlenie",
            resident_phone=PHONE,
        ),
    )
    db.session.commit()
    client = city.test_client()
    token = _admin(client, make_user)
    page = client.post("/admin/privacy/subject", data={"csrf_token": token, "subject": PHONE})
    assert page.status_code == 200
    assert "2026-13-45T99:99 nie świeci" in page.get_data(as_text=True)
    exported = client.post("/admin/privacy/subject/export", data={"csrf_token": token, "subject": PHONE})
    assert exported.status_code == 200
    assert (
        ticket.number
        in json.loads(zipfile.ZipFile(io.BytesIO(exported.data)).read("dane.json"))["sections"]["tickets"]["records"][
            0
        ]["number"]
    )


def test_the_helplines_own_number_is_nobodys_data(city: Any, make_user: Any) -> None:
    """Every inbound call has the helpline's number on its other side: asking for it finds none of them."""
    _call(add_months(NOW, -1))
    client = city.test_client()
    token = _admin(client, make_user)
    page = client.post("/admin/privacy/subject", data={"csrf_token": token, "subject": "+48858696000"})
    assert "CCT nie przechowuje żadnych danych tej osoby." in page.get_data(as_text=True)
    erased = client.post(
        "/admin/privacy/subject/erase",
        data={"csrf_token": token, "subject": "+48858696000", "reason": "Próba", "confirm": "1"},
    )
    assert erased.status_code == 303
    assert db.session.scalars(select(Call.from_number)).one() == PHONE


def test_a_subject_at_its_longest_stays_within_its_column_once_anonymised(city: Any) -> None:
    """ "[usunięto]" is longer than "Jan": PostgreSQL refused the longer subject and the nightly job stuck on it."""
    with time_machine.travel(add_months(NOW, -30), tick=False):
        ticket = tickets.create_ticket(
            SYSTEM,
            TicketInput(subject=("Jan " * 60)[:200], category="oswietlenie", resident_name="Jan Kowalski"),
        )
        tickets.transition(SYSTEM, ticket, "rejected", expected_version=None, reason="Poza kompetencją Jana.")
    db.session.commit()
    with time_machine.travel(NOW, tick=False):
        retention_job.apply_retention({})
    db.session.expire_all()
    gone = db.session.get(Ticket, ticket.id)
    assert len(gone.subject) == 200
    assert "Jan " not in gone.subject
    assert gone.rejection_reason == f"Poza kompetencją {ERASED}."


@pytest.mark.parametrize("typed", ["", "12", "nie@", "x" * 400, "a\x00b"])
def test_a_person_asked_for_wrongly_is_a_clear_400_and_nothing_is_logged(city: Any, make_user: Any, typed: str) -> None:
    client = city.test_client()
    token = _admin(client, make_user)
    for path in ("/admin/privacy/subject", "/admin/privacy/subject/export", "/admin/privacy/subject/erase"):
        answer = client.post(path, data={"csrf_token": token, "subject": typed, "reason": "x", "confirm": "1"})
        assert answer.status_code == 400, (path, answer.status_code)
        if "\x00" not in typed:  # a NUL anywhere is refused before any view (tests/cct/test_hardening.py)
            said = answer.get_data(as_text=True)
            assert "Podaj numer telefonu (np. 600 123 456) albo adres e-mail." in said or "nie jest poprawnym" in said
    assert db.session.scalar(select(func.count()).select_from(PersonalDataAccess)) == 0
    assert db.session.scalar(select(func.count()).select_from(Erasure)) == 0


def test_only_an_administrator_reaches_personal_data(city: Any, make_user: Any) -> None:
    for role in ("supervisor", "agent"):
        client = city.test_client()
        sign_in(client, make_user(role).login)
        assert client.get("/admin/privacy/").status_code == 403
        assert client.get("/admin/privacy/access").status_code == 403
        token = csrf_token(client, "/")
        assert client.post("/admin/privacy/subject", data={"csrf_token": token, "subject": PHONE}).status_code == 403


def test_erasure_on_request_erases_what_no_law_keeps_and_records_why(city: Any, make_user: Any) -> None:
    finished = _finished(add_months(NOW, -2))
    complaint = _finished(add_months(NOW, -2), "skargi")
    still_open = _ticket()
    call = _call(add_months(NOW, -1))
    db.session.commit()
    client = city.test_client()
    token = _admin(client, make_user)
    form = {"csrf_token": token, "subject": PHONE}

    unconfirmed = client.post("/admin/privacy/subject/erase", data=form | {"reason": "Wniosek z 1.12.2026"})
    assert unconfirmed.status_code == 400
    assert "Zaznacz" in unconfirmed.get_data(as_text=True)
    no_reason = client.post("/admin/privacy/subject/erase", data=form | {"reason": "  ", "confirm": "1"})
    assert no_reason.status_code == 400
    assert "To pole jest wymagane." in no_reason.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Ticket, finished.id).resident_phone == PHONE  # nothing half-done
    assert db.session.scalar(select(func.count()).select_from(Erasure)) == 0

    done = client.post("/admin/privacy/subject/erase", data=form | {"reason": "Wniosek z 1.12.2026", "confirm": "1"})
    assert done.status_code == 303
    db.session.expire_all()
    assert db.session.get(Ticket, finished.id).resident_phone is None
    assert db.session.get(Ticket, complaint.id).resident_phone == PHONE  # case documentation
    assert db.session.get(Ticket, still_open.id).resident_phone == PHONE  # being handled
    assert db.session.get(Call, call.id).from_number == PHONE  # an agent is still to call back
    texts = db.session.scalars(select(SmsMessage.body).where(SmsMessage.from_number == ERASED)).all()
    assert texts == [ERASED]  # the resident's own text
    erasure = db.session.scalars(select(Erasure)).one()
    assert erasure.reason == "Wniosek z 1.12.2026"
    assert PHONE not in json.dumps(erasure.outcome)
    assert PHONE not in erasure.subject_digest
    assert len(erasure.subject_digest) == 64
    kept = {part["label"]: part for part in erasure.outcome}
    assert kept["Zgłoszenia w toku"]["kept"] == 1
    assert kept["Zakończone zgłoszenia"]["erased"] == 1
    home = client.get("/admin/privacy/").get_data(as_text=True)
    assert "Wniosek z 1.12.2026" in home
    again = client.post("/admin/privacy/subject", data=form).get_data(as_text=True)
    assert "usunięto już wcześniej" in again
    assert f'<dd class="prewrap">{still_open.number}</dd>' in again
    # its ticket is no longer the person's (a text about it still being sent is: kept)
    assert f'<dd class="prewrap">{finished.number}</dd>' not in again


# -- the access log ------------------------------------------------------------------------------------------------


def test_looks_at_residents_data_are_logged_and_an_administrator_reads_them(city: Any, make_user: Any) -> None:
    ticket = _ticket()
    anonymous = _ticket(phone=None, email=None)
    anonymous.resident_name = None
    db.session.commit()
    agent_login = make_user("agent").login
    agent = city.test_client()
    sign_in(agent, agent_login)
    year, seq = ticket.number.split("/")
    assert agent.get(f"/tickets/{year}/{int(seq)}").status_code == 200
    a_year, a_seq = anonymous.number.split("/")
    assert agent.get(f"/tickets/{a_year}/{int(a_seq)}").status_code == 200  # nobody's data: no line
    assert agent.get("/tickets/?q=600+100+200").status_code == 200
    for _key in range(3):  # the workspace asks at each key: one line
        assert agent.get("/tickets/caller?phone=600100200").status_code == 200
    assert agent.get("/tickets/?q=Kowalski").status_code == 200  # a name: no phone to name, the words kept
    lines = db.session.scalars(select(PersonalDataAccess).order_by(PersonalDataAccess.id)).all()
    assert [(line.kind, line.subject) for line in lines] == [
        ("ticket", PHONE),
        ("search", PHONE),
        ("search", PHONE),
        ("search", ""),
    ]
    assert (lines[0].ref, lines[0].ip, lines[3].ref) == (ticket.number, "127.0.0.1", "/tickets/?q=Kowalski")
    program = city.test_client()
    _row, token = accounts.create_token(SYSTEM, make_user("supervisor"), "raport")
    db.session.commit()
    assert program.get("/api/v1/tickets", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    export = db.session.scalars(select(PersonalDataAccess).where(PersonalDataAccess.kind == "export")).one()
    assert export.ref == "/api/v1/tickets: 1"  # one ticket on the page named its resident

    admin = city.test_client()
    sign_in(admin, make_user("admin").login)
    page = admin.get("/admin/privacy/access?subject=600-100-200")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count(agent_login) == 3  # the name search had no phone to be found by
    assert ticket.number in html
    assert agent_login not in admin.get("/admin/privacy/access?subject=600999888").get_data(as_text=True)
    assert admin.get("/admin/privacy/access?before=99999999999999999999999").status_code == 200  # the newest page
    bad = admin.get("/admin/privacy/access?subject=abc&since=2026-13-01")
    assert bad.status_code == 400
    assert (
        "Podaj numer telefonu" in bad.get_data(as_text=True)
        and "RRRR" in bad.get_data(as_text=True)
        or "YYYY" in bad.get_data(as_text=True)
    )
