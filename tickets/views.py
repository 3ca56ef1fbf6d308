from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from openpyxl import Workbook
from wtforms.fields.choices import SelectChoice

from cct import slots
from cct.auth import queries as accounts
from cct.auth.access import requires
from cct.db import utcnow
from cct.errors import UserError
from cct.forms import ActionForm, local_path
from cct.identifiers import CALL_SID_MAX
from cct.office_calendar import local_today, office_calendar, start_of_day
from cct.org import queries as units
from cct.phones import display as display_phone
from cct.phones import to_e164
from cct.privacy.access import accessed
from cct.privacy.schemas import AccessKind, looks_like_contact
from cct.spreadsheets import safe_cell
from cct.web import button, draft_saved, forget_draft, form_page, redisplay
from tickets import clocks, operations, picker, placeholders, policy, queries
from tickets import schemas as limits
from tickets.forms import (
    CATEGORY_TYPED_MAX,
    BulkForm,
    CommentForm,
    EditTicketForm,
    ExtendForm,
    MergeForm,
    NewTicketForm,
    NumberForm,
    ReplyTemplateForm,
    RerouteForm,
    TransitionForm,
)
from tickets.models import Category, ReplyTemplate, Ticket
from tickets.schemas import TicketInput
from tickets.states import (
    ACTION_LABELS,
    CHANNEL_LABELS,
    OPEN_VALUES,
    PRIORITY_LABELS,
    STATE_LABELS,
    TRANSITIONS,
    Channel,
    Priority,
    StatutoryKind,
    TicketState,
)

bp = Blueprint(
    "tickets",
    __name__,
    url_prefix="/tickets",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)


def _ticket_or_404(year: int, seq: int) -> Ticket:
    ticket = queries.find_by_parts(year, seq)
    if ticket is None or not policy.can_see(current_user, ticket):
        abort(404)  # another unit's ticket is not even confirmed to exist
    return ticket


def _ticket_url(ticket: Ticket) -> str:
    return url_for("tickets.show", year=ticket.year, seq=ticket.seq)


# -- the agent's form --------------------------------------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@requires("tickets.create")
def create() -> Any:
    """The agent's workspace for one call: the caller and their history, the ticket, the knowledge panel."""
    form = NewTicketForm()
    if request.method == "GET":
        form.resident_phone.data = request.args.get("phone", "")[: limits.PHONE_TYPED_MAX]
        form.resident_name.data = request.args.get("name", "")[: limits.NAME_MAX]
        form.call_sid.data = request.args.get("call", "")[:CALL_SID_MAX]
    nearest: list[Any] = []

    def page() -> str:
        phone = to_e164(form.resident_phone.data or "")
        return render_template(
            "tickets/new.html",
            form=form,
            phone=phone,
            typed=form.resident_phone.data,
            earlier=queries.earlier_tickets(phone) if phone else [],
            nearest=nearest,
            told=_told_articles(form.articles.data),
        )

    if form.validate_on_submit():
        redisplay(page, form)
        category, nearest = queries.typed_category(form.category.data or "")
        if category is None:
            raise UserError("unknown_category", _unknown_category(form.category.data or "", nearest), "category")
        data = TicketInput(
            subject=form.subject.data or "",
            category=category.code,
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
            call_sid=form.call_sid.data or None,
        )
        ticket = operations.create_ticket(current_user, data, articles=_told_articles(form.articles.data))
        flash(
            _(
                "Ticket %(number)s opened and sent to %(unit)s. Tell the caller the number and the code "
                "%(code)s (with both they can check the ticket on the city's website).",
                number=ticket.number,
                unit=ticket.unit.name if ticket.unit else "—",
                code=ticket.public_code,
            ),
            "success",
        )
        forget_draft(form.draft_key.data)
        return redirect(_ticket_url(ticket))
    return page(), 400 if request.method == "POST" else 200


def _told_articles(text: str | None) -> list[str]:
    """The articles the agent chose during the call: slugs, one per line, as the workspace's script lists them."""
    return [slug for slug in (text or "").split() if slug]


