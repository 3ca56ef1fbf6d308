"""Forms of the office-hours page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField
from wtforms.validators import DataRequired, Length, Optional

from cct.forms import Form
from cct.office.models import HOURS_MAX, REASON_MAX

HOURS_TYPED_MAX = HOURS_MAX + 4  # spaces people type around the dash


class OfficeHoursForm(Form):
    mon = StringField(_l("Monday"), validators=[Optional(), Length(max=HOURS_TYPED_MAX)])
    tue = StringField(_l("Tuesday"), validators=[Optional(), Length(max=HOURS_TYPED_MAX)])
    wed = StringField(_l("Wednesday"), validators=[Optional(), Length(max=HOURS_TYPED_MAX)])
    thu = StringField(_l("Thursday"), validators=[Optional(), Length(max=HOURS_TYPED_MAX)])
    fri = StringField(_l("Friday"), validators=[Optional(), Length(max=HOURS_TYPED_MAX)])
    sat = StringField(_l("Saturday"), validators=[Optional(), Length(max=HOURS_TYPED_MAX)])
    sun = StringField(_l("Sunday"), validators=[Optional(), Length(max=HOURS_TYPED_MAX)])


class DayOffForm(Form):
    day = DateField(_l("Day"), validators=[DataRequired(message=_l("Give a date as YYYY-MM-DD, e.g. 2026-12-02."))])
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=REASON_MAX)])
