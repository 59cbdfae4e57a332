"""Answer plans: which answer to give to each question, chosen from the questionnaire data.

A plan is a dict item id -> raw answer, as a browser would send it (a string,
or a list of strings for "select all that apply"). Items the plan does not
name get a calm default (see `default_answer`). The flow is simulated here
with the engine's own functions, the same ones the web flow uses, so tests
can find, without hard-coding page order or option values:
- a plan that reaches a given page (to visit every question page),
- a plan whose answers raise the emergency (or crisis) stop.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

from app.engine import clean_item_answer, relevant_answers, visible_items, visible_pages
from app.engine.flow import raised_pause, raised_stop
from app.engine.model import Item, Questionnaire, RuleSet


def default_answer(item: Item) -> Any:
    """The calm answer: "none of these" (or the first option), "no", the first option, the minimum."""
    if item.kind == "multiple":
        exclusive = [option.value for option in item.options if option.exclusive]
        return [exclusive[0] if exclusive else item.options[0].value]
    if item.kind == "yes_no":
        return "no"
    if item.kind == "number":
        return str(item.minimum if item.minimum is not None else 0)
    return item.options[0].value


def candidate_answers(item: Item, perspective: str) -> list[Any]:
    """Every answer worth trying for an item (each option alone; both ends and a middle number)."""
    if item.kind == "number":
        low = item.minimum if item.minimum is not None else 0
        high = item.maximum if item.maximum is not None else low + 10
        return [str(n) for n in dict.fromkeys((low, high, (low + high) // 2, low + 1)) if low <= n <= high]
    values = [v for v in item.values_for(perspective)]
    return [[v] for v in values] if item.kind == "multiple" else values


@dataclass
class Walk:
    pages: list[str]  # ids of the question pages shown, in order
    stop: str | None  # "emergency" when the answers stopped the questions; "crisis" when they paused them
    answers: dict[str, Any]  # clean answers, as the engine holds them


def simulate(
    questionnaire: Questionnaire, rules: RuleSet, plan: dict, perspective: str = "self", through_pauses: bool = False
) -> Walk:
    """The pages a person answering with `plan` sees, as app/assess/views.py moves through them.

    A page marked `stop:` ends the walk when its answers raise that flag; one
    marked `pause:` (crisis help first, then the choice to go on) ends it too,
    unless `through_pauses`.
    """
    answers: dict[str, Any] = {}
    shown_pages: list[str] = []
    page = visible_pages(questionnaire, answers)[0]
    while page is not None:
        shown_pages.append(page.id)
        shown = set(visible_items(questionnaire, answers))
        for item in page.items:
            if item.id in shown:
                value, problem = clean_item_answer(item, plan.get(item.id, default_answer(item)), perspective)
                assert problem is None, f"plan answer for {item.id} is not valid: {problem}"
                if value is not None:
                    answers[item.id] = value
        answers = relevant_answers(questionnaire, answers)
        stop = raised_stop(questionnaire, rules, answers, page)
        if not stop and not through_pauses:
            stop = raised_pause(questionnaire, rules, answers, page)
        if stop:
            return Walk(shown_pages, stop, answers)
        ids = [p.id for p in visible_pages(questionnaire, answers)]
        after = ids.index(page.id) + 1 if page.id in ids else len(ids)
        page = questionnaire.page(ids[after]) if after < len(ids) else None
    return Walk(shown_pages, None, answers)


def _single_changes(questionnaire: Questionnaire, perspective: str, item_ids=None):
    for page in questionnaire.pages:
        for item in page.items:
            if item_ids is None or item.id in item_ids:
                for value in candidate_answers(item, perspective):
                    if value != default_answer(item):
                        yield item.id, value


def plan_reaching(questionnaire, rules, page_id: str, perspective: str = "self") -> dict | None:
    """A plan (no stop on the way) that shows page `page_id`: one changed answer, else two."""

    def reaches(plan):
        walk = simulate(questionnaire, rules, plan, perspective)
        return page_id in walk.pages and walk.stop is None

    if reaches({}):
        return {}
    changes = list(_single_changes(questionnaire, perspective))
    for item_id, value in changes:
        if reaches({item_id: value}):
            return {item_id: value}
    for (first, first_value), (second, second_value) in combinations(changes, 2):
        if first != second and reaches({first: first_value, second: second_value}):
            return {first: first_value, second: second_value}
    return None


def plans_covering_every_page(questionnaire, rules, perspective: str = "self") -> dict[str, dict]:
    """For each question page, a plan that shows it; a page no plan reaches is reported by the tests."""
    plans = {}
    for page in questionnaire.pages:
        plan = plan_reaching(questionnaire, rules, page.id, perspective)
        if plan is not None:
            plans[page.id] = plan
    return plans


def plan_raising(questionnaire, rules, stop: str, perspective: str = "self") -> dict | None:
    """A plan whose answers on a page marked `stop: <stop>` or `pause: <stop>` raise it (one answer changed there)."""
    for page in questionnaire.pages:
        if stop not in (page.stop, page.pause):
            continue
        base = plan_reaching(questionnaire, rules, page.id, perspective)
        if base is None:
            continue
        for item_id, value in _single_changes(questionnaire, perspective, {item.id for item in page.items}):
            plan = {**base, item_id: value}
            if simulate(questionnaire, rules, plan, perspective).stop == stop:
                return plan
    return None
