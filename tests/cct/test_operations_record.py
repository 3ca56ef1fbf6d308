"""Every declared operation (cct.actions.OPERATIONS) leaves a row in the audit log or in an object's history (a
ticket's timeline, a call's or a message's): each is run here once, as its users run it, and what it sent and what
was written are checked. A new operation without a scenario here fails the first test."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from cct import db, files
from cct.actions import OPERATIONS
from cct.audit.models import AuditEntry
from cct.auth import operations as accounts
from cct.auth.actors import RESIDENT, SYSTEM
from cct.auth.models import LoginAttempt
from cct.auth.roles import Role
from cct.db import utcnow
from cct.jobs import operations as jobs
from cct.jobs.models import Job
from cct.notifications import operations as notices
from cct.office import operations as office
from cct.org import operations as org
from cct.privacy import jobs as retention_job
from cct.privacy import operations as privacy
from cct.privacy.schemas import Subject
from cct.signals import audited, history_event
from chancery import operations as chancery
from chancery.bip import operations as bip
from chancery.hr import operations as hr
from chancery.hr.schemas import EmployeeInput, ExitInput, SettlementInput, TripInput
from chancery.inventory import operations as inventory
from chancery.jrwa import EXAMPLE as JRWA_EXAMPLE
from chancery.models import ChanceryEvent
from chancery.schemas import LetterInput, OutgoingInput
from chancery.supplies import operations as supplies
from knowledge import learned
from knowledge import operations as kb
from knowledge.models import Article
from knowledge.schemas import ArticleInput
from press import operations as press
from press.models import EnquiryEvent
from press.planning import operations as planning
from press.schemas import AuthorisationInput, EnquiryInput
from press.signals import operations as campaigns
from press.states import FileOwner
from telephony import operations as calls
from telephony.models import Call, Callback, SmsMessage, TelephonyEvent
from telephony.personal_data import operations as calls_personal_data
from tests import city
from tests.factories import ArticleFactory, CategoryFactory, RuleFactory, TicketFactory, UnitFactory
from tests.helpers import PASSWORD, TWILIO
from tickets import operations as tickets
from tickets.mine import operations as mine
from tickets.models import Ticket, TicketEvent
from tickets.open311 import operations as open311
from tickets.personal_data import operations as tickets_personal_data
from tickets.reports import operations as reports
from tickets.reports.schemas import ReportInput
from tickets.routing import operations as routing

CALLER = "+48600100200"
_sids = itertools.count(1)


def _sid(prefix: str = "CA") -> str:
    return f"{prefix}{next(_sids):032x}"


def _call_form(sid: str, **extra: str) -> dict[str, str]:
    return {"CallSid": sid, "From": CALLER, "To": TWILIO["phone_number"], "CallStatus": "ringing", **extra}


@dataclass
class World:
    """What the scenarios act on: the tests' city, people of every role, a ticket, an article, a call."""

    admin: Any
    agent: Any
    supervisor: Any
    staff: Any
    editor: Any
    ticket: Ticket
    article: Article
    call: Call

    def new_call(self, **extra: str) -> Call:
        return calls.incoming_call(_call_form(_sid(), **extra), open_now=True)

    def message(self) -> SmsMessage:
        ticket = TicketFactory(resident_phone=CALLER, consent_sms=True)
        message = calls.notify(ticket, "ticket_resolved", f"test:{ticket.number}")
        assert message is not None
        return message

    def callback(self) -> Callback:
        call = self.new_call()
        calls.status_changed(_call_form(call.call_sid), "completed", 3)  # hung up in the queue
        found = db.session.scalar(select(Callback).where(Callback.call_id == call.id))
        assert found is not None
        return found

    def failed_job(self) -> Job:
        job = jobs.enqueue("test.nothing", {})
        job.state = "failed"
        db.session.flush()
        return job


def _retention_applied(w: World) -> None:
    """An old sign-in attempt, forgotten by the daily job, which records what it removed."""
    db.session.add(
        LoginAttempt(
            login="agent", ip="192.0.2.1", succeeded=False, reason="password", at=utcnow() - timedelta(days=400)
        )
    )
    retention_job.apply_retention({})


@pytest.fixture
def world(isolated: Any, fake_twilio_server: Any) -> World:
    city.build()
    people = {
        role: accounts.create_user(
            SYSTEM,
            login=role.replace("_", ""),
            full_name=role,
            roles=[role],
            unit_codes=["ZDT"] if role == "unit_staff" else [],
            password=PASSWORD,
        )
        for role in ("admin", "agent", "supervisor", "unit_staff", "editor")
    }
    world = World(
        admin=people["admin"],
        agent=people["agent"],
        supervisor=people["supervisor"],
        staff=people["unit_staff"],
        editor=people["editor"],
        ticket=TicketFactory(subject="Latarnia", category="oswietlenie", resident_phone=CALLER, consent_sms=True),
        article=ArticleFactory(slug="latarnie", title="Latarnie", unit="ZDT"),
        call=calls.incoming_call(_call_form(_sid()), open_now=True),
    )
    db.session.commit()
    return world


