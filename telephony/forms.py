"""Forms of the telephony pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from telephony.models import OUTCOME_LABELS
from telephony.sms import MAX_SMS


class SmsTemplatesForm(FlaskForm):
    ticket_opened = TextAreaField(_l("Ticket opened"), validators=[Length(max=MAX_SMS)])
    ticket_resolved = TextAreaField(_l("Ticket resolved"), validators=[Length(max=MAX_SMS)])
    ticket_merged = TextAreaField(_l("Ticket joined with another on the same matter"), validators=[Length(max=MAX_SMS)])


class CallLogForm(FlaskForm):
    """A call that did not come through Twilio, logged by the agent who took it."""

    phone = StringField(_l("Caller's phone"), validators=[DataRequired(), Length(max=40)])
    outcome = SelectField(
        _l("Outcome"), choices=[SelectChoice(value.value, label) for value, label in OUTCOME_LABELS.items()]
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
