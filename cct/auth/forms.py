from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from cct.auth.roles import ROLE_LABELS
from cct.auth.schemas import LOGIN_MAX
from cct.forms import Form


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("invalid_choice_message", _l("Not on the list: %(value)s."))
        super().__init__(*args, **kwargs)


class LoginForm(Form):
    login = StringField(_l("Login"), validators=[DataRequired(), Length(max=LOGIN_MAX)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])


class PasswordChangeForm(Form):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=256)])
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    password_again = PasswordField(_l("New password again"), validators=[DataRequired(), Length(max=256)])


class TokenForm(Form):
    name = StringField(_l("What the token is for"), validators=[Optional(), Length(max=100)])


class UserForm(Form):
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=254)])
    roles = MultiCheckboxField(
        _l("Roles"), choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()]
    )
    units = MultiCheckboxField(_l("Units"), choices=[])
    active = BooleanField(_l("Account active"), default=True)
    password = PasswordField(_l("Password"), validators=[Optional(), Length(max=256)])


class NewUserForm(UserForm):
    login = StringField(_l("Login"), validators=[DataRequired(), Length(max=LOGIN_MAX)])