def _unknown_category(typed: str, nearest: list[picker.Choice]) -> str:
    if not nearest:
        return _("No category matches “%(typed)s”. Type a word the caller used, e.g. “latarnia”.", typed=typed)
    return _(
        "“%(typed)s” is not one category. The nearest: %(names)s.",
        typed=typed,
        names="; ".join(choice.label for choice in nearest[: limits.NEAREST_SHOWN]),
    )


@bp.route("/categories")
@requires("tickets.create")
def categories() -> Any:
    """The category picker's suggestions for what the agent typed (JSON for the workspace's script)."""
    typed = request.args.get("q", "")[:CATEGORY_TYPED_MAX]
    choices = queries.category_choices()
    found = picker.matches(typed, choices) if typed.strip() else sorted(choices, key=lambda c: c.path)
    return jsonify({"categories": [{"code": c.code, "path": c.path, "label": c.label} for c in found]})


@bp.route("/caller")
@requires("tickets.create")
def caller() -> Any:
    """The caller's earlier tickets while the agent types the number (an HTML fragment for the workspace)."""
    typed = request.args.get("phone", "")
    if len(typed) > limits.PHONE_TYPED_MAX:
        page = render_template("tickets/_caller.html", too_long=True, phone_max=limits.PHONE_TYPED_MAX)
        return page, 400
    phone = to_e164(typed)
    earlier = queries.earlier_tickets(phone) if phone else []
    if earlier:
        accessed(AccessKind.SEARCH, phone, request.path)
    return render_template("tickets/_caller.html", earlier=earlier, typed=typed, phone=phone, too_long=False)


# -- the queue ---------------------------------------------------------------------------------------------------


QUEUE_VIEW_LABELS = {
    "all": _l("All"),
    "mine": _l("Mine"),
    "unassigned": _l("Unassigned"),
    "units": _l("My units"),
    "overdue": _l("Overdue"),
    "at_risk": _l("At risk"),
}
QUEUE_VIEWS = tuple(QUEUE_VIEW_LABELS)


def _queue_filter(view: str, states: tuple[str, ...], unit_id: int | None, text: str) -> queries.QueueFilter:
    """The queue's tabs as a filter: mine, nobody's yet, my units', past the deadline, and at risk (the deadline
    falls within the next AT_RISK_OFFICE_HOURS office hours)."""
    now = utcnow()
    base = queries.QueueFilter(states=states, unit_id=unit_id, text=text[: limits.SEARCH_TEXT_MAX])
    if view == "mine":
        return replace(base, assignee_id=current_user.id)
    if view == "unassigned":
        return replace(base, unassigned=True)
    if view == "units":
        return replace(base, unit_ids=tuple(current_user.unit_ids))
    if view == "overdue":
        return replace(base, states=OPEN_VALUES, due_before=now)
    if view == "at_risk":
        return replace(base, states=OPEN_VALUES, due_from=now, due_before=_at_risk_until(now))
    return base


