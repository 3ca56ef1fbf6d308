""" "Moje zgłoszenia": a resident's own list of tickets — every one opened with their phone number or e-mail address,
from any channel — reached with a one-time code sent there, without an account or a password."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from cct import config, menu, slots, web
from tickets.mine import operations, views
from tickets.mine.schemas import MyReportsSettings


def init_app(app: Flask) -> None:
    config.add_section(app, "my_reports", MyReportsSettings)
    web.register_blueprint(app, views.bp)
    slots.fill(app, "privacy.retention", operations.retention)
    slots.fill(app, "privacy.held", operations.held)
    slots.fill(app, "privacy.erase", operations.erase)
    menu.add(app, menu.Entry(_l("My reports"), "mine.index", None, section="footer", order=45))
