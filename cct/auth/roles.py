"""Roles and what each may do. Every view names one permission (or is marked public); the rest is denied."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Role(StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    AGENT = "agent"
    EDITOR = "editor"
    UNIT_STAFF = "unit_staff"
    PRESS = "press"
    CHANCERY = "chancery"


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.SUPERVISOR: _l("Supervisor"),
    Role.AGENT: _l("Call agent"),
    Role.EDITOR: _l("Knowledge-base editor"),
    Role.UNIT_STAFF: _l("Unit staff"),
    Role.PRESS: _l("Press officer"),
    Role.CHANCERY: _l("Chancery clerk"),
}

ALL_ROLES = frozenset(Role)

# permission -> roles that hold it
PERMISSIONS: dict[str, frozenset[Role]] = {
    # anything a signed-in member of staff does for themself
    "staff": ALL_ROLES,
    # the directory of city units (agents forward callers with it)
    "units.view": ALL_ROLES,
    "units.manage": frozenset({Role.ADMIN}),
    "users.manage": frozenset({Role.ADMIN}),
    "jobs.manage": frozenset({Role.ADMIN}),
    "audit.view": frozenset({Role.ADMIN, Role.SUPERVISOR}),
    # tickets: agents open them, unit staff work their units' ones, supervisors see and steer everything
    "tickets.create": frozenset({Role.ADMIN, Role.SUPERVISOR, Role.AGENT}),
    "tickets.view_all": frozenset({Role.ADMIN, Role.SUPERVISOR, Role.AGENT}),
    "tickets.view": frozenset({Role.ADMIN, Role.SUPERVISOR, Role.AGENT, Role.UNIT_STAFF}),
    "tickets.work": frozenset({Role.ADMIN, Role.SUPERVISOR, Role.UNIT_STAFF}),
    "tickets.reroute": frozenset({Role.ADMIN, Role.SUPERVISOR, Role.AGENT}),
    # join a duplicate into the ticket that goes on (agents triage what residents report twice)
    "tickets.merge": frozenset({Role.ADMIN, Role.SUPERVISOR, Role.AGENT, Role.UNIT_STAFF}),
    "tickets.dashboard": frozenset({Role.ADMIN, Role.SUPERVISOR}),
    "routing.manage": frozenset({Role.ADMIN}),
    "open311.keys": frozenset({Role.ADMIN}),
    # calls: agents call back residents whose calls were missed; supervisors watch
    "calls.handle": frozenset({Role.ADMIN, Role.SUPERVISOR, Role.AGENT}),
    "sms.templates": frozenset({Role.ADMIN}),
    # knowledge base: units keep their articles true, editors publish, everybody reads and suggests changes
    "kb.view": ALL_ROLES,
    "kb.edit": frozenset({Role.ADMIN, Role.EDITOR, Role.UNIT_STAFF}),
    "kb.publish": frozenset({Role.ADMIN, Role.EDITOR}),
    "kb.synonyms": frozenset({Role.ADMIN, Role.EDITOR}),
}


def role_allows(roles: set[Role] | frozenset[Role], permission: str) -> bool:
    allowed = PERMISSIONS.get(permission)
    if allowed is None:
        raise KeyError(f"unknown permission {permission!r}")
    return bool(allowed & set(roles))
