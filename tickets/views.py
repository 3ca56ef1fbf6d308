from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from cct import db
from cct.auth.access import requires
from cct.errors import UserError
from cct.forms import ActionForm, show_error
from cct.org.models import Unit
from cct.phones import to_e164
from tickets import operations, queries
from tickets.forms import CommentForm, NewTicketForm, RerouteForm, TransitionForm
from tickets.models import Attachment, Ticket
from tickets.states import (
    ACTION_LABELS,
    CHANNEL_LABELS,
    PRIORITY_LABELS,
    STATE_LABELS,
    STATUTORY_LABELS,
    TRANSITIONS,
    TicketState,
)

bp = Blueprint("tickets", __name__, url_prefix="/tickets", template_folder="templates")


@bp.app_context_processor
def _labels() -> dict[str, Any]:
    return {
        "STATE_LABELS": {state.value: label for state, label in STATE_LABELS.items()},
        "PRIORITY_LABELS": {p.value: label for p, label in PRIORITY_LABELS.items()},
        "CHANNEL_LABELS": {c.value: label for c, label in CHANNEL_LABELS.items()},
        "STATUTORY_LABELS": {k.value: label for k, label in STATUTORY_LABELS.items()},
    }


def _ticket_or_404(year: int, seq: int) -> Ticket:
    ticket = queries.find(year, seq)
    if ticket is None or not queries.can_see(current_user, ticket):
        abort(404)  # another unit's ticket is not even confirmed to exist
    return ticket


def _ticket_url(ticket: Ticket) -> str:
    return url_for("tickets.show", year=ticket.year, seq=ticket.seq)


# -- the agent's form --------------------------------------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@requires("tickets.create")
def create() -> Any:
    form = NewTicketForm()
    phone = to_e164(form.resident_phone.data or request.args.get("phone", "")) if request.values else None
    if request.method == "GET" and request.args.get("phone"):
        form.resident_phone.data = request.args["phone"]
    earlier = queries.earlier_tickets(phone) if phone else []
    status = 200
    if form.validate_on_submit():
        data = operations.TicketInput(
            subject=form.subject.data or "",
            category=_category_code(form.category.data or ""),
            channel=form.channel.data or "phone",
            description=form.description.data or "",
            priority=form.priority.data or None,
            resident_name=form.resident_name.data,
            resident_phone=form.resident_phone.data,
            resident_email=form.resident_email.data,
            consent_sms=bool(form.consent_sms.data),
            consent_email=bool(form.consent_email.data),
            address=form.address.data,
            district=form.district.data,
            via_representative=bool(form.via_representative.data),
        )
        try:
            ticket = operations.create_ticket(current_user, data)
        except UserError as error:
            db.session.rollback()
            show_error(form, error)
            status = 400
        else:
            db.session.commit()
            flash(
                _(
                    "Ticket %(number)s opened and sent to %(unit)s. Tell the caller the number.",
                    number=ticket.number,
                    unit=ticket.unit.name if ticket.unit else "—",
                ),
                "success",
            )
            return redirect(_ticket_url(ticket))
    elif request.method == "POST":
        status = 400
    return (
        render_template("tickets/new.html", form=form, earlier=earlier, categories=queries.active_categories()),
        status,
    )


def _category_code(text: str) -> str:
    """The category field takes a code, or the "code — name" line the agent picked from the suggestions."""
    return text.split("—", 1)[0].strip()


# -- the queue ---------------------------------------------------------------------------------------------------


@bp.route("/")
@requires("tickets.view")
def index() -> Any:
    state = request.args.get("state", "open")
    states = tuple(queries.open_states()) if state == "open" else (state,)
    if any(s not in queries.all_states() for s in states):
        abort(400)
    unit_id = request.args.get("unit", type=int)
    if unit_id is not None and not queries.sees_all(current_user) and unit_id not in {u.id for u in current_user.units}:
        abort(404)
    after = queries.Cursor.decode(request.args["after"]) if request.args.get("after") else None
    if request.args.get("after") and after is None:
        abort(400)
    filters = queries.QueueFilter(states=states, unit_id=unit_id)
    page_size = 50
    rows = queries.queue(current_user, filters, after, limit=page_size + 1)
    more = len(rows) > page_size
    rows = rows[:page_size]
    next_cursor = queries.Cursor(rows[-1].resolution_due, rows[-1].id).encode() if more and rows else None
    units = (
        list(db.session.scalars(select(Unit).where(Unit.active.is_(True)).order_by(Unit.code)))
        if queries.sees_all(current_user)
        else current_user.units
    )
    return render_template(
        "tickets/index.html",
        tickets=rows,
        state=state,
        unit_id=unit_id,
        units=units,
        next_cursor=next_cursor,
        flags={ticket.id: operations.sla_flags(ticket) for ticket in rows},
        all_states=queries.all_states(),
    )


# -- one ticket --------------------------------------------------------------------------------------------------


