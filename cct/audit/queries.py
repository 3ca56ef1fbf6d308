"""Reading the audit log: narrowed by who, what, which object and when, a page at a time, with names for people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from cct import db, slots
from cct.actions import LABELS
from cct.audit.models import AuditEntry
from cct.auth.models import User
from cct.org.models import Unit

PAGE = 100
OBJECT_ID_MAX = 64  # the column's width


@dataclass(frozen=True)
class AuditFilter:
    """What the log is narrowed to; None: anything."""

    action: str | None = None
    login: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    since: datetime | None = None  # from this moment (UTC) …
    until: datetime | None = None  # … to before this one


def actions() -> list[tuple[str, str]]:
    """Every declared action and its name for people, by name."""
    return sorted(((action, str(label)) for action, label in LABELS.items()), key=lambda pair: pair[1].casefold())


def label(action: str) -> str:
    known = LABELS.get(action)
    return str(known) if known is not None else action


def object_types() -> dict[str, str]:
    """The kinds of objects the log names, with their names for people: the shell's own and what each domain tells
    (the slot "audit.object_types")."""
    named = {
        "User": _("Account"),
        "Unit": _("Unit"),
        "Job": _("Background job"),
        "Notification": _("Notification"),
        "OfficeDayOff": _("Office day off"),
    }
    for answer in slots.gathered("audit.object_types"):
        named.update(answer)
    return dict(sorted(named.items(), key=lambda pair: pair[1].casefold()))


def page(narrowed: AuditFilter, before: int | None = None) -> tuple[list[Any], int | None]:
    """The newest entries matching the filter (older than entry `before`), with the login of who made each (None:
    the system or a resident); and the cursor of the next, older page."""
    statement = select(AuditEntry, User.login).outerjoin(User, User.id == AuditEntry.actor_id)
    if narrowed.action:
        statement = statement.where(AuditEntry.action == narrowed.action)
    if narrowed.login:
        statement = statement.where(User.login == narrowed.login)
    if narrowed.object_type:
        statement = statement.where(AuditEntry.object_type == narrowed.object_type)
    if narrowed.object_id:
        statement = statement.where(AuditEntry.object_id == narrowed.object_id)
    if narrowed.since:
        statement = statement.where(AuditEntry.at >= narrowed.since)
    if narrowed.until:
        statement = statement.where(AuditEntry.at < narrowed.until)
    return db.newest_page(statement, AuditEntry.id, before, PAGE)


def objects(refs: set[tuple[str, str]]) -> dict[tuple[str, str], slots.Link]:
    """Names (and pages) of the objects of a page of entries: accounts and units here, the rest from the domains that
    fill the slot "audit.objects"."""
    found: dict[tuple[str, str], slots.Link] = {}
    ids = {kind: [int(i) for t, i in refs if t == kind and i.isdigit()] for kind in ("User", "Unit")}
    if ids["User"]:
        for user in db.session.scalars(select(User).where(User.id.in_(ids["User"]))):
            name = f"{user.full_name} ({user.login})"
            found[("User", str(user.id))] = slots.Link(name, "users.edit", {"login": user.login})
    if ids["Unit"]:
        for unit in db.session.scalars(select(Unit).where(Unit.id.in_(ids["Unit"]))):
            found[("Unit", str(unit.id))] = slots.Link(unit.name, "units.edit", {"code": unit.code})
    for answer in slots.gathered("audit.objects", refs=refs):
        found.update(answer)
    return found


def addresses_before(cutoff: datetime) -> int:
    """How many entries cct.audit.operations.forget_addresses would take the address from (a dry run)."""
    count = select(func.count()).select_from(AuditEntry).where(AuditEntry.at < cutoff, AuditEntry.ip.is_not(None))
    return db.session.scalar(count) or 0
