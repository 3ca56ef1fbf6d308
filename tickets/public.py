"""The residents' side, without accounts: the report form, the public map and list of reports, and the status
lookup by number and code. Never anybody's name, phone or e-mail, nor internal notes; the map shows web and Open311
reports in categories of public space (tickets.queries.public_reports)."""

from __future__ import annotations

import hmac
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from cct import db
from cct.auth.access import public
from cct.errors import UserError
from cct.forms import show_error
from tickets import queries, reports, streets
from tickets.forms import ReportForm
from tickets.models import Ticket
from tickets.states import STATE_LABELS

bp = Blueprint(
    "reports",
    __name__,
    url_prefix="/zgloszenia",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)
PER_PAGE = 50


def _client_address() -> str:
    return request.remote_addr or "unknown"


@bp.route("/nowe", methods=["GET", "POST"])
@public
def new() -> Any:
    """The report form; a report accepted shows its number and code on the next page (never in an address)."""
    form = ReportForm()
    categories = reports.public_categories()
    form.category.choices = [("", _("— choose —"))] + [(c.code, c.path) for c in categories]
    settings = current_app.config["CCT"].reports
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                ticket = reports.submit(reports.form_data(request.form, request.files), _client_address())
            except UserError as error:
                db.session.rollback()
                status = error.status
                for each in error.errors if isinstance(error, reports.ReportRefused) else [error]:
                    show_error(form, each)
            else:
                db.session.commit()
                session["report_received"] = {"number": ticket.number, "code": ticket.public_code}
                return redirect(url_for("reports.received"), code=303)
        else:
            status = 400
    return (
        render_template(
            "tickets/report_new.html",
            form=form,
            street_names=streets.streets(settings.streets_file),
            settings=settings,
        ),
        status,
    )


@bp.route("/przyjete")
@public
def received() -> Any:
    given = session.get("report_received")
    if not given:
        return redirect(url_for("reports.new"))
    return render_template("tickets/report_received.html", number=given["number"], code=given["code"])


@bp.route("/mapa")
@public
def map_view() -> Any:
    """Recent reports on a map and as a list (the list is the page; the map, when tiles load, is a view of it)."""
    categories = reports.public_categories()
    category = request.args.get("category", "")
    if category not in {c.code for c in categories}:
        category = ""
    state = request.args.get("state", "")
    if state not in ("open", "closed"):
        state = ""
    page = request.args.get("page", "1")
    page_number = int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1
    settings = current_app.config["CCT"].reports
    found, total = queries.public_reports(
        category=category, state=state, days=settings.map_days, page=page_number, per_page=PER_PAGE
    )
    return render_template(
        "tickets/report_map.html",
        reports=found,
        total=total,
        page=page_number,
        pages=max(1, -(-total // PER_PAGE)),
        categories=categories,
        category=category,
        state=state,
        settings=settings,
        replies=queries.public_replies_of([t.id for t in found]),
        STATE_LABELS=STATE_LABELS,
    )


def find(number: str, code: str) -> Ticket | None:
    """The ticket with this number whose code matches (letters in any case, spaces ignored)."""
    year, _sep, seq = number.strip().replace("-", "/").partition("/")
    given = code.strip().replace(" ", "").upper()
    if not (year.isdigit() and seq.isdigit() and given):
        return None
    ticket = db.session.scalar(select(Ticket).where(Ticket.year == int(year), Ticket.seq == int(seq)))
    if ticket is None or not ticket.public_code:
        return None
    return ticket if hmac.compare_digest(ticket.public_code, given) else None


@bp.route("/status", methods=["GET", "POST"])
@public
def lookup() -> Any:
    number = (request.values.get("number") or "").strip()[:20]
    code = (request.values.get("code") or "").strip()[:20]
    if not number and not code:
        return render_template("tickets/status.html", number="", code="", ticket=None, error=None)
    ticket = find(number, code)
    if ticket is None:
        error = _("No ticket with this number and code. Check both and try again.")
        return render_template("tickets/status.html", number=number, code=code, ticket=None, error=error), 404
    surviving = ticket.duplicate_of
    return render_template(
        "tickets/status.html",
        number=number,
        code=code,
        ticket=ticket,
        replies=queries.public_replies(ticket),
        surviving=surviving,
        surviving_replies=queries.public_replies(surviving) if surviving else [],
        STATE_LABELS=STATE_LABELS,
        error=None,
    )
