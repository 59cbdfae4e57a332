"""No path through the intake questionnaire may show more than 14 question pages.

Walks every combination of the answers that show or hide a question (each
item a condition reads), for each perspective, and counts the pages a person
would see up to the end (or to a page that stops the questionnaire).
"""

from __future__ import annotations

import functools
import itertools
from pathlib import Path
from typing import Any

import pytest

from app.engine import conditions as cond
from app.engine import pages_until_stop, visible_pages
from app.engine.model import Item, Questionnaire
from app.web.library import loaded_library  # read once per process: the apps the tests build share it

LIBRARY = loaded_library(Path(__file__).resolve().parents[2] / "questionnaires")
QUESTIONNAIRE = LIBRARY.questionnaires["intake"]
RULES = LIBRARY.rules["intake"]
MOST_PAGES = 14


def _leaves(questionnaire: Questionnaire) -> list[Any]:
    """Every item test in a page's or a question's condition."""
    conditions = [page.when for page in questionnaire.pages] + [item.when for page in questionnaire.pages for item in page.items]
    return [leaf for c in conditions if c is not None for leaf in cond.references(c)]


def gating_items(questionnaire: Questionnaire) -> list[Item]:
    """Items whose answers some page or question condition reads."""
    return [questionnaire.item(item_id) for item_id in sorted({leaf.item for leaf in _leaves(questionnaire)})]


def named_values(questionnaire: Questionnaire, item_id: str) -> set[Any] | None:
    """The values of this item that some condition names; None when a condition compares it as a number."""
    named: set[Any] = set()
    for leaf in _leaves(questionnaire):
        if leaf.item != item_id or leaf.test == "answered":
            continue
        if leaf.test in ("at_least", "at_most"):
            return None
        named.update(leaf.value if isinstance(leaf.value, tuple) else (leaf.value,))
    return named


def choices(questionnaire: Questionnaire, item: Item, perspective: str) -> list[Any]:
    """Each answer that can change what is shown: the values conditions name, and one value they do not name
    standing for the rest (an item test sees no difference between two values it does not name)."""
    values = list(item.values_for(perspective))
    named = named_values(questionnaire, item.id)
    if named is not None:
        unnamed = [value for value in values if value not in named]
        values = [value for value in values if value in named] + unnamed[:1]
    return [[value] for value in values] if item.kind == "multiple" else values


@functools.cache  # two tests read the family's walk: made once
def page_counts(perspective: str) -> list[tuple[int, dict[str, Any]]]:
    items = gating_items(QUESTIONNAIRE)
    counts = []
    for combination in itertools.product(*(choices(QUESTIONNAIRE, item, perspective) for item in items)):
        answers = {item.id: value for item, value in zip(items, combination, strict=True)}
        # A danger ticked on page 1 ends the questionnaire there; the crisis
        # page pauses and goes on, so every visible page counts.
        answers["danger_now"] = ["none"]
        counts.append((len(visible_pages(QUESTIONNAIRE, answers)), answers))
    return counts


@pytest.mark.parametrize("perspective", ["self", "family", "counselor"])
def test_the_longest_path_shows_at_most_14_question_pages(perspective: str) -> None:
    counts = page_counts(perspective)
    longest, answers = max(counts, key=lambda pair: pair[0])
    assert longest <= MOST_PAGES, f"{longest} pages for {answers}"
    # The walk really reaches the conditional pages (the test could not pass by seeing too little).
    assert longest >= 13


def test_the_new_questions_are_reachable_on_the_longest_path() -> None:
    longest, answers = max(page_counts("family"), key=lambda pair: pair[0])
    pages, _ = pages_until_stop(QUESTIONNAIRE, RULES, answers)
    shown = {item.id for page in pages for item in page.items}
    for item_id in ("baclofen_status", "baclofen_dose", "stop_plan", "lives_alone", "violence_at_home", "age_band"):
        assert item_id in shown