def _overdue(w: World) -> None:
    db.session.execute(update(Ticket).where(Ticket.id == w.ticket.id).values(resolution_due=utcnow() - timedelta(1)))
    db.session.expire_all()
    tickets.mark_overdue()


def _delay(w: World) -> None:
    outcome = None
    while outcome is None or outcome.status != "delayed":
        outcome = accounts.authenticate(w.staff.login, "wrong password", "192.0.2.1")


def _answered(w: World) -> None:
    kb.record_use(w.agent, w.article, call_sid=w.call.call_sid)
    calls.close_from_knowledge_base(w.agent, w.call, "odpowiedź z bazy")


def _merged(w: World) -> None:
    other = TicketFactory(subject="Ta sama latarnia", category="oswietlenie")
    tickets.mark_duplicate(w.agent, other, w.ticket, other.version)


def _dismissed(w: World) -> None:
    first = TicketFactory(category="drogi-dziury", address="ul. Lipowa 14")
    second = TicketFactory(category="drogi-dziury", address="Lipowa 14")
    assert second.suspected_duplicate_of_id == first.id
    tickets.dismiss_likely_duplicate(w.agent, second, second.version)


def _restored(w: World) -> None:
    kb.save(SYSTEM, ArticleInput("Latarnie uliczne", "nowy tekst", "ZDT", [], "public"), article=w.article)
    kb.restore(w.editor, w.article, 1)


def _sent_back(w: World) -> None:
    draft = ArticleFactory(published=False)
    kb.submit(SYSTEM, draft)
    kb.send_back(w.editor, draft, "Brakuje godzin otwarcia.")


def _sms_status(w: World) -> None:
    message = w.message()
    calls.mark_sending(message, "queued", sid=_sid("SM"))
    calls.sms_status({"MessageSid": message.message_sid or "", "MessageStatus": "delivered"})


def _resident_signed_in() -> Any:
    """A resident asks for a code by SMS and types it back (the code read from the sending job, as Twilio would)."""
    holder = mine.send_code("600 100 200", "192.0.2.7")
    job = db.session.scalar(select(Job).where(Job.idempotency_key.like(f"sms:resident-code:{holder.code_id}:%")))
    return mine.use_code(holder, job.payload["body"][:6])


def _key_revoked(w: World) -> None:
    open311.create_key(w.admin, "Aplikacja")
    open311.revoke_key(w.admin, "Aplikacja")


def _enquiry(w: World, *stages: str) -> Any:
    """A media enquiry registered a day ago, taken through the stages named (drafted, submitted, approved)."""
    made = press.register_enquiry(
        SYSTEM,
        EnquiryInput(
            journalist="Marta Dziennikarska",
            outlet="Gazeta Testowa",
            outlet_kind="daily",
            questions="Ile kosztuje remont?",
            received_at=utcnow() - timedelta(days=1),
        ),
    )
    if "drafted" in stages:
        press.save_draft(SYSTEM, made, "Odpowiedź.")
    if "submitted" in stages:
        press.submit(SYSTEM, made)
    if "approved" in stages:
        press.approve(SYSTEM, made, 1)
    return made


def _authorisation(w: World, hours_ago: float = 1) -> Any:
    return press.register_authorisation(
        SYSTEM,
        AuthorisationInput(
            interviewee="Prezydent Miasta",
            outlet="Gazeta Testowa",
            outlet_kind="daily",
            text="Tekst wywiadu.",
            received_at=utcnow() - timedelta(hours=hours_ago),
        ),
    )


def _press_officer() -> Any:
    return accounts.create_user(SYSTEM, login="prasa", full_name="Prasa", roles=["press"], password=PASSWORD)


def _journalists_merged(w: World) -> None:
    first = press.save_journalist(SYSTEM, {"full_name": "Anna Kowalska"})
    second = press.save_journalist(SYSTEM, {"full_name": "Anna Kowalska-Nowak"})
    press.merge_journalists(SYSTEM, first, second)


def _outlets_merged(w: World) -> None:
    first = press.save_outlet(SYSTEM, {"name": "Kurier", "kind": "daily"})
    second = press.save_outlet(SYSTEM, {"name": "Kurier Poranny", "kind": "daily"})
    press.merge_outlets(SYSTEM, first, second)


