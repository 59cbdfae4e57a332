"""The one form class: the questions themselves are data, rendered by templates."""

from flask_wtf import FlaskForm


class CsrfForm(FlaskForm):
    """Carries only the CSRF token; answers are checked by the engine, not by WTForms."""
