"""The agents' and supervisors' telephony pages: the console (presence, the calls ringing now, taking a call, closing
it as answered from the knowledge base), the callback list, the call log and calls logged by hand, the call
statistics, and the administrators' SMS texts."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_timedelta
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from cct import phones, push
from cct.auth.access import requires
from cct.db import utcnow
from cct.errors import UserError
from cct.forms import ActionForm
from cct.office_calendar import local_today
from cct.privacy.access import accessed
from cct.privacy.schemas import AccessKind, looks_like_contact
from cct.web import button, forget_draft, form_page, redisplay
from telephony import operations, queries, stats, texts
from telephony.forms import AnsweredForm, CallLogForm, SmsTemplatesForm
from telephony.schemas import NOTE_MAX, NUMBER_MAX
from telephony.states import OUTCOME_LABELS, PRESENCE_LABELS, REASON_LABELS, Presence
from tickets.states import Channel

bp = Blueprint(
    "telephony",
    __name__,
    url_prefix="/telephony",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)
POLL_MS = 700
PERIODS = (1, 7, 30, 90)


def board_section() -> str:
    """The slot "board.sections": agents and their states, callers waiting, today's calls (the live board)."""
    if not current_user.has_permission("calls.stats"):
        return ""
    now = utcnow()
    timezone = ZoneInfo(current_app.config["CCT"].timezone)
    first_day, start, end = stats.period(1, timezone, local_today())
    today = stats.compute(queries.calls_between(start, end), first_day, first_day, timezone)
    waiting = queries.waiting_since()
    return render_template(
        "telephony/_board.html",
        agents=queries.presences(),
        presence_labels=PRESENCE_LABELS,
        waiting=len(waiting),
        longest=int((now - waiting[0]).total_seconds()) if waiting else None,
        today=today,
        lasted=_lasted,
        now=now,
    )


def _lasted(seconds: float) -> str:
    """A duration as people read it on a board: "40 s", "12 min", "3 godz." (Babel, in the page's language)."""
    return format_timedelta(timedelta(seconds=seconds), format="short", threshold=1, locale=get_locale())


def dashboard_links() -> str:
    """The slot "dashboard.links": the call figures beside the tickets' dashboard."""
    return render_template("telephony/_dashboard_links.html")


# -- the agents' callback list ---------------------------------------------------------------------------------------


@bp.get("/callbacks")
@requires("calls.handle")
def callbacks() -> Any:
    accessed(AccessKind.SEARCH, "", request.path)  # the residents' numbers to call back
    return render_template(
        "telephony/callbacks.html",
        callbacks=queries.open_callbacks(),
        reason_labels=REASON_LABELS,
        form=ActionForm(),
        note_max=NOTE_MAX,
    )


@bp.post("/callbacks/<int:callback_id>")
@requires("calls.handle")
def record_callback(callback_id: int) -> Any:
    callback = queries.callback(callback_id)
    if callback is None:
        return Response(status=404)

    def record() -> str:
        operations.record_callback(current_user, callback, request.form.get("result", ""), request.form.get("note"))
        return _("Saved: callback to %(phone)s.", phone=callback.phone)

    return button(record, url_for("telephony.callbacks"))


# -- SMS texts (administrators) ----------------------------------------------------------------------------------


@bp.route("/sms-templates", methods=["GET", "POST"])
@requires("sms.templates")
def sms_templates() -> Any:
    form = SmsTemplatesForm(data=queries.templates())

    def save() -> str:
        operations.save_templates(current_user, {name: form[name].data or "" for name in texts.TEMPLATES})
        return _("SMS texts saved.")

    return form_page(
        form,
        save,
        url_for("telephony.sms_templates"),
        "telephony/sms_templates.html",
        placeholders=texts.PLACEHOLDERS,
    )


# -- the agent's console -------------------------------------------------------------------------------------------


def _console_context() -> dict[str, Any]:
    calls_now = queries.live_calls(current_user)
    return {
        "calls": calls_now,
        "callers": {call.id: queries.caller(call) for call in calls_now},
        "ivr_label": queries.ivr_label,
        "form": ActionForm(),
        "me": current_user,
        "note_max": NOTE_MAX,
    }


@bp.get("/console")
@requires("calls.handle")
def agent_console() -> Any:
    return render_template(
        "telephony/console.html",
        presence=queries.presence_of(current_user),
        presence_labels=PRESENCE_LABELS,
        poll_ms=POLL_MS,
        telephony_on=queries.settings().enabled,
        **_console_context(),
    )


def _calls_fragment() -> str:
    return render_template("telephony/_calls.html", **_console_context())


@bp.get("/console/calls")
@requires("calls.handle")
def console_calls() -> Any:
    """The calls part of the console, polled by the page where it cannot stream (the screen-pop)."""
    response = Response(_calls_fragment())
    response.headers["Cache-Control"] = "no-store"
    return response


CSRF_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')


