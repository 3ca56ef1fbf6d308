"""Reads of the inventory book: the items (in use or all, by place), one by id or number, the places, and a
stock-take sheet's rows."""

from __future__ import annotations

import re

from sqlalchemy import select

from cct import db
from chancery.inventory.models import InventoryItem
from chancery.inventory.states import ItemState

NUMBER = re.compile(r"^\s*DKS\s*/\s*(\d{4})\s*/\s*(\d{1,6})\s*$", re.IGNORECASE)


def items(*, location: str | None = None, in_use_only: bool = False) -> list[InventoryItem]:
    statement = select(InventoryItem)
    if location:
        statement = statement.where(InventoryItem.location == location)
    if in_use_only:
        statement = statement.where(InventoryItem.state == ItemState.IN_USE.value)
    return list(db.session.scalars(statement.order_by(InventoryItem.year, InventoryItem.seq)))


def item(item_id: int) -> InventoryItem | None:
    return db.session.get(InventoryItem, item_id)


def by_number(text: str) -> InventoryItem | None:
    found = NUMBER.match(text or "")
    if found is None:
        return None
    statement = select(InventoryItem).where(
        InventoryItem.year == int(found.group(1)), InventoryItem.seq == int(found.group(2))
    )
    return db.session.scalar(statement)


def value_in_use(listed: list[InventoryItem]) -> int:
    """Grosze: what the items of a list still in use are worth by the book."""
    return sum(item.value for item in listed if item.state == ItemState.IN_USE)


def locations() -> list[str]:
    statement = select(InventoryItem.location).where(InventoryItem.state == ItemState.IN_USE.value).distinct()
    return sorted(db.session.scalars(statement), key=str.casefold)