def _render_ticket(ticket: Ticket, status: int = 200, **forms: Any) -> Any:
    can_work = queries.can_work(current_user, ticket)
    reroute_form = forms.get("reroute_form") or RerouteForm(formdata=None, version=ticket.version)
    reroute_form.unit.choices = [
        SelectChoice(unit.code, f"{unit.code} — {unit.name}")
        for unit in db.session.scalars(select(Unit).where(Unit.active.is_(True)).order_by(Unit.code))
        if unit.id != ticket.unit_id
    ]
    timeline = sorted(
        [("event", event.at, event) for event in ticket.events]
        + [("comment", comment.created_at, comment) for comment in ticket.comments],
        key=lambda item: (item[1], 0 if item[0] == "event" else 1),
    )
    targets = sorted(TRANSITIONS[TicketState(ticket.state)], key=list(TicketState).index) if can_work else []
    return (
        render_template(
            "tickets/show.html",
            ticket=ticket,
            timeline=timeline,
            can_work=can_work,
            can_reroute=current_user.has_permission("tickets.reroute"),
            targets=[(target.value, ACTION_LABELS.get(target, STATE_LABELS[target])) for target in targets],
            transition_form=forms.get("transition_form") or TransitionForm(formdata=None, version=ticket.version),
            comment_form=forms.get("comment_form") or CommentForm(formdata=None, version=ticket.version),
            reroute_form=reroute_form,
            related=operations.related(ticket),
            sla_flag=operations.sla_flags(ticket),
            action_form=ActionForm(),
        ),
        status,
    )


@bp.route("/<int:year>/<int:seq>")
@requires("tickets.view")
def show(year: int, seq: int) -> Any:
    return _render_ticket(_ticket_or_404(year, seq))


@bp.route("/<int:year>/<int:seq>/transition", methods=["POST"])
@requires("tickets.work")
def transition(year: int, seq: int) -> Any:
    ticket = _ticket_or_404(year, seq)
    if not queries.can_work(current_user, ticket):
        abort(403)
    form = TransitionForm()
    if not form.validate_on_submit():
        return _render_ticket(ticket, 400, transition_form=form)
    try:
        operations.transition(
            current_user, ticket, form.target.data or "", expected_version=form.version.data, reason=form.reason.data
        )
    except UserError as error:
        db.session.rollback()
        db.session.refresh(ticket)
        flash(error.message, "error")
        return _render_ticket(ticket, error.status, transition_form=form)
    db.session.commit()
    state_label = STATE_LABELS[TicketState(ticket.state)]
    flash(_("Ticket %(number)s is now: %(state)s.", number=ticket.number, state=state_label), "success")
    return redirect(_ticket_url(ticket))


@bp.route("/<int:year>/<int:seq>/comments", methods=["POST"])
@requires("tickets.view")
def comment(year: int, seq: int) -> Any:
    ticket = _ticket_or_404(year, seq)
    form = CommentForm()
    if not form.validate_on_submit():
        return _render_ticket(ticket, 400, comment_form=form)
    public = bool(form.public.data)
    if public and not queries.can_work(current_user, ticket):
        abort(403)
    try:
        operations.add_comment(current_user, ticket, form.body.data or "", public=public)
    except UserError as error:
        db.session.rollback()
        show_error(form, error)
        return _render_ticket(ticket, 400, comment_form=form)
    db.session.commit()
    flash(_("Reply sent to the resident.") if public else _("Note added."), "success")
    return redirect(_ticket_url(ticket))


@bp.route("/<int:year>/<int:seq>/reroute", methods=["POST"])
@requires("tickets.reroute")
def reroute(year: int, seq: int) -> Any:
    ticket = _ticket_or_404(year, seq)
    form = RerouteForm()
    if not form.validate_on_submit():
        return _render_ticket(ticket, 400, reroute_form=form)
    try:
        operations.reroute(current_user, ticket, form.unit.data or "", form.reason.data or "", form.version.data)
    except UserError as error:
        db.session.rollback()
        db.session.refresh(ticket)
        show_error(form, error)
        if error.field not in ("unit", "reason"):
            flash(error.message, "error")
        return _render_ticket(ticket, error.status, reroute_form=form)
    db.session.commit()
    unit_code = ticket.unit.code if ticket.unit else ""
    flash(_("Ticket %(number)s sent to %(unit)s.", number=ticket.number, unit=unit_code), "success")
    return redirect(_ticket_url(ticket))


@bp.route("/<int:year>/<int:seq>/attachments", methods=["POST"])
@requires("tickets.view")
def upload(year: int, seq: int) -> Any:
    ticket = _ticket_or_404(year, seq)
    if not ActionForm().validate_on_submit():
        abort(400)
    upload_file = request.files.get("file")
    if upload_file is None:
        flash(_("Choose a file to attach."), "error")
        return _render_ticket(ticket, 400)
    try:
        operations.add_attachment(current_user, ticket, upload_file.filename or "", upload_file.read())
    except UserError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _render_ticket(ticket, 400)
    db.session.commit()
    flash(_("File attached."), "success")
    return redirect(_ticket_url(ticket))


@bp.route("/attachments/<int:attachment_id>")
@requires("tickets.view")
def attachment(attachment_id: int) -> Any:
    found = db.session.get(Attachment, attachment_id)
    if found is None:
        abort(404)
    ticket = db.session.get(Ticket, found.ticket_id)
    if ticket is None or not queries.can_see(current_user, ticket):
        abort(404)
    return send_file(
        io.BytesIO(found.data), mimetype=found.content_type, as_attachment=True, download_name=found.filename
    )
