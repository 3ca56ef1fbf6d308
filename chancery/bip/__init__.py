"""The department's records in the Public Information Bulletin (BIP), kept by the chancery clerk: entries with the
metadata the BIP regulation asks for under each, their register of changes, a public page (/bip) and an Atom
feed."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from cct import menu, slots, web
from cct.demo import add_seeder
from chancery.bip import demo, views


def init_app(app: Flask) -> None:
    web.register_blueprint(app, views.bp)
    web.register_blueprint(app, views.public_bp)
    add_seeder(app, demo.seed)
    slots.fill(app, "audit.object_types", views.audit_object_types)
    menu.add(
        app,
        menu.Entry(_l("BIP records"), "chancery_bip.entries", "chancery.work", section="home"),
        menu.Entry(_l("Public Information Bulletin"), "bip.public_entries", None, section="footer", order=62),
    )
