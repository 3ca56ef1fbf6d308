"""The inventory book's pages (/chancery/inventory/): the book by place, an item with its moves and write-off, the
stock-take sheet (arkusz spisu z natury) of a place and an item's write-off protocol as PDFs."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cct.auth.access import requires
from cct.office_calendar import local_today
from cct.pdf import pdf_response
from cct.web import or_404, page_action
from chancery.inventory import operations, queries
from chancery.inventory.forms import ItemForm, MoveForm, WriteOffForm
from chancery.inventory.models import InventoryItem
from chancery.inventory.states import ItemState, labels
from chancery.money import zloty

bp = Blueprint("chancery_inventory", __name__, url_prefix="/chancery/inventory", template_folder="templates")


def _context() -> dict[str, Any]:
    return {"money": zloty, **labels()}


def _place() -> str:
    return request.args.get("location", "")[:100]


def _show_book(**forms: Any) -> str:
    place, every = _place(), request.args.get("all") == "1"
    listed = queries.items(location=place or None, in_use_only=not every)
    return render_template(
        "chancery_inventory/book.html",
        items=listed,
        total=queries.value_in_use(listed),
        place=place,
        every=every,
        places=queries.locations(),
        form=forms.get("form") or ItemForm(formdata=None, acquired_on=local_today()),
        **_context(),
    )


@bp.get("/")
@requires("chancery.work")
def book() -> Any:
    return _show_book()


@bp.post("/")
@requires("chancery.work")
def enter_item() -> Any:
    form = ItemForm()
    made: list[InventoryItem] = []

    def enter() -> str:
        made.append(
            operations.enter_item(
                current_user,
                form.name.data,
                form.acquired_on.data,
                form.document.data,
                form.value.data,
                form.location.data,
                form.responsible.data,
            )
        )
        return _("Entered under %(number)s.", number=made[0].number)

    answer = page_action(_show_book, "form", form, enter, url_for(".book"))
    return redirect(url_for(".item", item_id=made[0].id), 303) if made else answer


def _show_item(item: InventoryItem, **forms: Any) -> str:
    return render_template(
        "chancery_inventory/item.html",
        item=item,
        move_form=forms.get("move_form")
        or MoveForm(
            formdata=None, prefix="move", moved_on=local_today(), location=item.location, responsible=item.responsible
        ),
        write_off_form=forms.get("write_off_form")
        or WriteOffForm(formdata=None, prefix="off", written_off_on=local_today()),
        **_context(),
    )


@bp.get("/<int:item_id>")
@requires("chancery.work")
def item(item_id: int) -> Any:
    return _show_item(or_404(queries.item(item_id)))


def _item_action(found: InventoryItem, name: str, form: Any, action: Any) -> Any:
    back = url_for(".item", item_id=found.id)
    return page_action(lambda **forms: _show_item(found, **forms), name, form, action, back)


@bp.post("/<int:item_id>/move")
@requires("chancery.work")
def move(item_id: int) -> Any:
    found = or_404(queries.item(item_id))
    form = MoveForm(prefix="move")

    def move_it() -> str:
        operations.move_item(
            current_user, found, form.moved_on.data, form.location.data, form.responsible.data, form.note.data
        )
        return _("Move recorded.")

    return _item_action(found, "move_form", form, move_it)


@bp.post("/<int:item_id>/write-off")
@requires("chancery.work")
def write_off(item_id: int) -> Any:
    found = or_404(queries.item(item_id))
    form = WriteOffForm(prefix="off")

    def write_it_off() -> str:
        operations.write_off(current_user, found, form.written_off_on.data, form.protocol.data, form.reason.data)
        return _("%(number)s written off.", number=found.number)

    return _item_action(found, "write_off_form", form, write_it_off)


@bp.get("/sheet.pdf")
@requires("chancery.work")
def sheet() -> Any:
    """The stock-take sheet (arkusz spisu z natury) of a place, or of every place: what the book says is there,
    with empty columns for what the team finds."""
    place = _place()
    listed = queries.items(location=place or None, in_use_only=True)
    name = f"arkusz-spisu-{local_today().isoformat()}.pdf"
    return pdf_response(
        "chancery_inventory/sheet.pdf.html",
        name,
        polish=True,
        items=listed,
        place=place,
        day=local_today(),
        money=zloty,
    )


@bp.get("/<int:item_id>/protocol.pdf")
@requires("chancery.work")
def protocol(item_id: int) -> Any:
    found = or_404(queries.item(item_id))
    if found.state != ItemState.WRITTEN_OFF:
        return redirect(url_for(".item", item_id=found.id))
    name = f"protokol-likwidacji-{found.year}-{found.seq}.pdf"
    return pdf_response("chancery_inventory/protocol.pdf.html", name, polish=True, item=found, money=zloty)


def audit_object_types() -> dict[str, str]:
    return {"InventoryItem": _("Inventory item")}
