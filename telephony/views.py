"""Twilio's webhooks. Each request must carry a valid X-Twilio-Signature computed with the account's auth token over
the public URL Twilio called (public_base_url + path + query string) and the form fields; otherwise 403, logged.
With no Twilio credentials configured telephony is off and the webhooks answer 404."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from cct import db
from cct.auth.access import public, requires
from cct.db import utcnow
from cct.errors import UserError
from cct.extensions import csrf
from cct.forms import ActionForm, form_page, show_error
from telephony import console, ivr
from telephony import operations as calls
from telephony import sms as notices
from telephony import stats as call_stats
from telephony.forms import CallLogForm, SmsTemplatesForm
from telephony.models import OUTCOME_LABELS, PRESENCE_LABELS, REASON_LABELS, Callback, Presence
from tickets.operations import office_calendar

log = logging.getLogger(__name__)
bp = Blueprint(
    "telephony",
    __name__,
    url_prefix="/telephony",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)
TWIML = "text/xml; charset=utf-8"
STEPS = ("consent", "menu", "wait", "left", "dialled", "voicemail")


def _called_url() -> str:
    """The address Twilio signed: the configured public one, not what a proxy in front of us made of it."""
    query = request.query_string.decode("utf-8", "replace")
    return calls.settings().public_base_url + request.path + (f"?{query}" if query else "")


def twilio_webhook(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        settings = calls.settings()
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
        result = view(*args, **kwargs)
        db.session.commit()
        return result

    csrf.exempt(checked)  # Twilio signs instead; the staff pages of this blueprint keep their CSRF tokens
    return public(checked)


def _twiml(response: Any) -> Response:
    return Response(str(response), mimetype="text/xml", content_type=TWIML)


def _urls() -> ivr.Urls:
    return ivr.Urls(calls.settings().public_base_url + bp.url_prefix)


def _form() -> dict[str, str]:
    return request.form.to_dict()


def _int(name: str) -> int | None:
    value = request.form.get(name, "")
    return int(value) if value.isdigit() else None


def _require(*names: str) -> dict[str, str]:
    form = _form()
    missing = [name for name in names if not form.get(name)]
    if missing:
        abort(400, description=f"missing {', '.join(missing)}")
    return form


@bp.post("/voice")
@twilio_webhook
def voice() -> Response:
    form = _require("CallSid")
    open_now = calls.settings().hours == "always" or office_calendar().is_open(utcnow())
    calls.incoming_call(form, open_now=open_now)
    hours = ivr.hours_text(current_app.config["CCT"].tickets.office_hours.by_weekday())
    return _twiml(ivr.incoming(calls.settings(), _urls(), open_now=open_now, hours=hours))


@bp.post("/ivr")
@twilio_webhook
def step() -> Response:
    name = request.args.get("step", "")
    if name not in STEPS:
        abort(400, description="unknown step")
    form = _require("CallSid")
    call = calls.call_for(form)
    settings = calls.settings()
    if name == "consent":
        record = form.get("Digits", "") != ivr.NO_RECORDING_KEY
        calls.set_recording_consent(call, record=record)
        return _twiml(ivr.consent(settings, _urls(), record=record))
    if name == "menu":
        choice = ivr.choose(settings.ivr, form.get("Digits"), form.get("SpeechResult"), _speech_keys)
        calls.set_choice(call, choice.key, choice.category, choice.heard)
        return _twiml(ivr.connect(settings, _urls()))
    if name == "wait":
        return _twiml(ivr.wait(_int("QueuePosition")))
    if name == "left":
        calls.left_queue(call, form.get("QueueResult", ""), _int("QueueTime"))
        return _twiml(ivr.goodbye())
    if name == "dialled":
        calls.dialled(call, form.get("DialCallStatus", ""), _int("DialCallDuration"))
        if form.get("DialCallStatus") == "completed":
            return _twiml(ivr.goodbye())
        return _twiml(ivr.goodbye("Konsultanci nie mogą teraz odebrać. Oddzwonimy najszybciej, jak to możliwe."))
    # voicemail: the <Record> verb's action, after the caller spoke (or hung up)
    if form.get("RecordingUrl"):
        calls.voicemail_left(call)
        return _twiml(ivr.goodbye("Dziękujemy, wiadomość została nagrana. Oddzwonimy w godzinach pracy."))
    return _twiml(ivr.goodbye())


def _speech_keys(text: str) -> set[str]:
    from knowledge.analysis import analyse_query

    return {key for word in analyse_query(text) for key in word.keys}


@bp.post("/status")
@twilio_webhook
def status() -> Response:
    form = _require("CallSid", "CallStatus")
    call = calls.call_for(form)
    calls.status_changed(call, form["CallStatus"], _int("CallDuration"))
    if call.ended_at is not None:
        console.call_ended(call)
    return Response(status=204)


@bp.post("/recording")
@twilio_webhook
def recording() -> Response:
    calls.recording_ready(_require("CallSid", "RecordingSid"))
    return Response(status=204)


@bp.post("/sms")
@twilio_webhook
def sms() -> Response:
    reply = calls.incoming_sms(_require("MessageSid", "From"))
    response = MessagingResponse()
    response.message(reply)
    return _twiml(response)


@bp.post("/sms-status")
@twilio_webhook
def sms_status() -> Response:
    calls.sms_status(_require("MessageSid", "MessageStatus"))
    return Response(status=204)


# -- the agents' callback list -------------------------------------------------------------------------------------


@bp.get("/callbacks")
@requires("calls.handle")
def callbacks() -> Any:
    return render_template(
        "telephony/callbacks.html",
        callbacks=calls.open_callbacks(),
        reason_labels=REASON_LABELS,
        form=ActionForm(),
    )


@bp.post("/callbacks/<int:callback_id>")
@requires("calls.handle")
def record_callback(callback_id: int) -> Any:
    callback = db.session.get(Callback, callback_id)
    if callback is None:
        abort(404)

    def record() -> str:
        calls.record_callback(current_user, callback, request.form.get("result", ""), request.form.get("note"))
        return _("Saved: callback to %(phone)s.", phone=callback.phone)

    return _button_action(record, "telephony.callbacks")


# -- SMS templates (administrators) ------------------------------------------------------------------------------


@bp.route("/sms-templates", methods=["GET", "POST"])
@requires("sms.templates")
def sms_templates() -> Any:
    form = SmsTemplatesForm(data=notices.templates())

    def save() -> str:
        notices.save_templates(current_user, {name: form[name].data or "" for name in notices.TEMPLATES})
        return _("SMS texts saved.")

    return form_page(
        form,
        save,
        url_for("telephony.sms_templates"),
        "telephony/sms_templates.html",
        placeholders=notices.PLACEHOLDERS,
    )


# -- the agent's console -------------------------------------------------------------------------------------------


def _console_context() -> dict[str, Any]:
    calls_now = console.live_calls(current_user)
    return {
        "calls": calls_now,
        "callers": {call.id: console.caller(call) for call in calls_now},
        "ivr_label": console.ivr_label,
        "form": ActionForm(),
        "me": current_user,
    }


@bp.get("/console")
@requires("calls.handle")
def agent_console() -> Any:
    return render_template(
        "telephony/console.html",
        presence=console.presence_of(current_user),
        presence_labels=PRESENCE_LABELS,
        poll_ms=console.POLL_MS,
        telephony_on=calls.settings().enabled,
        **_console_context(),
    )


@bp.get("/console/calls")
@requires("calls.handle")
def console_calls() -> Any:
    """The calls part of the console, polled by the page (the screen-pop)."""
    response = Response(render_template("telephony/_calls.html", **_console_context()))
    response.headers["Cache-Control"] = "no-store"
    return response


def _button_action(action: Callable[[], str], back_to: str = "telephony.agent_console") -> Any:
    """A button's unit of work: run `action` (its message is flashed), commit, and go back to the page; a UserError
    is rolled back and flashed instead."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        message = action()
    except UserError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for(back_to))


