"""Form helpers shared by every module."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import flash, redirect, render_template, request
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from cct import db
from cct.errors import UserError
from cct.org.models import Unit


class ActionForm(FlaskForm):
    """A button that changes something: carries only the CSRF token."""


def local_path(target: str | None) -> str | None:
    """A form's `next`: only a path on this site (an open redirect would help phishing); otherwise None."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def show_error(form: FlaskForm, error: UserError) -> None:
    """Put an operation's error next to its field, or at the top of the page when it has none."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and field.type != "HiddenField":  # a hidden field's error would not be seen
        field.errors = [*field.errors, error.message] if isinstance(field.errors, list) else [error.message]
    else:
        flash(error.message, "error")


def form_page(
    form: FlaskForm, action: Callable[[], str], success_url: str | Callable[[], str], template: str, **context: Any
) -> Any:
    """The view's unit of work for a form page: on a valid POST run `action` (which returns the success message),
    commit and redirect (`success_url` may be a function, for what the action created); on a UserError roll back
    and show it by its field. Otherwise render the page again: 200 for a GET, 400 for a refused POST."""
    if form.validate_on_submit():
        try:
            message = action()
        except UserError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(success_url() if callable(success_url) else success_url)
    status = 400 if request.method == "POST" else 200
    return render_template(template, form=form, **context), status


def unit_choices(only: Iterable[Unit] | None = None) -> list[SelectChoice]:
    """Active units as choices "CODE — name" (all of them, or just `only`)."""
    units = (
        sorted(only, key=lambda unit: unit.code)
        if only is not None
        else db.session.scalars(select(Unit).where(Unit.active.is_(True)).order_by(Unit.code))
    )
    return [SelectChoice(unit.code, f"{unit.code} — {unit.name}") for unit in units]
