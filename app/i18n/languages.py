"""Language: chosen from the URL (/en/…, /fr/…), else from Accept-Language.

Also compiles the catalogs (.po into .mo) into a build folder, outside the
source tree: `make install` runs `python -m app.i18n` (its __main__.py); the app only reads them.
"""

from __future__ import annotations

import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, abort, g, request


def supported_languages() -> tuple[str, ...]:
    from flask import current_app

    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """Flask-Babel's locale selector: the URL's language wins, then the browser's."""
    lang = getattr(g, "lang_code", None)
    if lang:
        return lang
    return request.accept_languages.best_match(supported_languages()) or supported_languages()[0]


def browser_language() -> str:
    return request.accept_languages.best_match(supported_languages()) or supported_languages()[0]


def register_language_urls(app: Flask) -> None:
    """Take the language from the first URL segment and put it back into every url_for."""

    @app.url_value_preprocessor
    def pull_language(endpoint, values):
        if values and "lang_code" in values:
            lang = values.pop("lang_code")
            if lang not in app.config["LANGUAGES"]:
                abort(404)
            g.lang_code = lang

    @app.url_defaults
    def add_language(endpoint, values):
        if "lang_code" in values or not app.url_map.is_endpoint_expecting(endpoint, "lang_code"):
            return
        values["lang_code"] = getattr(g, "lang_code", None) or select_locale()


def compile_catalogs(translations_dir: str | Path, catalogs_dir: str | Path) -> list[Path]:
    """Compile every .po of translations_dir whose .mo in catalogs_dir is missing or older; return the files written."""
    written = []
    source = Path(translations_dir)
    for po_path in sorted(source.glob("*/LC_MESSAGES/*.po")):
        mo_path = Path(catalogs_dir) / po_path.relative_to(source).with_suffix(".mo")
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parts[-3])
        # Written beside it, then renamed: a test worker reading it meanwhile sees the old file or
        # the new one, never half of one (the parallel tests each compile at start-up).
        partial = mo_path.with_name(f"{mo_path.name}.{os.getpid()}.partial")
        with partial.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        os.replace(partial, mo_path)
        written.append(mo_path)
    return written


def stale_catalogs(translations_dir: str | Path, catalogs_dir: str | Path) -> list[Path]:
    """The .po files whose compiled catalog is missing or older (empty when all are built)."""
    source = Path(translations_dir)
    stale = []
    for po_path in sorted(source.glob("*/LC_MESSAGES/*.po")):
        mo_path = Path(catalogs_dir) / po_path.relative_to(source).with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            stale.append(po_path)
    return stale


def other_language(lang: str) -> str:
    return "fr" if lang == "en" else "en"
