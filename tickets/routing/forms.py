from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from cct.forms import Form
from tickets import schemas as tickets
from tickets.routing import schemas as limits


class RuleForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    position = IntegerField(_l("Order"), validators=[InputRequired(), NumberRange(min=1, max=limits.POSITION_MAX)])
    category = SelectField(_l("Category (and its sub-categories)"), choices=[], validate_choice=False)
    district = StringField(_l("District (osiedle)"), validators=[Optional(), Length(max=limits.DISTRICT_MAX)])
    street = StringField(_l("Street"), validators=[Optional(), Length(max=limits.STREET_MAX)])
    keywords = TextAreaField(
        _l("Keywords (any of them, comma-separated)"), validators=[Optional(), Length(max=limits.KEYWORDS_MAX)]
    )
    unit = SelectField(_l("Send to unit"), choices=[], validate_choice=False)
    active = BooleanField(_l("Active"), default=True)


class RoutingTryForm(Form):
    class Meta:
        csrf = False  # a read-only GET form

    category = SelectField(_l("Category"), choices=[], validate_choice=False)
    district = StringField(_l("District (osiedle)"), validators=[Optional(), Length(max=tickets.DISTRICT_MAX)])
    address = StringField(_l("Address or place"), validators=[Optional(), Length(max=tickets.ADDRESS_MAX)])
    text = TextAreaField(
        _l("Subject and description"),
        validators=[Optional(), Length(max=tickets.SUBJECT_MAX + 1 + tickets.DESCRIPTION_MAX)],
    )
