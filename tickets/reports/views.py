"""The residents' side, without accounts: the report form, the public map and list of reports, and the status
lookup by number and code. Never anybody's name, phone or e-mail, nor internal notes; the map shows web and Open311
reports in categories of public space (tickets.queries.public_reports)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from cct import web
from cct.auth.access import public
from cct.errors import UserError
from cct.web import redisplay
from tickets import queries as tickets
from tickets.mine import views as mine
from tickets.reports import operations, queries, streets
from tickets.reports.forms import ReportForm
from tickets.reports.schemas import CODE_TYPED_MAX, COORDINATE_TYPED_MAX, HOUSE_NUMBER_MAX, STREET_MAX, ReportInput
from tickets.schemas import NUMBER_TYPED_MAX
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
    form.category.choices = [("", _("— choose —"))] + [(c.code, c.path) for c in tickets.public_categories()]
    settings = current_app.config["CCT"].reports

    def page() -> str:
        street_names = streets.streets(settings.streets_file)
        # without the form's script, a refused form still shows what is reported nearby
        nearby = _nearby(request.form) if request.method == "POST" else []
        return render_template(
            "reports/new.html", form=form, street_names=street_names, settings=settings, nearby=nearby
        )

    if request.method == "POST":
        if not form.validate_on_submit():
            return page(), 400
        redisplay(page, form)
        data = ReportInput.from_form(request.form, request.files)
        ticket = operations.submit(data, _client_address())
        joined = ticket.duplicate_of.number if ticket.duplicate_of else None
        session["report_received"] = {"number": ticket.number, "code": ticket.public_code, "joined": joined}
        return redirect(url_for("reports.received"), code=303)
    signed = mine.holder()  # from "Moje zgłoszenia": the contact already verified, so the new report shows there
    if signed is not None:
        form.phone.data, form.email.data = signed.phone, signed.email
    return page()


def _nearby(values: Any) -> list[tuple[Any, float | None]]:
    """Open public reports of the chosen category near the place given (nothing when either is missing or wrong)."""
    category = tickets.public_category(values.get("category", ""))
    if category is None:
        return []
    place = ReportInput(
        category=category.code,
        description="",
        street=values.get("street", "")[:STREET_MAX],
        house_number=values.get("house_number", "")[:HOUSE_NUMBER_MAX],
        lat=values.get("lat", "")[:COORDINATE_TYPED_MAX],
        lon=values.get("lon", "")[:COORDINATE_TYPED_MAX],
    )
    try:
        located = operations.place_of(place)
    except UserError:
        return []
    return queries.reported_nearby(category, located)


@bp.route("/w-poblizu")
@public
def nearby() -> Any:
    """What the report form shows as the resident gives the category and the place: open reports nearby, each one
    they may add theirs to instead of reporting it again (a fragment for the form's script)."""
    response = Response(
        render_template("reports/_nearby.html", nearby=_nearby(request.args), STATE_LABELS=STATE_LABELS)
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/przyjete")
@public
def received() -> Any:
    given = session.get("report_received")
    if not given:
        return redirect(url_for("reports.new"))
    return render_template(
        "reports/received.html", number=given["number"], code=given["code"], joined=given.get("joined")
    )


@bp.route("/mapa")
@public
def map_view() -> Any:
    """Recent reports on a map and as a list (the list is the page; the map, when tiles load, is a view of it)."""
    categories = tickets.public_categories()
    category = request.args.get("category", "")
    if category not in {c.code for c in categories}:
        category = ""
    state = request.args.get("state", "")
    if state not in ("open", "closed"):
        state = ""
    page_number = web.page_number()
    settings = current_app.config["CCT"].reports
    found, total = tickets.public_reports(
        category=category, state=state, days=settings.map_days, page=page_number, per_page=PER_PAGE
    )
    return render_template(
        "reports/map.html",
        reports=found,
        total=total,
        page=page_number,
        pages=max(1, -(-total // PER_PAGE)),
        categories=categories,
        category=category,
        state=state,
        settings=settings,
        replies=tickets.public_replies_of([t.id for t in found]),
        # a report given by its address alone is shown where the street list puts its street, as approximate
        street_points={
            t.id: point
            for t in found
            if t.lat is None and (point := streets.point_of_address(t.address, settings.streets_file)) is not None
        },
        STATE_LABELS=STATE_LABELS,
    )


@bp.route("/status", methods=["GET", "POST"])
@public
def lookup() -> Any:
    number = (request.values.get("number") or "").strip()[:NUMBER_TYPED_MAX]
    code = (request.values.get("code") or "").strip()[:CODE_TYPED_MAX]
    if not number and not code:
        return render_template("reports/status.html", number="", code="", ticket=None, error=None)
    ticket = tickets.by_number_and_code(number, code)
    if ticket is None:
        error = _("No ticket with this number and code. Check both and try again.")
        return render_template("reports/status.html", number=number, code=code, ticket=None, error=error), 404
    surviving = ticket.duplicate_of
    return render_template(
        "reports/status.html",
        number=number,
        code=code,
        ticket=ticket,
        replies=tickets.public_replies(ticket),
        surviving=surviving,
        surviving_replies=tickets.public_replies(surviving) if surviving else [],
        STATE_LABELS=STATE_LABELS,
        error=None,
    )
