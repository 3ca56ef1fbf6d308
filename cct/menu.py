"""The menus: the shell's base template lists what the domains registered, each entry behind its permission.

Sections: "main" (the staff's menu bar), "home" (the shortcuts on the home page), "footer" (public links).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request
from flask_login import current_user

ENTRIES = "cct.menu"  # app.extensions: list of Entry


@dataclass(frozen=True)
class Entry:
    label: Any  # a lazy translation
    endpoint: str
    permission: str | None  # None: shown to everybody (public pages)
    section: str = "main"
    order: int = 500
    # the entry is the current page for these endpoints, or for any endpoint of these blueprints
    endpoints: tuple[str, ...] = ()
    blueprints: tuple[str, ...] = ()
    primary: bool = False  # the section's main action (styled as such on the home page)
    shortcut: str | None = None  # a key that follows the entry from any page (aria-keyshortcuts, e.g. "Alt+N")

    def is_current(self) -> bool:
        endpoint = request.endpoint or ""
        if endpoint == self.endpoint or endpoint in self.endpoints:
            return True
        return bool(request.blueprint) and request.blueprint in self.blueprints

    def visible(self) -> bool:
        if self.permission is None:
            return True
        return bool(current_user.is_authenticated and current_user.has_permission(self.permission))


def add(app: Flask, *entries: Entry) -> None:
    app.extensions.setdefault(ENTRIES, []).extend(entries)


def registered(app: Flask) -> list[Entry]:
    return list(app.extensions.get(ENTRIES, []))


def entries(section: str) -> list[Entry]:
    """The section's entries the current user may follow, in order."""
    found = [entry for entry in current_app.extensions.get(ENTRIES, []) if entry.section == section]
    return sorted((entry for entry in found if entry.visible()), key=lambda entry: entry.order)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["menu"] = entries
