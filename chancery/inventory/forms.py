"""Forms of the inventory book."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField
from wtforms.validators import DataRequired, Length, Optional

from cct.forms import Form, Plausible
from chancery.forms import DAY_MESSAGE
from chancery.inventory import schemas as limits


def _day(label: object) -> DateField:
    return DateField(label, validators=[DataRequired(message=DAY_MESSAGE), Plausible()])


class ItemForm(Form):
    name = StringField(_l("Item"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    acquired_on = _day(_l("Acquired on"))
    document = StringField(_l("Acquisition document"), validators=[DataRequired(), Length(max=limits.DOCUMENT_MAX)])
    value = StringField(_l("Value (zł)"), validators=[DataRequired(), Length(max=20)])
    location = StringField(_l("Location"), validators=[DataRequired(), Length(max=limits.LOCATION_MAX)])
    responsible = StringField(_l("Responsible person"), validators=[DataRequired(), Length(max=limits.PERSON_MAX)])


class MoveForm(Form):
    moved_on = _day(_l("Moved on"))
    location = StringField(_l("New location"), validators=[DataRequired(), Length(max=limits.LOCATION_MAX)])
    responsible = StringField(_l("Now responsible"), validators=[DataRequired(), Length(max=limits.PERSON_MAX)])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=limits.NOTE_MAX)])


class WriteOffForm(Form):
    written_off_on = _day(_l("Written off on"))
    protocol = StringField(_l("Protocol number"), validators=[DataRequired(), Length(max=limits.PROTOCOL_MAX)])
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=limits.NOTE_MAX)])
