"""Which pages a person sees, in what order, and where the questionnaire stops.

Pure functions over the questionnaire and the answers so far; the web flow
and the API both use them so they never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .assessment import assess, visible_items
from .model import Page, Questionnaire, RuleSet


def visible_pages(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[Page]:
    """Pages that apply given these answers: the page's condition holds and it has an item to ask."""
    shown = set(visible_items(questionnaire, answers))
    return [page for page in questionnaire.pages if any(item.id in shown for item in page.items)]


def raised_stop(questionnaire: Questionnaire, rules: RuleSet, answers: Mapping[str, Any], page: Page) -> str | None:
    """The red-flag kind that stops the questionnaire at this page, if its answers raise one."""
    if page.stop is None:
        return None
    return page.stop if assess(questionnaire, rules, answers).flags_of(page.stop) else None


def raised_pause(questionnaire: Questionnaire, rules: RuleSet, answers: Mapping[str, Any], page: Page) -> str | None:
    """The red-flag kind whose help page should be shown after this page, before going on."""
    if page.pause is None:
        return None
    return page.pause if assess(questionnaire, rules, answers).flags_of(page.pause) else None


def pages_until_stop(questionnaire: Questionnaire, rules: RuleSet, answers: Mapping[str, Any]) -> tuple[list[Page], str | None]:
    """The visible pages up to the first page whose answers stop the questionnaire, and that stop's kind."""
    pages = []
    for page in visible_pages(questionnaire, answers):
        pages.append(page)
        stop = raised_stop(questionnaire, rules, answers, page)
        if stop:
            return pages, stop
    return pages, None


def page_answered(page: Page, answers: Mapping[str, Any], shown: set[str]) -> bool:
    return all(item.id in answers or not item.required for item in page.items if item.id in shown)


def first_unanswered_page(questionnaire: Questionnaire, rules: RuleSet, answers: Mapping[str, Any]) -> Page | None:
    """Where the person should be: the first page (before any stop) with a required answer missing."""
    shown = set(visible_items(questionnaire, answers))
    pages, _ = pages_until_stop(questionnaire, rules, answers)
    return next((page for page in pages if not page_answered(page, answers, shown)), None)
