"""Language: chosen from the URL (/en/…, /fr/…), else from Accept-Language.

Also compiles the catalogs (.po into .mo) into a build folder, outside the
source tree: `make install` runs `python -m app.i18n` (its __main__.py); the app only reads them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import yaml
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, abort, g, request
from flask_babel import get_locale

from ..engine.regions import regional_french
from .retired import retired_path

# France's words swapped for a country's, by locale (questionnaires/README.md).
REGIONAL_FRENCH = Path(__file__).resolve().parents[2] / "questionnaires" / "regional_french.yaml"


def supported_languages() -> tuple[str, ...]:
    from flask import current_app

    return tuple(current_app.config["LANGUAGES"])


def select_language() -> str:
    """The page's language: the URL's wins, then the browser's."""
    lang = getattr(g, "lang_code", None)
    if lang:
        return lang
    return browser_language()


def select_locale() -> str:
    """Flask-Babel's locale selector: the page's language, and for French the catalog of the
    country whose region the page shows (fr_CA, fr_BE, fr_CH: questionnaires/regional_french.yaml)."""
    lang = select_language()
    if lang != "fr":
        return lang
    from ..web.region_choice import current_region

    return regional_locale(lang, current_region())


def regional_locale(lang: str, region: str) -> str:
    """The locale of `lang` in a region: fr_CA for French in Québec or Ontario when Canada's French
    has its own words, else the language itself."""
    from ..engine.regions import country_of
    from ..web.library import get_library

    regional = f"{lang}_{country_of(region).upper()}"
    return regional if regional in get_library().regional_french else lang


def current_language() -> str:
    """The language of the locale Flask-Babel serves (fr for fr_CA), as URLs and links name it."""
    locale = get_locale()
    return locale.language if locale is not None else supported_languages()[0]


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
        values["lang_code"] = getattr(g, "lang_code", None) or select_language()


def compile_catalogs(translations_dir: str | Path, catalogs_dir: str | Path, regional: str | Path | None = None) -> list[Path]:
    """Compile every catalog whose .mo in catalogs_dir is missing or older than what it is made
    from; return the files written. Besides each .po, the regional French catalogs (fr_CA…): France's
    catalog with the country's words (`regional`: questionnaires/regional_french.yaml by default)."""
    written = []
    for build in _catalogs(translations_dir, catalogs_dir, regional):
        if not _is_stale(build.inputs, build.mo):
            continue
        catalog = _catalog_with_retired(build.po, build.retired, build.locale.split("_")[0])
        for message in catalog if build.swaps else ():
            if message.id:
                message.string = _in_words(message.string, build.swaps)
        build.mo.parent.mkdir(parents=True, exist_ok=True)
        # Written beside it, then renamed: a test worker reading it meanwhile sees the old file or
        # the new one, never half of one (the parallel tests each compile at start-up).
        partial = build.mo.with_name(f"{build.mo.name}.{os.getpid()}.partial")
        with partial.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        os.replace(partial, build.mo)
        written.append(build.mo)
    return written


def _catalog_with_retired(po_path: Path, retired: Path | None, language: str) -> Catalog:
    """The catalog of po_path, with the texts it no longer has but old records may show (retired.py)."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    if retired is not None:
        with retired.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if message.id and message.id not in catalog:
                    catalog[message.id] = message
    return catalog


def stale_catalogs(translations_dir: str | Path, catalogs_dir: str | Path, regional: str | Path | None = None) -> list[Path]:
    """The .po files whose compiled catalog (or a regional one made from it) is missing or older (empty when all are built)."""
    stale = [build.po for build in _catalogs(translations_dir, catalogs_dir, regional) if _is_stale(build.inputs, build.mo)]
    return list(dict.fromkeys(stale))


class _CatalogBuild(NamedTuple):
    """One catalog to compile: its .po, the retired texts kept beside it (None: none), the regional words file
    (fr_CA…; None for a language's own catalog), its locale, the words swapped, and the .mo written."""

    po: Path
    retired: Path | None
    regional: Path | None
    locale: str
    swaps: list[dict]
    mo: Path

    @property
    def inputs(self) -> list[Path]:
        """The files it is made from: when one is newer than the .mo, the .mo is made again."""
        return [path for path in (self.po, self.retired, self.regional) if path is not None]


def _catalogs(translations_dir: str | Path, catalogs_dir: str | Path, regional: str | Path | None) -> Iterator[_CatalogBuild]:
    """Each catalog to build: every .po (with its language's retired texts), and France's French in each region's words."""
    source, target = Path(translations_dir), Path(catalogs_dir)
    regional_file = Path(regional) if regional is not None else REGIONAL_FRENCH
    regional_words = yaml.safe_load(regional_file.read_text(encoding="utf-8")) if regional_file.exists() else {}
    for po_path in sorted(source.glob("*/LC_MESSAGES/*.po")):
        language, inside = po_path.parts[-3], po_path.relative_to(source / po_path.parts[-3])
        kept = retired_path(source, language)  # only the main catalog has retired texts
        retired = kept if po_path.name == "messages.po" and kept.exists() else None
        yield _CatalogBuild(po_path, retired, None, language, [], target / language / inside.with_suffix(".mo"))
        for locale, swaps in (regional_words or {}).items() if language == "fr" else ():
            yield _CatalogBuild(po_path, retired, regional_file, locale, swaps, target / locale / inside.with_suffix(".mo"))


def _is_stale(inputs: list[Path], mo_path: Path) -> bool:
    return not mo_path.exists() or any(mo_path.stat().st_mtime < path.stat().st_mtime for path in inputs)


def _in_words(string, swaps: list[dict]):
    """A translation (or its plural forms) with France's words swapped for the region's."""
    if isinstance(string, (tuple, list)):
        return type(string)(regional_french(form, swaps) if form else form for form in string)
    return regional_french(string, swaps) if string else string


def other_language(lang: str) -> str:
    return "fr" if lang == "en" else "en"
