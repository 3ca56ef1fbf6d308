""" "Moje zgłoszenia": a resident asks for a one-time code (e-mail to a real SMTP server on loopback, SMS to the fake
of Twilio's HTTP API), types it back and sees every ticket opened with that contact from any channel; adds a comment
and a photo to an open one; gives and withdraws consent. Codes are kept only as keyed digests, expire, are good once,
take a limited number of wrong tries, and are rate-limited; an unknown contact gets the same answer as a known one."""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from PIL import Image
from sqlalchemy import event, select

from cct import db
from cct.audit.models import AuditEntry
from cct.auth import operations as accounts
from cct.auth.actors import SYSTEM
from cct.db import utcnow
from cct.errors import UserError
from cct.jobs.models import Job
from cct.notifications.models import Notification
from cct.notifications.queries import unread_for
from cct.privacy import operations as privacy
from cct.privacy.schemas import Subject
from telephony.models import SmsMessage
from tests.helpers import PASSWORD, count, csrf_from_html, csrf_token, sign_in
from tests.knowledge.conftest import run_jobs
from tests.smtp_server import SmtpServer
from tests.telephony.fake_twilio import FakeTwilio
from tests.tickets.test_reports import jpeg_with_metadata
from tickets import operations as tickets
from tickets.mine import operations as mine
from tickets.mine.models import ResidentCode
from tickets.models import Attachment, Ticket, TicketComment, TicketEvent

MINE = "/zgloszenia/moje"
CODE = f"{MINE}/kod"
EMAIL = "anna.nowak@example.org"
PHONE = "+48600100200"


