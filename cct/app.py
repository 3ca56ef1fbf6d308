"""The application factory: the shell, then the domains (each contributes through its `init_app`), then the settings
they all declared, then the extensions — as named steps."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_request_context, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix

import cct.derived.models  # noqa: F401 - its table (code_fingerprints): only `cct db upgrade` (cct.cli) uses it
import chancery
import knowledge
import press
import telephony
import tickets
from cct import db, mail, menu, privacy, push, slots, web
from cct import logging as cct_logging
from cct.api import openapi
from cct.api.views import bp as api_bp
from cct.audit import operations as audit_ops
from cct.audit.views import bp as audit_bp
from cct.auth import access
from cct.auth.roles import ROLE_LABELS, Role
from cct.auth.views import bp as auth_bp
from cct.auth.views import users_bp
from cct.config import SECTIONS, Settings, load_settings
from cct.extensions import babel, csrf
from cct.idempotency import operations as idempotency
from cct.jobs import operations as jobs
from cct.jobs.views import bp as jobs_bp
from cct.lemmas import LEMMATIZER
from cct.office import queries as office
from cct.office.views import bp as office_bp
from cct.office_calendar import OVERRIDES
from cct.org import queries as units
from cct.org.views import bp as units_bp
from cct.phones import display as display_phone
from cct.signals import audited
from cct.throttle import operations as throttle
from cct.views import bp as core_bp

# The domains, in the order they are wired in: the one place the shell names them (import-linter's "shell" contract
# allows their imports above and no other import of a domain from anywhere in cct).
DOMAINS = (tickets, knowledge, telephony, press, chancery)
WARM_UPS = "cct.warm_ups"  # app.extensions: callables each server process runs in a thread once it has started

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "style-src": "'self'",
    "script-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# The shell's largest request (MB): a domain with larger uploads raises it (web.add_request_limit).
SHELL_REQUEST_MB = 20


def create_app(test_config: dict[str, Any] | None = None, *, configure_logging: bool = True) -> Flask:
    app = Flask(__name__)
    register_shell(app)
    register_domains(app)
    settings = load_settings(test_config, sections=app.extensions.get(SECTIONS, {}))
    app.instance_path = str(Path(settings.instance_path).resolve())
    if configure_logging:
        cct_logging.configure(settings.log_level, settings.log_format)
    register_config(app, settings)
    register_extensions(app, settings)
    register_template_helpers(app)
    return app


def settings_sections() -> dict[str, Any]:
    """Every domain's section of the settings, as the factory loads them (to check a configuration without an app)."""
    app = Flask(__name__)
    register_shell(app)
    register_domains(app)
    return dict(app.extensions.get(SECTIONS, {}))


def load_models() -> Any:
    """The metadata with every table: the shell's models are imported above, each domain's come with its package."""
    return db.Base.metadata


def register_shell(app: Flask) -> None:
    """The shell's own pages, API, audit subscriber and menu entries."""
    for blueprint in (core_bp, auth_bp, users_bp, units_bp, office_bp, jobs_bp, audit_bp):
        web.register_blueprint(app, blueprint)
    web.register_blueprint(app, api_bp, web.API)
    audited.connect(audit_ops.record)
    app.extensions[OVERRIDES] = office.overrides  # the office hours and days off administrators keep
    jobs.add_handler(app, mail.SEND_JOB, mail.send)
    jobs.add_handler(app, idempotency.PURGE_JOB, idempotency.purge, every_seconds=3600)
    jobs.add_handler(app, throttle.PURGE_JOB, throttle.purge, every_seconds=600)
    privacy.init_app(app)
    app.extensions.setdefault(WARM_UPS, []).append(LEMMATIZER.warm_up)
    openapi.add_vocabulary(app, "unit", lambda: [unit.code for unit in units.active_units()])
    openapi.add_vocabulary(app, "unit_any", lambda: [unit.code for unit in units.all_units()])
    menu.add(
        app,
        menu.Entry(_l("Home"), "core.home", "staff", order=0),
        menu.Entry(_l("City units"), "units.index", "units.view", order=90, blueprints=("units",)),
        menu.Entry(_l("Accounts"), "users.index", "users.manage", order=100, blueprints=("users",)),
        menu.Entry(_l("Office hours"), "office.index", "office.manage", order=120, blueprints=("office",)),
        menu.Entry(_l("Background jobs"), "jobs.index", "jobs.manage", order=140, blueprints=("jobs",)),
        menu.Entry(_l("Audit log"), "audit.index", "audit.view", order=150, blueprints=("audit",)),
    )


def register_domains(app: Flask) -> None:
    for domain in DOMAINS:
        domain.init_app(app)


def _secret_key(settings: Settings, instance: Path) -> str:
    if settings.secret_key:
        return settings.secret_key
    key_file = instance / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def register_config(app: Flask, settings: Settings) -> None:
    app.config.update(
        CCT=settings,
        SECRET_KEY=_secret_key(settings, Path(app.instance_path)),
        SESSION_COOKIE_NAME="cct_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.security.secure_cookies,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.security.secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.security.session_hours),
        # A response sends the cookie only when its request changed the session. Refreshed on every request, a
        # background request (a search while typing, a poll) that ends after a concurrent save would write back the
        # session it started with, and the save's word to the next page (forget the draft, focus what was saved)
        # would be lost. The session's end does not depend on the cookie: the server ends it (auth.queries).
        SESSION_REFRESH_EACH_REQUEST=False,
        # room for the largest request any domain takes (an attachment, a resident's report with its photos)
        MAX_CONTENT_LENGTH=int(max([SHELL_REQUEST_MB, *web.request_limits(app, settings)]) + 1) * 1024 * 1024,
        BABEL_DEFAULT_LOCALE=settings.default_locale,
        BABEL_DEFAULT_TIMEZONE=settings.timezone,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session: agents keep forms open all shift
        JSON_SORT_KEYS=False,
    )


def _select_locale() -> str:
    settings: Settings = current_app.config["CCT"]
    if not has_request_context():  # CLI commands and jobs speak the default language
        return settings.default_locale
    chosen = session.get("locale")
    if chosen in ("pl", "en"):
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in ("pl", "en"):
        return current_user.locale
    return settings.default_locale


def content_security_policy(app: Flask, settings: Settings) -> dict[str, str]:
    """Everything from this service, but what a domain allows from elsewhere (the map tiles' server)."""
    policy = dict(CONTENT_SECURITY_POLICY)
    for directive, origin in web.csp_sources(app, settings):
        policy[directive] += f" {origin}"
    return policy


def register_extensions(app: Flask, settings: Settings) -> None:
    if settings.server.trusted_proxies:
        # the client's own address for every throttle and log (login attempts, residents' reports, audit rows)
        hops = settings.server.trusted_proxies
        # not X-Forwarded-Host: a proxy passes a client's own on, and it would name the host in feeds' links
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    db.init_app(app, settings.database_url)
    push.init_app(app, settings.server.threads)
    cct_logging.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    secure = settings.security.secure_cookies
    Talisman(
        app,
        force_https=secure,
        strict_transport_security=secure,
        session_cookie_secure=secure,
        session_cookie_http_only=True,
        content_security_policy=content_security_policy(app, settings),
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy={"geolocation": "(self)", "camera": "()", "microphone": "()"},
    )
    web.init_app(app)
    access.init_app(app)
    menu.init_app(app)
    slots.init_app(app)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["phone"] = display_phone
    app.jinja_env.filters["role_label"] = lambda role: ROLE_LABELS[Role(role)]
    app.jinja_env.globals["get_locale"] = get_locale
