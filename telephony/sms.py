"""Automatic SMS to residents about their tickets: "opened" (with its number) and "resolved" (with the last public
reply), only with the resident's consent, texts from templates administrators edit.

A notice is an outbound `sms_messages` row plus an `sms.send` job, both added in the transaction of the ticket change
(one per reason: its purpose key is unique). The job sends it through Twilio's REST client. Never twice: the row is
marked "sending" and committed before the request; a retry finds it so and does not send again. Twilio refusing for
good (a 4xx, e.g. an invalid number) fails the message; Twilio unreachable or failing (5xx, 429) puts it back and
the job is retried with backoff; a request that timed out after it was sent may have been delivered, so the message
is marked "unknown" rather than sent again.
"""

from __future__ import annotations

import logging
import string
from typing import Any
from urllib.parse import urlsplit

import requests
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from twilio.base import values
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from cct import db
from cct.errors import UserError
from cct.jobs.operations import enqueue, handler
from cct.signals import history_event
from telephony.models import Direction, SmsMessage, SmsTemplate
from telephony.operations import settings
from tickets import queries as ticket_queries
from tickets.models import Ticket
from tickets.notices import owed_update
from tickets.states import STATE_LABELS, Channel

log = logging.getLogger(__name__)
SEND_JOB = "sms.send"
MAX_SMS = 1600
REQUEST_TIMEOUT_SECONDS = 10
TEMPLATES = {
    "ticket_opened": _l("Ticket opened"),
    "ticket_resolved": _l("Ticket resolved"),
    "ticket_merged": _l("Ticket joined with another on the same matter"),
}
# The texts until an administrator changes them (residents read Polish; the table keeps only changed texts).
DEFAULT_TEMPLATES = {
    "ticket_opened": (
        "Urząd Miejski w Białymstoku: przyjęliśmy zgłoszenie nr {number} ({subject}). "
        "Stan: {link} albo SMS o treści STATUS {number}"
    ),
    "ticket_resolved": "Urząd Miejski w Białymstoku: zgłoszenie nr {number} zostało załatwione. {summary}",
    "ticket_merged": (
        "Urząd Miejski w Białymstoku: zgłoszenie nr {number} dotyczy tej samej sprawy co zgłoszenie nr {surviving} "
        "i będzie załatwione razem z nim. Stan sprawdzisz tu: {link}"
    ),
}
PLACEHOLDERS = {
    "number": _l("the ticket's number"),
    "subject": _l("its subject"),
    "state": _l("its state"),
    "unit": _l("the unit handling it"),
    "summary": _l("the last public reply"),
    "code": _l("the code that, with the number, shows the ticket at /zgloszenia/status"),
    "surviving": _l("the number of the ticket it was joined with (when joined)"),
    "link": _l("the address of its status page, number and code included"),
}


# -- templates ---------------------------------------------------------------------------------------------------


def check_template(key: str, body: str) -> str:
    """A template's text, or a UserError naming what is wrong with it (an unknown {placeholder}, too long)."""
    body = (body or "").strip()
    if len(body) > MAX_SMS:
        raise UserError("too_long", _("At most %(n)d characters.", n=MAX_SMS), key)
    try:
        fields = [(name, spec, conversion) for _text, name, spec, conversion in string.Formatter().parse(body)]
    except ValueError:
        raise UserError("bad_template", _("Braces must pair up: {number}, not {number."), key) from None
    for name, spec, conversion in fields:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            shown = "{" + (name or "") + "}"
            raise UserError("unknown_placeholder", _("Unknown placeholder %(name)s.", name=shown), key)
    return body


def save_templates(actor: Any, bodies: dict[str, str]) -> None:
    checked = {key: check_template(key, bodies.get(key, "")) for key in TEMPLATES}
    for key, body in checked.items():
        template = db.session.get(SmsTemplate, key)
        if template is None:
            db.session.add(SmsTemplate(key=key, body=body, updated_by_id=actor.id))
        elif template.body != body:
            template.body = body
            template.updated_by_id = actor.id
    db.session.flush()


def templates() -> dict[str, str]:
    """Every notice's current text: as an administrator left it, or the default."""
    found = {t.key: t.body for t in db.session.scalars(select(SmsTemplate))}
    return {key: found.get(key, DEFAULT_TEMPLATES[key]) for key in TEMPLATES}


