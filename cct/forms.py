"""Form helpers shared by every module."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import flash, request
from flask_wtf import FlaskForm
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import FileField
from wtforms.csrf.core import CSRFTokenField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from cct.errors import UserError
from cct.office_calendar import IMPLAUSIBLE, plausible
from cct.org import queries
from cct.org.models import Unit


class Form(FlaskForm):
    """Every form of the service. Its CSRF token is rendered without an id: pages carry several forms, and an id
    given twice on a page is an accessibility defect (the token needs no label). A file sent under a text field's
    name is not that field's value (its validators would get a file, not text): only file fields read files."""

    class Meta:
        def render_field(self, field: Any, render_kw: dict[str, Any]) -> Any:
            if isinstance(field, CSRFTokenField):
                render_kw = {**render_kw, "id": False}
            return super().render_field(field, render_kw)  # type: ignore[misc]

        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            wrapped = super().wrap_formdata(form, formdata)  # type: ignore[misc]
            if not isinstance(wrapped, CombinedMultiDict):
                return wrapped
            file_fields = {name for name, bound in form._fields.items() if isinstance(bound, FileField)}
            files = MultiDict([(key, value) for key, value in request.files.items(multi=True) if key in file_fields])
            return CombinedMultiDict((files, request.form))


# The key under which cct.js keeps a form's draft in the browser (data-draft-key), sent back so the server can tell
# the browser to forget it once the form is saved (cct.web.forget_draft).
DRAFT_KEY_MAX = 100


class ActionForm(Form):
    """A button that changes something: carries only the CSRF token."""


class Plausible:
    """A WTForms validator: the field's date or date-and-time lies between EARLIEST and LATEST."""

    message = IMPLAUSIBLE

    def __call__(self, form: Any, field: Any) -> None:
        if not plausible(field.data):
            raise ValidationError(str(self.message))


def optional_id(value: object) -> int | None:
    """A select's coerce for records chosen by id with an empty "— choose —" first: the id, or None for the empty
    choice (the operation then asks for one with its own message)."""
    text = str(value) if value is not None else ""
    return int(text) if text.isdigit() else None


def local_path(target: str | None) -> str | None:
    """A form's `next`: only a path on this site (an open redirect would help phishing); otherwise None.

    Browsers drop tabs and line breaks from a URL and read a backslash as a slash (WHATWG URL standard), so
    "/<tab>/evil.example" is "//evil.example" to them: any control character or backslash refuses the target, and what
    is left must parse with neither a scheme nor a host."""
    if not target or not target.startswith("/") or "\\" in target:
        return None
    if any(character < " " or character == "\x7f" for character in target):
        return None
    parts = urlsplit(target)
    if target.startswith("//") or parts.scheme or parts.netloc:
        return None
    return target


def shown_by_field(field: Any) -> bool:
    """Whether a field's error can stand next to it: a hidden field's would not be seen (it goes to the top of the
    page)."""
    return field.type != "HiddenField"


def show_error(form: FlaskForm, error: UserError) -> None:
    """Put an operation's error next to its field, or at the top of the page when it has none."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and shown_by_field(field) and error.field != "version":
        field.errors = [*field.errors, error.message] if isinstance(field.errors, list) else [error.message]
    else:
        flash(error.message, "error")


def unit_choices(only: Iterable[Unit] | None = None) -> list[SelectChoice]:
    """Active units as choices "CODE — name" (all of them, or just `only`)."""
    units = sorted(only, key=lambda unit: unit.code) if only is not None else queries.active_units()
    return [SelectChoice(unit.code, f"{unit.code} — {unit.name}") for unit in units]
