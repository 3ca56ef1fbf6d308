"""The department's inventory book (księga inwentarzowa), kept by the chancery clerk: items under inventory numbers
with their acquisition, value, place and responsible person, their moves and write-offs with the protocol, and the
stock-take sheet (arkusz spisu z natury) as a PDF."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from cct import menu, slots, web
from cct.demo import add_seeder
from chancery.inventory import demo, views


def init_app(app: Flask) -> None:
    web.register_blueprint(app, views.bp)
    add_seeder(app, demo.seed)
    slots.fill(app, "audit.object_types", views.audit_object_types)
    menu.add(app, menu.Entry(_l("Inventory book"), "chancery_inventory.book", "chancery.work", section="home"))
