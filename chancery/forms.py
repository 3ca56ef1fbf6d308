"""Forms of the chancery desk. Times are typed as the office's wall-clock time (views make them aware)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from cct.forms import Form, Plausible
from chancery import schemas as limits
from chancery.states import (
    ACCESS_LABELS,
    DELIVERY_LABELS,
    DIRECTION_LABELS,
    LETTER_KIND_LABELS,
    SEND_METHOD_LABELS,
    SENDER_KIND_LABELS,
)

TIME_FORMAT = "%Y-%m-%dT%H:%M"
TIME_MESSAGE = _l("Give a date and time, e.g. 2026-12-02 14:30.")
DAY_MESSAGE = _l("Give a date as YYYY-MM-DD, e.g. 2026-12-02.")


def enum_choices(labels: dict) -> list[SelectChoice]:  # type: ignore[type-arg]
    """A select's options from an enum's labels (value, label), in the labels' order."""
    return [SelectChoice(key.value, label) for key, label in labels.items()]


class LetterForm(Form):
    received_at = DateTimeLocalField(
        _l("Received at"), format=TIME_FORMAT, validators=[DataRequired(message=TIME_MESSAGE), Plausible()]
    )
    delivery = SelectField(_l("Came in by"), choices=enum_choices(DELIVERY_LABELS))
    kind = SelectField(_l("Kind"), choices=enum_choices(LETTER_KIND_LABELS))
    sender = StringField(_l("Sender"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    sender_kind = SelectField(_l("Sender is a"), choices=enum_choices(SENDER_KIND_LABELS))
    sender_address = TextAreaField(_l("Sender's address"), validators=[Optional(), Length(max=limits.ADDRESS_MAX)])
    sender_email = StringField(_l("Sender's e-mail"), validators=[Optional(), Length(max=limits.EMAIL_MAX)])
    sender_reference = StringField(_l("Sender's reference"), validators=[Optional(), Length(max=limits.REFERENCE_MAX)])
    letter_date = DateField(_l("Letter dated"), validators=[Optional(), Plausible()])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=limits.SUBJECT_MAX)])
    attachments = IntegerField(
        _l("Attachments"), default=0, validators=[Optional(), NumberRange(min=0, max=limits.ATTACHMENTS_MAX)]
    )
    access = SelectField(_l("Access"), choices=enum_choices(ACCESS_LABELS))
    unit = SelectField(_l("Handled by (unit)"), choices=[])
    assignee = StringField(_l("Assigned to (login)"), validators=[Optional(), Length(max=64)])
    via_representative = BooleanField(_l("Came through an MP, a senator or a councillor (KPA art. 237 § 2)"))
    scan = FileField(_l("Scan (PDF, JPEG or PNG)"))


class CaseForm(Form):
    jrwa = SelectField(_l("JRWA class"), choices=[], validators=[DataRequired()])
    title = StringField(_l("Title of the case"), validators=[DataRequired(), Length(max=limits.TITLE_MAX)])
    letter = StringField(_l("From letter (register number)"), validators=[Optional(), Length(max=20)])


class HelplineForm(Form):
    category = SelectField(_l("Ticket category"), choices=[], validators=[DataRequired()])
    description = TextAreaField(_l("What the resident asks"), validators=[Optional(), Length(max=limits.NOTE_MAX)])


class ForwardForm(Form):
    unit = SelectField(_l("A city unit"), choices=[])
    body = StringField(_l("Or another body (name)"), validators=[Optional(), Length(max=limits.BODY_MAX)])
    address = TextAreaField(_l("Its address"), validators=[Optional(), Length(max=limits.ADDRESS_MAX)])


class AddLetterForm(Form):
    letter = StringField(_l("Letter (register number)"), validators=[DataRequired(), Length(max=20)])


class DocumentForm(Form):
    direction = SelectField(_l("Direction"), choices=enum_choices(DIRECTION_LABELS))
    title = StringField(_l("Document"), validators=[DataRequired(), Length(max=limits.DOCUMENT_TITLE_MAX)])
    dated = DateField(_l("Dated"), validators=[Optional(), Plausible()])
    file = FileField(_l("File (PDF, JPEG or PNG)"))


class ActionNoteForm(Form):
    action = TextAreaField(_l("Action"), validators=[DataRequired(), Length(max=limits.NOTE_MAX)])


class CloseForm(Form):
    note = TextAreaField(_l("How it was settled"), validators=[Optional(), Length(max=limits.NOTE_MAX)])


class ReopenForm(Form):
    reason = TextAreaField(_l("Why it is reopened"), validators=[DataRequired(), Length(max=limits.NOTE_MAX)])


class JrwaImportForm(Form):
    file = FileField(_l("JRWA file (CSV)"))


class OutgoingForm(Form):
    sent_on = DateField(_l("Sent on"), validators=[Optional(), Plausible()])
    method = SelectField(_l("Sent by"), choices=enum_choices(SEND_METHOD_LABELS))
    recipient = StringField(_l("Recipient"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    address = TextAreaField(_l("Recipient's address"), validators=[Optional(), Length(max=limits.ADDRESS_MAX)])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=limits.SUBJECT_MAX)])
    case = StringField(_l("Case mark"), validators=[Optional(), Length(max=limits.CASE_MARK_MAX)])
    postage = StringField(_l("Postage (zł)"), validators=[Optional(), Length(max=12)])
    tracking = StringField(_l("Postal number"), validators=[Optional(), Length(max=limits.TRACKING_MAX)])


class ExtendForm(Form):
    reason = TextAreaField(
        _l("Why the information takes longer"), validators=[DataRequired(), Length(max=limits.NOTE_MAX)]
    )
