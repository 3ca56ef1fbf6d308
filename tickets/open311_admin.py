"""Administrators issue and revoke the api keys of Open311 client apps (the same as `cct open311 keys`)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from cct import db
from cct.auth.access import requires
from cct.errors import UserError
from cct.forms import ActionForm, show_error
from tickets import open311
from tickets.models import Open311Key

bp = Blueprint("open311_keys", __name__, url_prefix="/admin/open311-keys", template_folder="templates")


class KeyForm(FlaskForm):
    name = StringField(_l("App name"), validators=[DataRequired(), Length(max=100)])


@bp.route("/", methods=["GET", "POST"])
@requires("open311.keys")
def index() -> Any:
    form = KeyForm()
    issued = None
    status = 200
    if form.validate_on_submit():
        try:
            key, issued = open311.create_key(form.name.data or "")
        except UserError as error:
            db.session.rollback()
            show_error(form, error)
            status = 400
        else:
            db.session.commit()
            flash(_("Key for %(name)s issued. Copy it now: it is shown only once.", name=key.name), "success")
    elif form.is_submitted():
        status = 400
    page = render_template(
        "tickets/open311_keys.html", form=form, keys=open311.all_keys(), issued=issued, action_form=ActionForm()
    )
    return page, status


@bp.route("/<int:key_id>/revoke", methods=["POST"])
@requires("open311.keys")
def revoke(key_id: int) -> Any:
    key = db.session.get(Open311Key, key_id)
    if key is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    open311.revoke_key(key.name)
    db.session.commit()
    flash(_("Key of %(name)s revoked.", name=key.name), "success")
    return redirect(url_for("open311_keys.index"))