@pytest.fixture
def mine_app(city_app: Any, smtp: SmtpServer, fake_twilio: FakeTwilio) -> Iterator[Any]:
    mail = {"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "security": "none", "from_address": "CCT <cct@um.test>"}
    with city_app(mail=mail) as app:
        yield app


@pytest.fixture
def browser(mine_app: Any) -> Any:
    return mine_app.test_client()


def ticket(channel: str = "web", *, phone: str | None = None, email: str | None = None, **extra: Any) -> Ticket:
    made = tickets.create_ticket(
        SYSTEM,
        tickets.TicketInput(
            subject=extra.pop("subject", "Nie świeci latarnia"),
            category=extra.pop("category", "oswietlenie"),
            channel=channel,
            resident_name=extra.pop("name", "Anna Nowak"),
            resident_phone=phone,
            resident_email=email,
            consent_sms=extra.pop("consent_sms", False),
            consent_email=extra.pop("consent_email", False),
            address=extra.pop("address", "ul. Lipowa 12"),
        ),
    )
    db.session.commit()
    return made


def ask(client: Any, contact: str, address: str = "192.0.2.10") -> Any:
    token = csrf_token(client, MINE)
    return client.post(MINE, data={"contact": contact, "csrf_token": token}, environ_base={"REMOTE_ADDR": address})


def type_code(client: Any, code: str) -> Any:
    return client.post(CODE, data={"code": code, "csrf_token": csrf_token(client, CODE)})


def mailed_code(app: Any, smtp: SmtpServer) -> str:
    run_jobs(app)
    return re.search(r"\b(\d{6})\b", smtp.mailbox.messages[-1].get_content()).group(1)


def texted_code(app: Any, fake_twilio: FakeTwilio) -> str:
    run_jobs(app)
    return re.match(r"(\d{6}) ", fake_twilio.requests[-1].form["Body"]).group(1)


def signed_in(client: Any, app: Any, smtp: SmtpServer, contact: str = EMAIL) -> None:
    assert ask(client, contact).status_code == 303
    assert type_code(client, mailed_code(app, smtp)).status_code == 303


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


# -- the code -------------------------------------------------------------------------------------------------------


def test_a_code_by_e_mail_opens_every_ticket_of_that_address(browser: Any, mine_app: Any, smtp: SmtpServer) -> None:
    web = ticket("web", email=EMAIL, subject="Dziura na Lipowej", category="drogi")
    by_phone = ticket("phone", email="Anna.Nowak@Example.org", phone=PHONE)  # the agent typed it with capitals
    letter = ticket("letter", email=EMAIL, subject="Pismo w sprawie oświetlenia")
    someone_else = ticket("web", email="jan@example.org", name="Jan Kowalski", address="ul. Sienkiewicza 1")
    tickets.add_comment(SYSTEM, web, "Notatka: sprawdzić w czwartek", public=False)
    tickets.add_comment(SYSTEM, web, "Ekipa naprawi dziurę w piątek.", public=True)
    db.session.commit()

    asked = ask(browser, "  Anna.Nowak@example.org ")
    assert asked.status_code == 303
    assert asked.headers["Location"].endswith(CODE)
    page = browser.get(CODE).get_data(as_text=True)
    assert "kod" in page.lower()
    assert "anna.nowak@example.org" in page
    run_jobs(mine_app)
    (message,) = smtp.mailbox.messages
    code = re.search(r"\b(\d{6})\b", message.get_content()).group(1)
    assert message["To"] == "anna.nowak@example.org"
    assert message["Subject"] == "Twój kod do Moich zgłoszeń"  # never the code: subjects show on locked screens
    assert "10 minut" in message.get_content()

    # kept: digests, never the code; the sending job's payload forgotten once sent
    (row,) = db.session.scalars(select(ResidentCode))
    assert code not in (row.code_digest, row.contact_digest)
    assert EMAIL not in row.contact_digest
    (job,) = db.session.scalars(select(Job).where(Job.kind == "mail.send"))
    assert job.state == "done"
    assert job.payload == {"transient": True, "forgotten": True}

    opened = type_code(browser, code)
    assert opened.status_code == 303
    assert opened.headers["Location"].endswith(MINE)
    listing = browser.get(MINE)
    assert listing.headers["Cache-Control"] == "no-store"
    html = listing.get_data(as_text=True)
    numbers = re.findall(r"Zgłoszenie (\d{4}/\d{6})", html)
    assert numbers == [letter.number, by_phone.number, web.number]  # newest first
    assert someone_else.number not in html
    assert "Jan Kowalski" not in html
    assert "Ekipa naprawi dziurę w piątek." in html
    assert "Notatka" not in html
    for channel in ("· telefon", "· pismo", "· formularz www"):  # every channel the tickets came by
        assert channel in html

    shown = browser.get(f"{MINE}/{web.year}/{web.seq}").get_data(as_text=True)
    assert "Ekipa naprawi dziurę w piątek." in shown
    assert "Notatka" not in shown
    assert browser.get(f"{MINE}/{someone_else.year}/{someone_else.seq}").status_code == 404
    used = [entry.action for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert "resident_code.sent" in used
    assert "resident_code.used" in used


def test_a_code_by_sms_is_masked_in_the_message_log(
    browser: Any, mine_app: Any, fake_twilio: FakeTwilio, smtp: SmtpServer
) -> None:
    ticket("phone", phone=PHONE)
    ticket("sms", phone=PHONE, subject="Zepsuta ławka")
    assert ask(browser, "600 100 200").status_code == 303
    code = texted_code(mine_app, fake_twilio)
    sent = fake_twilio.requests[-1].form
    assert sent["To"] == PHONE
    db.session.expire_all()
    (message,) = db.session.scalars(select(SmsMessage).where(SmsMessage.to_number == PHONE))
    assert code not in message.body
    assert "••••••" in message.body
    (job,) = db.session.scalars(select(Job).where(Job.kind == "sms.send"))
    assert job.payload == {"transient": True, "forgotten": True}
    assert type_code(browser, f"{code[:3]} {code[3:]}").status_code == 303  # typed with a space
    html = browser.get(MINE).get_data(as_text=True)
    assert len(re.findall(r"Zgłoszenie \d{4}/\d{6}", html)) == 2
    assert not smtp.mailbox.messages


def test_a_wrong_code_is_counted_and_too_many_close_it(browser: Any, mine_app: Any, smtp: SmtpServer) -> None:
    ticket(email=EMAIL)
    ask(browser, EMAIL)
    code = mailed_code(mine_app, smtp)
    for left in (4, 3, 2, 1):
        answer = type_code(browser, wrong(code))
        assert answer.status_code == 400
        assert f"Pozostałe próby: {left}" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(ResidentCode.tries)) == 4  # counted though every refusal rolled back
    fifth = type_code(browser, "abcdef").get_data(as_text=True)
    assert "zbyt wiele razy" in fifth
    right = type_code(browser, code)
    assert right.status_code == 400
    assert "zbyt wiele razy" in right.get_data(as_text=True)
    assert "Zgłoszenie" not in browser.get(MINE).get_data(as_text=True)


def test_an_expired_code_and_a_used_one_are_refused(browser: Any, mine_app: Any, smtp: SmtpServer) -> None:
    made = ticket(email=EMAIL)
    ask(browser, EMAIL)
    code = mailed_code(mine_app, smtp)
    with time_machine.travel(utcnow() + timedelta(minutes=10, seconds=1)):
        late = type_code(browser, code)
    assert late.status_code == 400
    assert "Kod wygasł" in late.get_data(as_text=True)

    ask(browser, EMAIL)
    code = mailed_code(mine_app, smtp)
    with time_machine.travel(utcnow() + timedelta(minutes=9, seconds=50)):
        assert type_code(browser, code).status_code == 303  # just within its ten minutes
        assert made.number in browser.get(MINE).get_data(as_text=True)
    db.session.expire_all()
    newest = max(db.session.scalars(select(ResidentCode.id)))
    other = mine_app.test_client()  # a second browser replaying the same code
    with other.session_transaction() as session:
        session["my_reports_pending"] = {"kind": "email", "contact": EMAIL, "code_id": newest}
    again = type_code(other, code)
    assert again.status_code == 400
    assert "został już użyty" in again.get_data(as_text=True)
    assert made.number not in other.get(MINE).get_data(as_text=True)


def test_the_list_closes_when_its_time_is_over_or_the_resident_closes_it(
    browser: Any, mine_app: Any, smtp: SmtpServer
) -> None:
    made = ticket(email=EMAIL)
    signed_in(browser, mine_app, smtp)
    assert made.number in browser.get(MINE).get_data(as_text=True)
    with time_machine.travel(utcnow() + timedelta(minutes=31)):
        assert made.number not in browser.get(MINE).get_data(as_text=True)
        assert browser.get(f"{MINE}/{made.year}/{made.seq}").status_code == 302
    token = csrf_from_html(browser.get(MINE).get_data(as_text=True))
    closed = browser.post(f"{MINE}/wyloguj", data={"csrf_token": token}, follow_redirects=True)
    assert "Lista została zamknięta." in closed.get_data(as_text=True)
    assert made.number not in browser.get(MINE).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(ResidentCode.ended_at)) is not None


