"""Forms of the telephony pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from cct.forms import Form
from telephony.schemas import NOTE_MAX, NUMBER_MAX, SMS_MAX
from telephony.states import OUTCOME_LABELS


class SmsTemplatesForm(Form):
    ticket_opened = TextAreaField(_l("Ticket opened"), validators=[Length(max=SMS_MAX)])
    ticket_resolved = TextAreaField(_l("Ticket resolved"), validators=[Length(max=SMS_MAX)])
    ticket_merged = TextAreaField(_l("Ticket joined with another on the same matter"), validators=[Length(max=SMS_MAX)])


class CallLogForm(Form):
    """A call that did not come through Twilio, logged by the agent who took it."""

    phone = StringField(_l("Caller's phone"), validators=[DataRequired(), Length(max=NUMBER_MAX)])
    outcome = SelectField(
        _l("Outcome"), choices=[SelectChoice(value.value, label) for value, label in OUTCOME_LABELS.items()]
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=NOTE_MAX)])