@bp.get("/console/events")
@requires("calls.handle")
def console_events() -> Any:
    """The calls part of the console as server-sent events, sent again whenever a call changes (the screen-pop)."""
    return push.stream(
        operations.CALLS_TOPIC,
        _calls_fragment,
        "calls",
        same=lambda fragment: CSRF_INPUT.sub("", fragment),  # fresh tokens are no change
    )


def _console_button(action: Callable[[], str]) -> Any:
    return button(action, url_for("telephony.agent_console"))


@bp.post("/console/presence")
@requires("calls.handle")
def presence() -> Any:
    def change() -> str:
        status = request.form.get("status", "")
        operations.set_presence(current_user, status)
        return _("Your status: %(status)s.", status=PRESENCE_LABELS[Presence(status)])

    return _console_button(change)


@bp.post("/calls/<sid>/take")
@requires("calls.handle")
def take_call(sid: str) -> Any:
    def take() -> str:
        call = queries.get_call(sid)
        operations.take(current_user, call)
        accessed(AccessKind.CALL, call.from_number if phones.is_shown(call.from_number) else "", call.call_sid)
        return _("You are talking to %(number)s.", number=call.from_number)

    return _console_button(take)


@bp.post("/calls/<sid>/answered")
@requires("calls.handle")
def answered_from_knowledge_base(sid: str) -> Any:
    def close() -> str:
        call = queries.get_call(sid)
        used = operations.close_from_knowledge_base(current_user, call, request.form.get("note"))
        return _("Call closed as answered from the knowledge base (%(n)d article(s)).", n=used)

    return _console_button(close)


def audit_object_types() -> dict[str, str]:
    """The slot "audit.object_types": what the audit log calls telephony's objects."""
    return {"AgentPresence": _("Agent's status"), "Call": _("Call"), "SmsMessage": _("SMS")}


def workspace_actions(call_sid: str | None) -> str:
    """The slot "workspace.actions": beside "Open the ticket", the button that closes the call (or logs a resident
    at the desk, or on a desk phone) as answered from the knowledge base, with the articles told and no ticket."""
    if not current_user.has_permission("calls.handle"):
        return ""
    return render_template("telephony/_workspace_actions.html", call_sid=call_sid)


@bp.post("/answered")
@requires("calls.handle")
def answered_in_workspace() -> Any:
    """The workspace's form, sent by its "answered from the knowledge base" button. Refused, it goes back to the
    workspace, whose draft in the browser still holds everything typed."""
    form = AnsweredForm()
    call_sid = (form.call_sid.data or "").strip() or None
    redisplay(lambda: redirect(url_for("tickets.create", call=call_sid), 303))
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        raise UserError("too_long", _("The form holds more than it may; shorten the description."))
    used = operations.answered_without_ticket(
        current_user,
        call_sid,
        form.resident_phone.data,
        in_person=form.channel.data == Channel.WALK_IN.value,
        note=form.description.data,
        told=(form.articles.data or "").split(),
    )
    forget_draft(form.draft_key.data)
    if call_sid:
        flash(_("Call closed as answered from the knowledge base (%(n)d article(s)).", n=used), "success")
    else:
        flash(_("Contact logged as answered from the knowledge base (%(n)d article(s)).", n=used), "success")
    return redirect(url_for("telephony.agent_console") if call_sid else url_for("tickets.create"), 303)


# -- supervisors' call statistics ----------------------------------------------------------------------------------


@bp.get("/stats", endpoint="stats")
@requires("calls.stats")
def call_stats() -> Any:
    days = request.args.get("days", "7")
    days_count = int(days) if days.isdigit() and int(days) in PERIODS else 7
    timezone = ZoneInfo(current_app.config["CCT"].timezone)
    today = utcnow().astimezone(timezone).date()
    first_day, start, end = stats.period(days_count, timezone, today)
    figures = stats.compute(queries.calls_between(start, end), first_day, today, timezone)
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


def _call_log_page(form: CallLogForm) -> str:
    filters = {"phone": request.args.get("phone", "")[:NUMBER_MAX], "outcome": request.args.get("outcome", "")}
    contact = looks_like_contact(filters["phone"]) if filters["phone"].strip() else None
    # the log lists callers' numbers: the look is logged, by the number asked for when there is one
    accessed(AccessKind.SEARCH, contact.value if contact else "", f"{request.path}?phone={filters['phone']}")
    return render_template(
        "telephony/calls.html",
        lines=queries.call_log(filters["phone"], filters["outcome"]),
        filters=filters,
        form=form,
        outcome_labels=OUTCOME_LABELS,
        ivr_label=queries.ivr_label,
        seconds=_seconds,
        number_max=NUMBER_MAX,
    )


@bp.post("/calls/log")
@requires("calls.handle")
def log_call() -> Any:
    form = CallLogForm()
    if not form.validate_on_submit():
        return _call_log_page(form), 400
    redisplay(lambda: _call_log_page(form), form)
    call = operations.log_call(current_user, form.phone.data or "", form.outcome.data or "", form.note.data)
    flash(_("Call from %(number)s logged.", number=call.from_number), "success")
    return redirect(url_for("telephony.call_log"))