def test_an_unknown_contact_gets_the_same_answer_and_the_same_work(
    browser: Any, mine_app: Any, smtp: SmtpServer
) -> None:
    ticket(email=EMAIL)
    ticket(email=EMAIL, subject="Druga")
    statements: list[str] = []

    def counted(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(re.sub(r"sa_savepoint_\d+", "sa_savepoint", statement))

    engine = db.get_database(mine_app).engine
    answers = []
    for contact, address in ((EMAIL, "192.0.2.21"), ("nikt@example.org", "192.0.2.22")):
        token = csrf_token(browser, MINE)
        statements.clear()
        event.listen(engine, "before_cursor_execute", counted)
        try:
            answer = browser.post(
                MINE, data={"contact": contact, "csrf_token": token}, environ_base={"REMOTE_ADDR": address}
            )
        finally:
            event.remove(engine, "before_cursor_execute", counted)
        page = browser.get(CODE).get_data(as_text=True).replace(contact, "ADRES")
        page = re.sub(r'name="csrf_token"[^>]*', "", page)  # signed with the time: differs from second to second
        answers.append((answer.status_code, answer.headers["Location"], page, list(statements)))
    known, unknown = answers
    assert known[:3] == unknown[:3]
    assert known[3] == unknown[3]  # the same statements, in the same order: nothing looks at the tickets
    assert not any("tickets" in statement for statement in known[3])
    run_jobs(mine_app)
    assert sorted(message["To"] for message in smtp.mailbox.messages) == [EMAIL, "nikt@example.org"]


def test_sending_is_limited_per_contact_and_per_address(browser: Any, mine_app: Any) -> None:
    """[my_reports] per_contact_limit 3 and per_address_limit 10 in 60 minutes (config.toml)."""
    for _ in range(3):
        assert ask(browser, EMAIL, address="192.0.2.30").status_code == 303
    refused = ask(browser, EMAIL, address="192.0.2.31")
    assert refused.status_code == 429
    assert "3 razy" in refused.get_data(as_text=True)
    assert count(ResidentCode) == 3

    for n in range(10):
        assert ask(browser, f"osoba{n}@example.org", address="192.0.2.40").status_code == 303
    crowded = ask(browser, "kolejna@example.org", address="192.0.2.40")
    assert crowded.status_code == 429
    assert "Twojego połączenia" in crowded.get_data(as_text=True)
    assert ask(browser, "kolejna@example.org", address="192.0.2.41").status_code == 303


@pytest.mark.parametrize(
    ("contact", "message"),
    [
        ("", "Podaj numer telefonu"),
        ("abc", "Podaj numer telefonu"),
        ("anna@", "nie jest poprawnym adresem"),
        ("1" * 300, "nie może mieć więcej niż 254 znaki"),
    ],
)
def test_a_contact_that_is_not_one_is_refused_and_nothing_is_sent(
    browser: Any, mine_app: Any, contact: str, message: str
) -> None:
    answer = ask(browser, contact)
    assert answer.status_code in (400, 422)
    assert message in answer.get_data(as_text=True)
    assert count(ResidentCode) == 0
    assert count(Job) == 0


def test_a_code_page_without_a_code_asked_and_an_empty_code(browser: Any, mine_app: Any, smtp: SmtpServer) -> None:
    assert browser.get(CODE).status_code == 302
    ask(browser, EMAIL)
    empty = type_code(browser, "   ")
    assert empty.status_code == 400
    assert "Wpisz kod" in empty.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(ResidentCode.tries)) == 0
    with browser.session_transaction() as session:
        session["my_reports_pending"] = {"kind": "email", "contact": "ktos@example.org", "code_id": 10**9}
    assert type_code(browser, "123456").status_code == 400
    with browser.session_transaction() as session:
        session["my_reports_pending"] = "garbage"
    assert browser.get(CODE).status_code == 302


