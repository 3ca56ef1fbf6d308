"""Form helpers shared by every module."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm

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
