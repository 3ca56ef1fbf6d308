"""Forms of the office supplies. Forms that share a page carry a prefix, so their fields' ids differ."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from cct.forms import Form, optional_id
from chancery.supplies import schemas as limits


def _quantity(label: object, low: int = 1) -> IntegerField:
    return IntegerField(label, validators=[InputRequired(), NumberRange(min=low, max=limits.QUANTITY_MAX)])


class ItemForm(Form):
    name = StringField(_l("Item"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    measure = StringField(
        _l("Unit of measure"), default="szt.", validators=[DataRequired(), Length(max=limits.MEASURE_MAX)]
    )
    reorder_level = _quantity(_l("Reorder at (stock at or below)"), 0)


class DeliveryForm(Form):
    item = SelectField(_l("Item"), choices=[], coerce=optional_id)
    quantity = _quantity(_l("Quantity delivered"))
    note = StringField(_l("Invoice or note"), validators=[Optional(), Length(max=limits.NOTE_MAX)])


class CountForm(Form):
    item = SelectField(_l("Item"), choices=[], coerce=optional_id)
    counted = _quantity(_l("Counted on the shelf"), 0)
    note = StringField(_l("Why it differs"), validators=[Optional(), Length(max=limits.NOTE_MAX)])


class RequestForm(Form):
    item = SelectField(_l("Item"), choices=[], coerce=optional_id)
    quantity = _quantity(_l("Quantity"))
    note = StringField(_l("What for (optional)"), validators=[Optional(), Length(max=limits.NOTE_MAX)])


class DecisionForm(Form):
    decision_note = StringField(_l("Note (required to reject)"), validators=[Optional(), Length(max=limits.NOTE_MAX)])