def test_when_no_channel_can_send_the_form_says_so(city_app: Any) -> None:
    with city_app(twilio={"account_sid": "", "auth_token": ""}) as app:
        client = app.test_client()
        page = client.get(MINE).get_data(as_text=True)
        assert "Kodów nie można teraz wysłać" in page
        token = csrf_token(client, "/zgloszenia/status")
        refused = client.post(MINE, data={"contact": "600 100 200", "csrf_token": token})
        assert refused.status_code == 503
        assert count(ResidentCode) == 0


# -- what the resident does with a ticket ---------------------------------------------------------------------------


def plain_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (30, 20), (0, 0, 200)).save(out, "JPEG")
    return out.getvalue()


def add(client: Any, made: Ticket, comment: str = "", photos: list[tuple[bytes, str]] = ()) -> Any:
    path = f"{MINE}/{made.year}/{made.seq}"
    token = csrf_token(client, path)
    data: dict[str, Any] = {"comment": comment, "csrf_token": token}
    data["photos"] = [(io.BytesIO(content), name) for content, name in photos]
    return client.post(f"{path}/dodaj", data=data, content_type="multipart/form-data")


def test_a_comment_and_a_photo_land_in_the_history_and_the_unit_is_told(
    browser: Any, mine_app: Any, smtp: SmtpServer
) -> None:
    made = ticket(email=EMAIL)
    signed_in(browser, mine_app, smtp)
    added = add(browser, made, "Dziura się powiększyła po deszczu.", [(jpeg_with_metadata(400, 300), "IMG_1.JPG")])
    assert added.status_code == 303
    page = browser.get(added.headers["Location"]).get_data(as_text=True)
    assert "Dziura się powiększyła po deszczu." in page

    db.session.expire_all()
    (comment,) = db.session.scalars(select(TicketComment).where(TicketComment.ticket_id == made.id))
    assert comment.by_resident
    assert not comment.public
    assert comment.author_id is None
    (photo,) = db.session.scalars(select(Attachment).where(Attachment.ticket_id == made.id))
    with Image.open(io.BytesIO(photo.data)) as image:
        assert image.size == (300, 400)  # turned upright, as its EXIF said …
        assert not image.getexif()
        assert "comment" not in image.info
    kinds = [e.kind for e in db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == made.id))]
    assert "resident_comment" in kinds
    assert "attachment" in kinds
    assert "Dziura się powiększyła" not in browser.get("/zgloszenia/mapa").get_data(
        as_text=True
    )  # never a public reply

    staff = accounts.create_user(
        SYSTEM, login="zdt1", full_name="A", roles=["unit_staff"], unit_codes=[made.unit.code], password=PASSWORD
    )
    elsewhere = accounts.create_user(SYSTEM, login="dgk1", full_name="B", roles=["unit_staff"], unit_codes=["DGK"])
    (notice,) = db.session.scalars(select(Notification).where(Notification.kind == "resident_added"))
    assert notice.unit_id == made.unit_id
    assert made.number in notice.message
    assert notice in unread_for(staff)
    assert notice not in unread_for(elsewhere)
    with mine_app.test_request_context():  # what they added is theirs: in a person's data export too
        (held,) = [section for section in privacy.held(Subject("email", EMAIL)) if section.key == "tickets"]
        assert held.records[0]["own_comments"] == "Dziura się powiększyła po deszczu."
    db.session.commit()
    desk = mine_app.test_client()
    sign_in(desk, "zdt1")
    timeline = desk.get(f"/tickets/{made.year}/{made.seq}").get_data(as_text=True)
    assert "Mieszkaniec</strong> dodał(a) przez Moje zgłoszenia" in timeline
    assert re.search(r"<strong>mieszkaniec</strong>:\s*dołączył\(a\) plik IMG_1.jpg", timeline)


