"""Every question speaks in the perspective's own person (issue 26: "Des enfants… dépendent de cette
personne" in the person's own questionnaire). The person answering about themselves is "you"; a family
member answers about « votre proche » (never « la personne » or « cette personne »); a counselor about
the client, « la personne accompagnée ». Every page title, intro, question, hint, choice and unit, in
English and in French."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from babel.messages.pofile import read_po

from app.engine.loader import load_questionnaire
from tests.support.apps import ROOT

FRENCH_PO = ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po"

# Words that name someone else than the perspective's own person.
WRONG_PERSON = {
    "self": [
        r"\bthis person\b",
        r"\bthe person\b",
        r"\bthe client\b",
        r"\bcette personne\b",
        r"\bla personne\b",
        r"\bvotre proche\b",
    ],
    "family": [r"\bthe client\b", r"\bthis person\b", r"\bcette personne\b", r"\bla personne\b", r"\bclient"],
    "counselor": [
        r"\bthe person you\b",
        r"\bworried about\b",
        r"\bthis person\b",
        r"\bvotre proche\b",
        r"\bcette personne\b",
        r"\bla personne\b(?! accompagnée)",
    ],
}


@pytest.fixture(scope="module")
def french() -> dict[str, str]:
    with FRENCH_PO.open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    return {message.id: message.string for message in catalog if message.id and isinstance(message.id, str)}


def texts(perspective: str) -> Iterator[tuple[str, str]]:
    """(where, English text) of everything the questionnaire shows this perspective."""
    questionnaire = load_questionnaire(ROOT / "questionnaires" / "intake" / "questionnaire.yaml")
    for page in questionnaire.pages:
        for text in (page.title, page.intro):
            if text:
                yield page.id, text.for_perspective(perspective)
        for item in page.items:
            for text in (item.text, item.help, item.unit):
                if text:
                    yield item.id, text.for_perspective(perspective)
            for option in item.options:
                yield f"{item.id}/{option.value}", option.label.for_perspective(perspective)


@pytest.mark.parametrize("perspective", list(WRONG_PERSON))
def test_every_question_speaks_of_the_perspectives_own_person(french, perspective):
    wrong = []
    for where, english in texts(perspective):
        for lang, text in (("en", english), ("fr", french.get(english) or "")):
            assert text, (perspective, where, "no French")
            wrong += [(lang, where, text) for pattern in WRONG_PERSON[perspective] if re.search(pattern, text, re.IGNORECASE)]
    assert wrong == []


def test_the_family_french_calls_the_person_votre_proche(french):
    """One term for the person cared about: « votre proche », in every question that names them."""
    named = [french[english] for _, english in texts("family") if re.search(r"\bthey\b|\bthem\b|\btheir\b", english)]
    assert named and sum("votre proche" in text for text in named) >= len(named) // 2
