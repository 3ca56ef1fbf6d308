"""The press office (DKS-I): media contacts, media enquiries with their legal clocks (UDIP art. 13, Press Law art. 4
ust. 3), answers drafted, approved by the spokesperson and sent, questions to city units answered from their queue,
and interview authorisation (Press Law art. 14a)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from cct import menu, slots, web
from cct.auth.roles import Role, add_permissions
from cct.demo import add_seeder
from cct.jobs.operations import add_handler
from cct.signals import history_event
from press import api, operations, planning, signals, views
from press import demo as demo_data
from press import jobs as press_jobs
from press import schemas as limits

PRESS_BLUEPRINTS = ("press", "press_planning", "press_signals")  # the pages under the "Press desk" menu entry


def init_app(app: Flask) -> None:
    add_permissions(
        app,
        {
            # the press team works enquiries, contacts and authorisations; the spokesperson too, and approves;
            # administrators may step in (as they may in every domain), but never approve
            "press.work": frozenset({Role.ADMIN, Role.PRESS, Role.SPOKESPERSON}),
            "press.approve": frozenset({Role.SPOKESPERSON}),
            # the chancery clerk passes the letters addressed to the press team (they become media enquiries)
            "press.receive": frozenset({Role.CHANCERY}),
        },
    )
    web.register_blueprint(app, views.bp)
    web.register_blueprint(app, views.public_bp)
    web.register_blueprint(app, api.bp, web.API)
    history_event.connect(operations.record_history)
    add_handler(app, press_jobs.DEEM, press_jobs.deem_authorised, every_seconds=press_jobs.DEEM_EVERY_SECONDS)
    slots.fill(app, "home.sections", views.home_section)
    slots.fill(app, "queue.sections", views.queue_section)
    slots.fill(app, "audit.object_types", views.audit_object_types)
    slots.fill(app, "kb.panel.results", views.panel_positions)
    slots.fill(app, "letter.to_press", operations.letter_to_press)
    slots.fill(app, "db.upgraded", operations.refresh_search_keys)
    web.add_request_limit(app, lambda _settings: limits.FILE_MAX_MB + 1)
    add_seeder(app, demo_data.seed)
    menu.add(
        app,
        menu.Entry(
            _l("Press desk"),
            "press.desk",
            "press.work",
            order=80,
            blueprints=PRESS_BLUEPRINTS,
        ),
        menu.Entry(_l("Media enquiries"), "press.enquiries", "press.work", section="home", primary=True),
        menu.Entry(_l("Interview authorisation"), "press.authorisations", "press.work", section="home"),
        menu.Entry(_l("Media contacts"), "press.contacts", "press.work", section="home"),
        menu.Entry(_l("Official positions"), "press.positions", "press.work", section="home"),
        menu.Entry(_l("Media monitoring"), "press.monitoring", "press.work", section="home"),
        menu.Entry(_l("Enquiry figures"), "press.figures", "press.work", section="home"),
        menu.Entry(_l("Press releases"), "press.releases", "press.work", section="home"),
        menu.Entry(_l("What we said before"), "press.answers", "press.work", section="home"),
        menu.Entry(_l("Surveys and studies"), "press.surveys", "press.work", section="home"),
        menu.Entry(_l("Press releases"), "press_public.public_releases", None, section="footer", order=60),
    )
    planning.init_app(app)
    signals.init_app(app)
