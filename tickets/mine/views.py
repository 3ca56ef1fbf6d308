"""The resident's own list, "Moje zgłoszenia": ask for a code, type it, see every ticket opened with that phone
number or e-mail address; on an open one add a comment or photos, and give or withdraw consent to updates. Never
anybody else's data, nor internal notes."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from cct import web
from cct.auth.access import public
from cct.auth.actors import RESIDENT
from cct.web import redisplay
from tickets import operations as tickets
from tickets import queries as ticket_queries
from tickets.mine import operations, queries
from tickets.mine.forms import AddForm, CodeForm, ConsentForm, ContactForm
from tickets.mine.operations import Holder, WrongCode
from tickets.models import Ticket
from tickets.numbers import MAX_SEQ, MAX_YEAR, MIN_YEAR
from tickets.states import OPEN, STATE_LABELS, TicketState

bp = Blueprint("mine", __name__, url_prefix="/zgloszenia/moje", template_folder="templates")
SIGNED_IN = "my_reports"  # the session's key: whose list this browser may open (operations.Holder)
PENDING = "my_reports_pending"  # … and the code sent, before it is typed back
PER_PAGE = 20


def holder() -> Holder | None:
    """The contact whose list this browser has open now, or None (never signed in, signed out, or timed out)."""
    found = Holder.from_session(session.get(SIGNED_IN))
    return found if operations.signed_in(found) else None


def _client_address() -> str:
    return request.remote_addr or "unknown"


def _no_store(response: Any) -> Any:
    response = current_app.make_response(response)
    response.headers["Cache-Control"] = "no-store"  # a resident's own data: not kept by a shared browser's cache
    return response


@bp.route("", methods=["GET", "POST"])
@public
def index() -> Any:
    """The list when this browser has it open; otherwise the form that sends a code."""
    signed = holder()
    if signed is not None and request.method == "GET":
        return _no_store(_list(signed))
    form = ContactForm()
    channels = {kind: operations.can_send(kind) for kind in ("phone", "email")}

    def page() -> str:
        return render_template("mine/ask.html", form=form, channels=channels)

    if request.method == "POST":
        if not form.validate_on_submit():
            return page(), 400
        redisplay(page, form)
        pending = operations.send_code(form.contact.data or "", _client_address())
        session[PENDING] = pending.as_session()
        return redirect(url_for("mine.code"), code=303)
    return page()


def _list(signed: Holder) -> str:
    page_number = web.page_number()
    found, total = queries.own_tickets(signed.phone, signed.email, page_number, PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    if not found and page_number > pages:  # past the last page (an old link): the last page, not "no reports"
        page_number = pages
        found, total = queries.own_tickets(signed.phone, signed.email, page_number, PER_PAGE)
    return render_template(
        "mine/list.html",
        holder=signed,
        tickets=found,
        total=total,
        page=page_number,
        pages=pages,
        replies=ticket_queries.public_replies_of([ticket.id for ticket in found]),
        STATE_LABELS=STATE_LABELS,
        OPEN_STATES={state.value for state in OPEN},
    )


@bp.route("/kod", methods=["GET", "POST"])
@public
def code() -> Any:
    """Type the code sent: the right one opens the list on this browser."""
    pending = Holder.from_session(session.get(PENDING))
    if pending is None:
        return redirect(url_for("mine.index"))
    form = CodeForm()
    minutes = operations.settings().code_minutes

    def page() -> str:
        return render_template(
            "mine/code.html", form=form, pending=pending, minutes=minutes, minutes_text=operations.minutes_text
        )

    if request.method == "POST":
        if not form.validate_on_submit():
            return page(), 400
        redisplay(page, form)
        signed = operations.use_code(pending, form.code.data or "")
        if isinstance(signed, WrongCode):  # counted: the request commits the count, so it is not raised
            form.code.errors = [signed.message]
            return page(), 400
        session.pop(PENDING, None)
        session[SIGNED_IN] = signed.as_session()
        return redirect(url_for("mine.index"), code=303)
    return page()


@bp.route("/wyloguj", methods=["POST"])
@public
def sign_out() -> Any:
    form = ContactForm()  # the CSRF token only
    if form.validate_on_submit():
        signed = Holder.from_session(session.get(SIGNED_IN))
        if signed is not None:
            operations.sign_out(signed)
        session.pop(SIGNED_IN, None)
        flash(_("You have closed your list. To open it again, ask for a new code."), "success")
    return redirect(url_for("mine.index"), code=303)


def _own(year: int, seq: int) -> tuple[Holder, Ticket] | None:
    signed = holder()
    if signed is None:
        return None
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= seq <= MAX_SEQ):
        abort(404)  # no such number (and none a database column holds)
    ticket = queries.own_ticket(signed.phone, signed.email, year, seq)
    if ticket is None:
        abort(404)  # not theirs, or no such ticket: the same answer
    return signed, ticket


def _show(signed: Holder, ticket: Ticket, add_form: AddForm | None = None, consent_form: ConsentForm | None = None):
    consent_form = consent_form or ConsentForm(data={"sms": ticket.consent_sms, "email": ticket.consent_email})
    surviving = ticket.duplicate_of
    settings = current_app.config["CCT"].reports
    return render_template(
        "mine/ticket.html",
        holder=signed,
        ticket=ticket,
        is_open=TicketState(ticket.state) in OPEN,
        replies=ticket_queries.public_replies(ticket),
        surviving=surviving,
        surviving_replies=ticket_queries.public_replies(surviving) if surviving else [],
        comments=queries.resident_comments(ticket),
        photos=queries.resident_photos(ticket),
        add_form=add_form or AddForm(),
        consent_form=consent_form,
        settings=settings,
        STATE_LABELS=STATE_LABELS,
    )


@bp.route("/<int:year>/<int:seq>")
@public
def show(year: int, seq: int) -> Any:
    """One of the resident's tickets: what the status page shows, what they added, and their consents."""
    own = _own(year, seq)
    if own is None:
        return redirect(url_for("mine.index"))
    return _no_store(_show(*own))


