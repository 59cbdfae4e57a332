"""The form classes: a base whose WTForms messages come from a catalog kept per language, and
the one form of the anonymous flow (its questions are data, rendered by templates)."""

from __future__ import annotations

from functools import cache

from babel import support
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path


@cache
def wtforms_catalog(locale: str) -> support.NullTranslations:
    """WTForms' own messages in `locale`. Flask-WTF reads this .mo file again for every request
    that builds a field with no label of its own (a hidden field): about 0.4 ms of a counselor's
    record page. The file does not change while the process runs."""
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class PassageForm(FlaskForm):
    """Every form's base: CSRF from Flask-WTF, WTForms' messages in the page's language."""

    class Meta:
        def get_translations(self, form):
            return wtforms_catalog(str(get_locale()))


class CsrfForm(PassageForm):
    """Carries only the CSRF token; answers are checked by the engine, not by WTForms."""
