"""Routing: the rules administrators keep (which unit gets which tickets) beside the pure decision that applies them."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from cct import menu, slots, web
from cct.auth.roles import Role, add_permissions
from tickets.routing import views

RULE_PAGES = ("routing.index", "routing.create", "routing.edit")
CATEGORY_PAGES = ("routing.categories", "routing.create_category", "routing.edit_category")


def init_app(app: Flask) -> None:
    add_permissions(app, {"routing.manage": frozenset({Role.ADMIN})})  # categories too: they steer routing
    web.register_blueprint(app, views.bp)
    menu.add(
        app,
        menu.Entry(_l("Routing"), "routing.index", "routing.manage", order=110, endpoints=RULE_PAGES),
        menu.Entry(_l("Categories"), "routing.categories", "routing.manage", order=111, endpoints=CATEGORY_PAGES),
    )
    slots.fill(app, "audit.object_types", views.audit_object_types)
    slots.fill(app, "audit.objects", views.audit_objects)