@bp.route("/")
@requires("tickets.view")
def index() -> Any:
    state = request.args.get("state", "open")
    states = {"open": OPEN_VALUES, "all": tuple(queries.all_states())}.get(state, (state,))
    if any(s not in queries.all_states() for s in states):
        abort(400)
    view = request.args.get("view", "all")
    if view not in QUEUE_VIEWS:
        abort(400)
    unit_id = request.args.get("unit", type=int)
    if unit_id is not None and not policy.can_see_unit(current_user, unit_id):
        abort(404)
    after = queries.Cursor.decode(request.args["after"]) if request.args.get("after") else None
    if request.args.get("after") and after is None:
        abort(400)
    text = request.args.get("q", "").strip()
    if text:  # by a phone, an address or a name: what a person's data was looked up by
        contact = looks_like_contact(text)
        accessed(AccessKind.SEARCH, contact.value if contact else "", f"{request.path}?q={text}")
    channel = request.args.get("channel") or None
    if channel is not None and channel not in CHANNEL_LABELS:
        abort(400)
    opened = request.args.get("opened") or None
    if opened not in (None, "today"):
        abort(400)
    filters = replace(
        _queue_filter(view, states, unit_id, text),
        channel=channel,
        created_from=_start_of_today() if opened else None,
    )
    page_size = 50
    rows = queries.queue(current_user, filters, after, limit=page_size + 1)
    more = len(rows) > page_size
    rows = rows[:page_size]
    next_cursor = queries.Cursor.after(rows[-1]).encode() if more and rows else None
    bulk_form = None
    if current_user.has_permission("tickets.bulk"):
        bulk_form = BulkForm(formdata=None)
        bulk_form.assignee.choices = [SelectChoice("", _("— nobody —"))] + [
            SelectChoice(user.login, user.full_name) for user in queries.assignable_users()
        ]
        bulk_form.unit.choices = [
            SelectChoice(unit.code, f"{unit.code} — {unit.name}") for unit in units.active_units()
        ]
    return render_template(
        "tickets/index.html",
        bulk_form=bulk_form,
        tickets=rows,
        state=state,
        view=view,
        views=QUEUE_VIEW_LABELS,
        channel=channel,
        opened=opened,
        q=text[: limits.SEARCH_TEXT_MAX],
        search_max=limits.SEARCH_TEXT_MAX,
        unit_id=unit_id,
        units=units.active_units() if policy.sees_all(current_user) else current_user.units,
        next_cursor=next_cursor,
        flags={ticket.id: queries.sla_flag(ticket) for ticket in rows},
        all_states=queries.all_states(),
    )


@bp.route("/bulk", methods=["POST"])
@requires("tickets.bulk")
def bulk() -> Any:
    """Several tickets from the queue at once: given to one person, or sent to one unit with a reason. All or
    nothing: the first refusal (named with its ticket's number) leaves every ticket as it was."""
    form = BulkForm()
    back = local_path(request.form.get("next")) or url_for("tickets.index")
    redisplay(lambda: redirect(back))
    if not form.validate_on_submit():
        raise UserError("bad_form", " ".join(error for errors in form.errors.values() for error in errors))
    ids = list(dict.fromkeys(form.ticket.data or []))
    if not ids:
        raise UserError("none_chosen", _("Choose the tickets first (the boxes in the first column)."))
    if len(ids) > limits.BULK_MAX:
        raise UserError("too_many", _("At most %(count)s tickets at once.", count=limits.BULK_MAX))
    if form.action.data == "reroute" and not (form.reason.data or "").strip():
        raise UserError("reason_required", _("Say why the tickets go to another unit."), "reason")
    chosen = queries.visible_by_ids(current_user, ids)
    if len(chosen) != len(ids):
        raise UserError("not_found", _("Some of the chosen tickets no longer exist or are not yours to see."))
    for ticket in chosen:
        try:
            if form.action.data == "assign":
                operations.update_ticket(current_user, ticket, {"assignee": form.assignee.data}, None)
            else:
                operations.reroute(current_user, ticket, form.unit.data or "", form.reason.data or "", None)
        except UserError as error:
            raise UserError(error.code, f"{ticket.number}: {error.message}", None, error.status) from error
    flash(
        _("%(count)s tickets given to the chosen person.", count=len(chosen))
        if form.action.data == "assign"
        else _("%(count)s tickets sent to the chosen unit.", count=len(chosen)),
        "success",
    )
    return redirect(back)


# -- answer templates --------------------------------------------------------------------------------------------


def _template_form(form: ReplyTemplateForm) -> ReplyTemplateForm:
    shared = [SelectChoice("", _("everyone (shared)"))] if current_user.has_permission("tickets.templates_all") else []
    keeps = [unit for unit in units.active_units() if policy.can_keep_templates(current_user, unit.id)]
    form.unit.choices = shared + [SelectChoice(unit.code, f"{unit.code} — {unit.name}") for unit in keeps]
    return form


def _template_or_404(template_id: int) -> ReplyTemplate:
    template = queries.reply_template(template_id)
    if template is None or not template.active or not policy.can_keep_templates(current_user, template.unit_id):
        abort(404)
    return template


