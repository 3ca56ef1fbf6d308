"""What Twilio's webhooks change: call records, the callback list, SMS in and out. Every webhook may come twice
(Twilio retries on a timeout), so each operation gives the same result when repeated."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from cct import db
from cct.config import TwilioSettings
from cct.db import utcnow
from cct.errors import Conflict, UserError
from telephony.models import Call, Callback, CallbackReason, CallbackState, Direction, Outcome, SmsMessage
from tickets import operations as tickets
from tickets.models import Ticket
from tickets.states import STATE_LABELS, Channel

ENDED = {"completed", "busy", "no-answer", "failed", "canceled"}
STATUS_COMMAND = re.compile(r"^\s*status\s+(\d{4})\s*/\s*(\d{1,9})\s*$", re.IGNORECASE)
STOP_COMMAND = re.compile(r"^\s*(stop|stopall|unsubscribe|koniec|rezygnuje|rezygnuję)\s*$", re.IGNORECASE)
MAX_SMS_BODY = 1600
SMS_PROGRESS = {"accepted": 0, "queued": 1, "sending": 2, "sent": 3, "failed": 4, "undelivered": 4, "delivered": 4}


def settings() -> TwilioSettings:
    return current_app.config["CCT"].twilio


def _insert_ignoring_duplicate(model: Any, key: str, values: dict[str, Any]) -> None:
    """Insert a row unless one with the same unique `key` exists: two deliveries of one webhook at once make one."""
    db.session.execute(db.insert(model).values(**values).on_conflict_do_nothing(index_elements=[key]))


def _new_call(form: dict[str, str], out_of_hours: bool = False) -> dict[str, Any]:
    now = utcnow()
    outbound = form.get("Direction", "inbound").startswith("outbound")
    return {
        "call_sid": form["CallSid"],
        "direction": Direction.OUTBOUND.value if outbound else Direction.INBOUND.value,
        "from_number": form.get("From", "")[:40] or "anonymous",
        "to_number": form.get("To", "")[:40],
        "twilio_status": form.get("CallStatus", "ringing")[:20],
        "out_of_hours": out_of_hours,
        "recorded": False,
        "started_at": now,
        "updated_at": now,
    }


def call_for(form: dict[str, str]) -> Call:
    """The record of the call a webhook is about, made on the first webhook that mentions it."""
    sid = form["CallSid"]
    call = db.session.scalar(select(Call).where(Call.call_sid == sid))
    if call is not None:
        return call
    _insert_ignoring_duplicate(Call, "call_sid", _new_call(form))
    return db.session.scalars(select(Call).where(Call.call_sid == sid)).one()


def incoming_call(form: dict[str, str], *, open_now: bool) -> None:
    """The call rings: one statement records it (or, when Twilio repeats the webhook, finds it recorded)."""
    statement = db.insert(Call).values(**_new_call(form, out_of_hours=not open_now))
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["call_sid"], set_={"out_of_hours": statement.excluded.out_of_hours}
        )
    )


def set_recording_consent(call: Call, *, record: bool) -> None:
    call.recorded = record


def set_choice(call: Call, key: str, category: str | None, heard: str | None) -> None:
    call.ivr_choice = key
    call.category_code = category
    call.ivr_input = heard
    if call.queued_at is None:
        call.queued_at = utcnow()


def left_queue(call: Call, result: str, queue_seconds: int | None) -> None:
    """Twilio's Enqueue action: the caller left the queue, talked to (bridged) or hung up."""
    call.queue_result = result[:20]
    if queue_seconds is not None:
        call.queue_seconds = queue_seconds
    if result == "bridged" and call.answered_at is None:
        start = call.queued_at or call.started_at
        call.answered_at = start + timedelta(seconds=queue_seconds or 0)