def test_what_cannot_be_added_is_refused_with_nothing_written(browser: Any, mine_app: Any, smtp: SmtpServer) -> None:
    made = ticket(email=EMAIL)
    closed = ticket(email=EMAIL, subject="Zamknięte")
    tickets.transition(SYSTEM, closed, "rejected", expected_version=None, reason="Nie dotyczy miasta")
    db.session.commit()
    signed_in(browser, mine_app, smtp)
    before = count(TicketEvent), count(TicketComment), count(Attachment), count(Notification)

    nothing = add(browser, made)
    assert nothing.status_code == 400
    assert "Napisz komentarz lub dodaj zdjęcie" in nothing.get_data(as_text=True)
    not_a_photo = add(browser, made, "Zdjęcie w załączniku", [(b"%PDF-1.4 nie zdjecie", "skan.jpg")])
    assert not_a_photo.status_code == 400
    assert "nie jest zdjęciem" in not_a_photo.get_data(as_text=True)
    too_many = add(browser, made, "", [(plain_jpeg(), f"{n}.jpg") for n in range(4)])
    assert too_many.status_code == 400
    assert "Najwyżej 3 zdjęcia" in too_many.get_data(as_text=True)
    too_long = add(browser, made, "x" * 20_001)
    assert too_long.status_code == 400
    on_closed = browser.post(
        f"{MINE}/{closed.year}/{closed.seq}/dodaj",
        data={"comment": "Jednak nie", "csrf_token": csrf_token(browser, f"{MINE}/{made.year}/{made.seq}")},
    )
    assert on_closed.status_code == 409
    assert (count(TicketEvent), count(TicketComment), count(Attachment), count(Notification)) == before
    assert "Dodaj komentarz" not in browser.get(f"{MINE}/{closed.year}/{closed.seq}").get_data(as_text=True)


