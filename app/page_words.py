"""The `_()` of a rendered page: interface messages translated, and put in the chosen region's
French, once per process rather than at every mention.

A results page asks for about 300 messages. Through Flask-Babel each costs several context
lookups (the locale, the translations, the region) before the catalog is read; here they are
looked up once when the page starts rendering (a context processor, so a `force_locale` around
a render is honoured), and each (catalog, region, message) is worked out once per process.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from .engine.regions import regional_french
from .regions import current_region_data

# Messages come from templates and rule data, a bounded set; the bound only guards the process
# against an unexpected source of ever-new messages.
CACHE_SIZE = 20000

Translate = Callable[[str], str]


def page_gettext(lang: str, translations, region: str | None) -> dict[str, Callable]:
    """Jinja's `gettext` and `ngettext` for one page (newstyle: autoescaped, `%(name)s` filled)."""
    words = current_app.extensions.setdefault("passage_page_words", {})
    key = (translations, region if lang == "fr" else None)
    if key not in words or len(words[key]) >= CACHE_SIZE:
        words[key] = {}
    known: dict[str, str] = words[key]
    local = _local_words(key[1])

    def translate(message: str) -> str:
        text = known.get(message)
        if text is None:
            text = known[message] = local(translations.ugettext(message))
        return text

    def translate_plural(singular: str, plural: str, count: int) -> str:
        return local(translations.ungettext(singular, plural, count))

    return {"gettext": _newstyle(translate), "ngettext": _newstyle_plural(translate_plural)}


def _local_words(region: str | None) -> Translate:
    if region is None:
        return lambda text: text
    french_words = current_region_data(region).data["french_words"]
    return lambda text: regional_french(text, french_words)


def _newstyle(translate: Translate) -> Callable:
    """As jinja2.ext's newstyle gettext: the text is markup-safe on autoescaped pages, then filled."""

    @pass_context
    def gettext(context: Context, message: str, **variables) -> str:
        text = translate(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return gettext


def _newstyle_plural(translate_plural: Callable[[str, str, int], str]) -> Callable:
    @pass_context
    def ngettext(context: Context, singular: str, plural: str, count: int, **variables) -> str:
        text = translate_plural(singular, plural, count)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        variables.setdefault("num", count)
        return text % variables

    return ngettext