def render(body: str, ticket: Ticket) -> str:
    with force_locale("pl"):
        state = str(STATE_LABELS[ticket.state])
    values = {
        "number": ticket.number,
        "subject": ticket.subject,
        "state": state,
        "unit": ticket.unit.name if ticket.unit else "",
        "summary": _summary(ticket),
        "code": ticket.public_code or "",
        "surviving": ticket.duplicate_of.number if ticket.duplicate_of else "",
        "link": ticket_queries.status_url(ticket),
    }
    return body.format_map(values).strip()[:MAX_SMS]


def _summary(ticket: Ticket) -> str:
    replies = ticket_queries.public_replies(ticket)
    text = replies[-1].body.strip() if replies else ""
    return text if len(text) <= 300 else text[:300].rsplit(" ", 1)[0] + "…"


# -- notices -----------------------------------------------------------------------------------------------------


@history_event.connect
def _ticket_changed(sender: Any, *, kind: str, changes: dict[str, Any], **_: Any) -> None:
    if not isinstance(sender, Ticket) or not settings().enabled:
        return
    if not (sender.consent_sms and sender.resident_phone):
        return
    owed = owed_update(sender, kind, changes)
    if owed is None or (owed[0] == "opened" and sender.channel == Channel.SMS.value):
        return  # an SMS ticket's number went in the reply to that SMS
    notify(sender, f"ticket_{owed[0]}", owed[1])


def notify(ticket: Ticket, template_key: str, purpose: str) -> SmsMessage | None:
    """Queue one SMS to the ticket's resident from a template (none when the template is empty)."""
    template = db.session.get(SmsTemplate, template_key)
    body = template.body if template is not None else DEFAULT_TEMPLATES[template_key]
    if not body.strip():
        return None
    if db.session.scalar(select(SmsMessage.id).where(SmsMessage.purpose_key == purpose)) is not None:
        return None  # asked before: one message per reason
    message = SmsMessage(
        direction=Direction.OUTBOUND.value,
        from_number=settings().phone_number,
        to_number=ticket.resident_phone or "",
        body=render(body, ticket),
        status="pending",
        ticket=ticket,
        purpose_key=purpose,
    )
    db.session.add(message)
    enqueue(SEND_JOB, {"purpose": purpose}, idempotency_key=f"sms:{purpose}")
    return message


# -- sending -----------------------------------------------------------------------------------------------------


class _HttpClient(TwilioHttpClient):
    """Twilio's HTTP client, sending to api_base_url when one is configured (a proxy, or a local stand-in)."""

    def __init__(self, base_url: str) -> None:
        super().__init__(timeout=REQUEST_TIMEOUT_SECONDS)
        self.base_url = base_url

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        if self.base_url:
            parts = urlsplit(url)
            url = self.base_url + parts.path + (f"?{parts.query}" if parts.query else "")
        return super().request(method, url, *args, **kwargs)


def twilio_client() -> Client:
    twilio = settings()
    return Client(twilio.account_sid, twilio.auth_token, http_client=_HttpClient(twilio.api_base_url))


@handler(SEND_JOB)
def send(payload: dict[str, Any]) -> None:
    message = db.session.scalar(select(SmsMessage).where(SmsMessage.purpose_key == payload.get("purpose")))
    if message is None or message.status != "pending":
        return  # sent already, being sent, or given up: never twice
    twilio = settings()
    if not twilio.enabled:
        raise RuntimeError("Twilio is not configured ([twilio] account_sid, auth_token)")
    message.status = "sending"
    db.session.commit()
    try:
        sent = twilio_client().messages.create(
            to=message.to_number,
            from_=message.from_number,
            body=message.body,
            status_callback=f"{twilio.public_base_url}/telephony/sms-status"
            if twilio.public_base_url
            else values.unset,
        )
    except TwilioRestException as error:
        message.error_code = str(error.code or error.status)[:20]
        if error.status >= 500 or error.status == 429:
            _put_back(message)
            raise
        message.status = "failed"
        log.warning("Twilio refused SMS %s: %s", message.id, error.msg)
        return
    except requests.ConnectionError:
        _put_back(message)
        raise
    except requests.Timeout:
        message.status = "unknown"
        log.error("SMS %s: Twilio did not answer in time; it may have been sent, so it is not sent again", message.id)
        return
    message.message_sid = sent.sid
    message.status = (sent.status or "queued")[:20]


def _put_back(message: SmsMessage) -> None:
    """Twilio did not take the message: it may be sent by the next attempt."""
    message.status = "pending"
    db.session.commit()