@bp.post("/console/presence")
@requires("calls.handle")
def presence() -> Any:
    def change() -> str:
        console.set_presence(current_user, request.form.get("status", ""))
        return _("Your status: %(status)s.", status=PRESENCE_LABELS[Presence(request.form["status"])])

    return _button_action(change)


@bp.post("/calls/<sid>/take")
@requires("calls.handle")
def take_call(sid: str) -> Any:
    def take() -> str:
        call = console.get_call(sid)
        console.take(current_user, call)
        return _("You are talking to %(number)s.", number=call.from_number)

    return _button_action(take)


@bp.post("/calls/<sid>/answered")
@requires("calls.handle")
def answered_from_knowledge_base(sid: str) -> Any:
    def close() -> str:
        call = console.get_call(sid)
        used = console.close_from_knowledge_base(current_user, call, request.form.get("note"))
        return _("Call closed as answered from the knowledge base (%(n)d article(s)).", n=used)

    return _button_action(close)


# -- supervisors' call statistics ----------------------------------------------------------------------------------

PERIODS = (1, 7, 30, 90)


@bp.get("/stats")
@requires("tickets.dashboard")
def stats() -> Any:
    days = request.args.get("days", "7")
    days_count = int(days) if days.isdigit() and int(days) in PERIODS else 7
    timezone = ZoneInfo(current_app.config["CCT"].timezone)
    today = utcnow().astimezone(timezone).date()
    figures = call_stats.for_period(days_count, timezone, today)
    by_day = [(day.strftime("%d.%m"), count) for day, count in figures.by_day.items()]
    return render_template(
        "telephony/stats.html",
        stats=figures,
        days=days_count,
        periods=[(n, _("today") if n == 1 else _("%(n)d days", n=n)) for n in PERIODS],
        by_hour=[(f"{hour}:00", count) for hour, count in enumerate(figures.by_hour)],
        by_day=by_day,
        percent=_percent,
        seconds=_seconds,
    )


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


def _seconds(value: float | None) -> str:
    return "—" if value is None else _("%(n)d s", n=round(value))


# -- the call log ----------------------------------------------------------------------------------------------------


@bp.get("/calls")
@requires("calls.handle")
def call_log() -> Any:
    return _call_log_page(CallLogForm())


def _call_log_page(form: CallLogForm, status: int = 200) -> Any:
    filters = {"phone": request.args.get("phone", "")[:40], "outcome": request.args.get("outcome", "")}
    found, articles = console.call_log(filters["phone"], filters["outcome"])
    page = render_template(
        "telephony/calls.html",
        calls=found,
        articles=articles,
        filters=filters,
        form=form,
        outcome_labels=OUTCOME_LABELS,
        ivr_label=console.ivr_label,
        seconds=_seconds,
    )
    return page, status


@bp.post("/calls/log")
@requires("calls.handle")
def log_call() -> Any:
    form = CallLogForm()
    if form.validate_on_submit():
        try:
            call = console.log_call(current_user, form.phone.data or "", form.outcome.data or "", form.note.data)
        except UserError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("Call from %(number)s logged.", number=call.from_number), "success")
            return redirect(url_for("telephony.call_log"))
    return _call_log_page(form, 400)
