"""Administrators issue and revoke the api keys of Open311 client apps (the same as `cct open311 keys`)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cct.auth.access import requires
from cct.forms import ActionForm
from cct.web import button, redisplay
from tickets.open311 import operations, queries
from tickets.open311.forms import KeyForm

bp = Blueprint("open311_keys", __name__, url_prefix="/admin/open311-keys", template_folder="templates")


@bp.route("/", methods=["GET", "POST"])
@requires("open311.keys")
def index() -> Any:
    form = KeyForm()
    issued = None

    def page() -> str:
        return render_template(
            "open311/keys.html", form=form, keys=queries.all_keys(), issued=issued, action_form=ActionForm()
        )

    if form.validate_on_submit():
        redisplay(page, form)
        key, issued = operations.create_key(current_user, form.data["name"] or "")
        flash(_("Key for %(name)s issued. Copy it now: it is shown only once.", name=key.name), "success")
    elif form.is_submitted():
        return page(), 400
    return page()


@bp.route("/<int:key_id>/revoke", methods=["POST"])
@requires("open311.keys")
def revoke(key_id: int) -> Any:
    key = queries.key(key_id)
    if key is None:
        abort(404)

    def revoke_key() -> str:
        operations.revoke_key(current_user, key.name)
        return _("Key of %(name)s revoked.", name=key.name)

    return button(revoke_key, url_for("open311_keys.index"))
