"""The French catalog is complete, current, and written the French way.

Extracts every string afresh (templates, Python, questionnaire files) and
checks each is translated in translations/fr, is not fuzzy, keeps the same
placeholders, and follows French typography and vouvoiement.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.support.apps import ROOT

FRENCH_PO = ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
# Texts no longer used, kept for older records (app/i18n/retired.py): written the same French way.
RETIRED_PO = ROOT / "translations" / "fr" / "retired.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.fixture(scope="module")
def fresh_catalog(tmp_path_factory):
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "extract",
            "--mapping-file",
            "babel.cfg",
            "--keywords",
            "_l",
            "--output-file",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},  # the YAML extractor lives in app/
    )
    with pot.open("rb") as handle:
        return read_po(handle)


@pytest.fixture(scope="module", params=[FRENCH_PO, RETIRED_PO], ids=["catalog", "retired"])
def french(request):
    with request.param.open("rb") as handle:
        return read_po(handle, locale="fr")


@pytest.fixture(scope="module")
def catalog():
    with FRENCH_PO.open("rb") as handle:
        return read_po(handle, locale="fr")


def _ids(message):
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _strings(message):
    """The French texts of an entry (none for the catalog's header)."""
    if not message.id:
        return []
    return list(message.string if isinstance(message.string, tuple) else (message.string,))


def test_every_string_in_the_code_has_a_french_translation(fresh_catalog, catalog):
    missing = [m.id for m in fresh_catalog if m.id and (m.id not in catalog or not all(_strings(catalog[m.id])))]
    assert not missing, f"{len(missing)} strings lack French (run `make translations` and translate): {missing[:10]}"


def test_no_translation_is_fuzzy(french):
    fuzzy = [m.id for m in french if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy entries: {fuzzy[:10]}"


def test_placeholders_match(french):
    wrong = []
    for message in french:
        if not message.id:
            continue
        wanted = set(PLACEHOLDER.findall(" ".join(_ids(message))))
        for string in _strings(message):
            if string and set(PLACEHOLDER.findall(string)) != wanted:
                wrong.append(message.id)
    assert not wrong, f"placeholders differ: {wrong[:10]}"


def test_french_punctuation_has_a_non_breaking_space_before_high_signs(french):
    # « : ; ? ! » take a (narrow) non-breaking space before them in French;
    # "https://" and times such as "24h/24" are left alone.
    bad = []
    for message in french:
        for string in _strings(message):
            for match in re.finditer(r"(.)([:;?!])", string or ""):
                before, sign = match.group(1), match.group(2)
                after = string[match.end() : match.end() + 2]
                if sign == ":" and after == "//":
                    continue
                if before not in "\u00a0\u202f":
                    bad.append(string)
    assert not bad, f"missing non-breaking space before : ; ? ! in: {bad[:5]}"


def test_french_uses_guillemets_not_english_quotes(french):
    bad = [s for m in french for s in _strings(m) if s and re.search(r"[\"“”]", s)]
    assert not bad, f"use « guillemets » in French: {bad[:5]}"


def test_french_speaks_to_the_person_with_vous(french):
    informal = re.compile(r"\b(tu|toi|ton|ta|tes|t'|te)\b", re.IGNORECASE)
    bad = [s for m in french for s in _strings(m) if s and informal.search(s.replace("’", "'"))]
    assert not bad, f"use vouvoiement: {bad[:5]}"


def test_guillemets_have_non_breaking_spaces_inside(french):
    bad = [s for m in french for s in _strings(m) if s and re.search(r"«[^\u00a0\u202f]|[^\u00a0\u202f]»", s)]
    assert not bad, f"« guillemets » need non-breaking spaces inside: {bad[:5]}"
