"""What changes in the inventory book: an item entered under the next inventory number of its year, moved to
another place or person, written off with its protocol. Entries are never deleted: the book keeps what was
written off."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cct import db
from cct.actions import audit, operation
from cct.auth.actors import Actor, actor_id
from cct.contacts import clean_text
from cct.errors import Conflict, Unprocessable
from cct.office_calendar import local_today, require_not_future
from chancery import money, policy
from chancery.inventory import schemas as limits
from chancery.inventory.models import InventoryItem, InventoryMove
from chancery.inventory.states import ItemState
from chancery.operations import allocate

INVENTORY = "inventory"  # the register's name in chancery_counters


def _value(value: Any) -> int:
    found = money.amount(value, limits.VALUE_MAX, "value", example="3 499,00")
    if found is None:
        raise Unprocessable("required", _("This field is required."), "value")
    return found


def _not_future(day: Any, field: str) -> date:
    if not isinstance(day, date):
        raise Unprocessable("required", _("Give a date as YYYY-MM-DD, e.g. 2026-12-02."), field)
    require_not_future(day, field)
    return day


@operation("chancery.inventory_entered", _l("Item entered in the inventory book"))
def enter_item(
    actor: Actor, name: str, acquired_on: date, document: str, value: Any, location: str, responsible: str
) -> InventoryItem:
    policy.require_work(actor)
    item = InventoryItem(
        name=clean_text(name, "name", limits.NAME_MAX, required=True),
        acquired_on=_not_future(acquired_on, "acquired_on"),
        document=clean_text(document, "document", limits.DOCUMENT_MAX, required=True),
        value=_value(value),
        location=clean_text(location, "location", limits.LOCATION_MAX, required=True),
        responsible=clean_text(responsible, "responsible", limits.PERSON_MAX, required=True),
        created_by_id=actor_id(actor),
    )
    item.year = local_today().year
    item.seq = allocate(INVENTORY, "", item.year)
    db.session.add(item)
    db.session.flush()
    audit(item, actor, number=item.number, value=item.value)
    return item


def _in_use(item: InventoryItem) -> None:
    if item.state != ItemState.IN_USE:
        raise Conflict("written_off", _("%(number)s is written off.", number=item.number))


@operation("chancery.inventory_moved", _l("Inventory item moved"))
def move_item(
    actor: Actor, item: InventoryItem, moved_on: date, location: str, responsible: str, note: str = ""
) -> None:
    """To another place, another person responsible for it, or both."""
    policy.require_work(actor)
    _in_use(item)
    location = clean_text(location, "location", limits.LOCATION_MAX, required=True)
    responsible = clean_text(responsible, "responsible", limits.PERSON_MAX, required=True)
    if location == item.location and responsible == item.responsible:
        raise Unprocessable("not_moved", _("Give another place or another person."), "location")
    moved_on = _not_future(moved_on, "moved_on")
    if moved_on < item.acquired_on:
        raise Unprocessable("before_acquired", _("An item cannot be moved before it was acquired."), "moved_on")
    move = InventoryMove(
        item_id=item.id,
        moved_on=moved_on,
        from_location=item.location,
        to_location=location,
        from_responsible=item.responsible,
        to_responsible=responsible,
        note=clean_text(note, "note", limits.NOTE_MAX),
        by_id=actor_id(actor),
    )
    changes = {"location": [item.location, location], "responsible": [item.responsible, responsible]}
    item.location, item.responsible = location, responsible
    db.session.add(move)
    db.session.flush()
    audit(item, actor, changes, number=item.number)


@operation("chancery.inventory_written_off", _l("Inventory item written off"))
def write_off(actor: Actor, item: InventoryItem, day: date, protocol: str, reason: str) -> None:
    """Written off (likwidacja) by a protocol of the write-off committee: its number, date and reason."""
    policy.require_work(actor)
    _in_use(item)
    item.written_off_on = _not_future(day, "written_off_on")
    if item.written_off_on < item.acquired_on:
        raise Unprocessable(
            "before_acquired", _("An item cannot be written off before it was acquired."), "written_off_on"
        )
    item.write_off_protocol = clean_text(protocol, "protocol", limits.PROTOCOL_MAX, required=True)
    item.write_off_reason = clean_text(reason, "reason", limits.NOTE_MAX, required=True)
    item.state = ItemState.WRITTEN_OFF.value
    db.session.flush()
    audit(
        item,
        actor,
        {"state": [ItemState.IN_USE.value, item.state]},
        number=item.number,
        protocol=item.write_off_protocol,
    )
