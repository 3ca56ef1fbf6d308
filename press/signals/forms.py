"""Forms of the press office's signals pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from cct.auth.forms import MultiCheckboxField
from cct.forms import Form, Plausible
from press import schemas as limits
from press.forms import DAY_MESSAGE
from press.states import CAMPAIGN_CHANNEL_LABELS


class CampaignForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=limits.SUBJECT_MAX)])
    goal = TextAreaField(_l("Goal"), validators=[DataRequired(), Length(max=limits.NOTE_MAX)])
    topic = StringField(_l("Topic"), validators=[DataRequired(), Length(max=limits.SUBJECT_MAX)])
    starts_on = DateField(_l("From"), validators=[DataRequired(message=DAY_MESSAGE), Plausible()])
    ends_on = DateField(_l("Until"), validators=[DataRequired(message=DAY_MESSAGE), Plausible()])
    channels = MultiCheckboxField(
        _l("Channels"), choices=[SelectChoice(c.value, label) for c, label in CAMPAIGN_CHANNEL_LABELS.items()]
    )
    categories = SelectMultipleField(_l("Ticket categories of the topic"), choices=[], validators=[Optional()])
    keywords = StringField(
        _l("Words of the topic (comma-separated)"), validators=[Optional(), Length(max=limits.TAG_MAX * 20)]
    )