def _unit_answered(w: World) -> None:
    asked = press.ask_unit(SYSTEM, _enquiry(w), "ZDT", "Ile?", utcnow() + timedelta(days=1))
    press.answer_unit_request(w.staff, asked, "Dwanaście.")


def _position(w: World, approved: bool = False) -> Any:
    made = press.save_position(
        SYSTEM, {"title": "Zima", "text": "Odśnieżamy.", "tags": ["zima"], "valid_from": date(2026, 12, 1)}
    )
    if approved:
        press.approve_position(SYSTEM, made)
    return made


def _release(w: World, *stages: str) -> Any:
    made = press.save_release(SYSTEM, {"title": "Park", "lead": "Otwarty.", "body": "W sobotę otwarto park."})
    for stage in stages:
        {"submitted": press.submit_release, "approved": press.approve_release, "published": press.publish_release}[
            stage
        ](SYSTEM, made)
    return made


def _clipping(w: World) -> Any:
    return press.save_clipping(
        SYSTEM,
        {
            "outlet": "Portal",
            "medium": "online",
            "published_on": utcnow().date() - timedelta(days=1),
            "title": "Most",
            "topics": [],
            "tone": "negative",
        },
    )


def _correction(w: World, sent: bool = False) -> Any:
    made = press.draft_correction(
        SYSTEM, _clipping(w), {"fragment": "Most nie naprawiony.", "text": "Most naprawiono.", "signatory": "Rzecznik"}
    )
    if sent:
        press.correction_sent(SYSTEM, made, utcnow().date(), utcnow().date())
    return made


def _conference(w: World, *stages: str, hours_from_now: int = 24) -> Any:
    starts = utcnow() + timedelta(hours=hours_from_now)
    made = planning.save_conference(
        SYSTEM,
        {
            "topic": "Budżet",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=1),
            "place": "Ratusz",
            "speakers": "Prezydent",
        },
    )
    if "announced" in stages:
        planning.announce_conference(SYSTEM, made)
    return made


def _post(w: World, *stages: str) -> Any:
    made = planning.save_post(
        SYSTEM, {"channel": "x", "planned_at": utcnow() + timedelta(days=1), "title": "Wpis", "text": "Treść."}
    )
    if "approved" in stages:
        planning.approve_post(SYSTEM, made)
    return made


def _survey(w: World) -> Any:
    return press.save_survey(
        SYSTEM, {"title": "Badanie", "conducted_by": "Pracownia", "field_from": utcnow().date(), "findings": "Wnioski."}
    )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