def test_consent_is_given_and_withdrawn_through_the_ticket_history(
    browser: Any, mine_app: Any, fake_twilio: FakeTwilio
) -> None:
    made = ticket("phone", phone=PHONE, email=EMAIL, consent_sms=True)
    assert ask(browser, PHONE).status_code == 303
    type_code(browser, texted_code(mine_app, fake_twilio))
    path = f"{MINE}/{made.year}/{made.seq}"
    page = browser.get(path).get_data(as_text=True)
    assert re.search(r'<input checked[^>]*name="sms"', page)
    assert not re.search(r'<input checked[^>]*name="email"', page)
    saved = browser.post(f"{path}/zgody", data={"email": "y", "csrf_token": csrf_from_html(page)})
    assert saved.status_code == 303
    db.session.expire_all()
    changed = db.session.get(Ticket, made.id)
    assert (changed.consent_sms, changed.consent_email) == (False, True)
    (event_row,) = db.session.scalars(
        select(TicketEvent).where(TicketEvent.ticket_id == made.id, TicketEvent.kind == "consent_changed")
    )
    assert event_row.changes == {"consent_sms": [True, False], "consent_email": [False, True]}
    assert event_row.actor_id is None


def test_a_new_report_from_the_list_has_the_contact_filled(browser: Any, mine_app: Any, smtp: SmtpServer) -> None:
    signed_in(browser, mine_app, smtp)
    form = browser.get("/zgloszenia/nowe").get_data(as_text=True)
    assert f'value="{EMAIL}"' in form
    assert 'href="/zgloszenia/nowe"' in browser.get(MINE).get_data(as_text=True)
    fresh = mine_app.test_client().get("/zgloszenia/nowe").get_data(as_text=True)
    assert EMAIL not in fresh


# -- personal data --------------------------------------------------------------------------------------------------


def test_the_code_log_follows_the_retention_rule_and_erasure(browser: Any, mine_app: Any, smtp: SmtpServer) -> None:
    ticket(email=EMAIL)
    signed_in(browser, mine_app, smtp)
    ask(browser, "ktos@example.org")
    with mine_app.test_request_context():
        assert [
            h.records[0]["used_at"] is not None for h in privacy.held(Subject("email", EMAIL)) if h.key == "my_reports"
        ] == [True]
        later = utcnow() + timedelta(days=91)
        (rule,) = [r for r in privacy.retention(later, apply=False) if r.rule == "my_reports.codes"]
        assert rule.count == 2
        privacy.erase(SYSTEM, Subject("email", EMAIL), "Wniosek")
        db.session.commit()
        assert count(ResidentCode) == 1
        (rule,) = [r for r in privacy.retention(later, apply=True) if r.rule == "my_reports.codes"]
        assert rule.count == 1
        db.session.commit()
        assert count(ResidentCode) == 0


def test_an_ipv6_household_counts_as_one_address(browser: Any, mine_app: Any) -> None:
    for n in range(10):
        assert ask(browser, f"dom{n}@example.org", address=f"2001:db8:1:2::{n + 1:x}").status_code == 303
    assert ask(browser, "dom10@example.org", address="2001:db8:1:2:ffff::1").status_code == 429
    assert ask(browser, "dom10@example.org", address="2001:db8:1:3::1").status_code == 303


def test_odd_requests_get_a_clear_answer_not_an_error(browser: Any, mine_app: Any, smtp: SmtpServer) -> None:
    token = csrf_token(browser, MINE)
    a_file_as_text = browser.post(
        MINE,
        data={"contact": (io.BytesIO(b"x" * 300), "kontakt.txt"), "csrf_token": token},
        content_type="multipart/form-data",
    )
    assert a_file_as_text.status_code in (400, 422)
    assert count(ResidentCode) == 0
    made = ticket(email=EMAIL)
    signed_in(browser, mine_app, smtp)
    assert browser.get(f"{MINE}?page=²").status_code == 200
    assert browser.get(f"{MINE}?page=-1").status_code == 200
    assert made.number in browser.get(f"{MINE}?page=50").get_data(as_text=True)  # past the last: the last
    assert browser.get("/zgloszenia/mapa?page=²").status_code == 200
    assert browser.get(f"{MINE}/99999999999999999999/1").status_code == 404
    assert browser.get(f"{MINE}/{made.year}/0").status_code == 404


