"""Texts that leave the catalog keep their French for the records that still show them
(app/i18n/retired.py): kept by `make translations`, compiled into every French catalog."""

from __future__ import annotations

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from app.i18n.languages import compile_catalogs
from app.i18n.retired import keep_retired, retire
from tests.support.apps import ROOT

PYBABEL = str(Path(sys.executable).parent / "pybabel")


def catalog_of(entries: dict[str, str]) -> Catalog:
    catalog = Catalog(locale="fr")
    for english, french in entries.items():
        catalog.add(english, french)
    return catalog


def test_a_translated_text_that_left_the_catalog_is_kept_with_its_french():
    previous = catalog_of({"Old reason.": "Ancienne raison.", "Kept.": "Gardé.", "Never translated.": ""})
    current = catalog_of({"Kept.": "Gardé.", "Back again.": "De retour."})
    retired = catalog_of({"Back again.": "De retour.", "Retired long ago.": "Retiré il y a longtemps."})
    assert retire(previous, current, retired) == ["Old reason."]
    assert {m.id: m.string for m in retired if m.id} == {
        "Old reason.": "Ancienne raison.",  # left the catalog: kept
        "Retired long ago.": "Retiré il y a longtemps.",  # kept before: stays
    }  # "Back again." is in the catalog again: its entry there is the one read


def test_make_translations_keeps_what_the_update_drops_and_every_french_catalog_reads_it(tmp_path):
    """The steps of `make translations` on a copy: a template without one text, the update, the keeping;
    then the compiled catalogs, France's and a country's, still translate it."""
    translations = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", translations)
    before = tmp_path / "before"
    shutil.copytree(translations, before)
    french_po = translations / "fr" / "LC_MESSAGES" / "messages.po"
    with french_po.open("rb") as handle:
        french = read_po(handle, locale="fr")
    dropped = next(m for m in french if m.id and isinstance(m.id, str) and len(m.id) > 60)
    template = read_po((translations / "messages.pot").open("rb"))
    template.delete(dropped.id)
    with (translations / "messages.pot").open("wb") as handle:
        write_po(handle, template, width=0)
    update = [PYBABEL, "update", "--input-file", str(translations / "messages.pot"), "--output-dir", str(translations)]
    subprocess.run([*update, "--no-fuzzy-matching", "--no-wrap", "--ignore-obsolete"], check=True, capture_output=True)
    with french_po.open("rb") as handle:
        assert dropped.id not in read_po(handle, locale="fr")

    assert keep_retired(before, translations) == {"fr": [dropped.id]}

    compile_catalogs(translations, tmp_path / "build")
    for locale in ("fr", "fr_CA"):
        compiled = gettext.GNUTranslations((tmp_path / "build" / locale / "LC_MESSAGES" / "messages.mo").open("rb"))
        assert compiled.gettext(dropped.id) != dropped.id, locale


def test_the_catalog_wins_over_a_retired_entry_of_the_same_text(tmp_path):
    translations = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", translations)
    with (translations / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        entry = next(m for m in read_po(handle, locale="fr") if m.id and isinstance(m.id, str))
    stale = catalog_of({entry.id: "Une traduction d’autrefois"})
    with (translations / "fr" / "retired.po").open("wb") as handle:
        write_po(handle, stale, width=0)
    compile_catalogs(translations, tmp_path / "build")
    compiled = gettext.GNUTranslations((tmp_path / "build" / "fr" / "LC_MESSAGES" / "messages.mo").open("rb"))
    assert compiled.gettext(entry.id) == entry.string


def test_no_retired_text_is_also_in_the_catalog():
    """`make translations` drops from retired.po what came back: a text is kept in one place only."""
    with (ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    with (ROOT / "translations" / "fr" / "retired.po").open("rb") as handle:
        retired = [m for m in read_po(handle, locale="fr") if m.id]
    assert len(retired) > 100
    assert not [m.id for m in retired if m.id in catalog]
