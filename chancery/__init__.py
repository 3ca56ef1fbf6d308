"""The chancery desk (DKS-II): the incoming register with scans and receipt stamps, the office's JRWA, cases with
their case marks, records (metryka, KPA art. 66a) and case lists (spis spraw), the statutory clocks of letters and
cases (KPA art. 57, 231, 237, 244; UDIP art. 13; the Act on petitions art. 10), and letters routed into the right
pipeline: the helpline (a ticket), the press team (a media enquiry), or the competent body."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from cct import menu, slots, web
from cct.api.openapi import add_vocabulary
from cct.auth.roles import Role, add_permissions
from cct.demo import add_seeder
from cct.signals import history_event
from chancery import api, bip, cli, hr, inventory, operations, queries, supplies, views
from chancery import demo as demo_data
from chancery import schemas as limits


def init_app(app: Flask) -> None:
    add_permissions(
        app,
        {
            # the clerk keeps the register and the cases; administrators may step in, as in every domain
            "chancery.work": frozenset({Role.ADMIN, Role.CHANCERY}),
            # letters marked restricted (special categories of personal data, secrets protected by statute): the
            # clerk, and whoever a letter is assigned to (chancery.policy)
            "chancery.restricted": frozenset({Role.CHANCERY}),
        },
    )
    web.register_blueprint(app, views.bp)
    web.register_blueprint(app, api.bp, web.API)
    app.cli.add_command(cli.chancery_group)
    history_event.connect(operations.record_history)
    slots.fill(app, "home.sections", views.home_section)
    slots.fill(app, "audit.object_types", views.audit_object_types)
    slots.fill(app, "db.upgraded", operations.refresh_search_keys)
    web.add_request_limit(app, lambda _settings: limits.FILE_MAX_MB + 1)
    add_vocabulary(app, limits.CASE_CLASS, lambda: [item.symbol for item in queries.case_classes()])
    add_seeder(app, demo_data.seed)
    menu.add(
        app,
        menu.Entry(_l("Chancery"), "chancery.desk", "chancery.work", order=85, blueprints=("chancery",)),
        menu.Entry(_l("Incoming register"), "chancery.letters", "chancery.work", section="home", primary=True),
        menu.Entry(_l("Register a letter"), "chancery.new_letter", "chancery.work", section="home"),
        menu.Entry(_l("Outgoing register"), "chancery.outgoing", "chancery.work", section="home"),
        menu.Entry(_l("Cases"), "chancery.cases", "chancery.work", section="home"),
        menu.Entry(_l("Case lists"), "chancery.case_list", "chancery.work", section="home"),
        menu.Entry(_l("JRWA"), "chancery.jrwa", "chancery.work", section="home"),
    )
    for feature in (hr, supplies, inventory, bip):  # their menu entries after the desk's own
        feature.init_app(app)
