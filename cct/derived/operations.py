"""Work that derives records by code, done once per fingerprint of the code (cct.derived)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import select

from cct import db
from cct.db import utcnow
from cct.derived.fingerprint import fingerprint
from cct.derived.models import CodeFingerprint


def unless_done(
    name: str, work: Iterable[Callable[[], int]], packages: Iterable[str], *, force: bool = False
) -> int | None:
    """Every piece of work done (the numbers of records each changed, added up) and the fingerprint of the packages
    kept with `name`, in the caller's transaction — unless the same code already did it (None: skipped) or `force`.
    The row is locked first, so a second upgrade at the same time waits for the first and then skips; work that
    fails leaves the transaction to be rolled back with the fingerprint, and the next upgrade does it again."""
    current = fingerprint(packages)
    db.session.execute(
        db.insert(CodeFingerprint)
        .values(name=name, fingerprint="", computed_at=utcnow())
        .on_conflict_do_nothing(index_elements=["name"])
    )
    kept = db.session.scalars(
        select(CodeFingerprint)
        .where(CodeFingerprint.name == name)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if kept.fingerprint == current and not force:
        return None
    changed = sum(piece() for piece in work)
    kept.fingerprint = current
    kept.computed_at = utcnow()
    return changed
