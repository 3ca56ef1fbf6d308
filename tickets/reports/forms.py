"""The residents' report form (tickets.reports.operations checks it in full and names every mistake at once)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    MultipleFileField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from cct.forms import Form
from tickets import schemas as tickets
from tickets.reports import schemas as limits


class ReportForm(Form):
    # the operation checks every field and names all that are wrong at once; the form only bounds the lengths
    category = SelectField(_l("What is the problem about?"), choices=[], validate_choice=False)
    description = TextAreaField(_l("Describe the problem"), validators=[Length(max=limits.DESCRIPTION_MAX)])
    street = StringField(_l("Street"), validators=[Optional(), Length(max=limits.STREET_MAX)])
    house_number = StringField(
        _l("House number (or the nearest one)"), validators=[Optional(), Length(max=limits.HOUSE_NUMBER_MAX)]
    )
    lat = HiddenField(validators=[Optional(), Length(max=limits.COORDINATE_TYPED_MAX)])
    lon = HiddenField(validators=[Optional(), Length(max=limits.COORDINATE_TYPED_MAX)])
    photos = MultipleFileField(_l("Photos (JPEG or PNG, optional)"))
    name = StringField(_l("Your name (optional)"), validators=[Optional(), Length(max=tickets.NAME_MAX)])
    phone = TelField(_l("Phone (optional)"), validators=[Optional(), Length(max=tickets.PHONE_TYPED_MAX)])
    email = EmailField(_l("E-mail (optional)"), validators=[Optional(), Length(max=tickets.EMAIL_MAX)])
    updates = BooleanField(_l("Send me news about this report by SMS or e-mail"))
    website = StringField(_l("Leave this field empty"))  # the honeypot: hidden from people, filled by bots
