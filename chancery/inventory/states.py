"""The inventory book's enumeration: an item is in use until it is written off. No I/O."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class ItemState(StrEnum):
    IN_USE = "in_use"
    WRITTEN_OFF = "written_off"


ITEM_STATE_LABELS = {ItemState.IN_USE: _l("in use"), ItemState.WRITTEN_OFF: _l("written off")}


def labels() -> dict[str, dict[str, object]]:
    return {"ITEM_STATE_LABELS": {key.value: label for key, label in ITEM_STATE_LABELS.items()}}
