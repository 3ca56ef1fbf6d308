"""Forms of the press office's pages. Times are typed as the office's wall-clock time (views make them aware)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from cct.forms import Form, Plausible
from press import schemas as limits
from press.states import (
    DECISIONS,
    MEDIUM_LABELS,
    OUTCOME_LABELS,
    OUTLET_KIND_LABELS,
    RECEIVED_VIA_LABELS,
    TONE_LABELS,
)

TIME_FORMAT = "%Y-%m-%dT%H:%M"
TIME_MESSAGE = _l("Give a date and time, e.g. 2026-12-02 14:30.")
DAY_MESSAGE = _l("Give a date as YYYY-MM-DD, e.g. 2026-12-02.")


def moment_field(label: object, required: bool = False) -> DateTimeLocalField:
    checks = [DataRequired(message=TIME_MESSAGE) if required else Optional(), Plausible()]
    return DateTimeLocalField(label, format=TIME_FORMAT, validators=checks)


def kind_choices(blank: object = None) -> list[SelectChoice]:
    choices = [SelectChoice(kind.value, label) for kind, label in OUTLET_KIND_LABELS.items()]
    return [SelectChoice("", blank), *choices] if blank is not None else choices


class EnquiryForm(Form):
    journalist = StringField(_l("Journalist"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    outlet = StringField(_l("Outlet"), validators=[Optional(), Length(max=limits.NAME_MAX)])
    outlet_kind = SelectField(_l("Kind of outlet (for a new one)"), choices=kind_choices(_l("— as in the contacts —")))
    journalist_email = StringField(_l("Journalist's e-mail"), validators=[Optional(), Length(max=limits.EMAIL_MAX)])
    journalist_phone = StringField(
        _l("Journalist's phone"), validators=[Optional(), Length(max=limits.PHONE_TYPED_MAX)]
    )
    received_via = SelectField(
        _l("Came in by"), choices=[SelectChoice(via.value, label) for via, label in RECEIVED_VIA_LABELS.items()]
    )
    received_at = moment_field(_l("Received at"), required=True)
    requested_by = moment_field(_l("The journalist asks for an answer by"))
    subject = StringField(_l("Subject"), validators=[Optional(), Length(max=limits.SUBJECT_MAX)])
    question = TextAreaField(_l("Questions"), validators=[DataRequired(), Length(max=limits.QUESTIONS_MAX)])
    tags = StringField(
        _l("Topics (comma-separated)"), validators=[Optional(), Length(max=limits.TAG_MAX * limits.TAGS_MAX)]
    )


class DraftForm(Form):
    text = TextAreaField(_l("Answer"), validators=[DataRequired(), Length(max=limits.ANSWER_MAX)])


class ApproveForm(Form):
    draft = IntegerField(validators=[DataRequired()])


class NoteForm(Form):
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=limits.NOTE_MAX)])


class RefusalForm(Form):
    refusal_reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=limits.REASON_MAX)])


class ExtendForm(Form):
    new_due = moment_field(_l("New date of the answer"), required=True)
    reason = TextAreaField(_l("Reason for the delay"), validators=[DataRequired(), Length(max=limits.REASON_MAX)])


class RefusalAskedForm(Form):
    asked_at = moment_field(_l("The editor-in-chief asked at"))


class SendForm(Form):
    via = HiddenField(validators=[DataRequired()])


class AssignForm(Form):
    officer = SelectField(_l("Press officer"), choices=[])


class AskUnitForm(Form):
    unit = SelectField(_l("Unit"), choices=[])
    question = TextAreaField(
        _l("What the unit is asked"), validators=[DataRequired(), Length(max=limits.QUESTIONS_MAX)]
    )
    due_at = moment_field(_l("Answer needed by"), required=True)


class UnitAnswerForm(Form):
    answer = TextAreaField(_l("The unit's answer"), validators=[DataRequired(), Length(max=limits.ANSWER_MAX)])


class OutletForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    kind = SelectField(_l("Kind"), choices=kind_choices())
    editor_in_chief = StringField(_l("Editor-in-chief"), validators=[Optional(), Length(max=limits.NAME_MAX)])
    email = StringField(_l("Editors' e-mail"), validators=[Optional(), Length(max=limits.EMAIL_MAX)])


class JournalistForm(Form):
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    outlet_id = SelectField(_l("Outlet"), choices=[])
    email = StringField(_l("E-mail"), validators=[Optional(), Length(max=limits.EMAIL_MAX)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=limits.PHONE_TYPED_MAX)])


class MergeForm(Form):
    duplicate = SelectField(_l("The same as"), choices=[])


class AuthorisationForm(Form):
    interviewee = StringField(_l("Interviewee"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    outlet = StringField(_l("Outlet"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    outlet_kind = SelectField(_l("Kind of outlet (for a new one)"), choices=kind_choices(_l("— as in the contacts —")))
    journalist = StringField(_l("Journalist"), validators=[Optional(), Length(max=limits.NAME_MAX)])
    received_at = moment_field(_l("Text received at"), required=True)
    agreed_due = moment_field(_l("Time agreed with the journalist"))
    text = TextAreaField(_l("Text to authorise"), validators=[Optional(), Length(max=limits.INTERVIEW_MAX)])
    original = FileField(_l("The text as received (PDF, or a scan)"))


class DecisionForm(Form):
    outcome = SelectField(
        _l("Outcome"), choices=[SelectChoice(o.value, OUTCOME_LABELS[o]) for o in OUTCOME_LABELS if o in DECISIONS]
    )
    authorised_text = TextAreaField(
        _l("Text with the interviewee's changes"), validators=[Optional(), Length(max=limits.INTERVIEW_MAX)]
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=limits.NOTE_MAX)])


class PositionForm(Form):
    title = StringField(_l("Matter"), validators=[DataRequired(), Length(max=limits.SUBJECT_MAX)])
    text = TextAreaField(_l("The city's position"), validators=[DataRequired(), Length(max=limits.ANSWER_MAX)])
    tags = StringField(
        _l("Topics (comma-separated)"), validators=[Optional(), Length(max=limits.TAG_MAX * limits.TAGS_MAX)]
    )
    valid_from = DateField(_l("Valid from"), validators=[DataRequired(message=DAY_MESSAGE), Plausible()])
    valid_to = DateField(_l("Valid until"), validators=[Optional(), Plausible()])


class ReleaseForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=limits.SUBJECT_MAX)])
    lead = TextAreaField(_l("Lead"), validators=[DataRequired(), Length(max=limits.NOTE_MAX)])
    body = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=limits.ANSWER_MAX)])


class ReleaseCorrectionForm(ReleaseForm):
    note = TextAreaField(_l("What was changed and why"), validators=[DataRequired(), Length(max=limits.NOTE_MAX)])


class ClippingForm(Form):
    outlet = StringField(_l("Outlet"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    medium = SelectField(_l("Medium"), choices=[SelectChoice(m.value, label) for m, label in MEDIUM_LABELS.items()])
    published_on = DateField(_l("Published on"), validators=[DataRequired(message=DAY_MESSAGE), Plausible()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=limits.SUBJECT_MAX)])
    url = StringField(_l("Link"), validators=[Optional(), Length(max=limits.URL_MAX)])
    author = StringField(_l("Author"), validators=[Optional(), Length(max=limits.NAME_MAX)])
    topics = StringField(
        _l("Topics (comma-separated)"), validators=[Optional(), Length(max=limits.TAG_MAX * limits.TAGS_MAX)]
    )
    tone = SelectField(
        _l("Tone"), choices=[SelectChoice(t.value, label) for t, label in TONE_LABELS.items()], default="neutral"
    )
    reach = IntegerField(_l("Reach (people)"), validators=[Optional(), NumberRange(min=0, max=limits.REACH_MAX)])
    units = SelectMultipleField(_l("City units concerned"), choices=[], validators=[Optional()])
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=limits.NOTE_MAX)])


class CorrectionForm(Form):
    fragment = TextAreaField(
        _l("The fragment corrected (as published)"), validators=[DataRequired(), Length(max=limits.ANSWER_MAX)]
    )
    text = TextAreaField(_l("The correction"), validators=[DataRequired(), Length(max=limits.ANSWER_MAX)])
    signatory = StringField(_l("Signed by"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])


class CorrectionSentForm(Form):
    sent_on = DateField(
        _l("Sent (posted or handed in) on"), validators=[DataRequired(message=DAY_MESSAGE), Plausible()]
    )
    received_on = DateField(_l("The editors received it on"), validators=[Optional(), Plausible()])


class CorrectionOutcomeForm(Form):
    published_on = DateField(_l("Published on"), validators=[Optional(), Plausible()])
    received_on = DateField(_l("The editors received it on"), validators=[Optional(), Plausible()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=limits.NOTE_MAX)])


class FileForm(Form):
    file = FileField(_l("File (PDF, JPEG or PNG)"))


class SurveyForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=limits.SUBJECT_MAX)])
    conducted_by = StringField(_l("Conducted by"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    commissioned_by = StringField(_l("Commissioned by"), validators=[Optional(), Length(max=limits.NAME_MAX)])
    field_from = DateField(_l("Fieldwork from"), validators=[DataRequired(message=DAY_MESSAGE), Plausible()])
    field_to = DateField(_l("Fieldwork until"), validators=[Optional(), Plausible()])
    sample = StringField(_l("Sample and method"), validators=[Optional(), Length(max=limits.NAME_MAX)])
    findings = TextAreaField(_l("Key findings"), validators=[DataRequired(), Length(max=limits.ANSWER_MAX)])
    tags = StringField(
        _l("Topics (comma-separated)"), validators=[Optional(), Length(max=limits.TAG_MAX * limits.TAGS_MAX)]
    )