PRESS_SCENARIOS: dict[str, Callable[[World], Any]] = {
    "press.file_kept": lambda w: press.keep_file(SYSTEM, FileOwner.SURVEY, _survey(w).id, "raport.pdf", PDF),
    "press.survey_saved": _survey,
    "press.conference_saved": _conference,
    "press.conference_announced": lambda w: _conference(w, "announced"),
    "press.conference_cancelled": lambda w: planning.cancel_conference(SYSTEM, _conference(w), "Choroba."),
    "press.conference_held": lambda w: planning.record_attendance(
        SYSTEM, _conference(w, hours_from_now=-2), [], "Bez redakcji.", None
    ),
    "press.speech_drafted": lambda w: planning.draft_speech(SYSTEM, _conference(w), "Prezydent", "Dzień dobry."),
    "press.speech_approved": lambda w: planning.approve_speech(
        SYSTEM, planning.draft_speech(SYSTEM, _conference(w), "Prezydent", "Dzień dobry.")
    ),
    "press.post_saved": _post,
    "press.post_approved": lambda w: _post(w, "approved"),
    "press.post_published": lambda w: planning.post_published(SYSTEM, _post(w, "approved"), "https://x.com/um/1"),
    "press.post_cancelled": lambda w: planning.cancel_post(SYSTEM, _post(w)),
    "press.calendar_token_made": lambda w: planning.new_calendar_token(_press_officer()),
    "press.calendar_token_revoked": lambda w: planning.revoke_calendar_token(
        (officer := _press_officer(), planning.new_calendar_token(officer))[0]
    ),
    "press.campaign_saved": lambda w: campaigns.save_campaign(
        SYSTEM,
        {
            "name": "Zima",
            "goal": "Cel.",
            "topic": "Zima",
            "keywords": ["śnieg"],
            "starts_on": utcnow().date(),
            "ends_on": utcnow().date(),
        },
    ),
    "press.clipping_saved": _clipping,
    "press.correction_drafted": _correction,
    "press.correction_sent": lambda w: _correction(w, sent=True),
    "press.correction_outcome": lambda w: press.correction_outcome(SYSTEM, _correction(w, sent=True), utcnow().date()),
    "press.position_saved": _position,
    "press.position_approved": lambda w: _position(w, approved=True),
    "press.position_withdrawn": lambda w: press.withdraw_position(SYSTEM, _position(w, approved=True)),
    "press.release_saved": _release,
    "press.release_submitted": lambda w: _release(w, "submitted"),
    "press.release_approved": lambda w: _release(w, "submitted", "approved"),
    "press.release_returned": lambda w: press.return_release(SYSTEM, _release(w, "submitted"), "Popraw."),
    "press.release_published": lambda w: _release(w, "submitted", "approved", "published"),
    "press.release_corrected": lambda w: press.correct_release(
        SYSTEM,
        _release(w, "submitted", "approved", "published"),
        {"title": "Park", "lead": "Otwarty.", "body": "W sobotę 5 grudnia otwarto park."},
        "Dodano datę.",
    ),
    "press.outlet_saved": lambda w: press.save_outlet(SYSTEM, {"name": "Radio Testowe", "kind": "radio"}),
    "press.journalist_saved": lambda w: press.save_journalist(SYSTEM, {"full_name": "Jan Reporter"}),
    "press.journalists_merged": _journalists_merged,
    "press.outlets_merged": _outlets_merged,
    "press.enquiry_registered": lambda w: _enquiry(w),
    "press.enquiry_assigned": lambda w: press.assign(SYSTEM, _enquiry(w), _press_officer().login),
    "press.unit_asked": lambda w: press.ask_unit(SYSTEM, _enquiry(w), "ZDT", "Ile?", utcnow() + timedelta(days=1)),
    "press.unit_answered": _unit_answered,
    "press.draft_saved": lambda w: _enquiry(w, "drafted"),
    "press.submitted": lambda w: _enquiry(w, "drafted", "submitted"),
    "press.approved": lambda w: _enquiry(w, "drafted", "submitted", "approved"),
    "press.returned": lambda w: press.send_back(SYSTEM, _enquiry(w, "drafted", "submitted"), "Popraw."),
    "press.answer_sent": lambda w: press.send_answer(SYSTEM, _enquiry(w, "drafted", "submitted", "approved"), "other"),
    "press.extended": lambda w: press.extend(
        SYSTEM, (made := _enquiry(w)), made.answer_due + timedelta(days=7), "Zbieramy dane."
    ),
    "press.refusal_asked": lambda w: press.refusal_asked(SYSTEM, _enquiry(w), None),
    "press.refused": lambda w: press.refuse(SYSTEM, _enquiry(w), "Tajemnica."),
    "press.closed": lambda w: press.close(SYSTEM, _enquiry(w), "Wycofane."),
    "press.authorisation_registered": _authorisation,
    "press.authorisation_decided": lambda w: press.decide_authorisation(SYSTEM, _authorisation(w), "authorised"),
    "press.authorisation_deemed": lambda w: (_authorisation(w, hours_ago=7), press.deem_lapsed(utcnow())),
}


def _letter(w: World, kind: str = "letter", email: str | None = None) -> Any:
    return chancery.register_letter(
        SYSTEM,
        LetterInput(
            sender="Jan Nadawca",
            subject="Pismo w sprawie latarni",
            kind=kind,
            delivery="post",
            received_at=utcnow() - timedelta(hours=2),
            sender_email=email,
        ),
    )


def _case(w: World) -> Any:
    chancery.import_jrwa(SYSTEM, JRWA_EXAMPLE.read_text(encoding="utf-8"))
    return chancery.open_case(SYSTEM, "1431", "Informacja publiczna", letter=_letter(w, "public_info"))


