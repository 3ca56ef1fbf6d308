"""Knowledge base: articles the units keep, Polish search over them, the agents' panel and the residents' FAQ."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from cct import config, menu, slots, web
from cct.auth.roles import ALL_ROLES, Role, add_permissions
from cct.demo import add_seeder
from cct.jobs.operations import add_handler
from cct.signals import history_event
from knowledge import api, cli, operations, views
from knowledge import demo as demo_data
from knowledge import jobs as index_jobs
from knowledge.schemas import KnowledgeSettings


def init_app(app: Flask) -> None:
    config.add_section(app, "knowledge", KnowledgeSettings)
    add_permissions(
        app,
        {
            # units keep their articles true, editors publish, everybody reads and suggests changes
            "kb.view": ALL_ROLES,
            "kb.edit": frozenset({Role.ADMIN, Role.EDITOR, Role.UNIT_STAFF}),
            "kb.publish": frozenset({Role.ADMIN, Role.EDITOR}),
            "kb.synonyms": frozenset({Role.ADMIN, Role.EDITOR}),
            # whose searches teach the search and fill the editors' list of what was not found (policy.learns_from)
            "kb.teach": frozenset({Role.AGENT, Role.SUPERVISOR}),
        },
    )
    web.register_blueprint(app, views.bp)
    web.register_blueprint(app, views.faq_bp)
    web.register_blueprint(app, api.bp, web.API)
    app.context_processor(views.labels)
    app.cli.add_command(cli.kb_group)
    add_handler(app, index_jobs.INDEX, index_jobs.reindex)
    add_seeder(app, demo_data.seed)
    add_seeder(app, demo_data.seed_searches)
    slots.fill(app, "ticket.aside", views.ticket_panel)
    slots.fill(app, "call.aside", views.call_panel)
    slots.fill(app, "calls.articles", views.articles_for_calls)
    slots.fill(app, "ticket.articles", views.articles_for_ticket)
    slots.fill(app, "audit.object_types", views.audit_object_types)
    slots.fill(app, "audit.objects", views.audit_objects)
    slots.fill(app, "db.upgraded", operations.refresh_learning_keys)
    history_event.connect(operations.link_told_articles)
    menu.add(
        app,
        menu.Entry(_l("Knowledge base"), "kb.index", "kb.view", order=80, blueprints=("kb",)),
        menu.Entry(_l("Questions and answers"), "faq.index", None, section="footer", order=10),
    )