@bp.route("/templates", methods=["GET", "POST"])
@requires("tickets.templates")
def templates() -> Any:
    """Answer templates: those the user keeps, and a form for a new one."""
    form = _template_form(ReplyTemplateForm())

    def save() -> str:
        template = operations.save_reply_template(
            current_user, None, form.unit.data or None, form.title.data or "", form.body.data or ""
        )
        return _("Template “%(title)s” saved.", title=template.title)

    return form_page(form, save, url_for("tickets.templates"), "tickets/templates.html", **_templates_context())


def _templates_context() -> dict[str, Any]:
    return {
        "templates": queries.kept_templates(current_user),
        "placeholder_hint": ", ".join("{" + name + "}" for name in placeholders.NAMES),
    }


@bp.route("/templates/<int:template_id>", methods=["GET", "POST"])
@requires("tickets.templates")
def template_edit(template_id: int) -> Any:
    template = _template_or_404(template_id)
    form = _template_form(ReplyTemplateForm(obj=None if request.method == "POST" else template))
    if request.method == "GET":
        form.unit.data = template.unit.code if template.unit else ""

    def save() -> str:
        operations.save_reply_template(
            current_user, template, form.unit.data or None, form.title.data or "", form.body.data or ""
        )
        return _("Template “%(title)s” saved.", title=template.title)

    return form_page(
        form, save, url_for("tickets.templates"), "tickets/templates.html", editing=template, **_templates_context()
    )


@bp.route("/templates/<int:template_id>/archive", methods=["POST"])
@requires("tickets.templates")
def template_archive(template_id: int) -> Any:
    template = _template_or_404(template_id)

    def archive() -> str:
        operations.archive_reply_template(current_user, template)
        return _("Template “%(title)s” is no longer offered.", title=template.title)

    return button(archive, url_for("tickets.templates"))


def _filled_templates(ticket: Ticket) -> list[tuple[str, str]]:
    """The answer templates offered on this ticket, their placeholders filled from it."""
    zone = office_calendar().timezone
    values = {
        "numer": ticket.number,
        "kod": ticket.public_code or "",
        "kategoria": ticket.category.name,
        "jednostka": ticket.unit.name if ticket.unit else "",
        "termin": ticket.resolution_due.astimezone(zone).strftime("%d.%m.%Y") if ticket.resolution_due else "",
        "mieszkaniec": ticket.resident_name or "",
    }
    return [(t.title, placeholders.fill(t.body, values)) for t in queries.reply_templates_for(ticket)]


def _start_of_today() -> datetime:
    return start_of_day(local_today(), office_calendar().timezone)


def _at_risk_until(now: datetime) -> datetime:
    """Where "at risk" ends: AT_RISK_OFFICE_HOURS office hours from now (the queue's tab and the board alike)."""
    return office_calendar().add(now, timedelta(hours=limits.AT_RISK_OFFICE_HOURS))


# -- the supervisors' live board -----------------------------------------------------------------------------------

BOARD_EVERY_MS = 5000  # how often the board asks again (short polling: a supervisor's screen, not a screen-pop)


@bp.route("/board")
@requires("tickets.dashboard")
def board() -> Any:
    """The wallboard: agents and calls (telephony fills the slot "board.sections"), today's tickets by channel,
    overdue and at-risk tickets per unit; every count links to the list behind it. `?part=1` is the refreshed part."""
    now = utcnow()
    soon = _at_risk_until(now)
    context = {
        "opened": queries.opened_by_channel(current_user, _start_of_today()),
        "load": queries.unit_load(current_user, now, soon),
        "at_risk_hours": limits.AT_RISK_OFFICE_HOURS,
    }
    if request.args.get("part") == "1":
        response = Response(render_template("tickets/_board.html", **context))
        response.headers["Cache-Control"] = "no-store"
        return response
    return render_template("tickets/board.html", every_ms=BOARD_EVERY_MS, **context)


# -- one ticket --------------------------------------------------------------------------------------------------