CHANCERY_SCENARIOS: dict[str, Callable[[World], Any]] = {
    "chancery.letter_registered": _letter,
    "chancery.scan_added": lambda w: chancery.add_scan(SYSTEM, _letter(w), files.Upload("skan.pdf", PDF)),
    "chancery.jrwa_imported": lambda w: chancery.import_jrwa(SYSTEM, JRWA_EXAMPLE.read_text(encoding="utf-8")),
    "chancery.case_opened": _case,
    "chancery.letter_added": lambda w: chancery.add_letter(SYSTEM, _case(w), _letter(w)),
    "chancery.document_added": lambda w: chancery.add_document(SYSTEM, _case(w), "out", "Odpowiedź", None),
    "chancery.case_action": lambda w: chancery.record_action(SYSTEM, _case(w), "Rozmowa z wnioskodawcą."),
    "chancery.case_closed": lambda w: chancery.close_case(SYSTEM, _case(w), "Udzielono informacji."),
    "chancery.case_reopened": lambda w: chancery.reopen_case(
        SYSTEM, (case := _case(w), chancery.close_case(SYSTEM, case, ""))[0], "Uzupełnienie."
    ),
    "chancery.routed_helpline": lambda w: chancery.route_to_helpline(SYSTEM, _letter(w), "oswietlenie"),
    "chancery.routed_press": lambda w: chancery.route_to_press(SYSTEM, _letter(w)),
    "chancery.forwarded": lambda w: chancery.forward(SYSTEM, _letter(w), "Wojewoda Podlaski", "ul. Mickiewicza 3"),
    "press.letter_received": lambda w: chancery.route_to_press(SYSTEM, _letter(w)),
    "chancery.deadline_extended": lambda w: chancery.extend_public_info(
        SYSTEM, _letter(w, "public_info"), "Dane z wielu jednostek."
    ),
    "chancery.letter_sent": lambda w: chancery.record_outgoing(
        SYSTEM,
        OutgoingInput("Jan Adresat", "registered", None, "Odpowiedź", "ul. Lipowa 1", _case(w).case_mark, "6,50"),
    ),
}


def _employee(w: World, helpline: bool = False) -> Any:
    return hr.add_employee(SYSTEM, EmployeeInput("Ewa Wiśniewska", "Konsultantka", on_helpline=helpline))


def _exit(w: World, back: time | None = None) -> Any:
    return hr.record_exit(SYSTEM, ExitInput(_employee(w).id, date(2026, 3, 10), time(10), back, "private"))


def _trip(w: World) -> Any:
    start = datetime(2026, 3, 10, 6, tzinfo=UTC)
    return hr.order_trip(
        SYSTEM, TripInput(_employee(w).id, "Szkolenie", "Olsztyn", start, start + timedelta(hours=13), "public")
    )


def _job(w: World) -> Any:
    return hr.add_job_description(SYSTEM, _employee(w).id, "Konsultantka", "1. Obsługa infolinii.", date(2026, 1, 2))


HR_SCENARIOS: dict[str, Callable[[World], Any]] = {
    "chancery.hr_viewed": lambda w: hr.record_view(SYSTEM, _employee(w), register="employee"),
    "chancery.hr_employee_added": _employee,
    "chancery.hr_employee_changed": lambda w: hr.change_employee(
        SYSTEM, _employee(w), EmployeeInput("Ewa Wiśniewska", "Starsza konsultantka")
    ),
    "chancery.hr_exit_recorded": _exit,
    "chancery.hr_exit_returned": lambda w: hr.record_return(SYSTEM, _exit(w), time(11)),
    "chancery.hr_worked_off": lambda w: hr.record_work_off(
        SYSTEM, _exit(w, time(11)).employee_id, date(2026, 3, 11), 30
    ),
    "chancery.hr_trip_ordered": _trip,
    "chancery.hr_trip_settled": lambda w: hr.settle_trip(
        SYSTEM, (trip := _trip(w)), SettlementInput(trip.starts_at, trip.ends_at, transport_cost="50,00")
    ),
    "chancery.hr_trip_cancelled": lambda w: hr.cancel_trip(SYSTEM, _trip(w)),
    "chancery.hr_rate_set": lambda w: hr.set_rate(SYSTEM, date(2027, 1, 1), "50,00"),
    "chancery.hr_leave_planned": lambda w: hr.plan_leave(SYSTEM, _employee(w).id, date(2026, 7, 6), date(2026, 7, 10)),
    "chancery.hr_leave_removed": lambda w: hr.remove_leave(
        SYSTEM, hr.plan_leave(SYSTEM, _employee(w).id, date(2026, 7, 6), date(2026, 7, 10))
    ),
    "chancery.hr_job_description_added": _job,
    "chancery.hr_job_acknowledged": lambda w: hr.acknowledge_job_description(SYSTEM, _job(w), date(2026, 1, 5)),
}


def _supply(w: World, stock: int = 10) -> Any:
    item = supplies.add_item(SYSTEM, f"Papier {next(_NAMES)}", "ryza", 2)
    if stock:
        supplies.record_delivery(SYSTEM, item, stock)
    return item


def _asked(w: World, approved: bool = False) -> Any:
    asked = supplies.request_supplies(w.agent, _supply(w).id, 1)
    if approved:
        supplies.decide(SYSTEM, asked, approve=True)
    return asked


_NAMES = itertools.count(1)


def _inventory_item(w: World) -> Any:
    return inventory.enter_item(SYSTEM, "Niszczarka", date(2022, 5, 10), "FV 7/2022", "1250,00", "pok. 9", "Kamil K.")


