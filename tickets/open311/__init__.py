"""Open311 GeoReport v2: apps report on residents' behalf into the ticket pipeline; administrators issue their keys."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from cct import menu, web
from cct.auth.roles import Role, add_permissions
from tickets.open311 import api, cli, views


def init_app(app: Flask) -> None:
    add_permissions(app, {"open311.keys": frozenset({Role.ADMIN})})
    # apps post with an api_key, never with a session: no CSRF token; refusals in the spec's own format
    web.register_blueprint(app, api.bp, "open311", errors=api.user_error, csrf_exempt=True)
    web.register_blueprint(app, views.bp)
    app.cli.add_command(cli.open311_group)
    menu.add(
        app,
        menu.Entry(_l("Open311 keys"), "open311_keys.index", "open311.keys", order=120, blueprints=("open311_keys",)),
    )
