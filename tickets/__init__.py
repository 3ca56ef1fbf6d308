"""Tickets: residents' enquiries and reports from intake to resolution — with the feature sub-packages that feed and
steer them: residents' reports (`reports`), Open311 (`open311`) and the routing rules (`routing`)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from cct import config, menu, slots, web
from cct.api.openapi import add_vocabulary
from cct.auth.roles import Role, add_permissions
from cct.demo import add_seeder
from cct.jobs.operations import add_handler
from cct.signals import history_event
from tickets import api, cli, mine, open311, operations, personal_data, queries, reports, routing, schemas, views
from tickets import demo as demo_data
from tickets import jobs as ticket_jobs
from tickets.schemas import TicketsSettings
from tickets.states import labels


def init_app(app: Flask) -> None:
    config.add_section(app, "tickets", TicketsSettings)
    add_permissions(
        app,
        {
            # agents open tickets, unit staff work their units' ones, supervisors see and steer everything
            "tickets.create": frozenset({Role.ADMIN, Role.SUPERVISOR, Role.AGENT}),
            # the chancery clerk passes a resident's letter to the helpline as a ticket (channel "letter" only)
            "tickets.from_letter": frozenset({Role.CHANCERY}),
            "tickets.view_all": frozenset({Role.ADMIN, Role.SUPERVISOR, Role.AGENT}),
            "tickets.view": frozenset({Role.ADMIN, Role.SUPERVISOR, Role.AGENT, Role.UNIT_STAFF}),
            "tickets.work": frozenset({Role.ADMIN, Role.SUPERVISOR, Role.UNIT_STAFF}),
            "tickets.reroute": frozenset({Role.ADMIN, Role.SUPERVISOR, Role.AGENT}),
            # join a duplicate into the ticket that goes on (agents triage what residents report twice)
            "tickets.merge": frozenset({Role.ADMIN, Role.SUPERVISOR, Role.AGENT, Role.UNIT_STAFF}),
            "tickets.dashboard": frozenset({Role.ADMIN, Role.SUPERVISOR}),
            "tickets.bulk": frozenset({Role.ADMIN, Role.SUPERVISOR}),  # assign or reroute many from the queue
            # answer templates: their own units' (tickets.policy.can_keep_templates), or every one
            "tickets.templates": frozenset({Role.ADMIN, Role.SUPERVISOR, Role.AGENT, Role.UNIT_STAFF}),
            "tickets.templates_all": frozenset({Role.ADMIN, Role.SUPERVISOR}),
            # residents' names and contacts in an export (a file that leaves the system): asked for, never by default
            "tickets.export_residents": frozenset({Role.ADMIN, Role.SUPERVISOR}),
        },
    )
    web.register_blueprint(app, views.bp)
    app.cli.add_command(cli.tickets_group)
    web.register_blueprint(app, api.bp, web.API)
    app.context_processor(labels)
    history_event.connect(operations.record_history)
    history_event.connect(operations.mail_update)
    add_handler(app, ticket_jobs.SLA_SCAN, ticket_jobs.sla_scan, every_seconds=ticket_jobs.SLA_SCAN_EVERY_SECONDS)
    web.add_request_limit(app, lambda settings: settings.tickets.attachment_max_mb)
    slots.fill(app, "ticket.resolve", queries.visible_id)
    add_vocabulary(app, schemas.CATEGORY, lambda: [c.code for c in queries.active_categories()])
    add_vocabulary(app, schemas.CATEGORY_ANY, lambda: [c.code for c in queries.all_categories()])
    add_vocabulary(app, schemas.ASSIGNEE, queries.assignable_logins)
    add_seeder(app, demo_data.seed)
    add_seeder(app, demo_data.seed_reports)
    add_seeder(app, demo_data.seed_helpline_history)
    add_seeder(app, demo_data.seed_resident)
    menu.add(
        app,
        menu.Entry(_l("New ticket"), "tickets.create", "tickets.create", order=10, shortcut="Alt+N"),
        menu.Entry(
            _l("Tickets"), "tickets.index", "tickets.view", order=20, endpoints=("tickets.show", "tickets.index")
        ),
        menu.Entry(_l("Dashboard"), "tickets.dashboard", "tickets.dashboard", order=30),
        menu.Entry(_l("Live board"), "tickets.board", "tickets.dashboard", order=35),
        menu.Entry(_l("Answer templates"), "tickets.templates", "tickets.templates", order=120),
        menu.Entry(_l("New ticket"), "tickets.create", "tickets.create", section="home", order=10, primary=True),
        menu.Entry(_l("Tickets"), "tickets.index", "tickets.view", section="home", order=20),
        menu.Entry(_l("Supervisor dashboard"), "tickets.dashboard", "tickets.dashboard", section="home", order=30),
    )
    for feature in (routing, reports, mine, open311, personal_data):
        feature.init_app(app)
