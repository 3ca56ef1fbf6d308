"""Telephony: Twilio's voice and SMS webhooks, the IVR, call records and their timeline, the agents' console and
callback list, outbound SMS to residents, call statistics."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from cct import config, menu, slots, web
from cct.auth.roles import Role, add_permissions
from cct.jobs.operations import add_handler
from cct.signals import history_event
from telephony import jobs as telephony_jobs
from telephony import operations, personal_data, queries, views, webhooks
from telephony.schemas import TwilioSettings


def init_app(app: Flask) -> None:
    config.add_section(app, "twilio", TwilioSettings)
    add_permissions(
        app,
        {
            # agents take calls and call back residents whose calls were missed; supervisors watch
            "calls.handle": frozenset({Role.ADMIN, Role.SUPERVISOR, Role.AGENT}),
            "calls.stats": frozenset({Role.ADMIN, Role.SUPERVISOR}),
            "sms.templates": frozenset({Role.ADMIN}),
        },
    )
    web.register_blueprint(app, views.bp)
    # Twilio signs its requests instead of sending a CSRF token; errors go back to it as a status, not a page
    web.register_blueprint(app, webhooks.bp, "twilio", errors=webhooks.user_error, csrf_exempt=True)
    history_event.connect(operations.record_history)
    history_event.connect(operations.ticket_opened)
    history_event.connect(operations.ticket_update)
    add_handler(app, telephony_jobs.SEND_SMS, telephony_jobs.send_sms)
    add_handler(
        app,
        telephony_jobs.RECORDINGS,
        telephony_jobs.delete_recordings,
        every_seconds=telephony_jobs.RECORDINGS_EVERY_SECONDS,
    )
    personal_data.init_app(app)
    slots.fill(app, "sms.sender", operations.text_sender)
    slots.fill(app, "public_url", lambda: app.config["CCT"].twilio.public_base_url)
    slots.fill(app, "dashboard.links", views.dashboard_links)
    slots.fill(app, "board.sections", views.board_section)
    slots.fill(app, "workspace.actions", views.workspace_actions)
    slots.fill(app, "audit.object_types", views.audit_object_types)
    slots.fill(app, "signals.counts", queries.ivr_choices_between)
    slots.fill(app, "signals.topic", queries.calls_on_topic)
    menu.add(
        app,
        menu.Entry(_l("Console"), "telephony.agent_console", "calls.handle", order=40),
        menu.Entry(_l("Call log"), "telephony.call_log", "calls.handle", order=50),
        menu.Entry(_l("Callbacks"), "telephony.callbacks", "calls.handle", order=60),
        menu.Entry(_l("Call statistics"), "telephony.stats", "calls.stats", order=70),
        menu.Entry(_l("SMS texts"), "telephony.sms_templates", "sms.templates", order=130),
    )
