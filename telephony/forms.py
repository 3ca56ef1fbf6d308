"""Forms of the telephony pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from cct.forms import DRAFT_KEY_MAX, Form
from cct.identifiers import CALL_SID_MAX
from telephony.schemas import NOTE_MAX, NUMBER_MAX, SMS_MAX
from telephony.states import OUTCOME_LABELS
from tickets.schemas import ARTICLES_TYPED_MAX, DESCRIPTION_MAX, PHONE_TYPED_MAX


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


class AnsweredForm(Form):
    """The workspace's "answered from the knowledge base" button: the ticket form's own fields, of which it reads the
    call (or, without one, the resident's phone and whether they came in person), the articles told and the
    description as the call's note."""

    call_sid = HiddenField(validators=[Optional(), Length(max=CALL_SID_MAX)])
    resident_phone = StringField(validators=[Optional(), Length(max=PHONE_TYPED_MAX)])
    channel = StringField(validators=[Optional(), Length(max=20)])
    description = TextAreaField(validators=[Optional(), Length(max=DESCRIPTION_MAX)])
    articles = HiddenField(validators=[Optional(), Length(max=ARTICLES_TYPED_MAX)])
    draft_key = HiddenField(validators=[Optional(), Length(max=DRAFT_KEY_MAX)])