def _bip(w: World) -> Any:
    return bip.publish(SYSTEM, "Godziny pracy", "Infolinia odbiera w dni robocze.", "Katarzyna K.", date(2026, 11, 2))


OFFICE_SCENARIOS: dict[str, Callable[[World], Any]] = {
    "chancery.supply_item_added": _supply,
    "chancery.supply_item_changed": lambda w: supplies.change_item(SYSTEM, _supply(w), "Papier ksero", "ryza", 3),
    "chancery.supply_delivered": lambda w: supplies.record_delivery(SYSTEM, _supply(w, 0), 5),
    "chancery.supply_counted": lambda w: supplies.record_count(SYSTEM, _supply(w), 9, "zawilgocona ryza"),
    "chancery.supply_requested": _asked,
    "chancery.supply_decided": lambda w: supplies.decide(SYSTEM, _asked(w), approve=True),
    "chancery.supply_issued": lambda w: supplies.issue(SYSTEM, _asked(w, approved=True)),
    "chancery.inventory_entered": _inventory_item,
    "chancery.inventory_moved": lambda w: inventory.move_item(
        SYSTEM, _inventory_item(w), date(2026, 1, 5), "pok. 3", "Paulina P."
    ),
    "chancery.inventory_written_off": lambda w: inventory.write_off(
        SYSTEM, _inventory_item(w), date(2026, 1, 5), "1/2026", "zepsuta"
    ),
    "chancery.bip_published": _bip,
    "chancery.bip_changed": lambda w: (
        entry := _bip(w),
        bip.change(
            SYSTEM, entry, entry.title, "Od poniedziałku do piątku.", entry.produced_by, entry.produced_on, "zmiana"
        ),
    ),
}

