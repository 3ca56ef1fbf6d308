"""The press office's pages: its desk (what is due, with countdowns), media enquiries from registration to the sent
answer, the questions city units answer from their queue, media contacts, and interviews to authorise."""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from babel.dates import format_timedelta
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import escape

from cct import feeds
from cct.auth import queries as accounts
from cct.auth.access import public, requires
from cct.db import utcnow
from cct.diff import word_diff
from cct.errors import Unprocessable
from cct.forms import ActionForm, unit_choices
from cct.office_calendar import local_today, office_calendar
from cct.pdf import pdf_response
from cct.spreadsheets import safe_cell
from cct.web import button, form_page, office_time, or_404, page_action, redisplay, time_left, uploaded
from press import clocks, operations, policy, queries
from press import figures as press_figures
from press import monitoring as monitoring_rules
from press import schemas as limits
from press.forms import (
    ApproveForm,
    AskUnitForm,
    AssignForm,
    AuthorisationForm,
    ClippingForm,
    CorrectionForm,
    CorrectionOutcomeForm,
    CorrectionSentForm,
    DecisionForm,
    DraftForm,
    EnquiryForm,
    ExtendForm,
    FileForm,
    JournalistForm,
    MergeForm,
    NoteForm,
    OutletForm,
    PositionForm,
    RefusalAskedForm,
    RefusalForm,
    ReleaseCorrectionForm,
    ReleaseForm,
    SurveyForm,
    UnitAnswerForm,
)
from press.models import Correction, Enquiry
from press.planning import queries as planning
from press.schemas import AuthorisationInput, EnquiryInput
from press.states import (
    CHANNEL_LABELS,
    CONFERENCE_STATE_LABELS,
    CORRECTABLE,
    CORRECTION_STATE_LABELS,
    ENQUIRY_OPEN,
    ENQUIRY_STATE_LABELS,
    EVENT_LABELS,
    MEDIUM_LABELS,
    OUTCOME_LABELS,
    OUTLET_KIND_LABELS,
    POSITION_STATE_LABELS,
    RECEIVED_VIA_LABELS,
    RELEASE_STATE_LABELS,
    TONE_LABELS,
    EnquiryState,
    FileOwner,
    Medium,
    Outcome,
    ReleaseState,
    Tone,
)

T = TypeVar("T")
MONITORING_LABELS = {"mediums": MEDIUM_LABELS, "tones": TONE_LABELS, "correction_states": CORRECTION_STATE_LABELS}

bp = Blueprint(
    "press",
    __name__,
    url_prefix="/press",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)


def refusal_due(enquiry: Enquiry) -> datetime | None:
    if enquiry.refusal_asked_at is None:
        return None
    return clocks.refusal_due(enquiry.refusal_asked_at, office_calendar().timezone)


def target(enquiry: Enquiry) -> datetime:
    return clocks.working_target(enquiry.answer_due, enquiry.requested_by)


def _tag_list(text: str | None) -> list[str]:
    return [tag for tag in (text or "").split(",") if tag.strip()]


LABELS = {
    "states": ENQUIRY_STATE_LABELS,
    "kinds": OUTLET_KIND_LABELS,
    "vias": RECEIVED_VIA_LABELS,
    "outcomes": OUTCOME_LABELS,
    "event_labels": EVENT_LABELS,
}


@bp.context_processor
def clocks_for_pages() -> dict[str, Any]:
    return {"remaining": time_left, "refusal_due": refusal_due, "target": target, "now": utcnow(), **LABELS}


# -- the desk and the slots -----------------------------------------------------------------------------------------


@bp.get("/")
@requires("press.work")
def desk() -> Any:
    open_enquiries = queries.open_enquiries()
    approves = policy.can_approve(current_user)
    return render_template(
        "press/desk.html",
        authorisations=queries.pending_authorisations(),
        enquiries=open_enquiries,
        awaiting=[e for e in open_enquiries if e.state == EnquiryState.AWAITING_APPROVAL],
        can_approve=approves,
        corrections=queries.corrections_under_way(),
        correction_states=CORRECTION_STATE_LABELS,
        conferences=planning.upcoming_conferences(utcnow()),
        posts_to_approve=planning.posts_to_approve() if approves else [],
        releases_to_approve=queries.releases(ReleaseState.AWAITING_APPROVAL.value) if approves else [],
        conference_states=CONFERENCE_STATE_LABELS,
        channels=CHANNEL_LABELS,
    )


def home_section() -> str:
    """The slot "home.sections": the press office's countdowns on its staff's home page; a unit's questions from
    the press office on its staff's."""
    parts = []
    if current_user.has_permission("press.work"):
        parts.append(
            render_template(
                "press/_countdown.html",
                authorisations=queries.pending_authorisations(),
                enquiries=queries.open_enquiries()[:10],
                **clocks_for_pages(),
            )
        )
    parts.append(queue_section())
    return "\n".join(part for part in parts if part)


