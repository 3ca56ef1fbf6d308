"""What residents ask the helpline, as signals for the press office (DKS-I): the day's and week's tops of ticket
categories, IVR choices and knowledge searches, spikes against the weeks before, and information campaigns with
their effect on the helpline."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from cct import menu, web
from press.signals import views


def init_app(app: Flask) -> None:
    web.register_blueprint(app, views.bp)
    menu.add(
        app,
        menu.Entry(_l("What residents ask"), "press_signals.signals", "press.work", section="home"),
        menu.Entry(_l("Information campaigns"), "press_signals.campaigns", "press.work", section="home"),
    )
