"""Routing: the rules administrators keep (which unit gets which tickets) beside the pure decision that applies them."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from cct import menu, web
from cct.auth.roles import Role, add_permissions
from tickets.routing import views


def init_app(app: Flask) -> None:
    add_permissions(app, {"routing.manage": frozenset({Role.ADMIN})})  # categories too: they steer routing
    web.register_blueprint(app, views.bp)
    menu.add(app, menu.Entry(_l("Routing"), "routing.index", "routing.manage", order=110, blueprints=("routing",)))