def queue_section() -> str:
    """The slot "queue.sections": what the press office asked the user's units, in their queue."""
    waiting = queries.waiting_unit_requests(current_user)
    if not waiting:
        return ""
    return render_template("press/_unit_requests.html", requests=waiting, **clocks_for_pages())


def audit_object_types() -> dict[str, str]:
    return {
        "Enquiry": _("Media enquiry"),
        "Outlet": _("Media outlet"),
        "Journalist": _("Journalist"),
        "Authorisation": _("Interview authorisation"),
        "Position": _("Official position"),
        "Release": _("Press release"),
        "Clipping": _("Media clipping"),
        "Correction": _("Correction"),
        "PressFile": _("Press office's file"),
        "Survey": _("Survey"),
        "Conference": _("Press conference"),
        "SpeechDraft": _("Speech"),
        "Post": _("Planned post"),
        "CalendarToken": _("Calendar address"),
        "Campaign": _("Information campaign"),
    }


# -- enquiries -----------------------------------------------------------------------------------------------------


@bp.get("/enquiries")
@requires("press.work")
def enquiries() -> Any:
    state = request.args.get("state", "open")
    if state not in {"open", "all", *EnquiryState}:
        state = "open"
    words = request.args.get("q", "")[:200]
    return render_template(
        "press/enquiries.html",
        enquiries=queries.enquiries(None if state == "all" else state, words),
        state=state,
        q=words,
    )


@bp.route("/enquiries/new", methods=["GET", "POST"])
@requires("press.work")
def new_enquiry() -> Any:
    form = EnquiryForm()
    if request.method == "GET":
        form.received_at.data = (
            utcnow().astimezone(office_calendar().timezone).replace(second=0, microsecond=0, tzinfo=None)
        )
    created: list[Enquiry] = []

    def register() -> str:
        data = EnquiryInput(
            journalist=form.journalist.data or "",
            outlet=form.outlet.data or None,
            outlet_kind=form.outlet_kind.data or None,
            questions=form.question.data or "",
            received_at=office_time(form.received_at.data),  # type: ignore[arg-type]
            subject=form.subject.data or "",
            via=form.received_via.data or "",
            journalist_email=form.journalist_email.data,
            journalist_phone=form.journalist_phone.data,
            requested_by=office_time(form.requested_by.data),
            tags=_tag_list(form.tags.data),
        )
        enquiry = operations.register_enquiry(current_user, data)
        created.append(enquiry)
        return _(
            "Enquiry %(number)s registered: the answer is due %(date)s.",
            number=enquiry.number,
            date=_local(enquiry.answer_due),
        )

    return form_page(
        form, register, lambda: url_for("press.enquiry", enquiry_id=created[0].id), "press/enquiry_new.html"
    )


def _local(moment: datetime) -> str:
    return moment.astimezone(office_calendar().timezone).strftime("%d.%m.%Y %H:%M")


def _enquiry_or_404(enquiry_id: int) -> Enquiry:
    return or_404(queries.enquiry(enquiry_id))


def _officer_choices() -> list[tuple[str, str]]:
    return [(user.login, user.full_name) for user in accounts.active_users() if policy.can_work(user)]


def _show(enquiry: Enquiry, **forms: Any) -> str:
    latest = enquiry.drafts[-1] if enquiry.drafts else None
    drafts = [
        (draft, word_diff(enquiry.drafts[index - 1].text, draft.text) if index else None)
        for index, draft in enumerate(enquiry.drafts)
    ]
    ask = forms.get("ask") or AskUnitForm(formdata=None)
    ask.unit.choices = unit_choices()
    assign = forms.get("assign") or AssignForm(
        formdata=None, officer=enquiry.officer.login if enquiry.officer else None
    )
    assign.officer.choices = _officer_choices()
    return render_template(
        "press/enquiry.html",
        enquiry=enquiry,
        drafts=list(reversed(drafts)),
        latest=latest,
        draft_form=forms.get("draft") or DraftForm(formdata=None, text=latest.text if latest else ""),
        ask_form=ask,
        assign_form=assign,
        extend_form=forms.get("extend") or ExtendForm(formdata=None),
        refusal_asked_form=forms.get("refusal_asked") or RefusalAskedForm(formdata=None),
        reason_form=forms.get("reason") or RefusalForm(formdata=None),
        note_form=forms.get("note") or NoteForm(formdata=None),
        action_form=ActionForm(),
        can_approve=policy.can_approve(current_user),
        is_open=enquiry.state in ENQUIRY_OPEN,
        extension_limit=clocks.extension_limit(enquiry.received_at, office_calendar().timezone),
    )


@bp.get("/enquiries/<int:enquiry_id>")
@requires("press.work")
def enquiry(enquiry_id: int) -> Any:
    return _show(_enquiry_or_404(enquiry_id))


def _act(enquiry: Enquiry, name: str, form: Any, action: Callable[[], str]) -> Any:
    """An action of the enquiry's page (cct.web.page_action)."""
    show = functools.partial(_show, enquiry)
    return page_action(show, name, form, action, url_for("press.enquiry", enquiry_id=enquiry.id))


