"""Administrators keep the routing rules: ordered, explained, and tried out before a real ticket meets them."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from cct.auth.access import requires
from cct.forms import unit_choices
from cct.web import form_page
from tickets import queries as tickets
from tickets.routing import operations, queries
from tickets.routing.forms import RoutingTryForm, RuleForm
from tickets.routing.models import RoutingRule

bp = Blueprint("routing", __name__, url_prefix="/admin/routing", template_folder="templates")


def _category_choices(blank: str) -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [
        SelectChoice(category.code, category.path) for category in tickets.active_categories()
    ]


@bp.route("/")
@requires("routing.manage")
def index() -> Any:
    try_form = RoutingTryForm(request.args)
    try_form.category.choices = _category_choices(_("— choose —"))
    outcome = None
    if request.args.get("category"):
        category = tickets.category_by_code(request.args["category"], active_only=False)
        if category is None:
            try_form.category.errors = [_("Unknown category: %(code)s.", code=request.args["category"])]
        elif try_form.validate():
            outcome = queries.route(
                category, try_form.district.data or None, try_form.address.data or None, try_form.text.data or ""
            )
    status = 400 if try_form.category.errors or try_form.errors else 200
    page = render_template("routing/rules.html", rules=queries.all_rules(), try_form=try_form, outcome=outcome)
    return page, status


def _form(rule: RoutingRule | None) -> RuleForm:
    form = RuleForm(obj=rule if request.method == "GET" else None)
    form.category.choices = _category_choices(_("any category"))
    form.unit.choices = unit_choices()
    if request.method == "GET" and rule is not None:
        form.category.data = rule.category.code if rule.category else ""
        form.unit.data = rule.unit.code
    if request.method == "GET" and rule is None:
        form.position.data = queries.next_position()
    return form


@bp.route("/new", methods=["GET", "POST"])
@requires("routing.manage")
def create() -> Any:
    form = _form(None)

    def add() -> str:
        rule = operations.create_rule(current_user, form.data)
        return _("Rule “%(name)s” added.", name=rule.name)

    return form_page(form, add, url_for("routing.index"), "routing/rule_form.html", rule=None)


@bp.route("/<int:rule_id>", methods=["GET", "POST"])
@requires("routing.manage")
def edit(rule_id: int) -> Any:
    rule = queries.rule_by_id(rule_id)
    if rule is None:
        abort(404)
    form = _form(rule)

    def save() -> str:
        operations.update_rule(current_user, rule, form.data)
        return _("Rule “%(name)s” saved.", name=rule.name)

    return form_page(form, save, url_for("routing.index"), "routing/rule_form.html", rule=rule)