@bp.route("/<int:year>/<int:seq>/dodaj", methods=["POST"])
@public
def add(year: int, seq: int) -> Any:
    """A comment or photos on an open ticket: the photos re-encoded without metadata, as the report form does."""
    own = _own(year, seq)
    if own is None:
        return redirect(url_for("mine.index"))
    signed, ticket = own
    form = AddForm()
    if not form.validate_on_submit():
        return _show(signed, ticket, add_form=form), 400
    redisplay(lambda: _show(signed, ticket, add_form=form), form)
    uploads = [(upload.filename or "", upload.read()) for upload in request.files.getlist("photos") if upload.filename]
    operations.add_to_ticket(ticket, form.comment.data or "", uploads)
    flash(_("Added to report %(number)s. The unit handling it has been told.", number=ticket.number), "success")
    return redirect(url_for("mine.show", year=year, seq=seq), code=303)


@bp.route("/<int:year>/<int:seq>/zgody", methods=["POST"])
@public
def consent(year: int, seq: int) -> Any:
    """Give or withdraw consent to updates by SMS and e-mail (recorded in the ticket's history)."""
    own = _own(year, seq)
    if own is None:
        return redirect(url_for("mine.index"))
    signed, ticket = own
    form = ConsentForm()
    if not form.validate_on_submit():
        return _show(signed, ticket, consent_form=form), 400
    redisplay(lambda: _show(signed, ticket, consent_form=form), form)
    tickets.set_consent(
        RESIDENT,
        ticket,
        sms=bool(form.sms.data) if ticket.resident_phone else None,
        email=bool(form.email.data) if ticket.resident_email else None,
    )
    flash(_("Your choice about updates on report %(number)s is saved.", number=ticket.number), "success")
    return redirect(url_for("mine.show", year=year, seq=seq), code=303)
