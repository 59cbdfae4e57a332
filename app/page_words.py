"""The words of a rendered page: interface messages and questionnaire texts translated, and put
in the chosen region's French, once per process rather than at every mention.

A results page asks for about 300 messages and cites 40-odd answers. Through Flask-Babel each
message costs several context lookups (the locale, the translations, the region) before the
catalog is read. Here they are looked up once when a page starts rendering (a context
processor, so a `force_locale` around a render is honoured), and what does not change between
requests (a message, a question's wording, an option's label, a question's choices) is worked
out once per process for each catalog and region. Nothing about a person is kept: the keys are
messages and questionnaire codes, never a set of answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from . import words
from .engine.model import Item, Text
from .engine.regions import regional_french
from .regions import current_region_data

# Messages come from templates and data, a bounded set; the bound only guards the process against
# an unexpected source of ever-new keys.
CACHE_SIZE = 20000


class PageWords:
    """One page's language (a catalog) and region, with what has been worked out for them.

    Questions are known by identity (`id(item)`): two questionnaires may share an item id, and
    the loaded questionnaires live as long as the app that holds this cache."""

    def __init__(self, translations, region: str | None, known: dict):
        self.translations = translations
        self.known = known
        self.local: Callable[[str], str] = _local_words(region)

    def say(self, message: str) -> str:
        """An interface message or a questionnaire string in the page's words."""
        text = self.known.get(message)
        if text is None:
            text = self.known[message] = self.local(self.translations.ugettext(message))
        return text

    def say_plural(self, singular: str, plural: str, count: int) -> str:
        return self.local(self.translations.ungettext(singular, plural, count))

    def text(self, text: Text | str | None, perspective: str) -> str:
        """A questionnaire text worded for the perspective."""
        if isinstance(text, Text):
            text = text.for_perspective(perspective)
        return self.say(text) if text else ""

    def answer(self, item: Item, value: Any, perspective: str) -> str:
        """The words of an answer as the person chose them (several joined with commas)."""
        return ", ".join(self.labels(item, value, perspective))

    def labels(self, item: Item, value: Any, perspective: str) -> list[str]:
        """The words of each value the person chose, as app.words.answer_labels."""
        values = value if isinstance(value, list) else [value]
        return [self._label(item, one, perspective) for one in values]

    def kept(self, key: tuple, make: Callable[[], Any]) -> Any:
        """What `make` returns, made once per process for this catalog and region. The key names
        what is kept (questionnaire codes, a table's name, a template and its page), never a person."""
        if key not in self.known:
            self.known[key] = make()
        return self.known[key]

    def choices(self, item: Item, perspective: str) -> list[tuple[str, str]]:
        """(value, words) of each choice the question offers, as app.words.answer_choices."""
        return self.kept(
            ("choices", id(item), perspective),
            lambda: [(value, self.local(label)) for value, label in words.answer_choices(item, perspective)],
        )

    def table(self, name: str, table: dict) -> dict:
        """One of app/words.py's tables with its messages in the page's words."""
        return self.kept(
            ("table", name),
            lambda: {code: self.say(text.message) if isinstance(text, words.Message) else text for code, text in table.items()},
        )

    def _label(self, item: Item, value: Any, perspective: str) -> str:
        if item.kind == "number":
            # A number is what the person typed, not one of the questionnaire's choices: never a key.
            return self.local(words.answer_label(item, value, perspective))
        key = ("label", id(item), perspective, value if isinstance(value, (str, int)) else repr(value))
        return self.kept(key, lambda: self.local(words.answer_label(item, value, perspective)))


class PageWording:
    """app/words.py as a page's templates read it (`wording`): its tables of messages already in
    the page's words, each worked out once per process, rather than each message looked up
    through Flask-Babel as it is shown (about 10 µs, forty times on a results page); the rest
    of the module as it is."""

    def __init__(self, said: PageWords):
        self._said = said

    def __getattr__(self, name: str) -> Any:
        value = getattr(words, name)
        return self._said.table(name, value) if isinstance(value, dict) else value


def page_words(lang: str, translations, region: str | None) -> PageWords:
    """The words for a page in this language and region (the region matters in French only)."""
    cache = current_app.extensions.setdefault("passage_page_words", {})
    key = (translations, region if lang == "fr" else None)
    if key not in cache or len(cache[key]) >= CACHE_SIZE:
        cache[key] = {}
    return PageWords(translations, key[1], cache[key])


def page_gettext(said: PageWords) -> dict[str, Callable]:
    """Jinja's `gettext` (also as `_`) and `ngettext` for one page (newstyle: autoescaped, `%(name)s` filled)."""
    gettext = _newstyle(said.say)
    # `_` too: the i18n extension's own `_` would look `gettext` up again through the context at every call.
    return {"gettext": gettext, "_": gettext, "ngettext": _newstyle_plural(said.say_plural)}


def _local_words(region: str | None) -> Callable[[str], str]:
    if region is None:
        return lambda text: text
    french_words = current_region_data(region).data["french_words"]
    return lambda text: regional_french(text, french_words)


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


def _newstyle_plural(say_plural: Callable[[str, str, int], str]) -> Callable:
    @pass_context
    def ngettext(context: Context, singular: str, plural: str, count: int, **variables) -> str:
        text = say_plural(singular, plural, count)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        variables.setdefault("num", count)
        return text % variables

    return ngettext
