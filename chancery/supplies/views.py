"""The office supplies' pages (/chancery/supplies/): the clerk's stock with what to reorder, requests to approve and
issue, deliveries and counts; and, for every member of staff, their own requests (/chancery/supplies/mine)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from cct.auth.access import requires
from cct.errors import Unprocessable
from cct.web import button, or_404, page_action
from chancery.supplies import operations, policy, queries
from chancery.supplies.forms import CountForm, DecisionForm, DeliveryForm, ItemForm, RequestForm
from chancery.supplies.states import labels

bp = Blueprint("chancery_supplies", __name__, url_prefix="/chancery/supplies", template_folder="templates")


def _with_items(form: Any) -> Any:
    form.item.choices = [SelectChoice("", _("— choose —"))] + [
        SelectChoice(item.id, f"{item.name} ({item.measure})") for item in queries.items()
    ]
    return form


def _show(**forms: Any) -> str:
    return render_template(
        "chancery_supplies/index.html",
        items=queries.items(),
        requests=queries.open_requests(),
        moves=queries.moves(),
        keeper=policy.can_keep(current_user),
        item_form=forms.get("item_form") or ItemForm(formdata=None, prefix="item"),
        delivery_form=forms.get("delivery_form") or _with_items(DeliveryForm(formdata=None, prefix="in")),
        count_form=forms.get("count_form") or _with_items(CountForm(formdata=None, prefix="count")),
        decision_form=DecisionForm(formdata=None, prefix="decision"),
        **labels(),
    )


@bp.get("/")
@requires("chancery.supplies.approve")
def index() -> Any:
    return _show()


def _action(name: str, form: Any, action: Any) -> Any:
    return page_action(_show, name, form, action, url_for(".index"))


@bp.post("/items")
@requires("chancery.supplies")
def add_item() -> Any:
    form = ItemForm(prefix="item")

    def add() -> str:
        item = operations.add_item(current_user, form.name.data, form.measure.data, form.reorder_level.data)
        return _("%(name)s added to the supplies.", name=item.name)

    return _action("item_form", form, add)


def _item(form: Any) -> Any:
    found = queries.item(form.item.data) if form.item.data else None
    if found is None:
        raise Unprocessable("unknown_item", _("Choose an item from the list."), "item")
    return found


@bp.post("/delivery")
@requires("chancery.supplies")
def record_delivery() -> Any:
    form = _with_items(DeliveryForm(prefix="in"))

    def record() -> str:
        item = _item(form)
        operations.record_delivery(current_user, item, form.quantity.data, form.note.data)
        return _("Delivery recorded: %(name)s, now %(stock)d.", name=item.name, stock=item.stock)

    return _action("delivery_form", form, record)


@bp.post("/count")
@requires("chancery.supplies")
def record_count() -> Any:
    form = _with_items(CountForm(prefix="count"))

    def record() -> str:
        item = _item(form)
        operations.record_count(current_user, item, form.counted.data, form.note.data)
        return _("Stock of %(name)s set to %(stock)d.", name=item.name, stock=item.stock)

    return _action("count_form", form, record)


@bp.post("/requests/<int:request_id>/<any(approve, reject):decision>")
@requires("chancery.supplies.approve")
def decide(request_id: int, decision: str) -> Any:
    asked = or_404(queries.request(request_id))
    form = DecisionForm(prefix="decision")

    def decide_it() -> str:
        operations.decide(current_user, asked, approve=decision == "approve", note=form.decision_note.data or "")
        return _("Request approved.") if decision == "approve" else _("Request rejected.")

    return button(decide_it, url_for(".index"))


@bp.post("/requests/<int:request_id>/issue")
@requires("chancery.supplies")
def issue(request_id: int) -> Any:
    asked = or_404(queries.request(request_id))

    def issue_it() -> str:
        operations.issue(current_user, asked)
        return _(
            "Issued: %(quantity)d %(measure)s of %(name)s.",
            quantity=asked.quantity,
            measure=asked.item.measure,
            name=asked.item.name,
        )

    return button(issue_it, url_for(".index"))


def _show_mine(**forms: Any) -> str:
    return render_template(
        "chancery_supplies/mine.html",
        requests=queries.requests_of(current_user.id),
        form=forms.get("form") or _with_items(RequestForm(formdata=None)),
        **labels(),
    )


@bp.get("/mine")
@requires("chancery.supplies.request")
def mine() -> Any:
    return _show_mine()


@bp.post("/mine")
@requires("chancery.supplies.request")
def request_supplies() -> Any:
    form = _with_items(RequestForm())

    def ask() -> str:
        operations.request_supplies(current_user, form.item.data, form.quantity.data, form.note.data)
        return _("Request sent to the chancery.")

    return page_action(_show_mine, "form", form, ask, url_for(".mine"))


def home_section() -> str:
    """The slot "home.sections": supplies to reorder and requests waiting, for the clerk."""
    if not current_user.has_permission("chancery.supplies"):
        return ""
    low, waiting = queries.to_reorder(), queries.open_requests()
    if not low and not waiting:
        return ""
    return render_template("chancery_supplies/_home.html", low=low, waiting=waiting)


def audit_object_types() -> dict[str, str]:
    return {"SupplyItem": _("Office supply item"), "SupplyRequest": _("Request for supplies")}
