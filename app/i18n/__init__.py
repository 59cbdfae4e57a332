"""Words and languages: the language of a request (languages.py), the words for the engine's codes
(words.py), one wording object per request (wording.py), template helpers (templating.py), rules in plain words
(readable_rules.py) and Babel's extractor for the YAML texts (yaml_messages.py)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Flask-Babel with the language from the URL, the /<lang>/ URLs, and the templates' helpers."""
    from ..extensions import babel
    from .languages import register_language_urls, select_locale, stale_catalogs
    from .templating import register_template_helpers

    if stale_catalogs(app.config["TRANSLATIONS_DIR"], app.config["CATALOGS_DIR"]):
        # Built by the install step, not here: say so rather than serve English to French readers.
        app.logger.warning("Translations are not compiled or out of date: run `make install`.")
    babel.init_app(app, locale_selector=select_locale)
    register_language_urls(app)
    register_template_helpers(app)