def _render_ticket(ticket: Ticket, status: int = 200, **forms: Any) -> Any:
    can_work = policy.can_work(current_user, ticket)
    reroute_form = forms.get("reroute_form") or RerouteForm(formdata=None, prefix="reroute")
    reroute_form.unit.choices = [SelectChoice("", _("— choose —"))] + [
        SelectChoice(unit.code, f"{unit.code} — {unit.name}")
        for unit in units.active_units()
        if unit.id != ticket.unit_id
    ]
    timeline = sorted(
        # replies and notes appear once, as themselves, not also as the events that recorded them
        [
            ("event", event.at, event)
            for event in ticket.events
            if event.kind not in ("reply", "note", "resident_comment")
        ]
        + [("comment", comment.created_at, comment) for comment in ticket.comments],
        key=lambda item: (item[1], 0 if item[0] == "event" else 1),
    )
    targets = sorted(TRANSITIONS[TicketState(ticket.state)], key=list(TicketState).index) if can_work else []
    edit_form = forms.get("edit_form") or EditTicketForm(
        formdata=None,
        prefix="edit",
        version=ticket.version,
        subject=ticket.subject,
        priority=ticket.priority,
        assignee=ticket.assignee.login if ticket.assignee else "",
        address=ticket.address,
        district=ticket.district,
        tags=", ".join(ticket.tags),
    )
    edit_form.assignee.choices = _assignee_choices(ticket)
    forwarding_due = (
        clocks.forwarding_deadline(ticket.created_at, office_calendar().timezone)
        if ticket.statutory_kind in (StatutoryKind.COMPLAINT, StatutoryKind.MOTION) and ticket.is_open
        else None
    )
    return (
        render_template(
            "tickets/show.html",
            ticket=ticket,
            timeline=timeline,
            told=[link for links in slots.gathered("ticket.articles", ticket_id=ticket.id) for link in links],
            just_saved=draft_saved(),
            can_work=can_work,
            reply_templates=_filled_templates(ticket) if can_work else [],
            can_reply_and_resolve=can_work and TicketState.RESOLVED in TRANSITIONS[TicketState(ticket.state)],
            can_reroute=policy.can_reroute(current_user),
            can_merge=policy.can_merge(current_user, ticket),
            can_close_as_duplicate=policy.can_close_as_duplicate(current_user, ticket),
            can_extend=policy.can_extend(current_user, ticket),
            targets=[(target.value, ACTION_LABELS.get(target, STATE_LABELS[target])) for target in targets],
            transition_form=forms.get("transition_form") or TransitionForm(formdata=None, prefix="state"),
            comment_form=forms.get("comment_form") or CommentForm(formdata=None),
            reroute_form=reroute_form,
            edit_form=edit_form,
            duplicate_form=forms.get("duplicate_form") or NumberForm(formdata=None, prefix="duplicate"),
            related_form=forms.get("related_form") or NumberForm(formdata=None, prefix="related"),
            extend_form=forms.get("extend_form") or ExtendForm(formdata=None, prefix="extend"),
            forwarding_due=forwarding_due,
            related=queries.related(ticket),
            sla_flag=queries.sla_flag(ticket),
            action_form=ActionForm(),
        ),
        status,
    )


@bp.route("/<int:year>/<int:seq>")
@requires("tickets.view")
def show(year: int, seq: int) -> Any:
    ticket = _ticket_or_404(year, seq)
    _log_look(ticket)
    return _render_ticket(ticket)


def _log_look(ticket: Ticket) -> None:
    """The personal-data access log's line for a ticket that names its resident (cct.privacy)."""
    if ticket.names_resident:
        accessed(AccessKind.TICKET, ticket.resident_contact, ticket.number)


def _act(ticket: Ticket, form: Any, form_key: str, action: Callable[[], str]) -> Any:
    """One action on the ticket page: validate the form, run the operation and come back to the ticket; or show the
    page again with the error (409 for a stale version or an illegal move)."""
    if not form.validate_on_submit():
        return _render_ticket(ticket, 400, **{form_key: form})
    redisplay(lambda: _render_ticket(ticket, **{form_key: form}), form)
    flash(action(), "success")
    return redirect(_ticket_url(ticket))


def _workable_or_403(year: int, seq: int) -> Ticket:
    ticket = _ticket_or_404(year, seq)
    if not policy.can_work(current_user, ticket):
        abort(403)
    return ticket


