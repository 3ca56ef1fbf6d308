"""Forms of the BIP records."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from cct.forms import Form, Plausible
from chancery.bip import schemas as limits
from chancery.forms import DAY_MESSAGE


class EntryForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=limits.TITLE_MAX)])
    content = TextAreaField(_l("Content"), validators=[DataRequired(), Length(max=limits.CONTENT_MAX)])
    produced_by = StringField(
        _l("Produced by (or answers for the content)"), validators=[DataRequired(), Length(max=limits.PERSON_MAX)]
    )
    produced_on = DateField(
        _l("Produced on"),
        validators=[DataRequired(message=DAY_MESSAGE), Plausible()],
    )


class ChangeForm(EntryForm):
    reason = StringField(
        _l("Why it changes (in the register of changes)"), validators=[DataRequired(), Length(max=limits.REASON_MAX)]
    )
