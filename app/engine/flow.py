"""Which pages a person sees, in what order, and where the questionnaire stops.

A FlowState is worked out once for one set of answers (like the routing path
of a questionnaire runner) and asked everything else: the web flow builds one
per request and passes it along, the API and the tests use the same object,
so no caller recomputes visibility or the assessment on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .assessment import Assessment, Flagged, applying_answers, complete_assessment, flag_answers, visible_items
from .conditions import Facts, items_read
from .model import Item, Page, Questionnaire, RuleSet


@dataclass(frozen=True)
class FlowState:
    """The questionnaire as one person's answers make it: pages shown, path up to a stop, what is next."""

    questionnaire: Questionnaire
    rules: RuleSet
    perspective: str
    answers: Mapping[str, Any]  # only the answers that apply
    shown_ids: tuple[str, ...]  # items that apply, in questionnaire order
    pages: tuple[Page, ...]  # pages with an item that applies
    flagged: Flagged  # severity and red flags: what stops or pauses the questions
    path: tuple[Page, ...]  # the pages up to and including the one whose answers stop the questions
    stop: str | None  # the red-flag kind that stops the questions, if one does
    next_open: Page | None  # the first page on the path with a required answer missing

    @cached_property
    def assessment(self) -> Assessment:
        """The whole assessment, made the first time it is asked for and then reused."""
        return complete_assessment(self.questionnaire, self.rules, self.flagged, self.perspective)

    @property
    def complete(self) -> bool:
        return self.next_open is None

    def shows(self, item_id: str) -> bool:
        return item_id in self.shown_ids

    def items_on(self, page: Page) -> list[Item]:
        return [item for item in page.items if self.shows(item.id)]

    def page_ids(self) -> list[str]:
        return [page.id for page in self.pages]

    def position(self, page: Page) -> tuple[int, int]:
        """(step, number of steps) of a shown page. The step counts the pages shown before it, so going on
        adds one. The total counts those, and this page and every later one the answers can still lead to
        (its condition holds, or reads a question not answered yet): going forward it never grows, it only
        shrinks when an answer rules a topic out; only changing an earlier answer can make it grow."""
        index = self.page_ids().index(page.id)
        later = self.questionnaire.pages[self.questionnaire.pages.index(page) :]
        open_ids = frozenset(item.id for each in later for item in each.items if item.id not in self.answers)
        facts = Facts(self.answers)

        def may_hold(condition: Any) -> bool:
            return condition is None or condition.holds(facts) or bool(items_read(condition) & open_ids)

        reachable = [each for each in later if may_hold(each.when) and any(may_hold(item.when) for item in each.items)]
        return index + 1, index + len(reachable)

    def page_before(self, page: Page) -> Page | None:
        index = self.page_ids().index(page.id)
        return self.pages[index - 1] if index > 0 else None

    def page_after(self, page: Page) -> Page | None:
        ids = self.page_ids()
        if page.id not in ids or ids.index(page.id) + 1 >= len(ids):
            return None
        return self.pages[ids.index(page.id) + 1]

    def on_path(self, page: Page) -> bool:
        """May this page be shown now: it is before any stop and no earlier page is still open."""
        path_ids = [p.id for p in self.path]
        if page.id not in path_ids:
            return False
        return self.next_open is None or path_ids.index(page.id) <= path_ids.index(self.next_open.id)

    def stop_raised_on(self, page: Page) -> str | None:
        """The red-flag kind that stops the questionnaire at this page, if its answers raise one."""
        return page.stop if page.stop is not None and self.flagged.flags_of(page.stop) else None

    def pause_raised_on(self, page: Page) -> str | None:
        """The red-flag kind whose help page should be shown after this page, before going on."""
        return page.pause if page.pause is not None and self.flagged.flags_of(page.pause) else None

    def answered_ids(self) -> list[str]:
        """The shown items that have an answer, in questionnaire order."""
        return [item_id for item_id in self.shown_ids if item_id in self.answers]


def flow_state(questionnaire: Questionnaire, rules: RuleSet, answers: Mapping[str, Any], perspective: str = "self") -> FlowState:
    """Work out the flow once for these answers."""
    relevant, shown_ids = applying_answers(questionnaire, answers)
    shown = set(shown_ids)
    pages = tuple(page for page in questionnaire.pages if any(item.id in shown for item in page.items))
    flagged = flag_answers(rules, relevant)
    path, stop = _path_until_stop(pages, flagged)
    next_open = next((page for page in path if not page_answered(page, relevant, shown)), None)
    return FlowState(questionnaire, rules, perspective, relevant, tuple(shown_ids), pages, flagged, path, stop, next_open)


def _path_until_stop(pages: tuple[Page, ...], flagged: Flagged) -> tuple[tuple[Page, ...], str | None]:
    for index, page in enumerate(pages):
        if page.stop is not None and flagged.flags_of(page.stop):
            return pages[: index + 1], page.stop
    return pages, None


def page_answered(page: Page, answers: Mapping[str, Any], shown: set[str]) -> bool:
    return all(item.id in answers or not item.required for item in page.items if item.id in shown)


def visible_pages(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[Page]:
    """Pages that apply given these answers: the page's condition holds and it has an item to ask."""
    shown = set(visible_items(questionnaire, answers))
    return [page for page in questionnaire.pages if any(item.id in shown for item in page.items)]


def raised_stop(questionnaire: Questionnaire, rules: RuleSet, answers: Mapping[str, Any], page: Page) -> str | None:
    """The red-flag kind that stops the questionnaire at this page, if its answers raise one."""
    return flow_state(questionnaire, rules, answers).stop_raised_on(page)


def raised_pause(questionnaire: Questionnaire, rules: RuleSet, answers: Mapping[str, Any], page: Page) -> str | None:
    """The red-flag kind whose help page should be shown after this page, before going on."""
    return flow_state(questionnaire, rules, answers).pause_raised_on(page)


def pages_until_stop(questionnaire: Questionnaire, rules: RuleSet, answers: Mapping[str, Any]) -> tuple[list[Page], str | None]:
    """The visible pages up to the first page whose answers stop the questionnaire, and that stop's kind."""
    state = flow_state(questionnaire, rules, answers)
    return list(state.path), state.stop


def first_unanswered_page(questionnaire: Questionnaire, rules: RuleSet, answers: Mapping[str, Any]) -> Page | None:
    """Where the person should be: the first page (before any stop) with a required answer missing."""
    return flow_state(questionnaire, rules, answers).next_open
