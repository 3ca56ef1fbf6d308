"""Reads of the BIP records: the entries newest first, one entry with its register of changes."""

from __future__ import annotations

from sqlalchemy import select

from cct import db
from chancery.bip.models import BipEntry


def entries() -> list[BipEntry]:
    return list(db.session.scalars(select(BipEntry).order_by(BipEntry.published_at.desc(), BipEntry.id.desc())))


def entry(entry_id: int) -> BipEntry | None:
    return db.session.get(BipEntry, entry_id)


def lock(entry: BipEntry) -> None:
    """The entry's row locked until the commit: two changes at once take the next version numbers in turn."""
    db.session.execute(select(BipEntry.id).where(BipEntry.id == entry.id).with_for_update())
    db.session.refresh(entry)