@bp.route("/<int:year>/<int:seq>/transition", methods=["POST"])
@requires("tickets.work")
def transition(year: int, seq: int) -> Any:
    ticket = _workable_or_403(year, seq)
    form = TransitionForm(prefix="state")

    def move() -> str:
        operations.transition(
            current_user, ticket, form.target.data or "", expected_version=form.version.data, reason=form.reason.data
        )
        state = STATE_LABELS[TicketState(ticket.state)]
        return _("Ticket %(number)s is now: %(state)s.", number=ticket.number, state=state)

    return _act(ticket, form, "transition_form", move)


@bp.route("/<int:year>/<int:seq>/comments", methods=["POST"])
@requires("tickets.view")
def comment(year: int, seq: int) -> Any:
    ticket = _ticket_or_404(year, seq)
    form = CommentForm()
    public = bool(form.public.data)
    resolve = request.form.get("resolve") == "1"
    if (public or resolve) and not policy.can_work(current_user, ticket):
        abort(403)

    def add() -> str:
        if resolve:
            operations.reply_and_resolve(current_user, ticket, form.body.data or "", expected_version=form.version.data)
            return _("Reply sent to the resident and the ticket resolved.")
        operations.add_comment(current_user, ticket, form.body.data or "", public=public)
        return _("Reply sent to the resident.") if public else _("Note added.")

    return _act(ticket, form, "comment_form", add)


@bp.route("/<int:year>/<int:seq>/reroute", methods=["POST"])
@requires("tickets.reroute")
def reroute(year: int, seq: int) -> Any:
    ticket = _ticket_or_404(year, seq)
    form = RerouteForm(prefix="reroute")

    def send() -> str:
        operations.reroute(current_user, ticket, form.unit.data or "", form.reason.data or "", form.version.data)
        unit_code = ticket.unit.code if ticket.unit else ""
        return _("Ticket %(number)s sent to %(unit)s.", number=ticket.number, unit=unit_code)

    return _act(ticket, form, "reroute_form", send)


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
    redisplay(lambda: _render_ticket(ticket))
    operations.add_attachment(current_user, ticket, upload_file.filename or "", upload_file.read())
    flash(_("File attached."), "success")
    return redirect(_ticket_url(ticket))


@bp.route("/attachments/<int:attachment_id>")
@requires("tickets.view")
def attachment(attachment_id: int) -> Any:
    found = queries.attachment(attachment_id)
    ticket = queries.by_id(found.ticket_id) if found is not None else None
    if found is None or ticket is None or not policy.can_see(current_user, ticket):
        abort(404)
    return send_file(
        io.BytesIO(found.data), mimetype=found.content_type, as_attachment=True, download_name=found.filename
    )


# -- the supervisor's dashboard and exports ----------------------------------------------------------------------

EXPORT_LIMIT = 100_000
# the spreadsheet's columns, headed in the user's language (Polish first); the residents' ones only on request
EXPORT_COLUMNS = (
    _l("Number"), _l("State"), _l("Category"), _l("Unit"), _l("Priority"), _l("Channel"), _l("Subject"),
    _l("Address or place"), _l("District (osiedle)"), _l("Handled by"), _l("Opened"), _l("First response due"),
    _l("First response"), _l("Resolution due"), _l("Resolved"), _l("Closed"),
)  # fmt: skip
RESIDENT_COLUMNS = (_l("Resident"), _l("Phone"), _l("E-mail"))


def _search_from_args() -> tuple[queries.Search, str | None]:
    """The dashboard's filters from the query string, and an error message for the first bad one."""
    args = request.args
    state = args.get("state", "open")
    if state not in ("open", "all", *queries.all_states()):
        return queries.Search(), _("Unknown state: %(state)s.", state=state)
    unit_id = category_id = None
    if args.get("unit"):
        unit = units.unit_by_code(args["unit"], active_only=False)
        if unit is None:
            return queries.Search(), _("Unknown unit: %(codes)s.", codes=args["unit"])
        unit_id = unit.id
    if args.get("category"):
        category = queries.category_by_code(args["category"], active_only=False)
        if category is None:
            return queries.Search(), _("Unknown category: %(code)s.", code=args["category"])
        category_id = category.id
    dates: dict[str, datetime | None] = {}
    zone = office_calendar().timezone
    for name in ("from", "to"):
        text = args.get(name, "")
        if not text:
            dates[name] = None
            continue
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return queries.Search(), _("%(value)s is not a date (use YYYY-MM-DD).", value=text)
        start = datetime.combine(day, time(), tzinfo=zone)
        dates[name] = start if name == "from" else start + timedelta(days=1)
    search = queries.Search(
        text=args.get("q", "")[: limits.SEARCH_TEXT_MAX],
        state=state,
        unit_id=unit_id,
        category_id=category_id,
        created_from=dates["from"],
        created_to=dates["to"],
    )
    return search, None


