"""This request's words: one object, used from Python and Jinja alike (templates know it as
`wording`, and their `_`, `gettext` and `ngettext` are its own).

It serves interface messages, questionnaire texts worded for a perspective, the words of
answers and choices, and app/i18n/words.py's tables, in the request's catalog: Flask-Babel's, for the
locale the URL and the region chose (France's French, or a country's: fr_CA, fr_BE, fr_CH), or
that `force_locale` sets. A results page asks for about 300 messages and cites 40-odd answers: through Flask-Babel each message costs several context lookups before the
catalog is read, so the catalog is looked up once per request, and what does not change
between requests (a message, an option's label, a question's choices, a table, a part of a
page rendered once) is kept once per process for each catalog. Nothing about a person is kept:
the keys are messages and questionnaire codes, never a set of answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, g, has_app_context
from flask_babel import get_locale, get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from ..engine.model import Item, Text
from . import words

# Messages come from templates and data, a bounded set; the bound only guards the process against
# an unexpected source of ever-new keys.
CACHE_SIZE = 20000


class Wording:
    """The words of one request: its language, its catalog, and what was worked out for them.

    Questions are known by identity (`id(item)`): two questionnaires may share an item id, and
    the loaded questionnaires live as long as the app that holds this cache."""

    def __init__(self, locale: str, translations, known: dict):
        self.locale = locale  # fr_CA for Canada's French catalog (questionnaires/regional_french.yaml)
        self.lang = locale.split("_")[0]  # as URLs and links name it
        self.translations = translations
        self.known = known

    def __call__(self, message: str, **variables: Any) -> str:
        """An interface message or a questionnaire string, `%(name)s` filled as Flask-Babel's gettext does."""
        text = self.known.get(message)
        if text is None:
            text = self.known[message] = self.translations.ugettext(message) if message else ""
        return text % variables if variables else text

    def plural(self, singular: str, plural: str, count: int, **variables: Any) -> str:
        """One of a message's plural forms for `count`, `%(num)s` and the rest filled."""
        variables.setdefault("num", count)
        return self.plural_form(singular, plural, count) % variables

    def plural_form(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ungettext(singular, plural, count)

    def text(self, text: Text | str | None, perspective: str = "self") -> str:
        """A questionnaire text worded for the perspective."""
        if isinstance(text, Text):
            text = text.for_perspective(perspective)
        return self(text) if text else ""

    def answer(self, item: Item, value: Any, perspective: str = "self") -> str:
        """The words of an answer as the person chose them (several joined with commas)."""
        return ", ".join(self.labels(item, value, perspective))

    def labels(self, item: Item, value: Any, perspective: str = "self") -> list[str]:
        """The words of each value the person chose, for check-answers, results and the PDF."""
        values = value if isinstance(value, list) else [value]
        return [self.label(item, one, perspective) for one in values]

    def label(self, item: Item, value: Any, perspective: str = "self") -> str:
        """The words of one answer value, read back: the choice's short words (without its examples) when it has them."""
        if item.kind == "number":
            # A number is what the person typed, not one of the questionnaire's choices: never a key.
            unit = self.text(item.unit, perspective) if item.unit else ""
            return f"{value} {unit}".strip()
        key = ("label", id(item), perspective, value if isinstance(value, (str, int)) else repr(value))
        return self.kept(key, lambda: self._choice_words(item, value, perspective))

    def choices(self, item: Item, perspective: str = "self") -> list[tuple[str, str]]:
        """(value, words) of each choice a question offers, in order, "I don't know" last when offered."""
        return self.kept(("choices", id(item), perspective), lambda: self._choices(item, perspective))

    def kept(self, key: tuple, make: Callable[[], Any]) -> Any:
        """What `make` returns, made once per process for this catalog. The key names what is kept
        (questionnaire codes, a table's name, a template and its page), never a person."""
        if key not in self.known:
            self.known[key] = make()
        return self.known[key]

    def table(self, name: str) -> dict:
        """One of app/i18n/words.py's tables with its messages in this catalog's words."""
        table = getattr(words, name)
        return self.kept(
            ("table", name),
            lambda: {code: self(text.message) if isinstance(text, words.Message) else text for code, text in table.items()},
        )

    def __getattr__(self, name: str) -> Any:
        """app/i18n/words.py as templates read it: its tables in this catalog's words, the rest as it is."""
        value = getattr(words, name)
        return self.table(name) if isinstance(value, dict) else value

    def _choice_words(self, item: Item, value: Any, perspective: str) -> str:
        if value in words.ANSWER_WORDS and (value == "unknown" or item.kind == "yes_no"):
            return self(words.ANSWER_WORDS[value].message)
        option = next((o for o in item.options if o.value == value), None)
        if option is None:
            return str(value)
        return self(option.short) if option.short else self.text(option.label, perspective)

    def _choices(self, item: Item, perspective: str) -> list[tuple[str, str]]:
        if item.kind == "yes_no":
            found = [(value, self(words.ANSWER_WORDS[value].message)) for value in ("yes", "no")]
        else:
            found = [(option.value, self.text(option.label, perspective)) for option in item.options]
        if item.offers_unknown(perspective):
            found.append(("unknown", self(words.ANSWER_WORDS["unknown"].message)))
        return found

    def jinja_callables(self) -> dict[str, Callable]:
        """Jinja's `gettext` (also as `_`) and `ngettext` in these words (newstyle: autoescaped, `%(name)s` filled)."""
        gettext = _newstyle(self)
        # `_` too: the i18n extension's own `_` would look `gettext` up again through the context at every call.
        return {"gettext": gettext, "_": gettext, "ngettext": _newstyle_plural(self.plural_form)}


def gettext(message: str, **variables: Any) -> str:
    """Python's way to this request's words, as Flask-Babel's gettext is called (`%(name)s` filled)."""
    return current_wording()(message, **variables)


def current_wording() -> Wording:
    """This request's words, made once per request (and once for each locale `force_locale` sets)."""
    locale = get_locale()  # a babel Locale, kept as the key: naming it (str) at every call cost more than the lookup
    made = g.setdefault("_passage_wording", {}) if has_app_context() else {}
    said = made.get(locale)
    if said is None:
        said = made[locale] = wording_for(str(locale or "en"), get_translations())
    return said


def wording_for(locale: str, translations) -> Wording:
    """The words of one catalog, with the process's cache for it."""
    cache = current_app.extensions.setdefault("passage_wording", {})
    if translations not in cache or len(cache[translations]) >= CACHE_SIZE:
        cache[translations] = {}
    return Wording(locale, translations, cache[translations])


def _newstyle(say: Callable[[str], str]) -> Callable:
    """As jinja2.ext's newstyle gettext: the text is markup-safe on autoescaped pages, then filled."""

    @pass_context
    def gettext(context: Context, message: str, **variables) -> str:
        text = say(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        if variables or "%" in text:  # with nothing to fill and no %, formatting would return the same text
            text = text % variables
        return text

    return gettext


def _newstyle_plural(say_plural: Callable[..., str]) -> Callable:
    @pass_context
    def ngettext(context: Context, singular: str, plural: str, count: int, **variables) -> str:
        variables.setdefault("num", count)
        text = say_plural(singular, plural, count)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return ngettext
