"""The form classes: a base whose WTForms messages come from a catalog kept per language, and
the one form of the anonymous flow (its questions are data, rendered by templates)."""

from __future__ import annotations

from functools import cache

from babel import support
from flask import current_app
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from wtforms import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3's; its typing stubs stop at 3.2
from wtforms.csrf.core import CSRFTokenField
from wtforms.i18n import messages_path

from ..i18n.languages import current_language

__all__ = ["CsrfForm", "PassageForm", "SelectChoice", "csrf_input"]


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
            return wtforms_catalog(current_language())

        def render_field(self, field, render_kw):
            """The CSRF token's hidden input written directly: WTForms builds it through a string
            Formatter (about 60 µs, three times on a results page), and with an id that a page with
            several forms repeated (nothing refers to it: no label, no script)."""
            if type(field) is CSRFTokenField and not render_kw and not field.render_kw:
                return CSRF_INPUT % (field.name, field._value())
            return super().render_field(field, render_kw)


# The token's hidden input: no id (see render_field); each value escaped by Markup's %.
CSRF_INPUT = Markup('<input name="%s" type="hidden" value="%s">')


def csrf_input() -> Markup:
    """The CSRF token's hidden input, for a form that posts nothing else (sign out, restart, keep, share, the PDF):
    a page shows up to five of them, and building a form object for each cost a counselor's record page about
    7% of its time. The token is the one CsrfForm() checks when the form comes back."""
    return CSRF_INPUT % (current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), generate_csrf())


class CsrfForm(PassageForm):
    """Carries only the CSRF token; answers are checked by the engine, not by WTForms."""
