"""The forms of "Moje zgłoszenia" (tickets.mine.operations checks what they carry)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, MultipleFileField, StringField, TextAreaField
from wtforms.validators import Length

from cct.forms import Form
from tickets import schemas as tickets
from tickets.mine.schemas import CODE_TYPED_MAX, CONTACT_TYPED_MAX


class ContactForm(Form):
    contact = StringField(_l("Phone number or e-mail address"), validators=[Length(max=CONTACT_TYPED_MAX)])


class CodeForm(Form):
    code = StringField(_l("Code"), validators=[Length(max=CODE_TYPED_MAX)])


class AddForm(Form):
    comment = TextAreaField(_l("Your comment"), validators=[Length(max=tickets.COMMENT_MAX)])
    photos = MultipleFileField(_l("Photos (JPEG or PNG)"))


class ConsentForm(Form):
    sms = BooleanField(_l("Send me news about this report by SMS"))
    email = BooleanField(_l("Send me news about this report by e-mail"))
