from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from cct.forms import DRAFT_KEY_MAX, Form
from cct.identifiers import CALL_SID_MAX
from tickets import schemas as limits
from tickets.states import CHANNEL_LABELS, PRIORITY_LABELS

# what the agent may type into the category field (a code, or the "code — name" line picked from the suggestions)
CATEGORY_TYPED_MAX = limits.CATEGORY_CODE_MAX + 3 + limits.CATEGORY_NAME_MAX
TAGS_TYPED_MAX = limits.TAGS_MAX * (limits.TAG_MAX + 2)


class NewTicketForm(Form):
    """The agent's form during a call: the order of fields is the order of the conversation."""

    resident_phone = StringField(_l("Caller's phone"), validators=[Optional(), Length(max=limits.PHONE_TYPED_MAX)])
    resident_name = StringField(_l("Caller's name"), validators=[Optional(), Length(max=limits.NAME_MAX)])
    category = StringField(_l("Category"), validators=[DataRequired(), Length(max=CATEGORY_TYPED_MAX)])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=limits.SUBJECT_MAX)])
    description = TextAreaField(_l("What the caller says"), validators=[Optional(), Length(max=limits.DESCRIPTION_MAX)])
    address = StringField(_l("Address or place"), validators=[Optional(), Length(max=limits.ADDRESS_MAX)])
    district = StringField(_l("District (osiedle)"), validators=[Optional(), Length(max=limits.DISTRICT_MAX)])
    resident_email = EmailField(_l("Caller's e-mail"), validators=[Optional(), Length(max=limits.EMAIL_MAX)])
    consent_sms = BooleanField(_l("The caller agrees to SMS updates"))
    consent_email = BooleanField(_l("The caller agrees to e-mail updates"))
    channel = SelectField(
        _l("Channel"), choices=[SelectChoice(value.value, label) for value, label in CHANNEL_LABELS.items()]
    )
    priority = SelectField(
        _l("Priority"),
        choices=[SelectChoice("", _l("as the category says"))]
        + [SelectChoice(value.value, label) for value, label in PRIORITY_LABELS.items()],
        validate_choice=False,
    )
    via_representative = BooleanField(_l("Came through an MP, senator or councillor"))
    call_sid = HiddenField(validators=[Optional(), Length(max=CALL_SID_MAX)])  # the call the ticket is opened during
    # the knowledge-base articles chosen during the call (slugs, one per line), linked when the ticket is saved
    articles = HiddenField(validators=[Optional(), Length(max=limits.ARTICLES_TYPED_MAX)])
    # the browser's key for this call's draft, forgotten once the ticket is saved
    draft_key = HiddenField(validators=[Optional(), Length(max=DRAFT_KEY_MAX)])


class TransitionForm(Form):
    version = IntegerField(validators=[DataRequired()])
    target = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=limits.REASON_MAX)])


class CommentForm(Form):
    version = IntegerField(validators=[Optional()])
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=limits.COMMENT_MAX)])
    public = BooleanField(_l("Reply to the resident (they will see it)"))


class RerouteForm(Form):
    version = IntegerField(validators=[DataRequired()])
    unit = SelectField(_l("Send to unit"), choices=[], validate_choice=False)
    reason = TextAreaField(_l("Why"), validators=[DataRequired(), Length(max=limits.REASON_MAX)])


class EditTicketForm(Form):
    version = IntegerField(validators=[InputRequired()])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=limits.SUBJECT_MAX)])
    priority = SelectField(
        _l("Priority"), choices=[SelectChoice(value.value, label) for value, label in PRIORITY_LABELS.items()]
    )
    assignee = SelectField(_l("Handled by"), choices=[], validate_choice=False)
    address = StringField(_l("Address or place"), validators=[Optional(), Length(max=limits.ADDRESS_MAX)])
    district = StringField(_l("District (osiedle)"), validators=[Optional(), Length(max=limits.DISTRICT_MAX)])
    tags = StringField(_l("Tags (comma-separated)"), validators=[Optional(), Length(max=TAGS_TYPED_MAX)])


class NumberForm(Form):
    """Another ticket's number: for "duplicate of" and "related to"."""

    version = IntegerField(validators=[Optional()])
    number = StringField(_l("Ticket number"), validators=[DataRequired(), Length(max=limits.NUMBER_TYPED_MAX)])


class ExtendForm(Form):
    version = IntegerField(validators=[InputRequired()])
    reason = TextAreaField(
        _l("Why more time is needed (the requester is told)"),
        validators=[DataRequired(), Length(max=limits.REASON_MAX)],
    )


class MergeForm(Form):
    version = IntegerField(validators=[InputRequired()])


class BulkForm(Form):
    """Several tickets at once from the queue (supervisors): give them to one person, or send them to one unit."""

    ticket = SelectMultipleField(_l("Tickets"), choices=[], coerce=int, validate_choice=False)
    action = SelectField(choices=[SelectChoice("assign", "assign"), SelectChoice("reroute", "reroute")])
    assignee = SelectField(_l("Give to"), choices=[], validate_choice=False)
    unit = SelectField(_l("Send to unit"), choices=[], validate_choice=False)
    reason = StringField(_l("Why (for sending to a unit)"), validators=[Optional(), Length(max=limits.REASON_MAX)])


class ReplyTemplateForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=limits.TEMPLATE_TITLE_MAX)])
    unit = SelectField(_l("Whose"), choices=[], validate_choice=False)
    body = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=limits.COMMENT_MAX)])