@bp.route("/dashboard")
@requires("tickets.dashboard")
def dashboard() -> Any:
    search, error = _search_from_args()
    if error:
        flash(error, "error")
    now = utcnow()
    all_units = units.all_units()
    by_id = {unit.id: unit for unit in all_units}
    categories: dict[int, Category] = {category.id: category for category in queries.all_categories()}
    shown = queries.dashboard(current_user, search, now)
    page = render_template(
        "tickets/dashboard.html",
        search=search,
        found=shown.found,
        found_total=shown.found_total,
        # the filters, for the export links (which add their own `residents`)
        args={key: value for key, value in request.args.items() if key != "residents"},
        by_state=shown.by_state,
        by_unit=[(by_id.get(key), n) for key, n in shown.by_unit],
        by_category=[(categories[key], n) for key, n in shown.by_category][:15],
        by_assignee=shown.by_assignee,
        assignees=accounts.users_by_ids([key for key, _n in shown.by_assignee if key is not None]),
        overdue_total=shown.overdue_total,
        overdue=shown.overdue,
        oldest=shown.oldest,
        all_units=all_units,
        all_categories=sorted(categories.values(), key=lambda category: category.code),
        all_states=queries.all_states(),
    )
    return page, 400 if error else 200


def _export_values(ticket: Ticket, residents: bool) -> list[Any]:
    zone = office_calendar().timezone

    def local(value: datetime | None) -> str:
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""

    values = [
        ticket.number,
        str(STATE_LABELS[TicketState(ticket.state)]),
        ticket.category.path,
        ticket.unit.name if ticket.unit else "",
        str(PRIORITY_LABELS[Priority(ticket.priority)]),
        str(CHANNEL_LABELS[Channel(ticket.channel)]),
        ticket.subject,
        ticket.address or "",
        ticket.district or "",
        ticket.assignee.full_name if ticket.assignee else "",
        local(ticket.created_at),
        local(ticket.first_response_due),
        local(ticket.first_response_at),
        local(ticket.resolution_due),
        local(ticket.resolved_at),
        local(ticket.closed_at),
    ]
    if residents:
        phone = display_phone(ticket.resident_phone) if ticket.resident_phone else ""
        values += [ticket.resident_name or "", phone, ticket.resident_email or ""]
    return [safe_cell(value) for value in values]  # a resident's "=HYPERLINK(…)" stays text in Excel


