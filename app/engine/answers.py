"""Check raw answers against the questionnaire, in any perspective.

Returns clean values and a list of problems as codes (never text): the web
layer and the API turn codes into messages in the person's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .assessment import relevant_answers
from .flow import flow_state
from .model import Item, Questionnaire, RuleSet


@dataclass(frozen=True)
class Problem:
    item: str
    code: str  # required | unknown_option | not_a_number | too_small | too_large | exclusive | not_asked
    detail: Any = None


def clean_item_answer(item: Item, raw: Any, perspective: str) -> tuple[Any, Problem | None]:
    """One item's answer from raw input (str, list of str or number); None when left empty."""
    allowed = item.values_for(perspective)
    if item.kind == "multiple":
        return _clean_multiple(item, raw, allowed)
    if raw is None or raw == "" or raw == []:
        return None, (Problem(item.id, "required") if item.required else None)
    if item.kind == "number":
        return _clean_number(item, raw)
    if not isinstance(raw, str) or raw not in allowed:
        return None, Problem(item.id, "unknown_option")
    return raw, None


def _clean_multiple(item: Item, raw: Any, allowed: tuple[str, ...]) -> tuple[Any, Problem | None]:
    if raw is not None and not isinstance(raw, (str, list, tuple)):
        return None, Problem(item.id, "unknown_option")  # e.g. a number or an object sent to the API
    values = [raw] if isinstance(raw, str) else list(raw or [])
    values = [v for v in values if v != ""]
    if not values:
        return None, (Problem(item.id, "required") if item.required else None)
    if any(not isinstance(v, str) or v not in allowed for v in values):
        return None, Problem(item.id, "unknown_option")
    values = list(dict.fromkeys(values))
    exclusive = {o.value for o in item.options if o.exclusive} | {"unknown"}
    if item.risk_over_none and any(v not in exclusive for v in values):
        values = [v for v in values if v not in exclusive]
    if len(values) > 1 and any(v in exclusive for v in values):
        return None, Problem(item.id, "exclusive")
    return values, None


def _clean_number(item: Item, raw: Any) -> tuple[Any, Problem | None]:
    if isinstance(raw, bool):
        return None, Problem(item.id, "not_a_number")
    if isinstance(raw, str):
        text = raw.strip()
        digits = text[1:] if text.startswith("-") else text
        # ASCII digits only ("²" and other Unicode digits are not numbers to int()).
        if not (digits.isascii() and digits.isdigit()):
            return None, Problem(item.id, "not_a_number")
        if len(digits.lstrip("0")) > 18:
            # Far out of any range, and too long for int() to be asked to read safely.
            return None, (
                Problem(item.id, "too_small", item.minimum)
                if text.startswith("-")
                else Problem(item.id, "too_large", item.maximum)
            )
        raw = int(text)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if not isinstance(raw, int):
        return None, Problem(item.id, "not_a_number")
    if item.minimum is not None and raw < item.minimum:
        return None, Problem(item.id, "too_small", item.minimum)
    if item.maximum is not None and raw > item.maximum:
        return None, Problem(item.id, "too_large", item.maximum)
    return raw, None


def clean_answers(
    questionnaire: Questionnaire, rules: RuleSet, raw: Mapping[str, Any], perspective: str = "self"
) -> tuple[dict[str, Any], list[Problem]]:
    """Validate a whole answer set (API, files): only questions that apply, all required ones answered.

    Answers that stop the questionnaire (an emergency) make the later
    questions unnecessary.
    """
    problems: list[Problem] = []
    clean: dict[str, Any] = {}
    for key in raw:
        if key not in questionnaire.items_by_id:
            problems.append(Problem(str(key), "not_asked"))
    for item in questionnaire.items_by_id.values():
        if item.id in raw:
            value, problem = clean_item_answer(item, raw[item.id], perspective)
            if problem:
                problems.append(problem)
            elif value is not None:
                clean[item.id] = value
    if problems:
        return clean, problems
    clean = relevant_answers(questionnaire, clean)
    for item_id in missing_required(questionnaire, rules, clean):
        problems.append(Problem(item_id, "required"))
    return clean, problems


def missing_required(questionnaire: Questionnaire, rules: RuleSet, answers: Mapping[str, Any]) -> list[str]:
    """Required questions not yet answered, up to where the questionnaire stops."""
    state = flow_state(questionnaire, rules, answers)
    return [item.id for page in state.path for item in state.items_on(page) if item.required and item.id not in answers]


def first_problem_items(problems: Iterable[Problem]) -> list[str]:
    return list(dict.fromkeys(p.item for p in problems))
