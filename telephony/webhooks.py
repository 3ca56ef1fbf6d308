"""Twilio's webhooks. Each request must carry a valid X-Twilio-Signature computed with the account's auth token over
the public URL Twilio called (public_base_url + path + query string) and the form fields; otherwise 403, logged.
With no Twilio credentials configured telephony is off and the webhooks answer 404. Twilio signs its requests, so
they carry no CSRF token; they answer TwiML, and what they record is committed with the request (cct.web)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, abort, current_app, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from cct.auth.access import public
from cct.db import utcnow
from cct.errors import UserError
from cct.lemmas import analyse_query
from cct.office_calendar import office_calendar
from telephony import ivr, operations, queries
from telephony.schemas import SID_MAX, whole_number

log = logging.getLogger(__name__)
bp = Blueprint("telephony_webhooks", __name__, url_prefix="/telephony")
TWIML = "text/xml; charset=utf-8"
STEPS = ("consent", "menu", "wait", "left", "dialled", "voicemail")


def _called_url() -> str:
    """The address Twilio signed: the configured public one, not what a proxy in front of us made of it."""
    query = request.query_string.decode("utf-8", "replace")
    return queries.settings().public_base_url + request.path + (f"?{query}" if query else "")


def twilio_webhook(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        settings = queries.settings()
        if not settings.enabled:
            abort(404)
        signature = request.headers.get("X-Twilio-Signature", "")
        if not signature or not RequestValidator(settings.auth_token).validate(_called_url(), request.form, signature):
            log.warning(
                "refused a Twilio webhook with a %s signature",
                "forged" if signature else "missing",
                extra={"path": request.full_path, "remote_addr": request.remote_addr},
            )
            abort(403)
        return view(*args, **kwargs)

    return public(checked)


def user_error(error: UserError) -> Response:
    """cct.web's handler for this blueprint's kind: Twilio gets the status (and retries a 5xx), not a page."""
    return Response(error.message, status=error.status, mimetype="text/plain")


def _twiml(response: Any) -> Response:
    return Response(str(response), mimetype="text/xml", content_type=TWIML)


def _urls() -> ivr.Urls:
    return ivr.Urls(queries.settings().public_base_url + bp.url_prefix)


def _int(name: str) -> int | None:
    return whole_number(request.form.get(name))


def _require(*names: str) -> dict[str, str]:
    form = request.form.to_dict()
    missing = [name for name in names if not form.get(name)]
    if missing:
        abort(400, description=f"missing {', '.join(missing)}")
    too_long = [name for name, value in form.items() if name.endswith("Sid") and len(value) > SID_MAX]
    if too_long:
        abort(400, description=f"not a Twilio identifier: {', '.join(too_long)}")
    return form


@bp.post("/voice")
@twilio_webhook
def voice() -> Response:
    form = _require("CallSid")
    open_now = queries.settings().hours == "always" or office_calendar().is_open(utcnow())
    operations.incoming_call(form, open_now=open_now)
    hours = ivr.hours_text(current_app.config["CCT"].office_hours.by_weekday())
    return _twiml(ivr.incoming(queries.settings(), _urls(), open_now=open_now, hours=hours))


@bp.post("/ivr")
@twilio_webhook
def step() -> Response:
    name = request.args.get("step", "")
    if name not in STEPS:
        abort(400, description="unknown step")
    form = _require("CallSid")
    settings = queries.settings()
    if name == "consent":
        record = form.get("Digits", "") != ivr.NO_RECORDING_KEY
        operations.set_recording_consent(form, record=record)
        return _twiml(ivr.consent(settings, _urls(), record=record))
    if name == "menu":
        choice = ivr.choose(settings.ivr, form.get("Digits"), form.get("SpeechResult"), _speech_keys)
        operations.set_choice(form, choice.key, choice.category, choice.heard)
        return _twiml(ivr.connect(settings, _urls()))
    if name == "wait":
        return _twiml(ivr.wait(_int("QueuePosition")))
    if name == "left":
        operations.left_queue(form, form.get("QueueResult", ""), _int("QueueTime"))
        return _twiml(ivr.goodbye())
    if name == "dialled":
        operations.dialled(form, form.get("DialCallStatus", ""), _int("DialCallDuration"))
        if form.get("DialCallStatus") == "completed":
            return _twiml(ivr.goodbye())
        return _twiml(ivr.goodbye("Konsultanci nie mogą teraz odebrać. Oddzwonimy najszybciej, jak to możliwe."))
    # voicemail: the <Record> verb's action, after the caller spoke (or hung up)
    if form.get("RecordingUrl"):
        operations.voicemail_left(form)
        return _twiml(ivr.goodbye("Dziękujemy, wiadomość została nagrana. Oddzwonimy w godzinach pracy."))
    return _twiml(ivr.goodbye())


def _speech_keys(text: str) -> set[str]:
    """The words a caller said, as lemma keys (cct.lemmas), to meet the menu's words in any form."""
    return {key for word in analyse_query(text) for key in word.keys}


@bp.post("/status")
@twilio_webhook
def status() -> Response:
    form = _require("CallSid", "CallStatus")
    operations.status_changed(form, form["CallStatus"], _int("CallDuration"))
    return Response(status=204)


@bp.post("/recording")
@twilio_webhook
def recording() -> Response:
    operations.recording_ready(_require("CallSid", "RecordingSid"))
    return Response(status=204)


@bp.post("/sms")
@twilio_webhook
def sms() -> Response:
    reply = operations.incoming_sms(_require("MessageSid", "From"))
    response = MessagingResponse()
    response.message(reply)
    return _twiml(response)


@bp.post("/sms-status")
@twilio_webhook
def sms_status() -> Response:
    operations.sms_status(_require("MessageSid", "MessageStatus"))
    return Response(status=204)
