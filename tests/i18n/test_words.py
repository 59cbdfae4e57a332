"""One home for words: the words of answers live in app/i18n/words.py, and no count from the data is typed into a template.

The messages are read the way `make translations` reads them (Babel's
extractors over app/, the mapping of babel.cfg), so a new copy of "Yes" in
another module or template, or a page's "of the 14 pages", fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

from app.engine import load_library

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None}
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.do"}}


def app_messages() -> list[tuple[str, tuple[str, ...]]]:
    """(file under app/, its msgid and plural if any) for every message `make translations` extracts from app/."""
    found = []
    for filename, _line, message, _comments, _context in extract_from_dir(str(APP), METHODS, OPTIONS, KEYWORDS):
        texts = tuple(text for text in (message if isinstance(message, tuple) else (message,)) if text)
        found.append((filename, texts))
    return found


@pytest.fixture(scope="module")
def messages():
    return app_messages()


@pytest.mark.parametrize("answer", ["Yes", "No", "I don't know"])
def test_the_words_of_an_answer_are_written_in_the_words_module_only(messages, answer):
    places = {filename for filename, texts in messages if answer in texts}
    assert places == {"i18n/words.py"}


def data_counts() -> set[int]:
    """Counts that come from the data: pages of each questionnaire, criteria of each severity rule."""
    library = load_library(ROOT / "questionnaires")
    counts = {len(questionnaire.pages) for questionnaire in library.questionnaires.values()}
    counts |= {len(rules.severity.criteria) for rules in library.rules.values()}
    return counts


def numbers_in(text: str) -> set[int]:
    """The numbers written as words of a sentence (not a placeholder's name, not a decimal)."""
    return {int(number) for number in re.findall(r"(?<![\w%.])\d+(?!\w|\.\d)", text)}


def test_no_template_types_a_count_that_comes_from_the_data(messages):
    counts = data_counts()
    typed = [
        (filename, text)
        for filename, texts in messages
        if filename.startswith("templates/")
        for text in texts
        if counts & numbers_in(text)
    ]
    assert typed == []


def test_the_check_would_see_a_typed_page_count():
    """numbers_in finds a count written as a word of a sentence, not inside a placeholder or a decimal."""
    sentence = "%(num)s of the 11 signs were answered yes; step %(step)s of 14, take 2.5 mg."
    assert numbers_in(sentence) == {11, 14}
