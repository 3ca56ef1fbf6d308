from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from knowledge.models import VISIBILITY_LABELS


class ArticleForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    unit = SelectField(_l("Owning unit"), validators=[DataRequired()], validate_choice=False)
    visibility = SelectField(
        _l("Visibility"), choices=[SelectChoice(v.value, label) for v, label in VISIBILITY_LABELS.items()]
    )
    tags = StringField(_l("Keywords (comma-separated)"), validators=[Optional(), Length(max=2000)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[Optional(), Length(max=100_000)])
    related = StringField(_l("Related articles (slugs, comma-separated)"), validators=[Optional(), Length(max=2000)])
    note = StringField(_l("What changed (for the history)"), validators=[Optional(), Length(max=300)])
    version = IntegerField(validators=[Optional()])


class StatusForm(FlaskForm):
    action = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(_l("Why it goes back"), validators=[Optional(), Length(max=300)])


class FeedbackForm(FlaskForm):
    helped = HiddenField(validators=[DataRequired()])
    comment = StringField(_l("Comment (optional)"), validators=[Optional(), Length(max=1000)])


class SuggestionForm(FlaskForm):
    body = TextAreaField(_l("What should change"), validators=[DataRequired(), Length(max=5000)])


class CloseSuggestionForm(FlaskForm):
    outcome = HiddenField(validators=[DataRequired()])
    answer = StringField(_l("Answer to the author (optional)"), validators=[Optional(), Length(max=1000)])


class UseForm(FlaskForm):
    """The article helped with a ticket (its number) or with a call (its Twilio CallSid)."""

    ticket = StringField(_l("Ticket number"), validators=[Optional(), Length(max=20)])
    call = StringField(validators=[Optional(), Length(max=64)])


class SynonymsForm(FlaskForm):
    synonyms = TextAreaField(_l("Synonyms"), validators=[Optional(), Length(max=100_000)])
