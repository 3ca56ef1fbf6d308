"""The directory of city units, and its administration."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from cct.auth.access import requires
from cct.org import operations, queries
from cct.org.forms import NewUnitForm, UnitForm
from cct.org.models import Unit
from cct.web import form_page

bp = Blueprint("units", __name__, url_prefix="/units")


@bp.route("/")
@requires("units.view")
def index() -> Any:
    query = (request.args.get("q") or "").strip()
    show_inactive = request.args.get("inactive") == "1" and current_user.has_permission("units.manage")
    return render_template(
        "org/index.html", units=queries.search_units(query, show_inactive), query=query, show_inactive=show_inactive
    )


def _parent_choices(exclude: Unit | None) -> list[SelectChoice]:
    return [SelectChoice("", _("— none —"))] + [
        SelectChoice(unit.code, f"{unit.code} — {unit.name}")
        for unit in queries.all_units()
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
    unit = queries.unit_by_code(code, active_only=False)
    if unit is None:
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
