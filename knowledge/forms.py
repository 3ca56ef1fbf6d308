from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from cct.forms import Form
from cct.identifiers import CALL_SID_MAX, TICKET_NUMBER_TYPED_MAX
from knowledge import learned
from knowledge import schemas as limits
from knowledge.states import VISIBILITY_LABELS

TAGS_TYPED_MAX = limits.TAGS_MAX * (limits.TAG_MAX + 2)
QUESTIONS_TYPED_MAX = limits.QUESTIONS_MAX * (limits.QUESTION_MAX + 2)


class ArticleForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=limits.TITLE_MAX)])
    unit = SelectField(_l("Owning unit"), validators=[DataRequired()], validate_choice=False)
    visibility = SelectField(
        _l("Visibility"), choices=[SelectChoice(v.value, label) for v, label in VISIBILITY_LABELS.items()]
    )
    tags = StringField(_l("Keywords (comma-separated)"), validators=[Optional(), Length(max=TAGS_TYPED_MAX)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[Optional(), Length(max=limits.BODY_MAX)])
    questions = TextAreaField(
        _l("Questions residents ask (one a line)"), validators=[Optional(), Length(max=QUESTIONS_TYPED_MAX)]
    )
    related = StringField(
        _l("Related articles (slugs, comma-separated)"), validators=[Optional(), Length(max=limits.RELATED_TYPED_MAX)]
    )
    note = StringField(_l("What changed (for the history)"), validators=[Optional(), Length(max=limits.NOTE_MAX)])
    version = IntegerField(validators=[Optional()])


class StatusForm(Form):
    action = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(_l("Why it goes back"), validators=[Optional(), Length(max=limits.NOTE_MAX)])


class FeedbackForm(Form):
    helped = HiddenField(validators=[DataRequired()])
    comment = StringField(_l("Comment (optional)"), validators=[Optional(), Length(max=limits.FEEDBACK_MAX)])


class SuggestionForm(Form):
    body = TextAreaField(_l("What should change"), validators=[DataRequired(), Length(max=limits.SUGGESTION_MAX)])


class CloseSuggestionForm(Form):
    outcome = HiddenField(validators=[DataRequired()])
    answer = StringField(_l("Answer to the author (optional)"), validators=[Optional(), Length(max=limits.ANSWER_MAX)])


class UseForm(Form):
    """The article helped with a ticket (its number) or with a call (its Twilio CallSid)."""

    ticket = StringField(_l("Ticket number"), validators=[Optional(), Length(max=TICKET_NUMBER_TYPED_MAX)])
    call = HiddenField(validators=[Optional(), Length(max=CALL_SID_MAX)])  # the panel sends it; no page shows it


class SynonymsForm(Form):
    synonyms = TextAreaField(_l("Synonyms"), validators=[Optional(), Length(max=limits.SYNONYMS_TYPED_MAX)])


class AnswerQueryForm(Form):
    """Add a search nobody found an answer to as a question of an article."""

    key = HiddenField(validators=[DataRequired(), Length(max=learned.KEY_MAX)])
    article = StringField(_l("Article (its title or slug)"), validators=[DataRequired(), Length(max=limits.TITLE_MAX)])
    question = StringField(_l("Question"))  # checked by knowledge.operations.add_question


class ForgetChoiceForm(Form):
    key = HiddenField(validators=[DataRequired(), Length(max=learned.KEY_MAX)])
    article = HiddenField(validators=[DataRequired(), Length(max=limits.SLUG_MAX)])
