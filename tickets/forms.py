from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from tickets.states import CHANNEL_LABELS, PRIORITY_LABELS


class NewTicketForm(FlaskForm):
    """The agent's form during a call: the order of fields is the order of the conversation."""

    resident_phone = StringField(_l("Caller's phone"), validators=[Optional(), Length(max=40)])
    resident_name = StringField(_l("Caller's name"), validators=[Optional(), Length(max=200)])
    category = StringField(_l("Category"), validators=[DataRequired(), Length(max=64)])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("What the caller says"), validators=[Optional(), Length(max=20_000)])
    address = StringField(_l("Address or place"), validators=[Optional(), Length(max=300)])
    district = StringField(_l("District (osiedle)"), validators=[Optional(), Length(max=100)])
    resident_email = EmailField(_l("Caller's e-mail"), validators=[Optional(), Length(max=254)])
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
    call_sid = HiddenField(validators=[Optional(), Length(max=64)])  # the call the ticket is opened during


class TransitionForm(FlaskForm):
    version = IntegerField(validators=[DataRequired()])
    target = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])


class CommentForm(FlaskForm):
    version = IntegerField(validators=[Optional()])
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=20_000)])
    public = BooleanField(_l("Reply to the resident (they will see it)"))


class RerouteForm(FlaskForm):
    version = IntegerField(validators=[DataRequired()])
    unit = SelectField(_l("Send to unit"), choices=[], validate_choice=False)
    reason = TextAreaField(_l("Why"), validators=[DataRequired(), Length(max=2000)])


class EditTicketForm(FlaskForm):
    version = IntegerField(validators=[InputRequired()])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=200)])
    priority = SelectField(
        _l("Priority"), choices=[SelectChoice(value.value, label) for value, label in PRIORITY_LABELS.items()]
    )
    assignee = SelectField(_l("Handled by"), choices=[], validate_choice=False)
    address = StringField(_l("Address or place"), validators=[Optional(), Length(max=300)])
    district = StringField(_l("District (osiedle)"), validators=[Optional(), Length(max=100)])
    tags = StringField(_l("Tags (comma-separated)"), validators=[Optional(), Length(max=1000)])


class NumberForm(FlaskForm):
    """Another ticket's number: for "duplicate of" and "related to"."""

    version = IntegerField(validators=[Optional()])
    number = StringField(_l("Ticket number"), validators=[DataRequired(), Length(max=20)])


class ExtendForm(FlaskForm):
    version = IntegerField(validators=[InputRequired()])
    reason = TextAreaField(
        _l("Why more time is needed (the requester is told)"), validators=[DataRequired(), Length(max=2000)]
    )


class ReportForm(FlaskForm):
    """A resident's report (tickets.reports checks it in full)."""

    # tickets.reports checks every field and names all that are wrong at once; the form only bounds the lengths
    category = SelectField(_l("What is the problem about?"), choices=[], validate_choice=False)
    description = TextAreaField(_l("Describe the problem"), validators=[Length(max=4000)])
    street = StringField(_l("Street"), validators=[Optional(), Length(max=200)])
    house_number = StringField(_l("House number (or the nearest one)"), validators=[Optional(), Length(max=20)])
    lat = HiddenField(validators=[Optional(), Length(max=30)])
    lon = HiddenField(validators=[Optional(), Length(max=30)])
    photos = MultipleFileField(_l("Photos (JPEG or PNG, optional)"))
    name = StringField(_l("Your name (optional)"), validators=[Optional(), Length(max=200)])
    phone = TelField(_l("Phone (optional)"), validators=[Optional(), Length(max=40)])
    email = EmailField(_l("E-mail (optional)"), validators=[Optional(), Length(max=254)])
    updates = BooleanField(_l("Send me news about this report by SMS or e-mail"))
    website = StringField(_l("Leave this field empty"))  # the honeypot: hidden from people, filled by bots


class MergeForm(FlaskForm):
    version = IntegerField(validators=[InputRequired()])
