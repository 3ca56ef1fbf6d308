"""Form helpers shared by every module."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request
from flask_wtf import FlaskForm

from cct import db
from cct.errors import UserError


class ActionForm(FlaskForm):
    """A button that changes something: carries only the CSRF token."""


def show_error(form: FlaskForm, error: UserError) -> None:
    """Put an operation's error next to its field, or at the top of the page when it has none."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message] if isinstance(field.errors, list) else [error.message]
    else:
        flash(error.message, "error")


def form_page(form: FlaskForm, action: Callable[[], str], success_url: str, template: str, **context: Any) -> Any:
    """The view's unit of work for a form page: on a valid POST run `action` (which returns the success message),
    commit and redirect; on a UserError roll back and show it by its field. Otherwise render the page again:
    200 for a GET, 400 for a refused POST."""
    if form.validate_on_submit():
        try:
            message = action()
        except UserError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(success_url)
    status = 400 if request.method == "POST" else 200
    return render_template(template, form=form, **context), status
