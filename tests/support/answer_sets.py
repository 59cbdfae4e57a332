"""Valid answer sets for ANY loaded questionnaire, as a person would give them.

Walks the pages in order, asks only the items the engine shows given the
answers so far (page and item `when`), picks a valid value for each item's
kind (including "unknown" where the perspective offers it), may leave
optional items empty, and may stop at a page whose stop is raised (the
questionnaire ends there; a crisis stop may also be continued past).

`choose` decides each value, so the same walk serves hypothesis (draw from
strategies) and plain tests (a fixed choice).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from app.engine import assess, visible_items
from app.engine.model import UNKNOWN, Item, Questionnaire, RuleSet

Choose = Callable[[Item, list], Any]


def values_of(item: Item, perspective: str) -> list:
    """Every value a single / yes_no item can take, or every option of a multiple one."""
    return list(item.values_for(perspective))


def walk(
    questionnaire: Questionnaire,
    rules: RuleSet,
    perspective: str,
    choose_value: Callable[[Item], Any],
    skip_optional: Callable[[Item], bool] = lambda item: False,
    stop_here: Callable[[str], bool] = lambda kind: True,
) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for page in questionnaire.pages:
        shown = set(visible_items(questionnaire, answers))
        for item in page.items:
            if item.id not in shown:
                continue
            if not item.required and skip_optional(item):
                continue
            answers[item.id] = choose_value(item)
        raised = page.stop and any(item.id in answers for item in page.items)
        if raised and assess(questionnaire, rules, answers).flags_of(page.stop) and stop_here(page.stop):
            break
    return answers


_STRATEGIES: dict = {}


def value_strategy(item: Item, perspective: str) -> st.SearchStrategy:
    """Valid answers to one item (strategies are built once per item and perspective: building is the slow part)."""
    key = (id(item), perspective)
    if key not in _STRATEGIES:
        # The item is kept with its strategy, so its id() cannot be reused by another object.
        _STRATEGIES[key] = (item, _value_strategy(item, perspective))
    return _STRATEGIES[key][1]


def _value_strategy(item: Item, perspective: str) -> st.SearchStrategy:
    if item.kind == "number":
        return st.integers(min_value=item.minimum, max_value=item.maximum)
    if item.kind in ("single", "yes_no"):
        return st.sampled_from(values_of(item, perspective))
    exclusive = [o.value for o in item.options if o.exclusive]
    if item.offers_unknown(perspective):
        exclusive.append(UNKNOWN)
    plain = [o.value for o in item.options if not o.exclusive]
    choices = [st.lists(st.sampled_from(plain), min_size=1, unique=True)] if plain else []
    choices += [st.just([value]) for value in exclusive]
    return st.one_of(choices)


@st.composite
def answer_sets(draw, questionnaire: Questionnaire, rules: RuleSet, perspective: str | None = None):
    """(perspective, answers): a valid, complete answer set for this questionnaire."""
    if perspective is None:
        perspective = draw(st.sampled_from(questionnaire.perspectives))
    answers = walk(
        questionnaire,
        rules,
        perspective,
        choose_value=lambda item: draw(value_strategy(item, perspective)),
        skip_optional=lambda item: draw(st.booleans()),
        stop_here=lambda kind: draw(st.booleans()),
    )
    return perspective, answers


def first_choices(questionnaire: Questionnaire, rules: RuleSet, perspective: str = "self") -> dict[str, Any]:
    """A plain, deterministic answer set: the first value of each item, the minimum for numbers,
    and the exclusive option (such as "none of these") first for multiple items."""

    def choose(item: Item):
        if item.kind == "number":
            return item.minimum
        if item.kind == "multiple":
            exclusive = [o.value for o in item.options if o.exclusive]
            return exclusive[:1] or [item.options[0].value]
        values = values_of(item, perspective)
        return "no" if item.kind == "yes_no" else values[0]

    return walk(questionnaire, rules, perspective, choose)


ROOT = Path(__file__).resolve().parents[2]


def data_folders() -> list:
    """The questionnaire folders to test against: the mini fixture, and the real content once it exists."""
    folders = [pytest.param(ROOT / "tests" / "fixtures" / "mini", id="mini")]
    if (ROOT / "questionnaires" / "intake" / "questionnaire.yaml").exists():
        folders.append(pytest.param(ROOT / "questionnaires", id="real"))
    return folders
