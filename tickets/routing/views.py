"""Administrators keep the routing rules: ordered, explained, and tried out before a real ticket meets them."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from cct import slots
from cct.auth.access import requires
from cct.db import utcnow
from cct.forms import unit_choices
from cct.web import form_page, redisplay
from tickets import operations as ticket_operations
from tickets import queries as tickets
from tickets.models import Category
from tickets.routing import operations, queries
from tickets.routing.forms import CategoryForm, RoutingTryForm, RuleForm
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


DAYS = queries.PREVIEW_DAYS


def _rule_page(form: RuleForm, rule: RoutingRule | None, action: Callable[[], str]) -> Any:
    """The rule's form: "Check" shows what the rule would have moved over the last 30 days, and saves nothing;
    "Save" saves it."""
    if request.method == "POST" and "preview" in request.form:
        previewed: queries.Preview | None = None

        def page() -> str:
            return render_template("routing/rule_form.html", form=form, rule=rule, preview=previewed, days=DAYS)

        if not form.validate_on_submit():
            return page(), 400
        redisplay(page, form)
        previewed = queries.preview(operations.checked(form.data), rule, utcnow())
        return page()
    return form_page(
        form,
        action,
        url_for("routing.index"),
        "routing/rule_form.html",
        rule=rule,
        preview=None,
        days=DAYS,
    )


@bp.route("/new", methods=["GET", "POST"])
@requires("routing.manage")
def create() -> Any:
    form = _form(None)

    def add() -> str:
        rule = operations.create_rule(current_user, form.data)
        return _("Rule “%(name)s” added.", name=rule.name)

    return _rule_page(form, None, add)


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

    return _rule_page(form, rule, save)


# -- categories ------------------------------------------------------------------------------------------------------


@bp.route("/categories")
@requires("routing.manage")
def categories() -> Any:
    return render_template("routing/categories.html", categories=tickets.categories_in_tree(), hours=_hours)


def _category_form(category: Category | None) -> CategoryForm:
    form = CategoryForm(obj=category if request.method == "GET" else None)
    form.parent.choices = [SelectChoice("", _("none (a top-level category)"))] + [
        SelectChoice(top.code, top.name)
        for top in tickets.categories_in_tree()
        if top.parent_id is None and (category is None or top.id != category.id)
    ]
    form.unit.choices = [SelectChoice("", _("none (the rules or the intake desk decide)")), *unit_choices()]
    if request.method == "GET" and category is not None:
        form.parent.data = category.parent.code if category.parent else ""
        form.unit.data = category.default_unit.code if category.default_unit else ""
        form.statutory_kind.data = category.statutory_kind or ""
        form.first_response_hours.data = _hours(category.first_response_hours)
        form.resolution_hours.data = _hours(category.resolution_hours)
    if request.method == "GET" and category is None:
        form.first_response_hours.data, form.resolution_hours.data = "8", "40"
    if category is not None:
        form.code.data = category.code  # the code is Open311's service_code and is in every address: it stays
    return form


def _hours(value: float) -> str:
    """Office hours the way the user's language writes them, never grouped: 16,5 in Polish, 1500 (not 1 500)."""
    return format_decimal(value, format="0.###", locale=get_locale())


def _typed(values: dict[str, Any]) -> dict[str, Any]:
    """The form's values with the hours read in the user's language (16,5 in Polish, 16.5 in English); what is not
    a number is passed on as typed, for the operation to refuse by name."""
    read = dict(values)
    for name in ("first_response_hours", "resolution_hours"):
        with contextlib.suppress(NumberFormatError, ValueError):
            read[name] = float(parse_decimal(str(values.get(name) or "").strip(), locale=get_locale(), strict=True))
    return read


@bp.route("/categories/new", methods=["GET", "POST"])
@requires("routing.manage")
def create_category() -> Any:
    form = _category_form(None)

    def add() -> str:
        category = ticket_operations.create_category(current_user, _typed(form.data))
        return _("Category “%(name)s” added.", name=category.path)

    return form_page(form, add, url_for("routing.categories"), "routing/category_form.html", category=None)


@bp.route("/categories/<code>", methods=["GET", "POST"])
@requires("routing.manage")
def edit_category(code: str) -> Any:
    category = tickets.category_by_code(code, active_only=False)
    if category is None:
        abort(404)
    form = _category_form(category)

    def save() -> str:
        changed = ticket_operations.update_category(current_user, category, _typed(form.data))
        if not changed:
            return _("Nothing changed.")
        return _("Category “%(name)s” saved. Tickets opened from now on follow it.", name=category.path)

    return form_page(form, save, url_for("routing.categories"), "routing/category_form.html", category=category)


# -- the audit log's names -------------------------------------------------------------------------------------------


def audit_object_types() -> dict[str, str]:
    """The slot "audit.object_types": what the audit log calls the tickets' objects."""
    return {
        "Category": _("Category"),
        "RoutingRule": _("Routing rule"),
        "ReplyTemplate": _("Answer template"),
        "Open311Key": _("Open311 key"),
        "ReportSubmission": _("Resident's report"),
    }


def audit_objects(refs: set[tuple[str, str]]) -> dict[tuple[str, str], slots.Link]:
    """The slot "audit.objects": categories and routing rules of a page of the audit log, by name."""
    wanted = {kind: [int(i) for k, i in refs if k == kind and i.isdigit()] for kind in ("Category", "RoutingRule")}
    found: dict[tuple[str, str], slots.Link] = {}
    for category in tickets.categories_by_id(wanted["Category"]):
        found[("Category", str(category.id))] = slots.Link(
            category.path, "routing.edit_category", {"code": category.code}
        )
    for rule in queries.rules_by_id(wanted["RoutingRule"]):
        found[("RoutingRule", str(rule.id))] = slots.Link(rule.name, "routing.edit", {"rule_id": rule.id})
    return found
