from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select
from wtforms.fields.choices import SelectChoice

from cct import db
from cct.auth.access import requires
from cct.errors import UserError
from cct.forms import form_page
from cct.org import operations
from cct.org.forms import NewUnitForm, UnitForm
from cct.org.models import Unit

bp = Blueprint("units", __name__, url_prefix="/units")


def search_units(query: str, include_inactive: bool = False) -> list[Unit]:
    statement = select(Unit).order_by(Unit.code)
    if not include_inactive:
        statement = statement.where(Unit.active.is_(True))
    if query:
        like = f"%{query}%"
        statement = statement.where(or_(Unit.code.ilike(like), Unit.name.ilike(like)))
    return list(db.session.scalars(statement))


@bp.route("/")
@requires("units.view")
def index() -> Any:
    query = (request.args.get("q") or "").strip()
    show_inactive = request.args.get("inactive") == "1" and current_user.has_permission("units.manage")
    return render_template(
        "org/index.html", units=search_units(query, show_inactive), query=query, show_inactive=show_inactive
    )


def _parent_choices(exclude: Unit | None) -> list[SelectChoice]:
    units = db.session.scalars(select(Unit).order_by(Unit.code)).all()
    return [SelectChoice("", _("— none —"))] + [
        SelectChoice(unit.code, f"{unit.code} — {unit.name}")
        for unit in units
        if exclude is None or unit.id != exclude.id
    ]


@bp.route("/new", methods=["GET", "POST"])
@requires("units.manage")
def create() -> Any:
    form = NewUnitForm()
    form.parent_code.choices = _parent_choices(None)

    def add_unit() -> str:
        unit = operations.create_unit(current_user, form.data)
        return _("Unit %(code)s has been added.", code=unit.code)

    return form_page(form, add_unit, url_for("units.index"), "org/form.html", unit=None)


@bp.route("/<code>/edit", methods=["GET", "POST"])
@requires("units.manage")
def edit(code: str) -> Any:
    try:
        unit = operations.get_unit(code)
    except UserError:
        abort(404)
    form = UnitForm(obj=None if request.method == "POST" else unit)
    form.parent_code.choices = _parent_choices(unit)
    if request.method == "GET":
        form.parent_code.data = unit.parent.code if unit.parent else ""
        form.phone.data = unit.phone or ""

    def save_unit() -> str:
        operations.update_unit(current_user, unit, form.data)
        return _("Unit %(code)s has been saved.", code=unit.code)

    return form_page(form, save_unit, url_for("units.index"), "org/form.html", unit=unit)
