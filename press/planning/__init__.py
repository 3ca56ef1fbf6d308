"""The press office's planning (DKS-I): press conferences with their invitations, speeches and attendance, the
publication calendar of the city's website and social media, and calendar feeds (iCalendar) for staff behind a
personal token and for the public."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from cct import menu, web
from press.planning import views


def init_app(app: Flask) -> None:
    web.register_blueprint(app, views.bp)
    web.register_blueprint(app, views.public_bp)
    menu.add(
        app,
        menu.Entry(_l("Press conferences"), "press_planning.conferences", "press.work", section="home"),
        menu.Entry(_l("Publication calendar"), "press_planning.week", "press.work", section="home"),
        menu.Entry(
            _l("Press conferences"), "press_conferences_public.public_conferences", None, section="footer", order=61
        ),
    )