def dialled(call: Call, dial_status: str, dial_seconds: int | None) -> None:
    """Twilio's Dial action (connect = "dial"): whether the dialled number answered."""
    call.queue_result = dial_status[:20]
    if dial_status == "completed" and call.answered_at is None:
        call.answered_at = utcnow() - timedelta(seconds=dial_seconds or 0)


def voicemail_left(call: Call) -> None:
    call.outcome = Outcome.VOICEMAIL.value
    _callback(call, CallbackReason.VOICEMAIL)


def status_changed(call: Call, status: str, duration: int | None) -> None:
    """A status callback: at the end of the call its outcome is settled, and an unanswered caller is listed for a
    callback."""
    call.twilio_status = status[:20]
    if status not in ENDED or call.ended_at is not None:
        return
    call.ended_at = utcnow()
    call.duration_seconds = duration
    if call.outcome is not None:  # a voicemail
        return
    if status in ("busy", "no-answer", "failed"):
        call.outcome = status
    elif call.answered_at is not None or call.queue_result in ("bridged", "completed"):
        call.outcome = Outcome.ANSWERED.value
    else:
        call.outcome = Outcome.ABANDONED.value
        if not call.out_of_hours:
            _callback(call, CallbackReason.ABANDONED)


def _callback(call: Call, reason: CallbackReason) -> None:
    if not call.from_number.startswith("+"):  # a hidden number cannot be called back
        return
    db.session.flush()
    now = utcnow()
    _insert_ignoring_duplicate(
        Callback,
        "call_id",
        {
            "call_id": call.id,
            "phone": call.from_number,
            "reason": reason.value,
            "state": "open",
            "attempts": 0,
            "created_at": now,
            "updated_at": now,
        },
    )


def recording_ready(form: dict[str, str]) -> Call | None:
    """Where a finished recording is; the retention job deletes it after the configured days."""
    call = db.session.scalar(select(Call).where(Call.call_sid == form.get("CallSid", "")))
    if call is None or form.get("RecordingStatus", "completed") != "completed":
        return call
    call.recording_sid = form.get("RecordingSid", "")[:64] or None
    call.recording_url = form.get("RecordingUrl", "")[:500] or None
    duration = form.get("RecordingDuration", "")
    call.recording_seconds = int(duration) if duration.isdigit() else None
    return call


# -- the callback list ---------------------------------------------------------------------------------------------

CALLBACK_RESULTS = ("reached", "no_answer", "gave_up")
MAX_CALLBACK_NOTE = 2000


def open_callbacks(limit: int = 200) -> list[Callback]:
    query = select(Callback).where(Callback.state == CallbackState.OPEN.value).order_by(Callback.created_at)
    return list(db.session.scalars(query.limit(limit)))


def record_callback(actor: Any, callback: Callback, result: str, note: str | None) -> None:
    """An agent called a resident back: reached (done), no answer (stays on the list) or gave up."""
    if result not in CALLBACK_RESULTS:
        raise UserError("bad_result", _("Choose what came of the call."), "result")
    note = (note or "").strip()
    if len(note) > MAX_CALLBACK_NOTE:
        raise UserError("too_long", _("At most %(n)d characters.", n=MAX_CALLBACK_NOTE), "note")
    if callback.state != CallbackState.OPEN.value:
        raise Conflict("callback_closed", _("Somebody has already closed this callback."))
    callback.attempts += 1
    callback.handled_by_id = actor.id
    if note:
        stamp = utcnow().strftime("%Y-%m-%d %H:%M UTC")
        callback.outcome_note = "\n".join(filter(None, [callback.outcome_note, f"{stamp}: {note}"]))
    if result == "reached":
        callback.state = CallbackState.DONE.value
    elif result == "gave_up":
        callback.state = CallbackState.GAVE_UP.value
    db.session.flush()


# -- SMS ---------------------------------------------------------------------------------------------------------


