"""Counselor forms (Flask-WTF, with CSRF); labels and messages in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$"


class SignInForm(FlaskForm):
    email = StringField(_l("Email"), validators=[DataRequired(_l("Enter your email")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password")), Length(max=128)])


class SaveRecordForm(FlaskForm):
    code = StringField(
        _l("Client code"),
        validators=[
            DataRequired(_l("Enter a client code")),
            Regexp(CODE_PATTERN, message=_l("Use up to 40 letters, digits, - or _ (no name)")),
        ],
    )
    form_token = HiddenField()


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    code = StringField(_l("Client code"), validators=[Optional(), Length(max=40)])
    date = DateField(_l("Date"), validators=[Optional()])
    pathway = SelectField(_l("Suggested care"), validators=[Optional()], validate_choice=False)
