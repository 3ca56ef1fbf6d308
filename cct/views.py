"""The shell's own pages: home, notices, language switch, health check."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from cct import db
from cct.auth import operations as account
from cct.auth.access import public, requires
from cct.auth.roles import ROLE_LABELS
from cct.errors import UserError
from cct.forms import ActionForm, local_path
from cct.jobs import queries as jobs
from cct.notifications import operations as notifications
from cct.notifications import queries as notices
from cct.org import queries as units
from cct.web import abandon, button

bp = Blueprint("core", __name__)
LOCALES = ("pl", "en")


@bp.route("/")
@requires("staff")
def home() -> Any:
    query = (request.args.get("q") or "").strip()
    return render_template(
        "home.html",
        role_labels=[ROLE_LABELS[role] for role in sorted(current_user.roles)],
        query=query,
        units=units.search_units(query) if query else [],
        notices=notices.unread_for(current_user),
        action_form=ActionForm(),
    )


@bp.route("/notifications/<int:notice_id>/read", methods=["POST"])
@requires("staff")
def dismiss_notice(notice_id: int) -> Any:
    def dismiss() -> str:
        try:
            notifications.mark_read(current_user, notice_id)
        except UserError:
            abort(404)
        return ""

    return button(dismiss, url_for("core.home"))


@bp.route("/language", methods=["POST"])
@public
def set_language() -> Any:
    form = ActionForm()
    locale = request.form.get("locale", "")
    if form.validate_on_submit() and locale in LOCALES:
        session["locale"] = locale
        if current_user.is_authenticated:
            account.set_locale(current_user, locale)
    return redirect(local_path(request.form.get("next")) or url_for("core.home"))


@bp.route("/healthz")
@public
def healthz() -> Any:
    try:
        db.session.execute(text("SELECT 1"))
        counts = jobs.counts()
    except SQLAlchemyError:
        current_app.logger.exception("health check: database unreachable")
        abandon()  # nothing to commit after a failed connection
        return jsonify({"status": "error", "database": "unreachable"}), 503
    return jsonify(
        {
            "status": "ok",
            "database": "ok",
            "jobs": {"pending": counts["pending"] + counts["running"], "failed": counts["failed"]},
        }
    )