def test_someone_elses_ticket_cannot_be_changed(browser: Any, mine_app: Any, smtp: SmtpServer) -> None:
    ticket(email=EMAIL)
    theirs = ticket(phone="+48600999888", email="jan@example.org", consent_sms=True)
    signed_in(browser, mine_app, smtp)
    before = count(TicketEvent), count(TicketComment), count(Notification)
    token = csrf_from_html(browser.get(MINE).get_data(as_text=True))
    path = f"{MINE}/{theirs.year}/{theirs.seq}"
    assert browser.post(f"{path}/dodaj", data={"comment": "Cudze", "csrf_token": token}).status_code == 404
    assert browser.post(f"{path}/zgody", data={"csrf_token": token}).status_code == 404
    assert (count(TicketEvent), count(TicketComment), count(Notification)) == before
    db.session.expire_all()
    assert db.session.get(Ticket, theirs.id).consent_sms is True


def test_a_comment_on_a_ticket_not_yet_routed_reaches_the_supervisors(
    browser: Any, mine_app: Any, smtp: SmtpServer
) -> None:
    made = ticket(email=EMAIL)
    made.unit_id, made.state = None, "new"  # as a ticket no rule and no category could route stays
    db.session.commit()
    signed_in(browser, mine_app, smtp)
    assert add(browser, made, "Jeszcze jedno").status_code == 303
    (notice,) = db.session.scalars(select(Notification).where(Notification.kind == "resident_added"))
    assert (notice.role, notice.unit_id) == ("supervisor", None)


def test_guesses_sent_at_once_are_each_counted(committed_app: Any) -> None:
    """Defect (review): the tries were read, compared, then counted, so guesses sent together each saw the old count
    and got past the limit. Twelve wrong guesses at once: five are counted, the rest refused, and the right code after
    them opens nothing."""
    with committed_app.test_request_context():
        holder = mine.send_code("600 700 800", "192.0.2.50")
        job = db.session.scalar(select(Job).where(Job.idempotency_key.like(f"sms:resident-code:{holder.code_id}:%")))
        code = job.payload["body"][:6]
        db.session.commit()
    start = threading.Barrier(12, timeout=20)
    outcomes: list[str] = []

    def guess() -> None:
        with committed_app.test_request_context():
            start.wait()
            try:
                result = mine.use_code(holder, wrong(code))
                db.session.commit()
                outcomes.append("wrong" if isinstance(result, mine.WrongCode) else "opened")
            except UserError as error:
                db.session.rollback()
                outcomes.append(error.code)

    threads = [threading.Thread(target=guess) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["code_tries"] * 7 + ["wrong"] * 5
    with committed_app.test_request_context():
        assert db.session.get(ResidentCode, holder.code_id).tries == 5
        with pytest.raises(UserError, match="zbyt wiele razy"):
            mine.use_code(holder, code)


def test_codes_asked_for_at_once_keep_to_the_limit(committed_app: Any) -> None:
    """Defect (review): the codes sent were counted, then one more added, so requests at once all saw room left."""
    start = threading.Barrier(6, timeout=20)
    outcomes: list[str] = []

    def ask_at_once(n: int) -> None:
        with committed_app.test_request_context():
            start.wait()
            try:
                mine.send_code("600 700 801", f"192.0.2.{60 + n}")
                db.session.commit()
                outcomes.append("sent")
            except UserError as error:
                db.session.rollback()
                outcomes.append(error.code)

    threads = [threading.Thread(target=ask_at_once, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["rate_limited"] * 3 + ["sent"] * 3
