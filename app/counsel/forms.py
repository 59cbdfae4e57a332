"""Counselor forms (Flask-WTF, with CSRF); labels and messages in the reader's language."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, PasswordField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from ..web.forms import PassageForm, SelectChoice

CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+")


class FullMatch:
    """The whole value matches (re.fullmatch): Regexp's re.match with "$" lets a final newline through."""

    def __init__(self, pattern: re.Pattern[str], message) -> None:
        self.pattern, self.message = pattern, message

    def __call__(self, _form, field) -> None:
        if not self.pattern.fullmatch(field.data or ""):
            raise ValidationError(self.message)


class SignInForm(PassageForm):
    email = StringField(_l("Email"), validators=[DataRequired(_l("Enter your email")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password")), Length(max=128)])


class SaveRecordForm(PassageForm):
    code = StringField(
        _l("Client code"),
        validators=[
            DataRequired(_l("Enter a client code")),
            FullMatch(CODE_PATTERN, message=_l("Use up to 40 letters, digits, - or _ (no name)")),
        ],
    )
    notes = TextAreaField(
        _l("Notes (optional)"), validators=[Optional(), Length(max=5000, message=_l("Keep notes under 5,000 characters"))]
    )
    form_token = HiddenField()


class SearchForm(PassageForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    code = StringField(_l("Client code"), validators=[Optional(), Length(max=40)])
    date = DateField(_l("Date"), validators=[Optional()])
    pathway = SelectField(_l("Suggested care"), validators=[Optional()], validate_choice=False)


class CounselorForm(PassageForm):
    email = StringField(
        _l("Email"),
        validators=[
            DataRequired(_l("Enter an email")),
            Length(max=254),
            FullMatch(EMAIL_PATTERN, message=_l("Enter an email such as name@example.org")),
        ],
    )
    password = PasswordField(_l("First password"), validators=[DataRequired(_l("Enter a password")), Length(max=128)])
    role = SelectField(
        _l("Role"), choices=[SelectChoice("counselor", _l("Counselor")), SelectChoice("admin", _l("Administrator"))]
    )


class PasswordResetForm(PassageForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(_l("Enter a password")), Length(max=128)])


class ServiceForm(PassageForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the service's name")), Length(max=200)])
    pathways = SelectMultipleField(_l("Pathways offered"), validators=[DataRequired(_l("Choose at least one pathway"))])
    languages = StringField(_l("Languages"), validators=[Optional(), Length(max=100)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=60)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    website = StringField(
        _l("Website"),
        validators=[Optional(), Length(max=300), Regexp(r"^https?://", message=_l("Start the address with https://"))],
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])
