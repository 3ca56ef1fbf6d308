"""What changes telephony: Twilio's webhooks (every one may come twice — Twilio retries on a timeout — so each gives
the same result when repeated), the agents' console and callback list, the SMS texts and notices. Each is a declared
operation; what it changes lands in the call's or the message's timeline (`record_history`) or the audit log.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from cct import contacts, db, phones, push
from cct.actions import audit, history, operation
from cct.auth.actors import RESIDENT, SYSTEM, Actor, actor_id
from cct.changes import plain
from cct.db import utcnow
from cct.errors import Conflict, Forbidden, NotFound, UserError
from cct.jobs.operations import enqueue
from cct.signals import ANSWERED_FROM_KNOWLEDGE_BASE
from telephony import policy, queries, texts
from telephony import schemas as limits
from telephony.models import AgentPresence, Call, Callback, SmsMessage, SmsTemplate, TelephonyEvent, call_tickets
from telephony.states import (
    CALLBACK_AFTER,
    CONNECTED,
    ENDED,
    IN_PERSON,
    MANUAL,
    SMS_PENDING,
    SMS_RECEIVED,
    UNREACHED,
    CallbackReason,
    CallbackResult,
    CallbackState,
    Direction,
    HandledAs,
    Outcome,
    Presence,
    sms_moves_forward,
)
from tickets import operations as tickets
from tickets import queries as ticket_queries
from tickets import schemas as ticket_schemas
from tickets.schemas import TicketInput
from tickets.states import Channel

STATUS_COMMAND = re.compile(r"^\s*status\s+(\S+)(?:\s+(\S+))?\s*$", re.IGNORECASE)  # number, code
STOP_COMMAND = re.compile(r"^\s*(stop|stopall|unsubscribe|koniec|rezygnuje|rezygnuję)\s*$", re.IGNORECASE)
SEND_JOB = "sms.send"
CALLS_TOPIC = "calls"  # what the consoles and the board wait on (cct.push)


def _require_agent(actor: Actor) -> None:
    if not policy.can_handle_calls(actor):
        raise Forbidden("forbidden", _("Only call agents and supervisors handle calls."))


def _cut(value: str | None, limit: int) -> str:
    return (value or "")[:limit]


def _insert_ignoring_duplicate(model: Any, key: str, values: dict[str, Any]) -> None:
    """Insert a row unless one with the same unique `key` exists: two deliveries of one webhook at once make one."""
    db.session.execute(db.insert(model).values(**values).on_conflict_do_nothing(index_elements=[key]))


def _new_call(form: dict[str, str], out_of_hours: bool = False) -> dict[str, Any]:
    now = utcnow()
    outbound = form.get("Direction", "inbound").startswith("outbound")
    return {
        "call_sid": form["CallSid"],
        "direction": Direction.OUTBOUND.value if outbound else Direction.INBOUND.value,
        "from_number": _cut(form.get("From"), limits.NUMBER_MAX) or "anonymous",
        "to_number": _cut(form.get("To"), limits.NUMBER_MAX),
        "twilio_status": _cut(form.get("CallStatus", "ringing"), limits.STATUS_MAX),
        "out_of_hours": out_of_hours,
        "recorded": False,
        "started_at": now,
        "updated_at": now,
    }


def _call_for(form: dict[str, str]) -> Call:
    """The record of the call a webhook is about, made on the first webhook that mentions it."""
    sid = form["CallSid"]
    call = queries.call_by_sid(sid)
    if call is not None:
        return call
    _insert_ignoring_duplicate(Call, "call_sid", _new_call(form))
    found = queries.call_by_sid(sid)
    assert found is not None  # noqa: S101 - inserted or found a moment ago
    return found


# -- Twilio's voice webhooks ---------------------------------------------------------------------------------------


@operation("call.rang", _l("Incoming call"))
def incoming_call(form: dict[str, str], *, open_now: bool) -> Call:
    """The call rings: one statement records it (or, when Twilio repeats the webhook, finds it recorded)."""
    statement = db.insert(Call).values(**_new_call(form, out_of_hours=not open_now))
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["call_sid"], set_={"out_of_hours": statement.excluded.out_of_hours}
        )
    )
    call = queries.call_by_sid(form["CallSid"])
    assert call is not None  # noqa: S101 - upserted a moment ago
    history(call, SYSTEM, "rang", out_of_hours=not open_now)
    return call


@operation("call.consent", _l("Caller's consent to recording"))
def set_recording_consent(form: dict[str, str], *, record: bool) -> Call:
    """The caller heard the recording notice: recorded, or not (key 9)."""
    call = _call_for(form)
    if call.recorded != record:
        call.recorded = record
        db.session.flush()
    history(call, SYSTEM, "consent", recorded=record)
    return call


@operation("call.menu_chosen", _l("Caller chose from the menu"))
def set_choice(form: dict[str, str], key: str, category: str | None, heard: str | None) -> Call:
    """The caller chose in the menu (a key, or words); the call joins the queue."""
    call = _call_for(form)
    call.ivr_choice = key
    call.category_code = category
    call.ivr_input = _cut(heard, limits.IVR_INPUT_MAX) or None
    if call.queued_at is None:
        call.queued_at = utcnow()
    db.session.flush()
    history(call, SYSTEM, "menu", choice=key, category=category)
    return call


@operation("call.left_queue", _l("Caller left the queue"))
def left_queue(form: dict[str, str], result: str, queue_seconds: int | None) -> Call:
    """Twilio's Enqueue action: the caller left the queue, talked to (bridged) or hung up."""
    call = _call_for(form)
    call.queue_result = _cut(result, limits.STATUS_MAX)
    if queue_seconds is not None:
        call.queue_seconds = queue_seconds
    if result == "bridged" and call.answered_at is None:
        start = call.queued_at or call.started_at
        call.answered_at = start + timedelta(seconds=queue_seconds or 0)
    db.session.flush()
    history(call, SYSTEM, "left_queue", result=call.queue_result, seconds=queue_seconds)
    return call


