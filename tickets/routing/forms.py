from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from cct.forms import Form
from tickets import schemas as tickets
from tickets.routing import schemas as limits
from tickets.states import PRIORITY_LABELS, STATUTORY_LABELS, Priority


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


class CategoryForm(Form):
    """A category as administrators keep it: what it is called, where it sits, who gets its tickets, how soon."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=tickets.CATEGORY_CODE_MAX)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=tickets.CATEGORY_NAME_MAX)])
    parent = SelectField(_l("Parent category"), choices=[], validate_choice=False)
    unit = SelectField(_l("Default unit"), choices=[], validate_choice=False)
    priority = SelectField(
        _l("Priority"),
        choices=[SelectChoice(value.value, label) for value, label in PRIORITY_LABELS.items()],
        default=Priority.NORMAL.value,
    )
    first_response_hours = StringField(
        _l("First response within (office hours)"), validators=[DataRequired(), Length(max=12)]
    )
    resolution_hours = StringField(_l("Resolution within (office hours)"), validators=[DataRequired(), Length(max=12)])
    statutory_kind = SelectField(
        _l("Statutory matter"),
        choices=[SelectChoice("", _l("none"))]
        + [SelectChoice(value.value, label) for value, label in STATUTORY_LABELS.items()],
    )
    keywords = TextAreaField(
        _l("Words callers use for it"), validators=[Optional(), Length(max=tickets.CATEGORY_KEYWORDS_MAX)]
    )
    public_reports = BooleanField(_l("Residents report it on the website and the public map"))
    active = BooleanField(_l("Active"), default=True)