@bp.post("/enquiries/<int:enquiry_id>/draft")
@requires("press.work")
def save_draft(enquiry_id: int) -> Any:
    enquiry = _enquiry_or_404(enquiry_id)
    form = DraftForm()

    def save() -> str:
        draft = operations.save_draft(current_user, enquiry, form.text.data or "")
        return _("Version %(n)d of the answer saved.", n=draft.number)

    return _act(enquiry, "draft", form, save)


@bp.post("/enquiries/<int:enquiry_id>/submit")
@requires("press.work")
def submit(enquiry_id: int) -> Any:
    enquiry = _enquiry_or_404(enquiry_id)

    def send() -> str:
        operations.submit(current_user, enquiry)
        return _("The answer waits for the spokesperson's approval.")

    return _act(enquiry, "action", ActionForm(), send)


@bp.post("/enquiries/<int:enquiry_id>/approve")
@requires("press.approve")
def approve(enquiry_id: int) -> Any:
    enquiry = _enquiry_or_404(enquiry_id)
    form = ApproveForm()

    def approve_it() -> str:
        operations.approve(current_user, enquiry, form.draft.data)
        return _("Answer approved: it may be sent.")

    return _act(enquiry, "approve", form, approve_it)


@bp.post("/enquiries/<int:enquiry_id>/return")
@requires("press.approve")
def send_back(enquiry_id: int) -> Any:
    enquiry = _enquiry_or_404(enquiry_id)
    form = NoteForm()

    def back() -> str:
        operations.send_back(current_user, enquiry, form.note.data or "")
        return _("The answer went back to be changed.")

    return _act(enquiry, "note", form, back)


@bp.post("/enquiries/<int:enquiry_id>/send")
@requires("press.work")
def send_answer(enquiry_id: int) -> Any:
    enquiry = _enquiry_or_404(enquiry_id)
    via = request.form.get("via", "")

    def send() -> str:
        operations.send_answer(current_user, enquiry, via)
        if enquiry.sent_to:
            return _("Answer sent to %(email)s.", email=enquiry.sent_to)
        return _("Answer recorded as given.")

    return _act(enquiry, "action", ActionForm(), send)


@bp.post("/enquiries/<int:enquiry_id>/extend")
@requires("press.work")
def extend(enquiry_id: int) -> Any:
    enquiry = _enquiry_or_404(enquiry_id)
    form = ExtendForm()

    def extend_it() -> str:
        operations.extend(current_user, enquiry, office_time(form.new_due.data), form.reason.data or "")
        return _("The answer is now due %(date)s.", date=_local(enquiry.answer_due))

    return _act(enquiry, "extend", form, extend_it)


@bp.post("/enquiries/<int:enquiry_id>/refusal-asked")
@requires("press.work")
def refusal_asked(enquiry_id: int) -> Any:
    enquiry = _enquiry_or_404(enquiry_id)
    form = RefusalAskedForm()

    def record() -> str:
        operations.refusal_asked(current_user, enquiry, office_time(form.asked_at.data))
        due = refusal_due(enquiry)
        return _("A written refusal, if any, is due %(date)s.", date=_local(due)) if due else ""

    return _act(enquiry, "refusal_asked", form, record)


@bp.post("/enquiries/<int:enquiry_id>/refuse")
@requires("press.approve")
def refuse(enquiry_id: int) -> Any:
    enquiry = _enquiry_or_404(enquiry_id)
    form = RefusalForm()

    def refuse_it() -> str:
        operations.refuse(current_user, enquiry, form.refusal_reason.data or "")
        return _("Information refused; the refusal's text is kept.")

    return _act(enquiry, "reason", form, refuse_it)


@bp.post("/enquiries/<int:enquiry_id>/close")
@requires("press.work")
def close(enquiry_id: int) -> Any:
    enquiry = _enquiry_or_404(enquiry_id)
    form = NoteForm()

    def close_it() -> str:
        operations.close(current_user, enquiry, form.note.data)
        return _("Enquiry %(number)s closed.", number=enquiry.number)

    return _act(enquiry, "note", form, close_it)


@bp.post("/enquiries/<int:enquiry_id>/assign")
@requires("press.work")
def assign(enquiry_id: int) -> Any:
    enquiry = _enquiry_or_404(enquiry_id)
    form = AssignForm()
    form.officer.choices = _officer_choices()

    def assign_it() -> str:
        operations.assign(current_user, enquiry, form.officer.data or "")
        return _("Enquiry assigned.")

    return _act(enquiry, "assign", form, assign_it)


@bp.post("/enquiries/<int:enquiry_id>/ask-unit")
@requires("press.work")
def ask_unit(enquiry_id: int) -> Any:
    enquiry = _enquiry_or_404(enquiry_id)
    form = AskUnitForm()
    form.unit.choices = unit_choices()

    def ask() -> str:
        asked = operations.ask_unit(
            current_user, enquiry, form.unit.data or "", form.question.data or "", office_time(form.due_at.data)
        )
        return _("%(unit)s asked; its answer is needed by %(date)s.", unit=asked.unit.name, date=_local(asked.due_at))

    return _act(enquiry, "ask", form, ask)