SCENARIOS: dict[str, Callable[[World], Any]] = {
    **PRESS_SCENARIOS,
    **HR_SCENARIOS,
    **OFFICE_SCENARIOS,
    **CHANCERY_SCENARIOS,
    "agent.presence": lambda w: calls.set_presence(w.agent, "available"),
    "call.answered_from_knowledge_base": _answered,
    "call.consent": lambda w: calls.set_recording_consent(_call_form(w.call.call_sid), record=False),
    "call.dialled": lambda w: calls.dialled(_call_form(w.call.call_sid), "completed", 40),
    "call.left_queue": lambda w: calls.left_queue(_call_form(w.call.call_sid), "bridged", 12),
    "call.logged": lambda w: calls.log_call(w.agent, "600 200 300", "answered", None),
    "call.personal_data_anonymised": lambda w: calls_personal_data.anonymise_calls(SYSTEM, [w.call], "retention"),
    "call.menu_chosen": lambda w: calls.set_choice(_call_form(w.call.call_sid), "1", "drogi", "dziura"),
    "call.rang": lambda w: w.new_call(),
    "call.recording_deleted": lambda w: calls.recording_deleted(w.call),
    "call.recording_ready": lambda w: calls.recording_ready(
        _call_form(w.call.call_sid, RecordingSid=_sid("RE"), RecordingUrl="https://api.twilio.com/r/1")
    ),
    "call.status": lambda w: calls.status_changed(_call_form(w.call.call_sid), "completed", 60),
    "call.taken": lambda w: calls.take(w.agent, w.call),
    "call.ticket_opened": lambda w: TicketFactory(category="odpady", call_sid=w.call.call_sid),
    "call.voicemail": lambda w: calls.voicemail_left(_call_form(w.call.call_sid, RecordingUrl="https://x/v")),
    "callback.recorded": lambda w: calls.record_callback(w.agent, w.callback(), "reached", "oddzwoniono"),
    "category.created": lambda w: CategoryFactory(),
    "category.updated": lambda w: tickets.update_category(
        w.admin, CategoryFactory(), {"name": "Nowa nazwa", "first_response_hours": "2", "resolution_hours": "8"}
    ),
    "job.retried": lambda w: jobs.retry(w.admin, w.failed_job()),
    "office.day_off_added": lambda w: office.add_day_off(w.admin, date(2026, 12, 28), "Zarządzenie"),
    "office.day_off_removed": lambda w: office.remove_day_off(
        w.admin, office.add_day_off(w.admin, date(2026, 12, 29), "x")
    ),
    "office.hours_set": lambda w: office.set_hours(w.admin, {"mon": "08:00-16:00", "tue": "08:00-16:00"}),
    "kb.article.archived": lambda w: kb.archive(w.editor, w.article),
    "kb.article.published": lambda w: kb.publish(w.editor, ArticleFactory(published=False)),
    "kb.article.related_set": lambda w: kb.set_related(w.editor, w.article, [ArticleFactory().slug]),
    "kb.article.restored": _restored,
    "kb.article.saved": lambda w: kb.save(w.staff, ArticleInput("Nowy", "", "ZDT", [], "internal")),
    "kb.article.sent_back": _sent_back,
    "kb.article.submitted": lambda w: kb.submit(w.staff, ArticleFactory(published=False)),
    "kb.article.unarchived": lambda w: (kb.archive(w.editor, w.article), kb.unarchive(w.editor, w.article)),
    "kb.article.used": lambda w: kb.record_use(w.agent, w.article, ticket_id=w.ticket.id),
    "kb.feedback.given": lambda w: kb.feedback(w.agent, w.article, True, "pomogło"),
    "kb.imported": lambda w: kb.import_articles(
        SYSTEM, ['{"id": "psy", "unit": "DOS", "title": "Psy", "body": "Smycz."}']
    ),
    "kb.learned.forgotten": lambda w: (
        kb.record_search(w.agent, "lampa nie świeci", chosen=w.article),
        kb.forget_choice(w.editor, learned.query_key("lampa nie świeci"), w.article),
    ),
    "kb.query.answered": lambda w: (
        kb.record_search(w.agent, "lampa nie świeci"),
        kb.add_question(w.editor, learned.query_key("lampa nie świeci"), w.article),
    ),
    "kb.suggestion.closed": lambda w: kb.close_suggestion(
        w.staff, kb.suggest(w.agent, w.article, "Dopisać telefon"), True, "Dopisane"
    ),
    "kb.suggestion.created": lambda w: kb.suggest(w.agent, w.article, "Dopisać telefon"),
    "kb.synonyms.saved": lambda w: kb.save_synonyms(w.editor, "latarnia, lampa"),
    "notification.created": lambda w: notices.notify(Role.SUPERVISOR, "test", "Uwaga"),
    "notification.read": lambda w: notices.mark_read(w.supervisor, notices.notify(Role.SUPERVISOR, "test", "U").id),
    "open311_key.created": lambda w: open311.create_key(w.admin, "Aplikacja"),
    "open311_key.revoked": _key_revoked,
    "open311_request.posted": lambda w: open311.post_request(
        open311.create_key(SYSTEM, "Aplikacja")[0],
        tickets.get_category("oswietlenie"),
        description="Nie świeci",
        address="ul. Lipowa 1",
        lat=None,
        lon=None,
        first_name="",
        last_name="",
        phone=None,
        email=None,
        media_url="https://example.org/zdjecie.jpg",
        attributes={},
    ),
    "privacy.erased": lambda w: privacy.erase(w.admin, Subject("phone", CALLER), "Wniosek z 1 grudnia"),
    "privacy.retention_applied": _retention_applied,
    "privacy.subject_viewed": lambda w: privacy.looked_up(w.admin, "192.0.2.1", Subject("phone", CALLER)),
    "resident_code.ended": lambda w: mine.sign_out(_resident_signed_in()),
    "resident_code.sent": lambda w: mine.send_code("+48 600 300 400", "192.0.2.7"),
    "resident_code.used": lambda w: _resident_signed_in(),
    "report.submitted": lambda w: reports.submit(
        ReportInput(category="oswietlenie", description="Nie świeci latarnia przy przystanku", street="Lipowa"),
        "192.0.2.7",
    ),
    "routing_rule.created": lambda w: RuleFactory(keywords="kanał", unit="WODOC"),
    "routing_rule.updated": lambda w: routing.update_rule(
        w.admin, RuleFactory(keywords="kanał"), {"name": "Kanały", "keywords": "kanał", "unit": "WODOC", "active": 1}
    ),
    "sms.personal_data_anonymised": lambda w: calls_personal_data.anonymise_texts(SYSTEM, [w.message()], "erasure"),
    "sms.queued": lambda w: w.message(),
    "sms.received": lambda w: calls.incoming_sms({"MessageSid": _sid("SM"), "From": CALLER, "Body": "Dziura"}),
    "sms.sending": lambda w: calls.mark_sending(w.message(), "sending"),
    "sms.status": _sms_status,
    "sms.text_queued": lambda w: calls.send_text(CALLER, "Kod 123456", "test:kod", kept="Kod ••••••"),
    "sms_templates.saved": lambda w: calls.save_templates(
        w.admin, {"ticket_opened": "Nr {number}", "ticket_resolved": "", "ticket_merged": "Zob. {surviving}"}
    ),
    "ticket.attachment_added": lambda w: tickets.add_attachment(w.agent, w.ticket, "a.pdf", b"%PDF-1.4\n%%EOF"),
    "ticket.commented": lambda w: tickets.add_comment(w.staff, w.ticket, "Wymieniono żarówkę.", public=True),
    "ticket.consent_changed": lambda w: tickets.set_consent(SYSTEM, w.ticket, sms=False),
    "ticket.created": lambda w: TicketFactory(),
    "ticket.deadline_extended": lambda w: tickets.extend_public_info_deadline(
        w.supervisor, TicketFactory(category="informacja-publiczna"), "Wymaga kwerendy.", None
    ),
    "ticket.duplicate_dismissed": _dismissed,
    "ticket.linked": lambda w: tickets.link(w.agent, w.ticket, TicketFactory()),
    "ticket.merged": _merged,
    "ticket.personal_data_anonymised": lambda w: tickets_personal_data.anonymise(SYSTEM, [w.ticket], "erasure"),
    "ticket.rerouted": lambda w: tickets.reroute(w.agent, w.ticket, "DGK", "to sprawa odpadów", w.ticket.version),
    "ticket.resident_added": lambda w: tickets.add_from_resident(w.ticket, "Dziura się powiększyła.", []),
    "ticket.sla_breached": _overdue,
    "ticket.sms_consent_withdrawn": lambda w: tickets.withdraw_sms_consent(RESIDENT, CALLER),
    "ticket.state_changed": lambda w: tickets.transition(w.staff, w.ticket, "in_progress", expected_version=None),
    "ticket.updated": lambda w: tickets.update_ticket(w.staff, w.ticket, {"subject": "Dwie latarnie"}, None),
    "ticket_template.saved": lambda w: tickets.save_reply_template(
        w.staff, None, "ZDT", "Naprawa", "Zgłoszenie {numer}"
    ),
    "ticket_template.archived": lambda w: tickets.archive_reply_template(
        w.staff, tickets.save_reply_template(w.staff, None, "ZDT", "Naprawa", "Zgłoszenie {numer}")
    ),
    "token.created": lambda w: accounts.create_token(w.agent, w.agent, "skrypt"),
    "token.revoked": lambda w: accounts.revoke_token(w.agent, accounts.create_token(w.agent, w.agent, "skrypt")[0]),
    "unit.created": lambda w: UnitFactory(),
    "unit.updated": lambda w: org.update_unit(w.admin, UnitFactory(), {"name": "Nowa nazwa", "kind": "department"}),
    "user.created": lambda w: accounts.create_user(w.admin, login="nowy", full_name="Nowy", roles=["agent"]),
    "user.locale_set": lambda w: accounts.set_locale(w.agent, "en"),
    "user.sign_in_delayed": _delay,
    "user.password_set": lambda w: accounts.set_password(w.admin, w.agent, "another-long-secret"),
    "user.signed_in": lambda w: accounts.authenticate(w.agent.login, PASSWORD, "192.0.2.1"),
    "user.signed_out_everywhere": lambda w: accounts.end_every_session(w.agent, w.agent),
    "user.sign_in_delays_lifted": lambda w: accounts.lift_sign_in_delays(w.admin, w.agent),
    "user.updated": lambda w: accounts.update_user(
        w.admin, w.agent, full_name="Agent Nowy", email=None, roles=["agent"], unit_codes=[], active=True
    ),
}