@operation("call.dialled", _l("Call put through to an agent"))
def dialled(form: dict[str, str], dial_status: str, dial_seconds: int | None) -> Call:
    """Twilio's Dial action (connect = "dial"): whether the dialled number answered."""
    call = _call_for(form)
    call.queue_result = _cut(dial_status, limits.STATUS_MAX)
    if dial_status == "completed" and call.answered_at is None:
        call.answered_at = utcnow() - timedelta(seconds=dial_seconds or 0)
    db.session.flush()
    history(call, SYSTEM, "dialled", result=call.queue_result, seconds=dial_seconds)
    return call


@operation("call.voicemail", _l("Voicemail left"))
def voicemail_left(form: dict[str, str]) -> Call:
    """Out of hours the caller left a message: they wait on the callback list."""
    call = _call_for(form)
    call.outcome = Outcome.VOICEMAIL.value
    _callback(call, CallbackReason.VOICEMAIL)
    history(call, SYSTEM, "voicemail")
    return call


@operation("call.status", _l("Call status changed"))
def status_changed(form: dict[str, str], status: str, duration: int | None) -> Call:
    """A status callback: at the end of the call its outcome is settled, an unanswered caller is listed for a
    callback, and the agent who talked starts writing up."""
    call = _call_for(form)
    old = call.twilio_status
    call.twilio_status = _cut(status, limits.STATUS_MAX)
    if status in ENDED and call.ended_at is None:
        call.ended_at = utcnow()
        call.duration_seconds = duration
        if call.outcome is None:  # (a voicemail has its outcome already)
            if status in UNREACHED:
                call.outcome = status
            elif call.answered_at is not None or call.queue_result in CONNECTED:
                call.outcome = Outcome.ANSWERED.value
            else:
                call.outcome = Outcome.ABANDONED.value
                if not call.out_of_hours:
                    _callback(call, CallbackReason.ABANDONED)
        _wrap_up(call)
    db.session.flush()
    history(call, SYSTEM, "status", {"twilio_status": [old, call.twilio_status]}, outcome=call.outcome)
    return call


def _wrap_up(call: Call) -> None:
    """The agent who talked is now writing up (unless they already chose another status)."""
    if call.agent_id is None:
        return
    db.session.execute(
        update(AgentPresence)
        .where(AgentPresence.user_id == call.agent_id, AgentPresence.status == Presence.BUSY.value)
        .values(status=Presence.WRAP_UP.value, since=utcnow())
    )


def _callback(call: Call, reason: CallbackReason) -> None:
    if not phones.is_shown(call.from_number):  # a hidden number cannot be called back
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
            "state": CallbackState.OPEN.value,
            "attempts": 0,
            "created_at": now,
            "updated_at": now,
        },
    )


