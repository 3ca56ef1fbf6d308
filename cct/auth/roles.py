"""Roles and what each may do. Every view names one permission (or is marked public); the rest is denied."""

from __future__ import annotations

from enum import StrEnum

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l


class Role(StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    AGENT = "agent"
    EDITOR = "editor"
    UNIT_STAFF = "unit_staff"
    PRESS = "press"
    SPOKESPERSON = "spokesperson"
    CHANCERY = "chancery"


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.SUPERVISOR: _l("Supervisor"),
    Role.AGENT: _l("Call agent"),
    Role.EDITOR: _l("Knowledge-base editor"),
    Role.UNIT_STAFF: _l("Unit staff"),
    Role.PRESS: _l("Press officer"),
    Role.SPOKESPERSON: _l("Spokesperson"),
    Role.CHANCERY: _l("Chancery clerk"),
}

ALL_ROLES = frozenset(Role)

# permission -> roles that hold it. The shell's own are here; each domain adds its own in its init_app
# (add_permissions), so the shell names no domain's.
SHELL_PERMISSIONS: dict[str, frozenset[Role]] = {
    # anything a signed-in member of staff does for themself
    "staff": ALL_ROLES,
    # the directory of city units (agents forward callers with it)
    "units.view": ALL_ROLES,
    "units.manage": frozenset({Role.ADMIN}),
    "users.manage": frozenset({Role.ADMIN}),
    "office.manage": frozenset({Role.ADMIN}),
    "jobs.manage": frozenset({Role.ADMIN}),
    "audit.view": frozenset({Role.ADMIN, Role.SUPERVISOR}),
}
PERMISSIONS = "cct.permissions"  # app.extensions: permission -> roles


def add_permissions(app: Flask, grants: dict[str, frozenset[Role]]) -> None:
    """A domain's permissions and the roles that hold them; a name may be given once."""
    known = app.extensions.setdefault(PERMISSIONS, dict(SHELL_PERMISSIONS))
    taken = sorted(set(grants) & set(known))
    if taken:
        raise ValueError(f"permissions given twice: {', '.join(taken)}")
    known.update(grants)


def permissions(app: Flask | None = None) -> dict[str, frozenset[Role]]:
    return (app or current_app).extensions.get(PERMISSIONS, SHELL_PERMISSIONS)


def role_allows(roles: set[Role] | frozenset[Role], permission: str) -> bool:
    allowed = permissions().get(permission)
    if allowed is None:
        raise KeyError(f"unknown permission {permission!r}")
    return bool(allowed & set(roles))