# Operations whose record is written by the operation they are made of: a STOP is one consent change per ticket.
RECORDED_AS = {"ticket.sms_consent_withdrawn": "ticket.consent_changed"}


def test_every_declared_operation_has_a_scenario() -> None:
    assert sorted(OPERATIONS) == sorted(SCENARIOS)


def _rows() -> int:
    db.session.flush()
    return sum(
        db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (AuditEntry, TicketEvent, TelephonyEvent, EnquiryEvent, ChanceryEvent)
    )


@pytest.fixture
def sent() -> Iterator[list[str]]:
    """The actions the audit and history signals carry while a scenario runs."""
    actions: list[str] = []

    def listen(_sender: Any, **kwargs: Any) -> None:
        actions.append(kwargs["action"])

    audited.connect(listen)
    history_event.connect(listen)
    yield actions
    audited.disconnect(listen)
    history_event.disconnect(listen)


@pytest.mark.parametrize("action", sorted(SCENARIOS))
def test_operation_leaves_an_audit_or_history_row(world: World, sent: list[str], action: str) -> None:
    before = _rows()
    sent.clear()
    SCENARIOS[action](world)
    expected = RECORDED_AS.get(action, action)
    assert expected in sent, f"{action} sent {sorted(set(sent))}"
    assert _rows() > before
    db.session.commit()