@operation("call.recording_ready", _l("Call recording ready"))
def recording_ready(form: dict[str, str]) -> Call | None:
    """Where a finished recording is; the retention job deletes it after the configured days."""
    call = queries.call_by_sid(form.get("CallSid", ""))
    if call is None or form.get("RecordingStatus", "completed") != "completed":
        return call
    call.recording_sid = _cut(form.get("RecordingSid"), limits.SID_MAX) or None
    call.recording_url = _cut(form.get("RecordingUrl"), limits.RECORDING_URL_MAX) or None
    call.recording_seconds = limits.whole_number(form.get("RecordingDuration"))
    db.session.flush()
    history(call, SYSTEM, "recording", seconds=call.recording_seconds)
    return call


@operation("call.recording_deleted", _l("Call recording deleted"))
def recording_deleted(call: Call) -> None:
    """A recording past its retention was deleted at Twilio; here it is forgotten."""
    call.recording_deleted_at = utcnow()
    call.recording_url = None
    db.session.flush()
    history(call, SYSTEM, "recording_deleted")


# -- the agents' console and callback list ---------------------------------------------------------------------------


@operation("agent.presence", _l("Agent's status changed"))
def set_presence(user: Actor, status: str) -> None:
    """An agent's status: available (calls are offered), on a call, away, writing up."""
    _require_agent(user)
    try:
        value = Presence(status)
    except ValueError:
        raise UserError("bad_presence", _("Unknown presence: %(status)s.", status=status), "status") from None
    row = queries.presence_row(user)
    old = row.status if row else None
    if row is None:
        row = AgentPresence(user_id=user.id, status=value.value, since=utcnow())
        db.session.add(row)
    elif row.status != value.value:
        row.status = value.value
        row.since = utcnow()
    db.session.flush()
    if old != value.value:
        audit(row, user, {"status": [old, value.value]})


