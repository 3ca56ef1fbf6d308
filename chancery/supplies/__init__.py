"""The department's office supplies, kept by the chancery clerk (DKS-II): items with their stock and reorder level,
requests by any member of staff, approved by the clerk or the Director and issued from the stock."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from cct import menu, slots, web
from cct.auth.roles import Role, add_permissions
from cct.demo import add_seeder
from chancery.supplies import demo, views


def init_app(app: Flask) -> None:
    add_permissions(
        app,
        {
            "chancery.supplies": frozenset({Role.CHANCERY}),
            "chancery.supplies.approve": frozenset({Role.CHANCERY, Role.SPOKESPERSON}),
            # every member of the department asks for what they need; other units' staff have their own supplies
            "chancery.supplies.request": frozenset(Role) - {Role.UNIT_STAFF},
        },
    )
    web.register_blueprint(app, views.bp)
    add_seeder(app, demo.seed)
    slots.fill(app, "home.sections", views.home_section)
    slots.fill(app, "audit.object_types", views.audit_object_types)
    menu.add(
        app,
        menu.Entry(_l("Office supplies"), "chancery_supplies.index", "chancery.supplies.approve", section="home"),
        menu.Entry(
            _l("Ask for office supplies"), "chancery_supplies.mine", "chancery.supplies.request", section="home"
        ),
    )