def incoming_sms(form: dict[str, str]) -> str:
    """The reply to a resident's SMS: a ticket's state for "STATUS 2026/000123", a confirmation for STOP, otherwise
    a new ticket (channel sms) and its number. A repeated delivery gets the same reply and opens nothing new."""
    sid = form["MessageSid"]
    body = form.get("Body", "").strip()[:MAX_SMS_BODY]
    sender = form.get("From", "")[:40]
    known = db.session.scalar(select(SmsMessage).where(SmsMessage.message_sid == sid))
    if known is None:
        _insert_ignoring_duplicate(
            SmsMessage,
            "message_sid",
            {
                "message_sid": sid,
                "direction": Direction.INBOUND.value,
                "from_number": sender,
                "to_number": form.get("To", "")[:40],
                "body": body,
                "status": "received",
                "created_at": utcnow(),
                "updated_at": utcnow(),
            },
        )
        known = db.session.scalars(select(SmsMessage).where(SmsMessage.message_sid == sid)).one()
        first = True
    else:
        first = False
    if status := STATUS_COMMAND.match(body):
        return _status_reply(int(status.group(1)), int(status.group(2)))
    if STOP_COMMAND.match(body):
        if first:
            db.session.execute(update(Ticket).where(Ticket.resident_phone == sender).values(consent_sms=False))
        return "Nie będziemy już wysyłać SMS-ów o Twoich zgłoszeniach."
    if not body:
        return "Wiadomość jest pusta. Opisz sprawę lub wyślij STATUS i numer zgłoszenia, np. STATUS 2026/000123."
    if known.ticket_id is None:
        if not first:  # the first delivery could not open a ticket: it said so
            return _could_not_open()
        try:
            ticket = _ticket_from_sms(sender, body)
        except UserError:
            current_app.logger.exception("an SMS could not become a ticket")
            return _could_not_open()
        known.ticket_id = ticket.id
    ticket = db.session.get(Ticket, known.ticket_id)
    assert ticket is not None  # noqa: S101 - the foreign key keeps it
    return f"Dziękujemy. Przyjęliśmy zgłoszenie nr {ticket.number}. Stan sprawdzisz, wysyłając: STATUS {ticket.number}"


def _could_not_open() -> str:
    return "Nie udało się przyjąć zgłoszenia SMS-em. Prosimy zadzwonić na infolinię Urzędu Miejskiego."


def _ticket_from_sms(sender: str, body: str) -> Ticket:
    phone = tickets.clean_phone(sender) if sender.startswith("+") else None
    subject = body if len(body) <= 80 else body[:80].rsplit(" ", 1)[0] + "…"
    return tickets.create_ticket(
        None,
        tickets.TicketInput(
            subject=subject,
            description=body,
            category=settings().sms_category,
            channel=Channel.SMS.value,
            resident_phone=phone,
            consent_sms=phone is not None,  # the resident wrote to us by SMS; STOP withdraws it
        ),
    )


def _status_reply(year: int, seq: int) -> str:
    number = f"{year}/{seq:06d}"
    ticket = db.session.scalar(select(Ticket).where(Ticket.year == year, Ticket.seq == seq))
    if ticket is None:
        return f"Nie znaleziono zgłoszenia nr {number}. Sprawdź numer i spróbuj ponownie."
    with force_locale("pl"):
        state = str(STATE_LABELS[ticket.state])
    return f"Zgłoszenie nr {ticket.number}: {state}."


def sms_status(form: dict[str, str]) -> SmsMessage | None:
    """Delivery status of an SMS we sent (queued → sent → delivered, or failed / undelivered with a code)."""
    message = db.session.scalar(select(SmsMessage).where(SmsMessage.message_sid == form.get("MessageSid", "")))
    if message is None:
        return None
    status = form.get("MessageStatus", "")[:20]
    # Callbacks may arrive out of order: a late "sent" must not overwrite "delivered".
    if SMS_PROGRESS.get(status, -1) >= SMS_PROGRESS.get(message.status, -1):
        message.status = status
        message.error_code = form.get("ErrorCode") or None
    return message
