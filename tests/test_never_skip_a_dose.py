"""No text may read as "skip your dose" to someone prescribed baclofen.

CLINICAL.md: telling a person prescribed baclofen to "avoid taking it" with
alcohol or other drugs reads as skipping doses, which is an abrupt stop. Every
English and French string a person can see (rules, questionnaire, templates,
all through the catalog) is checked for that class of wording.
"""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT

FRENCH_PO = ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po"

# Wordings that tell the reader to leave out a medicine or stop it on their own.
SKIP_A_DOSE = (
    re.compile(r"\bavoid taking\b", re.IGNORECASE),
    re.compile(r"\b(?:skip|miss) (?:a|your|the) dose", re.IGNORECASE),
    re.compile(r"\bstop taking (?:it|baclofen)\b", re.IGNORECASE),
    re.compile(r"\bévitez de (?:le|la|les) prendre\b", re.IGNORECASE),
    re.compile(r"\bne (?:le|la|les) prenez pas\b", re.IGNORECASE),
    re.compile(r"\barrêtez de (?:le|la|les) prendre\b", re.IGNORECASE),
    re.compile(r"\bsautez une (?:prise|dose)\b", re.IGNORECASE),
)


def _catalog_texts() -> list[str]:
    with FRENCH_PO.open("rb") as handle:
        catalog = read_po(handle)
    texts: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        for text in (message.id, message.string):
            texts.extend(part for part in (text if isinstance(text, tuple) else (text,)) if part)
    return texts


def test_the_catalog_is_read():
    assert len(_catalog_texts()) > 500


@pytest.mark.parametrize("pattern", SKIP_A_DOSE, ids=lambda p: p.pattern)
def test_no_text_tells_a_person_to_leave_out_their_medicine(pattern):
    offending = [text for text in _catalog_texts() if pattern.search(text)]
    assert not offending, "reads as 'skip your dose':\n" + "\n".join(offending)


def test_the_mixing_warning_says_to_keep_taking_it_as_prescribed():
    texts = _catalog_texts()
    assert any("keep taking it as prescribed" in text for text in texts)
    assert any("continuez à le prendre comme prévu" in text for text in texts)


def test_the_pattern_catches_the_old_wording():
    assert SKIP_A_DOSE[0].search("Avoid taking them together, learn the signs")
    assert SKIP_A_DOSE[3].search("Évitez de les prendre ensemble")
