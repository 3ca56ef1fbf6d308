"""Twilio's webhooks in the sequences Twilio sends them, signed; forged and replayed ones."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from cct import db
from telephony.models import Call, Callback, SmsMessage
from telephony.schemas import whole_number
from tests.conftest import FreshContextClient
from tests.helpers import TWILIO, rolled_back
from tests.telephony.conftest import CALLER, Twilio
from tickets.models import Ticket, TicketEvent

IVR = TWILIO["public_base_url"] + "/telephony/ivr?step="


def call_row(sid: str) -> Call:
    db.session.expire_all()
    return db.session.scalars(select(Call).where(Call.call_sid == sid)).one()


def count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def twiml(response: Any) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/xml"
    return response.get_data(as_text=True)


def test_answered_call_from_greeting_to_hang_up(twilio: Twilio, office_open: None) -> None:
    sid = "CA" + "1" * 32
    greeting = twiml(twilio.post("/telephony/voice", Twilio.call(sid)))
    assert '<Say language="pl-PL">Dzień dobry' in greeting
    assert "naciśnij 9" in greeting
    assert f'<Gather action="{IVR}consent"' in greeting

    consent = twiml(twilio.post("/telephony/ivr?step=consent", Twilio.call(sid, "in-progress")))
    assert f'<Start><Recording recordingStatusCallback="{TWILIO["public_base_url"]}/telephony/recording"' in consent
    assert 'input="dtmf speech"' in consent
    assert "W sprawie: odpady i czystość, naciśnij 2." in consent

    queued = twiml(twilio.post("/telephony/ivr?step=menu", Twilio.call(sid, "in-progress", Digits="2")))
    assert re.search(r'<Enqueue action="[^"]+step=left"[^>]*waitUrl="[^"]+step=wait"[^>]*>dks-iii</Enqueue>', queued)

    waiting = twiml(twilio.post("/telephony/ivr?step=wait", {**Twilio.call(sid, "in-progress"), "QueuePosition": "3"}))
    assert "Twoje miejsce w kolejce: 3" in waiting

    left = {"QueueResult": "bridged", "QueueTime": "42", "QueueSid": "QU" + "0" * 32}
    twiml(twilio.post("/telephony/ivr?step=left", Twilio.call(sid, "in-progress", **left)))
    recording = {
        "CallSid": sid,
        "RecordingSid": "RE" + "1" * 32,
        "RecordingUrl": "https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE1",
        "RecordingStatus": "completed",
        "RecordingDuration": "290",
        "AccountSid": TWILIO["account_sid"],
    }
    assert twilio.post("/telephony/recording", recording).status_code == 204
    status = twilio.post("/telephony/status", Twilio.call(sid, "completed", CallDuration="300"))
    assert status.status_code == 204

    call = call_row(sid)
    assert (call.outcome, call.ivr_choice, call.category_code) == ("answered", "2", "odpady")
    assert call.recorded is True
    assert call.queue_seconds == 42
    assert call.duration_seconds == 300
    assert call.recording_seconds == 290
    assert call.recording_url == recording["RecordingUrl"]
    assert call.answered_at is not None
    assert call.ended_at is not None
    assert count(Callback) == 0


def test_abandoned_call_declined_recording_and_chose_by_speech(twilio: Twilio, office_open: None) -> None:
    sid = "CA" + "2" * 32
    twiml(twilio.post("/telephony/voice", Twilio.call(sid)))
    consent = twiml(twilio.post("/telephony/ivr?step=consent", Twilio.call(sid, "in-progress", Digits="9")))
    assert "<Recording" not in consent
    assert "nie będzie nagrywana" in consent
    said = {"SpeechResult": "Dzwonię w sprawie dziury w drodze na Lipowej", "Confidence": "0.91"}
    twiml(twilio.post("/telephony/ivr?step=menu", Twilio.call(sid, "in-progress", **said)))
    twiml(
        twilio.post("/telephony/ivr?step=left", Twilio.call(sid, "in-progress", QueueResult="hangup", QueueTime="95"))
    )
    twilio.post("/telephony/status", Twilio.call(sid, "completed", CallDuration="130"))

    call = call_row(sid)
    assert (call.outcome, call.ivr_choice, call.category_code) == ("abandoned", "1", "drogi")
    assert call.ivr_input == said["SpeechResult"]
    assert call.recorded is False
    assert call.queue_seconds == 95
    callback = db.session.scalars(select(Callback)).one()
    assert (callback.phone, callback.reason, callback.state) == (CALLER, "abandoned", "open")


def test_unrecognised_choice_goes_to_an_agent_as_other(twilio: Twilio, office_open: None) -> None:
    sid = "CA" + "3" * 32
    twiml(twilio.post("/telephony/voice", Twilio.call(sid)))
    queued = twiml(twilio.post("/telephony/ivr?step=menu", Twilio.call(sid, "in-progress", SpeechResult="yyy")))
    assert "<Enqueue" in queued
    assert call_row(sid).ivr_choice == "other"


def test_out_of_hours_caller_hears_the_hours_and_leaves_a_message(twilio: Twilio, office_closed: None) -> None:
    sid = "CA" + "4" * 32
    greeting = twiml(twilio.post("/telephony/voice", Twilio.call(sid)))
    assert "poniedziałek–piątek od 7:30 do 15:30" in greeting
    assert f'<Record action="{IVR}voicemail"' in greeting
    assert "<Enqueue" not in greeting
    recorded = {"RecordingUrl": "https://api.twilio.com/rec/RE4", "RecordingDuration": "20", "Digits": "hangup"}
    goodbye = twiml(twilio.post("/telephony/ivr?step=voicemail", Twilio.call(sid, "completed", **recorded)))
    assert "wiadomość została nagrana" in goodbye
    twilio.post("/telephony/status", Twilio.call(sid, "completed", CallDuration="45"))

    call = call_row(sid)
    assert call.out_of_hours is True
    assert call.outcome == "voicemail"
    assert db.session.scalars(select(Callback.reason)).one() == "voicemail"


def test_out_of_hours_hang_up_without_a_message_is_not_a_callback(twilio: Twilio, office_closed: None) -> None:
    sid = "CA" + "5" * 32
    twiml(twilio.post("/telephony/voice", Twilio.call(sid)))
    twilio.post("/telephony/status", Twilio.call(sid, "completed", CallDuration="12"))
    assert call_row(sid).outcome == "abandoned"
    assert count(Callback) == 0


def test_a_round_the_clock_line_is_open_on_saturday(make_app: Any, office_closed: None) -> None:
    app = make_app(twilio={**TWILIO, "hours": "always"})
    app.test_client_class = FreshContextClient
    with rolled_back(app), app.app_context():
        greeting = twiml(Twilio(app.test_client()).post("/telephony/voice", Twilio.call("CA" + "e" * 32)))
        assert "<Record" not in greeting
        assert "naciśnij 9" in greeting
        assert call_row("CA" + "e" * 32).out_of_hours is False


def test_replayed_webhooks_change_nothing_more(twilio: Twilio, office_open: None) -> None:
    sid = "CA" + "6" * 32
    for _ in range(2):
        twiml(twilio.post("/telephony/voice", Twilio.call(sid)))
        twiml(twilio.post("/telephony/ivr?step=menu", Twilio.call(sid, "in-progress", Digits="3")))
        twiml(twilio.post("/telephony/ivr?step=left", Twilio.call(sid, "in-progress", QueueResult="hangup")))
    first_end = None
    for _ in range(3):
        assert twilio.post("/telephony/status", Twilio.call(sid, "completed", CallDuration="60")).status_code == 204
        first_end = first_end or call_row(sid).ended_at
    assert count(Call) == 1
    assert count(Callback) == 1
    call = call_row(sid)
    assert call.ended_at == first_end
    assert call.outcome == "abandoned"


def test_busy_and_no_answer_are_outcomes(twilio: Twilio, office_open: None) -> None:
    for n, status in enumerate(("busy", "no-answer")):
        sid = f"CA{n:032d}"
        twilio.post("/telephony/status", Twilio.call(sid, status))
        assert call_row(sid).outcome == status


def test_dial_mode_rings_the_configured_number(make_app: Any) -> None:
    app = make_app(twilio={**TWILIO, "connect": "dial", "dial_number": "+48856696100"})
    app.test_client_class = FreshContextClient
    twilio = Twilio(app.test_client())
    with rolled_back(app), app.app_context():
        sid = "CA" + "7" * 32
        dial = twiml(twilio.post("/telephony/ivr?step=menu", Twilio.call(sid, "in-progress", Digits="1")))
        assert re.search(r'<Dial action="[^"]+step=dialled"[^>]*>\+48856696100</Dial>', dial)
        missed = {"DialCallStatus": "no-answer", "DialCallDuration": "0"}
        sorry = twiml(twilio.post("/telephony/ivr?step=dialled", Twilio.call(sid, "in-progress", **missed)))
        assert "Oddzwonimy" in sorry
        twilio.post("/telephony/status", Twilio.call(sid, "completed", CallDuration="40"))
        assert call_row(sid).outcome == "abandoned"
        assert count(Callback) == 1


# -- signatures and bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "signature",
    [
        "",  # no header at all
        "bm90IGEgc2lnbmF0dXJl",  # forged
    ],
)
def test_unsigned_or_forged_webhooks_are_refused_and_write_nothing(
    twilio: Twilio, signature: str, caplog: Any, office_open: None
) -> None:
    form = Twilio.call("CA" + "8" * 32)
    caplog.set_level("WARNING", logger="telephony.views")
    assert twilio.post("/telephony/voice", form, signature=signature).status_code == 403
    sms = Twilio.sms("SM" + "8" * 32, "Dziura na ulicy")
    assert twilio.post("/telephony/sms", sms, signature=signature).status_code == 403
    assert count(Call) == 0
    assert count(SmsMessage) == 0
    assert count(Ticket) == 0
    assert "refused a Twilio webhook" in caplog.text


def test_signature_covers_the_query_string_and_every_field(twilio: Twilio, office_open: None) -> None:
    form = Twilio.call("CA" + "9" * 32, "in-progress", Digits="9")
    signed_for_menu = twilio.sign("/telephony/ivr?step=menu", form)
    assert twilio.post("/telephony/ivr?step=consent", form, signature=signed_for_menu).status_code == 403
    signed = twilio.sign("/telephony/ivr?step=consent", form)
    tampered = {**form, "Digits": "1"}
    assert twilio.post("/telephony/ivr?step=consent", tampered, signature=signed).status_code == 403
    assert count(Call) == 0


def test_bad_webhook_input_is_a_400(twilio: Twilio) -> None:
    assert twilio.post("/telephony/voice", {"From": CALLER}).status_code == 400
    assert twilio.post("/telephony/ivr?step=nonsense", Twilio.call("CA" + "a" * 32)).status_code == 400
    assert twilio.post("/telephony/status", {"CallSid": "CA" + "a" * 32}).status_code == 400
    assert twilio.post("/telephony/sms", {"Body": "STATUS 2026/1"}).status_code == 400
    assert count(Call) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("290", 290),
        ("99999999", 99_999_999),
        ("999999999", None),
        ("", None),
        (None, None),
        ("-5", None),
        ("1.5", None),
        ("²", None),
        ("١٢", None),
    ],
)
def test_twilio_numbers_are_read_in_one_place(text: str | None, expected: int | None) -> None:
    assert whole_number(text) == expected


def test_a_duration_that_is_not_a_number_is_left_empty(twilio: Twilio, office_open: None) -> None:
    sid = "CA" + "e" * 32
    twilio.post("/telephony/voice", Twilio.call(sid, "ringing"))
    assert twilio.post("/telephony/status", Twilio.call(sid, "completed", CallDuration="²")).status_code == 204
    recorded = {"RecordingSid": "RE" + "e" * 32, "RecordingUrl": "https://x/r", "RecordingDuration": "²"}
    assert twilio.post("/telephony/recording", Twilio.call(sid, "completed", **recorded)).status_code == 204
    call = call_row(sid)
    assert (call.duration_seconds, call.recording_seconds) == (None, None)


def test_signed_webhooks_with_absurd_values_are_no_500(twilio: Twilio, office_open: None) -> None:
    """Issue 18, defect 4: a duration beyond 64 bits and a 5,000-character CallSid / MessageSid were a 500 (the
    long identifier on PostgreSQL). Signed, so they pass the signature check and reach the handlers."""
    sid = "CA" + "f" * 32
    twilio.post("/telephony/voice", Twilio.call(sid, "ringing"))
    huge = str(2**70)
    assert twilio.post("/telephony/status", Twilio.call(sid, "completed", CallDuration=huge)).status_code == 204
    assert call_row(sid).duration_seconds is None
    long_sid = "CA" + "x" * 5000
    assert twilio.post("/telephony/voice", Twilio.call(long_sid, "ringing")).status_code == 400
    assert twilio.post("/telephony/status", Twilio.call(long_sid, "completed")).status_code == 400
    assert twilio.post("/telephony/sms", Twilio.sms("SM" + "x" * 5000, "Dziura w jezdni")).status_code == 400
    assert count(Call) == 1
    assert count(SmsMessage) == 0


def test_telephony_off_without_credentials(make_app: Any) -> None:
    app = make_app(twilio={"account_sid": "", "auth_token": ""})
    response = app.test_client().post("/telephony/voice", data=Twilio.call("CA" + "b" * 32))
    assert response.status_code == 404


# -- SMS ---------------------------------------------------------------------------------------------------------


def sms_reply(response: Any) -> str:
    body = twiml(response)
    found = re.search(r"<Message>(.*)</Message>", body, re.S)
    assert found, body
    return found.group(1)


@pytest.mark.usefixtures("city")
def test_sms_opens_a_ticket_and_status_answers_its_state(twilio: Twilio) -> None:
    text = "Na ulicy Lipowej 12 od tygodnia nie świeci latarnia, proszę o naprawę."
    reply = sms_reply(twilio.post("/telephony/sms", Twilio.sms("SM" + "1" * 32, text)))
    number = re.search(r"nr (\d{4}/\d{6})", reply)
    assert number, reply
    ticket = db.session.scalars(select(Ticket)).one()
    assert ticket.number == number.group(1)
    assert (ticket.channel, ticket.resident_phone, ticket.consent_sms) == ("sms", CALLER, True)
    assert ticket.description == text

    again = sms_reply(twilio.post("/telephony/sms", Twilio.sms("SM" + "1" * 32, text)))  # Twilio retried
    assert again == reply
    assert count(Ticket) == 1

    state = sms_reply(twilio.post("/telephony/sms", Twilio.sms("SM" + "2" * 32, f"status {ticket.number}")))
    assert state == f"Zgłoszenie nr {ticket.number}: przekazane."
    short = f"STATUS {ticket.year}/{ticket.seq}"
    assert sms_reply(twilio.post("/telephony/sms", Twilio.sms("SM" + "3" * 32, short))).startswith("Zgłoszenie nr")
    assert count(Ticket) == 1


UNKNOWN = (
    "Nie znaleziono zgłoszenia nr {number} dla tego numeru telefonu. Sprawdź numer albo dopisz kod zgłoszenia: "
    "STATUS {number} KOD"
)


def test_sms_status_of_an_unknown_ticket(twilio: Twilio) -> None:
    reply = sms_reply(twilio.post("/telephony/sms", Twilio.sms("SM" + "4" * 32, "STATUS 2026/999999")))
    assert reply == UNKNOWN.format(number="2026/999999")
    assert count(Ticket) == 0


@pytest.mark.usefixtures("city")
def test_sms_status_is_told_only_to_the_tickets_phone_or_with_its_code(twilio: Twilio) -> None:
    """Issue 18, defect 9: STATUS answered any ticket's state to anyone; the web lookup asks for the code."""
    sms_reply(twilio.post("/telephony/sms", Twilio.sms("SM" + "a" * 32, "Nie świeci latarnia na Lipowej 12")))
    ticket = db.session.scalars(select(Ticket)).one()
    stranger = "+48600999888"
    asked = sms_reply(twilio.post("/telephony/sms", Twilio.sms("SM" + "b" * 32, f"STATUS {ticket.number}", stranger)))
    assert asked == UNKNOWN.format(number=ticket.number)  # the same as for a number that does not exist
    wrong = sms_reply(
        twilio.post("/telephony/sms", Twilio.sms("SM" + "c" * 32, f"STATUS {ticket.number} XXXXXX", stranger))
    )
    assert wrong == UNKNOWN.format(number=ticket.number)
    code = ticket.public_code.lower()  # typed in any case
    told = sms_reply(
        twilio.post("/telephony/sms", Twilio.sms("SM" + "d" * 32, f"status {ticket.number} {code}", stranger))
    )
    assert told == f"Zgłoszenie nr {ticket.number}: przekazane."
    own = sms_reply(twilio.post("/telephony/sms", Twilio.sms("SM" + "e" * 32, f"STATUS {ticket.number}")))
    assert own == f"Zgłoszenie nr {ticket.number}: przekazane."


