"""Forms of the telephony pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from telephony.sms import MAX_SMS


class SmsTemplatesForm(FlaskForm):
    ticket_opened = TextAreaField(_l("Ticket opened"), validators=[Length(max=MAX_SMS)])
    ticket_resolved = TextAreaField(_l("Ticket resolved"), validators=[Length(max=MAX_SMS)])
