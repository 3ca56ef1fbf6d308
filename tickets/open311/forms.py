"""The administrators' form for a new Open311 api key."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from tickets.open311.schemas import KEY_NAME_MAX


class KeyForm(FlaskForm):
    name = StringField(_l("App name"), validators=[DataRequired(), Length(max=KEY_NAME_MAX)])