@operation("call.taken", _l("Call taken"))
def take(user: Actor, call: Call) -> None:
    """The agent answers the call; a call another agent took already is refused."""
    _require_agent(user)
    taken = db.session.execute(
        update(Call)
        .where(Call.id == call.id, (Call.agent_id.is_(None)) | (Call.agent_id == user.id))
        .values(agent_id=user.id, answered_at=call.answered_at or utcnow())
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        raise Conflict("call_taken", _("Another agent has already taken this call."))
    db.session.expire(call, ["agent_id", "answered_at"])
    set_presence(user, Presence.BUSY.value)
    history(call, user, "taken")


@operation("call.answered_from_knowledge_base", _l("Call answered from the knowledge base"))
def close_from_knowledge_base(user: Actor, call: Call, note: str | None, told: Sequence[str] = ()) -> int:
    """The caller's question was answered from the knowledge base: the call is handled without a ticket. The articles
    are those noted for the call in the panel, and `told` (slugs the workspace lists), which the knowledge base links
    to the call when it hears this event; the number of articles is returned."""
    _require_agent(user)
    if call.agent_id not in (None, user.id):
        raise Conflict("call_taken", _("Another agent has already taken this call."))
    if call.handled_as == HandledAs.TICKET.value:
        raise Conflict("call_has_ticket", _("A ticket has already been opened for this call."))
    slugs = ticket_schemas.told_articles(told)
    if not slugs and not queries.articles_used([call.call_sid]).get(call.call_sid):
        raise UserError(
            "no_articles", _("First note the article you answered from (in the knowledge panel)."), "articles"
        )
    call.agent_id = user.id
    call.handled_as = HandledAs.KNOWLEDGE_BASE.value
    if note and note.strip():
        call.note = note.strip()[: limits.NOTE_MAX]
    db.session.flush()
    if call.ended_at is None:
        set_presence(user, Presence.WRAP_UP.value)
    history(call, user, ANSWERED_FROM_KNOWLEDGE_BASE, articles=slugs, call_sid=call.call_sid)
    return len(queries.articles_used([call.call_sid]).get(call.call_sid, []))


@operation("call.logged", _l("Contact logged by hand"))
def log_call(
    user: Actor, phone: str | None, outcome: str, note: str | None, *, in_person: bool = False, phone_known: bool = True
) -> Call:
    """A call that did not come through Twilio (telephony off, a desk phone), logged by the agent who took it, with
    the caller's number; or, `in_person`, a resident who came to the desk. `phone_known=False`: the contact closed
    from the workspace, where the caller (or the resident at the desk) need not have given a number."""
    _require_agent(user)
    number = contacts.clean_phone(phone, "phone")
    if number is None and phone_known:
        raise UserError("phone_required", _("Give the caller's phone number."), "phone")
    try:
        result = Outcome(outcome)
    except ValueError:
        raise UserError("bad_outcome", _("Choose the outcome."), "outcome") from None
    note_text = contacts.clean_text(note, "note", limits.NOTE_MAX) or None
    now = utcnow()
    call = Call(
        call_sid="CA" + uuid.uuid4().hex,  # the same shape as Twilio's, so a ticket can name it
        direction=Direction.INBOUND.value,
        from_number=number or "",  # a resident at the desk need not give one
        to_number=queries.settings().phone_number or "",
        twilio_status=IN_PERSON if in_person else MANUAL,
        started_at=now,
        ended_at=now,
        answered_at=now if result == Outcome.ANSWERED else None,
        outcome=result.value,
        agent_id=user.id,
        note=note_text,
    )
    db.session.add(call)
    db.session.flush()
    history(call, user, "logged", outcome=result.value, in_person=in_person)
    return call


def answered_without_ticket(
    user: Actor, call_sid: str | None, phone: str | None, in_person: bool, note: str | None, told: Sequence[str]
) -> int:
    """The workspace's "answered from the knowledge base": the call on the line (`call_sid`), or a contact that did
    not come through Twilio (a desk phone, a resident at the desk), is closed with the articles told, no ticket; the
    number of articles is returned. Refused, the request rolls back the contact logged for it too."""
    if call_sid:
        call = queries.call_by_sid(call_sid)
        if call is None:
            raise NotFound("no_call", _("No such call."))
    else:
        call = log_call(user, phone, Outcome.ANSWERED.value, None, in_person=in_person, phone_known=False)
    return close_from_knowledge_base(user, call, note, told)


@operation("callback.recorded", _l("Call back recorded"))
def record_callback(actor: Actor, callback: Callback, result: str, note: str | None) -> None:
    """An agent called a resident back: reached (done), no answer (stays on the list) or gave up."""
    _require_agent(actor)
    try:
        outcome = CallbackResult(result)
    except ValueError:
        raise UserError("bad_result", _("Choose what came of the call."), "result") from None
    note = contacts.clean_text(note, "note", limits.NOTE_MAX)
    if callback.state != CallbackState.OPEN.value:
        raise Conflict("callback_closed", _("Somebody has already closed this callback."))
    callback.attempts += 1
    callback.handled_by_id = actor_id(actor)
    if note:
        stamp = utcnow().strftime("%Y-%m-%d %H:%M UTC")
        callback.outcome_note = "\n".join(filter(None, [callback.outcome_note, f"{stamp}: {note}"]))
    after = CALLBACK_AFTER[outcome]
    if after is not None:
        callback.state = after.value
    db.session.flush()
    history(callback.call, actor, "callback", {"state": [CallbackState.OPEN.value, callback.state]}, result=result)


def ticket_opened(sender: Any, *, actor: Actor, kind: str, detail: dict[str, Any], **_: Any) -> None:
    """The `history_event` subscriber: a ticket opened during a call is linked to the call, by whoever opened it."""
    call_sid = detail.get("call_sid")
    if kind != "created" or not call_sid or not ticket_queries.is_ticket(sender):
        return
    call = queries.call_by_sid(call_sid)
    if call is None:
        return  # a call logged elsewhere (or before telephony was on): the ticket's history keeps its id
    _link_ticket(actor, call, sender.id, sender.number)


@operation("call.ticket_opened", _l("Ticket opened during a call"))
def _link_ticket(actor: Actor, call: Call, ticket_id: int, number: str) -> None:
    db.session.execute(call_tickets.insert().values(call_id=call.id, ticket_id=ticket_id))
    call.handled_as = call.handled_as or HandledAs.TICKET.value
    db.session.flush()
    history(call, actor, "ticket_opened", ticket=number)


# -- SMS ---------------------------------------------------------------------------------------------------------------


@operation("sms.received", _l("SMS received"))
def incoming_sms(form: dict[str, str]) -> str:
    """The reply to a resident's SMS: a ticket's state for "STATUS 2026/000123", a confirmation for STOP, otherwise
    a new ticket (channel sms) and its number. A repeated delivery gets the same reply and opens nothing new."""
    sid = form["MessageSid"]
    body = form.get("Body", "").strip()[: limits.SMS_MAX]
    sender = _cut(form.get("From"), limits.NUMBER_MAX)
    known = queries.sms_by_sid(sid)
    first = known is None
    if known is None:
        _insert_ignoring_duplicate(
            SmsMessage,
            "message_sid",
            {
                "message_sid": sid,
                "direction": Direction.INBOUND.value,
                "from_number": sender,
                "to_number": _cut(form.get("To"), limits.NUMBER_MAX),
                "body": body,
                "status": SMS_RECEIVED,
                "created_at": utcnow(),
                "updated_at": utcnow(),
            },
        )
        known = queries.sms_by_sid(sid)
        assert known is not None  # noqa: S101 - inserted a moment ago
        history(known, SYSTEM, "received")
    if status := STATUS_COMMAND.match(body):
        return _status_reply(status.group(1), status.group(2), sender)
    if STOP_COMMAND.match(body):
        if first and phones.is_shown(sender):
            tickets.withdraw_sms_consent(RESIDENT, sender)
        return texts.STOPPED
    if not body:
        return texts.EMPTY
    if known.ticket_id is None:
        if not first:  # the first delivery could not open a ticket: it said so
            return texts.NOT_OPENED
        try:
            with db.session.begin_nested():  # a text that cannot become a ticket leaves nothing of one behind
                ticket = _ticket_from_sms(sender, body)
        except UserError:
            return texts.NOT_OPENED
        known = queries.sms_by_sid(sid)
        assert known is not None  # noqa: S101 - recorded above, in this transaction
        known.ticket_id = ticket.id
        db.session.flush()
        history(known, SYSTEM, "ticket_opened", ticket=ticket.number)
        return texts.ticket_received(ticket.number)
    found = ticket_queries.by_id(known.ticket_id)
    return texts.ticket_received(found.number if found else "")


def _ticket_from_sms(sender: str, body: str) -> Any:
    phone = tickets.clean_phone(sender) if phones.is_shown(sender) else None
    return tickets.create_ticket(
        RESIDENT,
        TicketInput(
            subject=tickets.subject_from(" ".join(body.split()), body),  # the whole text, on one line
            description=body,
            category=queries.settings().sms_category,
            channel=Channel.SMS.value,
            resident_phone=phone,
            consent_sms=phone is not None,  # the resident wrote to us by SMS; STOP withdraws it
        ),
    )


def _status_reply(number_text: str, code: str | None, sender: str | None) -> str:
    """A ticket's state, told to the phone it was opened with or to whoever adds its code; for anyone else the same
    answer as for a number that does not exist."""
    ticket = ticket_queries.for_its_resident(number_text, sender, code)
    if ticket is None:
        return texts.NO_SUCH_TICKET.format(number=ticket_queries.shown_number(number_text))
    return texts.ticket_state(ticket.number, ticket_queries.state_label(ticket))


@operation("sms.status", _l("SMS delivery status"))
def sms_status(form: dict[str, str]) -> SmsMessage | None:
    """Delivery status of an SMS we sent (queued → sent → delivered, or failed / undelivered with a code)."""
    message = queries.sms_by_sid(form.get("MessageSid", ""))
    if message is None:
        return None
    status = _cut(form.get("MessageStatus"), limits.STATUS_MAX)
    if sms_moves_forward(message.status, status):
        old = message.status
        message.status = status
        message.error_code = _cut(form.get("ErrorCode"), limits.STATUS_MAX) or None
        db.session.flush()
        history(message, SYSTEM, "status", {"status": [old, status]}, error_code=message.error_code)
    return message


@operation("sms_templates.saved", _l("SMS texts saved"))
def save_templates(actor: Actor, bodies: dict[str, str]) -> None:
    """Administrators' texts of the automatic SMS (an empty one turns that notice off)."""
    if not policy.can_keep_texts(actor):
        raise Forbidden("forbidden", _("Only administrators change the SMS texts."))
    checked = {key: texts.check_template(key, bodies.get(key, "")) for key in texts.TEMPLATES}
    changes: dict[str, list[str]] = {}
    for key, body in checked.items():
        template = db.session.get(SmsTemplate, key)
        old = template.body if template is not None else texts.DEFAULT_TEMPLATES[key]
        if template is None:
            db.session.add(SmsTemplate(key=key, body=body, updated_by_id=actor_id(actor)))
        elif template.body != body:
            template.body = body
            template.updated_by_id = actor_id(actor)
        if old != body:
            changes[key] = [old, body]
    db.session.flush()
    if changes:
        audit(None, actor, changes)


def ticket_update(sender: Any, *, kind: str, changes: dict[str, Any], **_: Any) -> None:
    """The `history_event` subscriber for SMS: the update a change owes a resident who agreed to SMS is queued."""
    if not ticket_queries.is_ticket(sender) or not queries.settings().enabled:
        return
    if not (sender.consent_sms and sender.resident_phone):
        return
    owed = ticket_queries.owed_update(sender, kind, changes)
    if owed is None or (owed[0] == "opened" and sender.channel == Channel.SMS.value):
        return  # an SMS ticket's number went in the reply to that SMS
    notify(sender, f"ticket_{owed[0]}", owed[1])


@operation("sms.queued", _l("SMS queued"))
def notify(ticket: Any, template_key: str, purpose: str) -> SmsMessage | None:
    """Queue one SMS to the ticket's resident from a template (none when the template is empty, or when this
    purpose was queued before: one message per reason)."""
    body = queries.template_body(template_key)
    if not body.strip() or queries.sms_by_purpose(purpose) is not None:
        return None
    text = texts.render(body, ticket_queries.resident_update(ticket))
    return _queue(ticket.resident_phone or "", text, purpose, ticket_id=ticket.id, ticket=ticket.number)


def _queue(
    to: str, body: str, purpose: str, *, ticket_id: int | None = None, kept: str | None = None, **detail: Any
) -> SmsMessage:
    """The outbound message and the job that sends it (in this transaction). `kept`: the text the log keeps instead
    of `body`, which then travels only in the job, whose payload is forgotten once it has ended."""
    message = SmsMessage(
        direction=Direction.OUTBOUND.value,
        from_number=queries.settings().phone_number,
        to_number=to,
        body=body if kept is None else kept,
        status=SMS_PENDING,
        ticket_id=ticket_id,
        purpose_key=purpose,
    )
    db.session.add(message)
    db.session.flush()
    payload = {"purpose": purpose} if kept is None else {"purpose": purpose, "body": body}
    enqueue(SEND_JOB, payload, idempotency_key=f"sms:{purpose}", transient=kept is not None)
    history(message, SYSTEM, "queued", purpose=purpose, **detail)
    return message


@operation("sms.text_queued", _l("SMS queued for another module"))
def send_text(to: str, body: str, purpose: str, *, kept: str | None = None) -> SmsMessage | None:
    """Queue one SMS another module wrote (a resident's one-time code), once per purpose (None when queued before).
    `kept` is the text the message log keeps instead of `body` (the code masked): the body itself travels only in
    the sending job, whose payload is forgotten once the job has ended."""
    if queries.sms_by_purpose(purpose) is not None:
        return None
    return _queue(to, body, purpose, kept=kept)


def text_sender() -> Any:
    """The "sms.sender" slot: `send_text` while Twilio is configured, else None (no SMS can be sent)."""
    return send_text if queries.settings().enabled else None


@operation("sms.sending", _l("SMS sent to Twilio"))
def mark_sending(message: SmsMessage, status: str, *, sid: str | None = None, error_code: str | None = None) -> None:
    """The sending job's progress: sending (before the request), Twilio's status after it, back to pending when
    Twilio did not take it, failed or unknown."""
    old = message.status
    message.status = _cut(status, limits.STATUS_MAX)
    if sid is not None:
        message.message_sid = sid
    if error_code is not None:
        message.error_code = _cut(error_code, limits.STATUS_MAX)
    db.session.flush()
    history(message, SYSTEM, "sending", {"status": [old, message.status]}, error_code=message.error_code)


# -- the timeline ----------------------------------------------------------------------------------------------------


def record_history(
    sender: Any, *, actor: Any, kind: str, changes: dict[str, Any], detail: dict[str, Any], **_: Any
) -> None:
    """The `history_event` subscriber: a call's or a message's change becomes a line of its timeline (and a call's
    reaches the agents' consoles and the live board at once, cct.push)."""
    if isinstance(sender, Call):
        owner = {"call_id": sender.id}
        push.announce(CALLS_TOPIC)
    elif isinstance(sender, SmsMessage):
        owner = {"sms_id": sender.id}
    else:
        return
    db.session.add(
        TelephonyEvent(
            **owner,
            at=utcnow(),
            actor_id=actor_id(actor),
            kind=kind,
            changes={key: plain(value) for key, value in changes.items()},
            detail={key: plain(value) for key, value in detail.items()},
        )
    )
