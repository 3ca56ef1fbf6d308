"""Forms of the press office's planning pages. Times are typed as the office's wall-clock time (views make them
aware)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from cct.auth.forms import MultiCheckboxField
from cct.forms import Form
from press import schemas as limits
from press.forms import moment_field
from press.states import CHANNEL_LABELS


class ConferenceForm(Form):
    topic = StringField(_l("Topic"), validators=[DataRequired(), Length(max=limits.SUBJECT_MAX)])
    starts_at = moment_field(_l("Starts at"), required=True)
    ends_at = moment_field(_l("Ends at"), required=True)
    place = StringField(_l("Place"), validators=[DataRequired(), Length(max=limits.PLACE_MAX)])
    speakers = TextAreaField(
        _l("Speakers (one per line)"), validators=[DataRequired(), Length(max=limits.SPEAKERS_MAX)]
    )
    description = TextAreaField(_l("Announcement"), validators=[Optional(), Length(max=limits.NOTE_MAX)])
    outlets = MultiCheckboxField(_l("Invited outlets"), choices=[], validators=[Optional()])


class SpeechForm(Form):
    speaker = StringField(_l("Speaker"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    text = TextAreaField(_l("Text of the speech"), validators=[DataRequired(), Length(max=limits.ANSWER_MAX)])


class AttendanceForm(Form):
    attended = MultiCheckboxField(_l("Invited outlets that came"), choices=[], validators=[Optional()])
    note = TextAreaField(
        _l("Note (others who came, questions asked)"), validators=[Optional(), Length(max=limits.NOTE_MAX)]
    )
    release = SelectField(_l("Release that followed"), choices=[], validators=[Optional()])


class CancelForm(Form):
    note = TextAreaField(_l("Why it is cancelled"), validators=[DataRequired(), Length(max=limits.NOTE_MAX)])


class PostForm(Form):
    channel = SelectField(_l("Channel"), choices=[SelectChoice(c.value, label) for c, label in CHANNEL_LABELS.items()])
    planned_at = moment_field(_l("Goes out at"), required=True)
    title = StringField(_l("Title (for the calendar)"), validators=[DataRequired(), Length(max=limits.SUBJECT_MAX)])
    text = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=limits.POST_MAX)])


class PublishedForm(Form):
    url = StringField(_l("Link to the published post"), validators=[DataRequired(), Length(max=limits.URL_MAX)])
