"""What changes in the office supplies. Every stock change is one atomic UPDATE that never takes a stock below
nothing (two issues at once cannot both take the last ream), and a line in the item's moves."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from cct import db
from cct.actions import audit, operation
from cct.auth.actors import Actor, actor_id
from cct.changes import apply_changes
from cct.contacts import clean_text
from cct.db import utcnow
from cct.errors import Conflict, Unprocessable
from chancery.supplies import policy, queries
from chancery.supplies import schemas as limits
from chancery.supplies.models import SupplyItem, SupplyMove, SupplyRequest
from chancery.supplies.states import NEXT, REQUEST_STATE_LABELS, MoveKind, RequestState


def _quantity(value: Any, field: str = "quantity", *, zero: bool = False) -> int:
    low = 0 if zero else 1
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= limits.QUANTITY_MAX:
        raise Unprocessable(
            "bad_quantity", _("Give a whole number from %(low)d to %(max)d.", low=low, max=limits.QUANTITY_MAX), field
        )
    return value


def _item_values(name: Any, measure: Any, reorder_level: Any) -> dict[str, Any]:
    clean = clean_text(name, "name", limits.NAME_MAX, required=True)
    return {
        "name": clean,
        "name_key": " ".join(clean.casefold().split()),
        "measure": clean_text(measure, "measure", limits.MEASURE_MAX, required=True),
        "reorder_level": _quantity(reorder_level, "reorder_level", zero=True),
    }


@operation("chancery.supply_item_added", _l("Office supply item added"))
def add_item(actor: Actor, name: str, measure: str, reorder_level: int) -> SupplyItem:
    policy.require_keep(actor)
    values = _item_values(name, measure, reorder_level)
    if queries.item_named(values["name_key"]) is not None:
        raise Conflict("item_exists", _("This item is already kept."), "name")
    item = SupplyItem(**values, stock=0)
    db.session.add(item)
    db.session.flush()
    audit(item, actor, {key: [None, value] for key, value in values.items() if key != "name_key"})
    return item


@operation("chancery.supply_item_changed", _l("Office supply item changed"))
def change_item(actor: Actor, item: SupplyItem, name: str, measure: str, reorder_level: int) -> None:
    policy.require_keep(actor)
    values = _item_values(name, measure, reorder_level)
    other = queries.item_named(values["name_key"])
    if other is not None and other is not item:
        raise Conflict("item_exists", _("This item is already kept."), "name")
    changes = apply_changes(item, values)
    changes.pop("name_key", None)
    db.session.flush()
    audit(item, actor, changes)


def _move(
    actor: Actor, item: SupplyItem, kind: MoveKind, change: int, note: str, request: SupplyRequest | None
) -> None:
    table = SupplyItem.__table__
    statement = (
        update(table)
        .where(table.c.id == item.id, table.c.stock + change >= 0)
        .values(stock=table.c.stock + change)
        .returning(table.c.stock)
    )
    after = db.session.execute(statement).scalar()
    if after is None:
        db.session.refresh(item)
        raise Conflict(
            "not_in_stock",
            _(
                "Only %(stock)d %(measure)s of %(name)s in stock.",
                stock=item.stock,
                measure=item.measure,
                name=item.name,
            ),
            "quantity",
        )
    db.session.refresh(item)
    db.session.add(
        SupplyMove(
            item_id=item.id,
            kind=kind.value,
            change=change,
            stock_after=after,
            request_id=request.id if request else None,
            note=clean_text(note, "note", limits.NOTE_MAX),
            by_id=actor_id(actor),
        )
    )
    db.session.flush()


@operation("chancery.supply_delivered", _l("Office supplies delivered"))
def record_delivery(actor: Actor, item: SupplyItem, quantity: int, note: str = "") -> None:
    policy.require_keep(actor)
    before = item.stock
    _move(actor, item, MoveKind.DELIVERY, _quantity(quantity), note, None)
    audit(item, actor, {"stock": [before, item.stock]})


@operation("chancery.supply_counted", _l("Office supplies counted"))
def record_count(actor: Actor, item: SupplyItem, counted: int, note: str) -> None:
    """The stock set to what was counted on the shelf; the difference is a move with its reason."""
    policy.require_keep(actor)
    counted = _quantity(counted, "counted", zero=True)
    if not clean_text(note, "note", limits.NOTE_MAX):
        raise Unprocessable("required", _("Say why the count differs (e.g. a damaged pack)."), "note")
    # the stock as it is now, its row locked until the commit: an issue committed since the page was read counts
    stored = db.session.execute(select(SupplyItem.stock).where(SupplyItem.id == item.id).with_for_update())
    before = stored.scalar_one()
    if counted != before:
        _move(actor, item, MoveKind.COUNT, counted - before, note, None)
    audit(item, actor, {"stock": [before, counted]})


@operation("chancery.supply_requested", _l("Office supplies requested"))
def request_supplies(actor: Actor, item_id: Any, quantity: int, note: str = "") -> SupplyRequest:
    """A member of staff asks for an item they need."""
    policy.require_request(actor)
    item = queries.item(item_id) if isinstance(item_id, int) else None
    if item is None:
        raise Unprocessable("unknown_item", _("Choose an item from the list."), "item")
    asked = SupplyRequest(
        item_id=item.id,
        quantity=_quantity(quantity),
        note=clean_text(note, "note", limits.NOTE_MAX),
        requested_by_id=actor_id(actor),
    )
    db.session.add(asked)
    db.session.flush()
    audit(asked, actor, item=item.id, quantity=asked.quantity)
    return asked


def _move_on(asked: SupplyRequest, goal: RequestState) -> dict[str, list[Any]]:
    """The request moved on by one conditional UPDATE: of two clerks issuing (or deciding) it at once, one does it
    and the other is told it is done; the stock is never taken twice for one request."""
    current = asked.state
    table = SupplyRequest.__table__
    allowed = [state.value for state, following in NEXT.items() if goal in following]
    statement = (
        update(table)
        .where(table.c.id == asked.id, table.c.state.in_(allowed))
        .values(state=goal.value)
        .returning(table.c.id)
    )
    moved = db.session.execute(statement).first()
    db.session.refresh(asked)
    if moved is None:
        state = REQUEST_STATE_LABELS[RequestState(asked.state)]
        raise Conflict("request_state", _("This request is already %(state)s.", state=state))
    return {"state": [current, goal.value]}


@operation("chancery.supply_decided", _l("Request for supplies decided"))
def decide(actor: Actor, asked: SupplyRequest, *, approve: bool, note: str = "") -> None:
    """Approved (to be issued) or rejected, by the clerk or the Director; a rejection says why."""
    policy.require_approve(actor)
    note = clean_text(note, "decision_note", limits.NOTE_MAX)
    if not approve and not note:
        raise Unprocessable("required", _("Say why the request is rejected."), "decision_note")
    changes = _move_on(asked, RequestState.APPROVED if approve else RequestState.REJECTED)
    asked.decided_by_id, asked.decided_at, asked.decision_note = actor_id(actor), utcnow(), note
    db.session.flush()
    audit(asked, actor, changes)


@operation("chancery.supply_issued", _l("Office supplies issued"))
def issue(actor: Actor, asked: SupplyRequest) -> None:
    """An approved request handed over: its quantity leaves the stock (refused when the stock is short)."""
    policy.require_keep(actor)
    changes = _move_on(asked, RequestState.ISSUED)
    asked.issued_at = utcnow()
    name = asked.requested_by.full_name if asked.requested_by else ""
    _move(actor, asked.item, MoveKind.ISSUE, -asked.quantity, name, asked)
    audit(asked, actor, changes)