# -- a unit answers the press office ---------------------------------------------------------------------------------


@bp.route("/requests/<int:request_id>", methods=["GET", "POST"])
@requires("staff")
def unit_request(request_id: int) -> Any:
    asked = queries.unit_request(request_id)
    if asked is None or not (policy.can_answer(current_user, asked) or policy.can_work(current_user)):
        abort(404)
    form = UnitAnswerForm()

    def answer() -> str:
        operations.answer_unit_request(current_user, asked, form.answer.data or "")
        return _("Thank you: the press office has your answer.")

    return form_page(
        form,
        answer,
        url_for("press.unit_request", request_id=asked.id),
        "press/unit_request.html",
        asked=asked,
        may_answer=policy.can_answer(current_user, asked),
    )


# -- contacts ------------------------------------------------------------------------------------------------------


@bp.get("/contacts")
@requires("press.work")
def contacts() -> Any:
    words = request.args.get("q", "")[:200]
    found = queries.journalists(words)
    return render_template(
        "press/contacts.html",
        outlets=queries.outlets(),
        journalists=found,
        counts=queries.enquiry_counts([j.id for j in found]),
        q=words,
    )


@bp.route("/outlets/new", methods=["GET", "POST"])
@bp.route("/outlets/<int:outlet_id>", methods=["GET", "POST"])
@requires("press.work")
def outlet(outlet_id: int | None = None) -> Any:
    found = queries.outlet(outlet_id) if outlet_id is not None else None
    if outlet_id is not None and found is None:
        abort(404)
    form = OutletForm(obj=found)

    def save() -> str:
        saved = operations.save_outlet(current_user, form.data, found)
        return _("Outlet %(name)s saved.", name=saved.name)

    merge = MergeForm(formdata=None)
    merge.duplicate.choices = [(str(o.id), o.name) for o in queries.outlets() if found is None or o.id != found.id]
    return form_page(
        form,
        save,
        url_for("press.contacts"),
        "press/outlet.html",
        outlet=found,
        history=queries.enquiries_of(outlet=found) if found else [],
        merge_form=merge,
    )


@bp.route("/journalists/new", methods=["GET", "POST"])
@bp.route("/journalists/<int:journalist_id>", methods=["GET", "POST"])
@requires("press.work")
def journalist(journalist_id: int | None = None) -> Any:
    found = queries.journalist(journalist_id) if journalist_id is not None else None
    if journalist_id is not None and found is None:
        abort(404)
    form = JournalistForm(obj=found)
    form.outlet_id.choices = [("", _("— none —"))] + [(str(o.id), o.name) for o in queries.outlets()]
    if request.method == "GET" and found is not None:
        form.outlet_id.data = str(found.outlet_id or "")

    def save() -> str:
        saved = operations.save_journalist(current_user, form.data, found)
        return _("Journalist %(name)s saved.", name=saved.full_name)

    merge = MergeForm(formdata=None)
    merge.duplicate.choices = [
        (str(j.id), f"{j.full_name} ({j.outlet.name if j.outlet else '—'})")
        for j in queries.journalists()
        if found is None or j.id != found.id
    ]
    return form_page(
        form,
        save,
        url_for("press.contacts"),
        "press/journalist.html",
        journalist=found,
        history=queries.enquiries_of(journalist=found) if found else [],
        merge_form=merge,
    )


@bp.post("/journalists/<int:journalist_id>/merge")
@requires("press.work")
def merge_journalist(journalist_id: int) -> Any:
    keep = queries.journalist(journalist_id)
    form = ActionForm()
    duplicate = queries.journalist(_int(request.form.get("duplicate")))
    if keep is None or not form.validate_on_submit():
        abort(404 if keep is None else 400)
    back = url_for("press.journalist", journalist_id=keep.id)
    redisplay(lambda: redirect(back, 303))
    if duplicate is None:
        flash(_("Choose the journalist to merge."), "error")
        return redirect(back, 303)
    name = duplicate.full_name
    operations.merge_journalists(current_user, keep, duplicate)
    flash(_("%(name)s merged into this contact.", name=name), "success")
    return redirect(back, 303)


@bp.post("/outlets/<int:outlet_id>/merge")
@requires("press.work")
def merge_outlet(outlet_id: int) -> Any:
    keep = queries.outlet(outlet_id)
    form = ActionForm()
    duplicate = queries.outlet(_int(request.form.get("duplicate")))
    if keep is None or not form.validate_on_submit():
        abort(404 if keep is None else 400)
    back = url_for("press.outlet", outlet_id=keep.id)
    redisplay(lambda: redirect(back, 303))
    if duplicate is None:
        flash(_("Choose the outlet to merge."), "error")
        return redirect(back, 303)
    name = duplicate.name
    operations.merge_outlets(current_user, keep, duplicate)
    flash(_("%(name)s merged into this outlet.", name=name), "success")
    return redirect(back, 303)


