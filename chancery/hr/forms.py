"""Forms of the HR registers. Times are typed as the office's wall-clock time (views make them aware); amounts as
typed in złoty ("45,00"), read by the operations. Forms that share a page carry a prefix, so their fields' ids
differ."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.datetime import TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from cct.forms import Form, Plausible, optional_id
from chancery.forms import DAY_MESSAGE, TIME_FORMAT, TIME_MESSAGE, enum_choices
from chancery.hr import schemas as limits
from chancery.hr.states import EXIT_KIND_LABELS, TRANSPORT_LABELS

HOUR_MESSAGE = _l("Give a time as HH:MM, e.g. 10:15.")


def _day(label: object, required: bool = True) -> DateField:
    first = DataRequired(message=DAY_MESSAGE) if required else Optional()
    return DateField(label, validators=[first, Plausible()])


def _moment(label: object) -> DateTimeLocalField:
    return DateTimeLocalField(label, format=TIME_FORMAT, validators=[DataRequired(message=TIME_MESSAGE), Plausible()])


def _amount(label: object) -> StringField:
    return StringField(label, validators=[Optional(), Length(max=20)])


class EmployeeForm(Form):
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    position = StringField(_l("Position"), validators=[DataRequired(), Length(max=limits.POSITION_MAX)])
    unit = SelectField(_l("Unit"), choices=[])
    login = StringField(_l("Account (login)"), validators=[Optional(), Length(max=64)])
    on_helpline = BooleanField(_l("Works on the helpline (counted in the leave plan's staffing)"))
    leave_days = IntegerField(
        _l("Annual leave entitlement (days)"),
        default=26,
        validators=[InputRequired(), NumberRange(min=0, max=limits.LEAVE_DAYS_MAX)],
    )
    joined_on = _day(_l("Employed from"), required=False)
    left_on = _day(_l("Employed until"), required=False)


class ExitForm(Form):
    employee = SelectField(_l("Employee"), choices=[], coerce=optional_id)
    day = _day(_l("Day"))
    out_at = TimeField(_l("Out at"), validators=[DataRequired(message=HOUR_MESSAGE)])
    back_at = TimeField(_l("Back at"), validators=[Optional()])
    kind = SelectField(_l("Kind"), choices=enum_choices(EXIT_KIND_LABELS))
    purpose = StringField(_l("Purpose"), validators=[Optional(), Length(max=limits.PURPOSE_MAX)])


class ReturnForm(Form):
    back_at = TimeField(_l("Back at"), validators=[DataRequired(message=HOUR_MESSAGE)])


class WorkOffForm(Form):
    employee = SelectField(_l("Employee"), choices=[], coerce=optional_id)
    day = _day(_l("Day"))
    minutes = IntegerField(
        _l("Minutes worked off"), validators=[DataRequired(), NumberRange(min=1, max=limits.WORK_OFF_MAX_MINUTES)]
    )
    note = StringField(_l("Note"), validators=[Optional(), Length(max=limits.NOTE_MAX)])


class TripForm(Form):
    employee = SelectField(_l("Employee"), choices=[], coerce=optional_id)
    purpose = StringField(_l("Purpose"), validators=[DataRequired(), Length(max=limits.PURPOSE_MAX)])
    destination = StringField(_l("Destination"), validators=[DataRequired(), Length(max=limits.PLACE_MAX)])
    starts_at = _moment(_l("Leaves at"))
    ends_at = _moment(_l("Returns at"))
    transport = SelectField(_l("Transport"), choices=enum_choices(TRANSPORT_LABELS))
    advance = _amount(_l("Advance (zł)"))


class SettlementForm(Form):
    starts_at = _moment(_l("Left at"))
    ends_at = _moment(_l("Came back at"))
    transport_cost = _amount(_l("Tickets and travel (zł)"))
    accommodation_cost = _amount(_l("Accommodation (zł)"))
    other_cost = _amount(_l("Other costs (zł)"))
    breakfasts = IntegerField(
        _l("Free breakfasts"), default=0, validators=[Optional(), NumberRange(0, limits.MEALS_MAX)]
    )
    lunches = IntegerField(_l("Free lunches"), default=0, validators=[Optional(), NumberRange(0, limits.MEALS_MAX)])
    dinners = IntegerField(_l("Free dinners"), default=0, validators=[Optional(), NumberRange(0, limits.MEALS_MAX)])


class RateForm(Form):
    valid_from = _day(_l("Valid from"))
    amount = StringField(_l("Per-diem of a day (zł)"), validators=[DataRequired(), Length(max=20)])


class LeaveForm(Form):
    employee = SelectField(_l("Employee"), choices=[], coerce=optional_id)
    starts_on = _day(_l("First day"))
    ends_on = _day(_l("Last day"))
    note = StringField(_l("Note"), validators=[Optional(), Length(max=limits.NOTE_MAX)])


class JobDescriptionForm(Form):
    position = StringField(_l("Position"), validators=[DataRequired(), Length(max=limits.POSITION_MAX)])
    effective_from = _day(_l("Holds from"))
    content = TextAreaField(
        _l("Duties, rights and responsibilities"), validators=[DataRequired(), Length(max=limits.JOB_TEXT_MAX)]
    )


class AcknowledgeForm(Form):
    acknowledged_on = _day(_l("Acknowledged (signed) on"))