@bp.route("/export.<any(csv, xlsx):kind>")
@requires("tickets.dashboard")
def export(kind: str) -> Any:
    """The dashboard's tickets as a spreadsheet, headed and labelled in the user's language. Residents' names and
    contacts only when asked for (`residents=1`) by a role that may take them out (exports travel)."""
    search, error = _search_from_args()
    if error:
        abort(400, description=error)
    residents = request.args.get("residents") == "1"
    if residents and not current_user.has_permission("tickets.export_residents"):
        abort(403)
    columns = [str(label) for label in EXPORT_COLUMNS + (RESIDENT_COLUMNS if residents else ())]
    if residents:
        accessed(AccessKind.EXPORT, "", request.full_path)
    rows = queries.export_rows(current_user, search, EXPORT_LIMIT)
    stamp = utcnow().astimezone(office_calendar().timezone).strftime("%Y%m%d-%H%M")
    if kind == "csv":

        def lines() -> Any:
            buffer = io.StringIO()
            writer = csv.writer(buffer, delimiter=";")  # what Excel expects in a Polish locale
            buffer.write("\ufeff")  # BOM, so Excel reads UTF-8
            writer.writerow(columns)
            for ticket in rows:
                writer.writerow(_export_values(ticket, residents))
                if buffer.tell() > 64_000:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
            yield buffer.getvalue()

        response = Response(stream_with_context(lines()), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="zgloszenia-{stamp}.csv"'
        return response
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Zgłoszenia")
    sheet.append(columns)
    for ticket in rows:
        sheet.append(_export_values(ticket, residents))
    output = io.BytesIO()
    workbook.save(output)
    output.seek(0)
    return send_file(
        output,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=f"zgloszenia-{stamp}.xlsx",
    )


def _assignee_choices(ticket: Ticket) -> list[SelectChoice]:
    """People who may handle the ticket (tickets.policy.can_be_assigned): staff of its unit, and supervisors."""
    eligible = queries.eligible_assignees(ticket)
    return [SelectChoice("", _("— nobody —"))] + [SelectChoice(user.login, user.full_name) for user in eligible]


@bp.route("/<int:year>/<int:seq>/edit", methods=["POST"])
@requires("tickets.work")
def edit(year: int, seq: int) -> Any:
    ticket = _workable_or_403(year, seq)
    form = EditTicketForm(prefix="edit")
    form.assignee.choices = _assignee_choices(ticket)

    def save() -> str:
        values = {
            "subject": form.subject.data,
            "priority": form.priority.data,
            "assignee": form.assignee.data or None,
            "address": form.address.data,
            "district": form.district.data,
            "tags": form.tags.data or "",
        }
        changes = operations.update_ticket(current_user, ticket, values, expected_version=form.version.data)
        return _("Ticket %(number)s saved.", number=ticket.number) if changes else _("Nothing changed.")

    return _act(ticket, form, "edit_form", save)


def _other_ticket(form: NumberForm) -> Ticket:
    other = queries.visible(current_user, form.number.data or "")
    if other is None:
        message = _("No ticket with the number %(number)s.", number=form.number.data)
        raise UserError("ticket_not_found", message, "number")
    return other


def _mergeable_or_403(year: int, seq: int) -> Ticket:
    ticket = _ticket_or_404(year, seq)
    if not policy.can_merge(current_user, ticket):
        abort(403)
    return ticket


@bp.route("/<int:year>/<int:seq>/duplicate", methods=["POST"])
@requires("tickets.merge")
def duplicate(year: int, seq: int) -> Any:
    ticket = _mergeable_or_403(year, seq)
    form = NumberForm(prefix="duplicate")

    def close() -> str:
        operations.mark_duplicate(current_user, ticket, _other_ticket(form), expected_version=form.version.data)
        return _("Ticket %(number)s closed as a duplicate.", number=ticket.number)

    return _act(ticket, form, "duplicate_form", close)


@bp.route("/<int:year>/<int:seq>/not-duplicate", methods=["POST"])
@requires("tickets.merge")
def not_duplicate(year: int, seq: int) -> Any:
    ticket = _mergeable_or_403(year, seq)
    form = MergeForm()

    def dismiss() -> str:
        operations.dismiss_likely_duplicate(current_user, ticket, expected_version=form.version.data)
        return _("Ticket %(number)s is no longer flagged as a duplicate.", number=ticket.number)

    return _act(ticket, form, "merge_form", dismiss)


@bp.route("/<int:year>/<int:seq>/related", methods=["POST"])
@requires("tickets.view")
def relate(year: int, seq: int) -> Any:
    ticket = _ticket_or_404(year, seq)
    form = NumberForm(prefix="related")

    def link() -> str:
        operations.link(current_user, ticket, _other_ticket(form))
        return _("Tickets linked.")

    return _act(ticket, form, "related_form", link)


@bp.route("/<int:year>/<int:seq>/extend", methods=["POST"])
@requires("tickets.work")
def extend(year: int, seq: int) -> Any:
    ticket = _workable_or_403(year, seq)
    form = ExtendForm(prefix="extend")

    def prolong() -> str:
        operations.extend_public_info_deadline(current_user, ticket, form.reason.data or "", form.version.data)
        return _("The deadline is extended; the notice to the requester is recorded.")

    return _act(ticket, form, "extend_form", prolong)
