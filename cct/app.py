"""The application factory: settings → extensions → modules, as named steps."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, abort, current_app, has_request_context, jsonify, render_template, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from cct import db
from cct import logging as cct_logging
from cct.auth import access
from cct.auth.roles import ROLE_LABELS, Role
from cct.config import Settings, load_settings
from cct.extensions import babel, csrf
from cct.phones import display as display_phone

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


def content_security_policy(settings: Settings) -> dict[str, str]:
    """Everything from this service, but the map tiles from the configured tile server."""
    policy = dict(CONTENT_SECURITY_POLICY)
    if origin := settings.reports.tile_origin():
        policy["img-src"] += f" {origin}"
    return policy


def create_app(test_config: dict[str, Any] | None = None, *, configure_logging: bool = True) -> Flask:
    settings = load_settings(test_config)
    app = Flask(__name__, instance_path=str(Path(settings.instance_path).resolve()))
    if configure_logging:
        cct_logging.configure(settings.log_level, settings.log_format)
    register_config(app, settings)
    register_extensions(app, settings)
    register_models()
    register_blueprints(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


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
        # room for the largest request: an attachment, or a resident's report with all its photos
        MAX_CONTENT_LENGTH=int(
            max(settings.tickets.attachment_max_mb, settings.reports.max_photos * settings.reports.photo_max_mb, 19) + 1
        )
        * 1024
        * 1024,
        BABEL_DEFAULT_LOCALE=settings.default_locale,
        BABEL_DEFAULT_TIMEZONE=settings.timezone,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session: agents keep forms open all shift
        JSON_SORT_KEYS=False,
    )


def _select_locale() -> str:
    settings: Settings = app_settings()
    if not has_request_context():  # CLI commands and jobs speak the default language
        return settings.default_locale
    chosen = session.get("locale")
    if chosen in ("pl", "en"):
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in ("pl", "en"):
        return current_user.locale
    return settings.default_locale


def app_settings() -> Settings:
    return current_app.config["CCT"]


def register_extensions(app: Flask, settings: Settings) -> None:
    db.init_app(app, settings.database_url)
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
        content_security_policy=content_security_policy(settings),
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy={"geolocation": "(self)", "camera": "()", "microphone": "()"},
    )
    access.init_app(app)


def register_models() -> None:
    # Importing the modules registers their tables on Base.metadata and the audit subscribers on the signals.
    import cct.audit  # noqa: F401
    import cct.auth.models  # noqa: F401
    import cct.jobs.models  # noqa: F401
    import cct.mail  # noqa: F401
    import cct.notifications.models  # noqa: F401
    import cct.org.models  # noqa: F401
    import knowledge.demo  # noqa: F401
    import knowledge.index  # noqa: F401
    import knowledge.models  # noqa: F401
    import telephony.console  # noqa: F401
    import telephony.models  # noqa: F401
    import telephony.recordings  # noqa: F401
    import telephony.sms  # noqa: F401
    import tickets.demo  # noqa: F401
    import tickets.escalation  # noqa: F401
    import tickets.history  # noqa: F401
    import tickets.models  # noqa: F401
    import tickets.notices  # noqa: F401


def register_commands(app: Flask) -> None:
    from cct.server import WARM_UPS
    from knowledge.analysis import LEMMATIZER
    from knowledge.cli import kb_group
    from tickets.cli import open311_group

    app.cli.add_command(kb_group)
    app.cli.add_command(open311_group)
    app.extensions.setdefault(WARM_UPS, []).append(LEMMATIZER.warm_up)


def register_blueprints(app: Flask) -> None:
    from cct.api.views import bp as api_bp
    from cct.auth.views import bp as auth_bp
    from cct.auth.views import users_bp
    from cct.jobs.views import bp as jobs_bp
    from cct.org.views import bp as units_bp
    from cct.views import bp as core_bp
    from knowledge.faq import bp as faq_bp
    from knowledge.views import bp as kb_bp
    from tickets.admin import bp as routing_bp
    from tickets.open311_admin import bp as keys_bp
    from tickets.public import bp as reports_bp
    from tickets.views import bp as tickets_bp

    blueprints = (
        core_bp,
        auth_bp,
        users_bp,
        units_bp,
        jobs_bp,
        tickets_bp,
        routing_bp,
        keys_bp,
        reports_bp,
        kb_bp,
        faq_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    from cct.api.openapi import add_paths
    from knowledge import openapi as kb_openapi
    from knowledge.api import bp as api_kb_bp
    from telephony.views import bp as telephony_bp
    from tickets import openapi as tickets_openapi
    from tickets.api import bp as api_tickets_bp
    from tickets.open311 import bp as open311_bp

    app.register_blueprint(telephony_bp)  # its webhooks are exempt from CSRF: Twilio signs them instead
    app.register_blueprint(open311_bp)
    csrf.exempt(open311_bp)  # apps post with an api_key, never with a session
    for api in (api_bp, api_tickets_bp, api_kb_bp):
        app.register_blueprint(api)
        csrf.exempt(api)  # the API takes bearer tokens only, never the session cookie
    add_paths(app, tickets_openapi.PATHS, tickets_openapi.SCHEMAS)
    add_paths(app, kb_openapi.PATHS, kb_openapi.SCHEMAS)


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_contains_nul(v) for v in value)
    return False


def register_error_handlers(app: Flask) -> None:
    def wants_json() -> bool:
        return request.path.startswith("/api/")

    @app.before_request
    def _refuse_nul_characters() -> Any:
        """No text we store or look up may hold NUL: PostgreSQL refuses it (a 500) where SQLite would accept it."""
        json_body = request.get_json(silent=True) if request.is_json else None
        sources = [*request.args.values(), *request.form.values(), json_body]
        if any(_contains_nul(value) for value in sources):
            if wants_json():
                error = {"code": "nul_character", "message": "Text must not contain NUL characters.", "field": None}
                return jsonify({"error": error}), 400
            abort(400)
        return None

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> Any:
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Any:
        status = error.code or 500
        if wants_json():
            return jsonify(
                {"error": {"code": error.name.lower().replace(" ", "_"), "message": error.description, "field": None}}
            ), status
        template = f"errors/{status}.html" if status in (400, 403, 404, 405, 413) else "errors/generic.html"
        return render_template(template, error=error), status

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Any:
        app.logger.exception("unhandled error")
        db.session.rollback()
        if wants_json():
            return jsonify({"error": {"code": "internal_error", "message": "Internal error.", "field": None}}), 500
        return render_template("errors/500.html"), 500


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["phone"] = display_phone
    app.jinja_env.filters["role_label"] = lambda role: ROLE_LABELS[Role(role)]
    app.jinja_env.globals["get_locale"] = get_locale
