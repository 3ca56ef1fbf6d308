from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from cct.forms import Form
from cct.org.schemas import UNIT_CODE_MAX
from cct.org.states import UNIT_KIND_LABELS


class UnitForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        _l("Kind"), choices=[SelectChoice(kind.value, label) for kind, label in UNIT_KIND_LABELS.items()]
    )
    parent_code = SelectField(_l("Parent unit"), choices=[], validate_choice=False)
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=254)])
    active = BooleanField(_l("Active"), default=True)


class NewUnitForm(UnitForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=UNIT_CODE_MAX)])