def _int(text: str | None) -> int:
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 10 else 0


# -- interview authorisation ---------------------------------------------------------------------------------------


@bp.route("/authorisations", methods=["GET", "POST"])
@requires("press.work")
def authorisations() -> Any:
    form = AuthorisationForm()
    if request.method == "GET":
        form.received_at.data = (
            utcnow().astimezone(office_calendar().timezone).replace(second=0, microsecond=0, tzinfo=None)
        )
    created: list[Any] = []

    def register() -> str:
        data = AuthorisationInput(
            interviewee=form.interviewee.data or "",
            outlet=form.outlet.data or "",
            outlet_kind=form.outlet_kind.data or None,
            text=form.text.data or "",
            received_at=office_time(form.received_at.data),  # type: ignore[arg-type]
            journalist=form.journalist.data or None,
            agreed_due=office_time(form.agreed_due.data),
        )
        item = operations.register_authorisation(current_user, data, uploaded(form.original.name))
        created.append(item)
        return _("Authorisation due %(date)s.", date=_local(item.due_at))

    return form_page(
        form,
        register,
        lambda: url_for("press.authorisation", authorisation_id=created[0].id),
        "press/authorisations.html",
        items=queries.authorisations(),
    )


@bp.route("/authorisations/<int:authorisation_id>", methods=["GET", "POST"])
@requires("press.work")
def authorisation(authorisation_id: int) -> Any:
    item = or_404(queries.authorisation(authorisation_id))
    form = DecisionForm()
    if request.method == "GET":
        form.authorised_text.data = item.text

    def decide() -> str:
        operations.decide_authorisation(
            current_user, item, form.outcome.data or "", form.authorised_text.data, form.note.data
        )
        return _("Recorded: %(outcome)s.", outcome=OUTCOME_LABELS[Outcome(item.outcome)])

    return form_page(
        form,
        decide,
        url_for("press.authorisation", authorisation_id=item.id),
        "press/authorisation.html",
        item=item,
        files=queries.files_of(FileOwner.AUTHORISATION, item.id),
        changes=word_diff(item.text, item.authorised_text) if item.authorised_text else None,
    )


# -- what the press office said before -----------------------------------------------------------------------------


@bp.get("/answers")
@requires("press.work")
def answers() -> Any:
    """Earlier enquiries and answers by their words, with the knowledge base's Polish analysis."""
    words = request.args.get("q", "")[:200]
    return render_template("press/answers.html", q=words, found=queries.answered_about(words) if words else None)


# -- official positions --------------------------------------------------------------------------------------------


@bp.route("/positions", methods=["GET", "POST"])
@requires("press.work")
def positions() -> Any:
    form = PositionForm()
    if request.method == "GET":
        form.valid_from.data = local_today()

    def save() -> str:
        operations.save_position(current_user, {**form.data, "tags": _tag_list(form.tags.data)})
        return _("Position saved as a draft: the spokesperson approves it.")

    return form_page(
        form,
        save,
        url_for("press.positions"),
        "press/positions.html",
        items=queries.positions(),
        today=local_today(),
        position_labels=POSITION_STATE_LABELS,
    )


@bp.route("/positions/<int:position_id>", methods=["GET", "POST"])
@requires("press.work")
def position(position_id: int) -> Any:
    found = or_404(queries.position(position_id))
    form = PositionForm(obj=found)
    if request.method == "GET":
        form.tags.data = ", ".join(found.tags)

    def save() -> str:
        operations.save_position(current_user, {**form.data, "tags": _tag_list(form.tags.data)}, found)
        return _("Position saved.")

    return form_page(
        form,
        save,
        url_for("press.position", position_id=found.id),
        "press/position.html",
        item=found,
        action_form=ActionForm(),
        can_approve=policy.can_approve(current_user),
        position_labels=POSITION_STATE_LABELS,
    )


@bp.post("/positions/<int:position_id>/<any(approve, withdraw):step>")
@requires("press.approve")
def position_step(position_id: int, step: str) -> Any:
    found = or_404(queries.position(position_id))

    def act() -> str:
        if step == "approve":
            operations.approve_position(current_user, found)
            return _("Position approved: agents see it while it holds.")
        operations.withdraw_position(current_user, found)
        return _("Position withdrawn.")

    return button(act, url_for("press.position", position_id=found.id))


def panel_positions(text: str) -> list[dict[str, str]]:
    """The slot "kb.panel.results": the city's current positions on what the agent searches, marked as such."""
    return [
        {
            "slug": "",
            "title": item.title,
            "unit": _("City's position"),
            "snippet": str(escape(_shortened(item.text))),
            "url": url_for("press.position_panel", position_id=item.id),
            "panel_url": url_for("press.position_panel", position_id=item.id),
        }
        for item in queries.current_positions(local_today(), text, limit=3)
    ]


