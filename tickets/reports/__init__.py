"""Residents' reports: the public form (a photo and a place), the public map and list, and the status lookup by
number and code. Reports become tickets in the same pipeline as calls."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from cct import config, menu, web
from tickets.reports import views
from tickets.reports.schemas import ReportsSettings


def init_app(app: Flask) -> None:
    config.add_section(app, "reports", ReportsSettings)
    web.register_blueprint(app, views.bp)
    web.add_request_limit(app, lambda settings: settings.reports.max_photos * settings.reports.photo_max_mb)
    web.add_csp_source(app, "img-src", lambda settings: settings.reports.tile_origin())
    menu.add(
        app,
        menu.Entry(_l("Report a problem"), "reports.new", None, section="footer", order=20),
        menu.Entry(_l("Reports on the map"), "reports.map_view", None, section="footer", order=30),
        menu.Entry(_l("Check your report"), "reports.lookup", None, section="footer", order=40),
    )
