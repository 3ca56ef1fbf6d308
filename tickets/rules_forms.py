from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional


class RuleForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    position = IntegerField(_l("Order"), validators=[InputRequired(), NumberRange(min=1, max=1_000_000)])
    category = SelectField(_l("Category (and its sub-categories)"), choices=[], validate_choice=False)
    district = StringField(_l("District (osiedle)"), validators=[Optional(), Length(max=100)])
    street = StringField(_l("Street"), validators=[Optional(), Length(max=200)])
    keywords = TextAreaField(_l("Keywords (any of them, comma-separated)"), validators=[Optional(), Length(max=2000)])
    unit = SelectField(_l("Send to unit"), choices=[], validate_choice=False)
    active = BooleanField(_l("Active"), default=True)


class RoutingTryForm(FlaskForm):
    class Meta:
        csrf = False  # a read-only GET form

    category = SelectField(_l("Category"), choices=[], validate_choice=False)
    district = StringField(_l("District (osiedle)"), validators=[Optional(), Length(max=100)])
    address = StringField(_l("Address or place"), validators=[Optional(), Length(max=300)])
    text = TextAreaField(_l("Subject and description"), validators=[Optional(), Length(max=5000)])
