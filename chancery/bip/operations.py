"""What changes in the BIP records: an entry published, an entry changed with the reason. Each change is a line of
the register of changes, with the entry as that change made it; nothing is deleted (a withdrawn information is a
change that says so)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cct import db
from cct.actions import audit, operation
from cct.auth.actors import Actor, actor_id
from cct.contacts import clean_text
from cct.db import utcnow
from cct.errors import Unprocessable
from cct.office_calendar import require_not_future
from chancery import policy
from chancery.bip import queries
from chancery.bip import schemas as limits
from chancery.bip.models import BipEntry, BipVersion

PUBLISHED = "publication"  # the reason of an entry's first version (shown translated)


def _values(title: Any, content: Any, produced_by: Any, produced_on: Any) -> dict[str, Any]:
    if not isinstance(produced_on, date):
        raise Unprocessable("required", _("Give a date as YYYY-MM-DD, e.g. 2026-12-02."), "produced_on")
    require_not_future(produced_on, "produced_on")
    return {
        "title": clean_text(title, "title", limits.TITLE_MAX, required=True),
        "content": clean_text(content, "content", limits.CONTENT_MAX, required=True),
        "produced_by": clean_text(produced_by, "produced_by", limits.PERSON_MAX, required=True),
        "produced_on": produced_on,
    }


def _name(actor: Actor) -> str:
    return str(getattr(actor, "full_name", None) or getattr(actor, "name", ""))


def _version(entry: BipEntry, actor: Actor, reason: str) -> BipVersion:
    version = BipVersion(
        entry=entry,
        version=len(entry.versions) + 1,
        title=entry.title,
        content=entry.content,
        produced_by=entry.produced_by,
        produced_on=entry.produced_on,
        changed_by_id=actor_id(actor),
        changed_by_name=_name(actor),
        changed_at=entry.updated_at,
        reason=reason,
    )
    db.session.add(version)
    return version


@operation("chancery.bip_published", _l("BIP entry published"))
def publish(actor: Actor, title: str, content: str, produced_by: str, produced_on: date) -> BipEntry:
    """An entry published now, entered by the actor: its first line in the register of changes."""
    policy.require_work(actor)
    now = utcnow()
    entry = BipEntry(
        **_values(title, content, produced_by, produced_on),
        entered_by_id=actor_id(actor),
        entered_by_name=_name(actor),
        published_at=now,
        updated_at=now,
    )
    db.session.add(entry)
    db.session.flush()
    _version(entry, actor, PUBLISHED)
    db.session.flush()
    audit(entry, actor, title=entry.title)
    return entry


@operation("chancery.bip_changed", _l("BIP entry changed"))
def change(
    actor: Actor, entry: BipEntry, title: str, content: str, produced_by: str, produced_on: date, reason: str
) -> None:
    """A change of a published entry, with why: a new line in its register of changes."""
    policy.require_work(actor)
    values = _values(title, content, produced_by, produced_on)
    reason = clean_text(reason, "reason", limits.REASON_MAX, required=True)
    queries.lock(entry)
    changed = {key: [getattr(entry, key), value] for key, value in values.items() if getattr(entry, key) != value}
    if not changed:
        raise Unprocessable("unchanged", _("Nothing was changed."), "content")
    for key, (_old, new) in changed.items():
        setattr(entry, key, new)
    entry.updated_at = utcnow()
    _version(entry, actor, reason)
    db.session.flush()
    audit(entry, actor, {key: pair for key, pair in changed.items() if key != "content"}, reason=reason)