@pytest.mark.usefixtures("city")
def test_sms_stop_withdraws_consent(twilio: Twilio) -> None:
    """Defect (issue 13): STOP was a bulk UPDATE that left the tickets at their version with no trace in their
    history; it is a tickets operation now, one consent change per ticket."""
    sms_reply(twilio.post("/telephony/sms", Twilio.sms("SM" + "5" * 32, "Przepełniony kosz na przystanku")))
    opened = db.session.scalars(select(Ticket)).one()
    assert opened.consent_sms is True
    version = opened.version
    reply = sms_reply(twilio.post("/telephony/sms", Twilio.sms("SM" + "6" * 32, "STOP")))
    assert "Nie będziemy już wysyłać" in reply
    db.session.expire_all()
    ticket = db.session.scalars(select(Ticket)).one()
    assert (ticket.consent_sms, ticket.version) == (False, version + 1)
    (event,) = db.session.scalars(select(TicketEvent).where(TicketEvent.kind == "consent_changed"))
    assert (event.ticket_id, event.changes, event.actor_id) == (ticket.id, {"consent_sms": [True, False]}, None)


def test_empty_sms_opens_nothing(twilio: Twilio) -> None:
    reply = sms_reply(twilio.post("/telephony/sms", Twilio.sms("SM" + "7" * 32, "   ")))
    assert "pusta" in reply
    assert count(Ticket) == 0


def test_sms_delivery_status_never_goes_back(twilio: Twilio) -> None:
    from cct.db import utcnow
    from telephony.models import SmsMessage as Message

    db.session.add(
        Message(
            message_sid="SM" + "9" * 32,
            direction="outbound",
            from_number=TWILIO["phone_number"],
            to_number=CALLER,
            body="Przyjęliśmy zgłoszenie",
            status="queued",
            created_at=utcnow(),
        )
    )
    db.session.commit()
    form = {"MessageSid": "SM" + "9" * 32, "AccountSid": TWILIO["account_sid"], "To": CALLER}
    assert twilio.post("/telephony/sms-status", {**form, "MessageStatus": "delivered"}).status_code == 204
    assert twilio.post("/telephony/sms-status", {**form, "MessageStatus": "sent"}).status_code == 204
    db.session.expire_all()
    assert db.session.scalars(select(Message.status)).one() == "delivered"
    failed = {**form, "MessageSid": "SM" + "0" * 32, "MessageStatus": "failed", "ErrorCode": "30003"}
    assert twilio.post("/telephony/sms-status", failed).status_code == 204  # not ours: ignored
    assert count(Message) == 1
