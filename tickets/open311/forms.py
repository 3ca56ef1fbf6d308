"""The administrators' form for a new Open311 api key."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from cct.forms import Form
from tickets.open311.schemas import KEY_NAME_MAX


class KeyForm(Form):
    name = StringField(_l("App name"), validators=[DataRequired(), Length(max=KEY_NAME_MAX)])