def _shortened(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


@bp.get("/positions/<int:position_id>/panel")
@requires("kb.view")
def position_panel(position_id: int) -> Any:
    """A current position as a fragment for the agent's knowledge panel."""
    found = or_404(queries.current_position(position_id, local_today()))
    return render_template("press/_position_panel.html", item=found)


# -- press releases ------------------------------------------------------------------------------------------------


@bp.route("/releases", methods=["GET", "POST"])
@requires("press.work")
def releases() -> Any:
    form = ReleaseForm()
    created: list[Any] = []

    def save() -> str:
        created.append(operations.save_release(current_user, form.data))
        return _("Release saved as a draft.")

    return form_page(
        form,
        save,
        lambda: url_for("press.release", release_id=created[0].id),
        "press/releases.html",
        items=queries.releases(),
        release_labels=RELEASE_STATE_LABELS,
    )


@bp.route("/releases/<int:release_id>", methods=["GET", "POST"])
@requires("press.work")
def release(release_id: int) -> Any:
    found = or_404(queries.release(release_id))
    published = found.state == ReleaseState.PUBLISHED
    form = ReleaseCorrectionForm(obj=found) if published else ReleaseForm(obj=found)

    def save() -> str:
        if published:
            operations.correct_release(current_user, found, form.data, form.note.data or "")
            return _("Correction published; the change is listed under the release.")
        operations.save_release(current_user, form.data, found)
        return _("Release saved.")

    return form_page(
        form,
        save,
        url_for("press.release", release_id=found.id),
        "press/release.html",
        item=found,
        action_form=ActionForm(),
        note_form=NoteForm(formdata=None),
        can_approve=policy.can_approve(current_user),
        release_labels=RELEASE_STATE_LABELS,
    )


@bp.post("/releases/<int:release_id>/<any(submit, publish):step>")
@requires("press.work")
def release_step(release_id: int, step: str) -> Any:
    found = or_404(queries.release(release_id))

    def act() -> str:
        if step == "submit":
            operations.submit_release(current_user, found)
            return _("The release waits for the spokesperson's approval.")
        operations.publish_release(current_user, found)
        return _("Release published on the city's press page.")

    return button(act, url_for("press.release", release_id=found.id))


@bp.post("/releases/<int:release_id>/<any(approve, return):decision>")
@requires("press.approve")
def release_decision(release_id: int, decision: str) -> Any:
    found = or_404(queries.release(release_id))

    def act() -> str:
        if decision == "approve":
            operations.approve_release(current_user, found)
            return _("Release approved: it may be published.")
        operations.return_release(current_user, found, request.form.get("note", ""))
        return _("The release went back to be changed.")

    return button(act, url_for("press.release", release_id=found.id))


# -- the public press page -----------------------------------------------------------------------------------------

public_bp = Blueprint("press_public", __name__, url_prefix="/prasa", template_folder="templates")


@public_bp.get("/")
@public
def public_releases() -> Any:
    return render_template("press/public_releases.html", items=queries.published_releases())


@public_bp.get("/<int:release_id>")
@public
def public_release(release_id: int) -> Any:
    found = or_404(queries.published_release(release_id))
    changes = []
    for index, change in enumerate(found.changes):
        after = found.changes[index + 1].body_before if index + 1 < len(found.changes) else found.body
        changes.append((change, word_diff(change.body_before, after)))
    return render_template("press/public_release.html", item=found, changes=changes)


@public_bp.get("/feed.atom")
@public
def feed() -> Any:
    entries = [
        feeds.Entry(
            url=url_for("press_public.public_release", release_id=item.id, _external=True),
            title=item.title,
            summary=item.lead,
            content=f"{item.lead}\n\n{item.body}",
            author=item.author.full_name if item.author else _("Press office"),
            published=item.published_at or item.created_at,
            updated=item.changes[-1].at if item.changes else (item.published_at or item.created_at),
        )
        for item in queries.published_releases()
    ]
    document = feeds.atom(
        url_for("press_public.feed", _external=True),
        url_for("press_public.public_releases", _external=True),
        _("Białystok City Hall: press releases"),
        _("Press releases of the Department of Social Communication"),
        entries,
    )
    return Response(document, mimetype="application/atom+xml")


# -- media monitoring and corrections ------------------------------------------------------------------------------


def _clipping_form(form: ClippingForm) -> ClippingForm:
    form.units.choices = unit_choices()
    return form


@bp.route("/monitoring", methods=["GET", "POST"])
@requires("press.work")
def monitoring() -> Any:
    form = _clipping_form(ClippingForm())
    if request.method == "GET":
        form.published_on.data = local_today()
    created: list[Any] = []

    def save() -> str:
        values = {**form.data, "topics": _tag_list(form.topics.data)}
        created.append(operations.save_clipping(current_user, values))
        return _("Clipping saved.")

    return form_page(
        form,
        save,
        lambda: url_for("press.clipping", clipping_id=created[0].id),
        "press/monitoring.html",
        items=queries.clippings(),
        week=monitoring_rules.week_of(local_today()),
        **MONITORING_LABELS,
    )


@bp.route("/monitoring/<int:clipping_id>", methods=["GET", "POST"])
@requires("press.work")
def clipping(clipping_id: int) -> Any:
    found = or_404(queries.clipping(clipping_id))
    form = CorrectionForm()
    if request.method == "GET":
        form.signatory.data = current_user.full_name
    created: list[Any] = []

    def draft() -> str:
        created.append(operations.draft_correction(current_user, found, form.data))
        return _("Correction drafted: print the letter, send it, and record the day.")

    return form_page(
        form,
        draft,
        lambda: url_for("press.correction", correction_id=created[0].id),
        "press/clipping.html",
        item=found,
        files=queries.files_of(FileOwner.CLIPPING, found.id),
        clocks_of=queries.correction_clocks,
        limit_factor=clocks.CORRECTION_LENGTH_FACTOR,
        correctable=Medium(found.medium) in CORRECTABLE,
        **MONITORING_LABELS,
    )


@bp.route("/corrections/<int:correction_id>", methods=["GET", "POST"])
@requires("press.work")
def correction(correction_id: int) -> Any:
    found = or_404(queries.correction(correction_id))
    form = CorrectionForm(obj=found)

    def save() -> str:
        operations.draft_correction(current_user, found.clipping, form.data, found)
        return _("Correction saved.")

    return form_page(
        form,
        save,
        url_for("press.correction", correction_id=found.id),
        "press/correction.html",
        item=found,
        sent_form=CorrectionSentForm(formdata=None, sent_on=local_today()),
        outcome_form=CorrectionOutcomeForm(formdata=None),
        limit_factor=clocks.CORRECTION_LENGTH_FACTOR,
        **queries.correction_clocks(found, found.clipping),
        **MONITORING_LABELS,
    )


def _correction_step(correction_id: int, form: Any, action: Callable[[Correction], str]) -> Any:
    found = or_404(queries.correction(correction_id))
    back = url_for("press.correction", correction_id=found.id)
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
        return redirect(back, 303)
    redisplay(lambda: redirect(back, 303))
    flash(action(found), "success")
    return redirect(back, 303)


@bp.post("/corrections/<int:correction_id>/sent")
@requires("press.work")
def correction_sent(correction_id: int) -> Any:
    form = CorrectionSentForm()

    def record(found: Correction) -> str:
        operations.correction_sent(current_user, found, form.sent_on.data, form.received_on.data)
        return _("Recorded as sent.")

    return _correction_step(correction_id, form, record)


@bp.post("/corrections/<int:correction_id>/outcome")
@requires("press.work")
def correction_outcome(correction_id: int) -> Any:
    form = CorrectionOutcomeForm()
    refused = request.form.get("outcome") == "refused"

    def record(found: Correction) -> str:
        operations.correction_outcome(
            current_user, found, form.published_on.data, form.received_on.data, refused=refused, note=form.note.data
        )
        return _("Recorded: the editors refused it.") if refused else _("Recorded: published.")

    return _correction_step(correction_id, form, record)


@bp.get("/corrections/<int:correction_id>/letter.pdf")
@requires("press.work")
def correction_letter(correction_id: int) -> Any:
    """The letter to the editor-in-chief with the correction, as a PDF (A4) from its HTML template."""
    found = or_404(queries.correction(correction_id))
    return pdf_response("press/correction_letter.html", f"sprostowanie-{found.id}.pdf", item=found, today=local_today())


def _week_asked() -> date:
    try:
        day = date.fromisoformat(request.args.get("week", "")[:10])
    except ValueError:
        day = local_today()
    return monitoring_rules.week_of(day)


@bp.get("/monitoring/report")
@requires("press.work")
def monitoring_report() -> Any:
    first = _week_asked()
    seen = queries.clippings_between(first, first + timedelta(days=6))
    week = monitoring_rules.weekly(first, [queries.seen(item) for item in seen])
    return render_template(
        "press/monitoring_report.html",
        week=week,
        previous=first - timedelta(days=7),
        following=first + timedelta(days=7),
        **MONITORING_LABELS,
    )


@bp.get("/monitoring/clippings.csv")
@requires("press.work")
def monitoring_csv() -> Any:
    first = _week_asked()
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(
        [
            _("Published on"),
            _("Outlet"),
            _("Medium"),
            _("Title"),
            _("Author"),
            _("Topics"),
            _("Tone"),
            _("Reach"),
            _("Link"),
            _("City units concerned"),
        ]
    )
    for item in queries.clippings_between(first, first + timedelta(days=6)):
        row = [
            item.published_on.isoformat(),
            item.outlet.name,
            str(MEDIUM_LABELS[Medium(item.medium)]),
            item.title,
            item.author or "",
            ", ".join(item.topics),
            str(TONE_LABELS[Tone(item.tone)]),
            item.reach if item.reach is not None else "",
            item.url or "",
            ", ".join(unit.code for unit in item.units),
        ]
        writer.writerow([safe_cell(value) for value in row])
    name = f"monitoring-{first.isoformat()}.csv"
    return Response(
        "\ufeff" + output.getvalue(),  # a BOM: spreadsheets then read the Polish letters as UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# -- figures -------------------------------------------------------------------------------------------------------

FIGURE_PERIODS = (30, 90, 365)


def _hours(value: float | None) -> str:
    if value is None:
        return "—"
    return format_timedelta(timedelta(hours=value), threshold=1.5, locale=get_locale())


def _share(value: float | None) -> str:
    return "—" if value is None else f"{round(100 * value)} %"


@bp.get("/figures")
@requires("press.work")
def figures() -> Any:
    """How many enquiries, how fast answered (the median), how many on time — overall, by outlet, by topic."""
    asked_days = request.args.get("days", "")
    days = int(asked_days) if asked_days.isdigit() and int(asked_days) in FIGURE_PERIODS else FIGURE_PERIODS[1]
    rows = [queries.asked(item) for item in queries.enquiries_since(utcnow() - timedelta(days=days))]
    return render_template(
        "press/figures.html",
        found=press_figures.figures(rows, _("no outlet"), _("no topic")),
        days=days,
        periods=FIGURE_PERIODS,
        hours=_hours,
        share=_share,
    )


# -- files kept with the press office's records --------------------------------------------------------------------

# the page of a record files are kept with: its kind -> (the page's endpoint, the name of the id there)
FILE_PAGES: dict[FileOwner, tuple[str, str]] = {
    FileOwner.AUTHORISATION: ("press.authorisation", "authorisation_id"),
    FileOwner.CLIPPING: ("press.clipping", "clipping_id"),
    FileOwner.SURVEY: ("press.survey", "survey_id"),
    FileOwner.CONFERENCE: ("press_planning.conference", "conference_id"),
    FileOwner.POST: ("press_planning.post", "post_id"),
}


@bp.post("/files/<owner>/<int:owner_id>")
@requires("press.work")
def upload_file(owner: str, owner_id: int) -> Any:
    """Keep a file with a record; back to the page the form was on."""
    try:
        kind = FileOwner(owner)
    except ValueError:
        abort(404)
    or_404(queries.file_owner(kind, owner_id))
    endpoint, key = FILE_PAGES[kind]
    back_to = url_for(endpoint, **{key: owner_id})
    form = FileForm()
    if not form.validate_on_submit():
        abort(400)
    upload = uploaded(form.file.name)

    def keep() -> str:
        if upload is None:
            raise Unprocessable("required", _("Choose a file."), "file")
        kept = operations.keep_file(current_user, kind, owner_id, upload.filename, upload.data)
        return _("File %(name)s kept.", name=kept.filename)

    return button(keep, back_to)


@bp.get("/files/<int:file_id>")
@requires("press.work")
def download_file(file_id: int) -> Any:
    kept = or_404(queries.press_file(file_id))
    return send_file(io.BytesIO(kept.data), mimetype=kept.content_type, as_attachment=True, download_name=kept.filename)


# -- surveys and studies -------------------------------------------------------------------------------------------


def _survey_values(form: SurveyForm) -> dict[str, Any]:
    return {
        "title": form.title.data,
        "conducted_by": form.conducted_by.data,
        "commissioned_by": form.commissioned_by.data,
        "field_from": form.field_from.data,
        "field_to": form.field_to.data,
        "sample": form.sample.data,
        "findings": form.findings.data,
        "tags": _tag_list(form.tags.data),
    }


@bp.route("/surveys", methods=["GET", "POST"])
@requires("press.work")
def surveys() -> Any:
    words = (request.args.get("q") or "").strip()[: limits.SUBJECT_MAX]
    form = SurveyForm()
    created: list[Any] = []

    def register() -> str:
        created.append(operations.save_survey(current_user, _survey_values(form)))
        return _("Survey saved.")

    return form_page(
        form,
        register,
        lambda: url_for("press.survey", survey_id=created[0].id),
        "press/surveys.html",
        items=queries.surveys(words),
        words=words,
    )


@bp.route("/surveys/<int:survey_id>", methods=["GET", "POST"])
@requires("press.work")
def survey(survey_id: int) -> Any:
    item = or_404(queries.survey(survey_id))
    form = SurveyForm(obj=item) if request.method == "GET" else SurveyForm()
    if request.method == "GET":
        form.tags.data = ", ".join(item.tags)

    def change() -> str:
        operations.save_survey(current_user, _survey_values(form), item)
        return _("Survey saved.")

    return form_page(
        form,
        change,
        url_for("press.survey", survey_id=item.id),
        "press/survey.html",
        item=item,
        files=queries.files_of(FileOwner.SURVEY, item.id),
        file_form=FileForm(formdata=None),
    )
