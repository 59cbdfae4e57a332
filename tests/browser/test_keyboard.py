"""The whole questionnaire with the keyboard alone: Tab, Space, arrow keys and Enter.

At every Tab stop the focused element must show a focus indicator that
nothing covers (checks.focus_indicator_problem).
"""

from __future__ import annotations

import pytest

from . import checks
from .plans import default_answer, simulate
from .site import LANGUAGES
from .walk import place_of, shown_items

MAX_TABS = 60


class Keyboard:
    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []

    def active_matches(self, selector: str) -> bool:
        return self.page.evaluate("selector => !!document.activeElement && document.activeElement.matches(selector)", selector)

    def tab_to(self, selector: str) -> None:
        """Press Tab until the focused element matches `selector`, checking the focus indicator at each stop."""
        for _ in range(MAX_TABS):
            self.page.keyboard.press("Tab")
            problem = checks.focus_indicator_problem(self.page)
            if problem:
                self.problems.append(f"{place_of(self.page.url).page_id or self.page.url}: {problem}")
            if self.active_matches(selector):
                return
        raise AssertionError(f"{MAX_TABS} presses of Tab never reached {selector} on {self.page.url}")

    def choose_radio(self, name: str, value: str) -> None:
        self.tab_to(f'input[type=radio][name="{name}"]')
        values = self.page.eval_on_selector_all(f'input[type=radio][name="{name}"]', "inputs => inputs.map(i => i.value)")
        if not self.page.evaluate("() => document.activeElement.checked"):
            self.page.keyboard.press("Space")
        current = values.index(self.page.evaluate("() => document.activeElement.value"))
        target = values.index(value)
        for _ in range(abs(target - current)):
            self.page.keyboard.press("ArrowDown" if target > current else "ArrowUp")
        assert self.page.is_checked(f'input[name="{name}"][value="{value}"]')

    def tick(self, name: str, values: list[str]) -> None:
        for value in values:
            self.tab_to(f'input[type=checkbox][name="{name}"][value="{value}"]')
            self.page.keyboard.press("Space")
            assert self.page.is_checked(f'input[name="{name}"][value="{value}"]')

    def type_number(self, name: str, value: str) -> None:
        self.tab_to(f'input[name="{name}"]')
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(str(value))

    def press_enter_on(self, selector: str) -> None:
        self.tab_to(selector)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_whole_questionnaire_can_be_done_with_the_keyboard_alone(lang, new_page, site):
    page = new_page()
    keys = Keyboard(page)
    page.goto(site.url(f"/{lang}/"))
    keys.choose_radio("perspective", "self")
    keys.press_enter_on("main form button[type=submit]")
    seen = []
    for _ in range(len(site.questionnaire.pages) + 1):
        place = place_of(page.url)
        if place.kind != "question":
            break
        seen.append(place.page_id)
        for item in shown_items(page, site):
            answer = default_answer(item)
            if item.kind == "number":
                keys.type_number(item.id, answer)
            elif item.kind == "multiple":
                keys.tick(item.id, answer)
            else:
                keys.choose_radio(item.id, answer)
        keys.press_enter_on("main form button[type=submit]")
    assert seen == simulate(site.questionnaire, site.rules, {}).pages
    assert place_of(page.url).kind == "check"
    keys.press_enter_on("main a.button")  # See the suggestions
    assert place_of(page.url).kind == "results"
    assert page.inner_text("main h1").strip() == site.gettext(lang, "Your plan")
    assert not keys.problems, "focus was not visible:\n" + "\n".join(dict.fromkeys(keys.problems))


def test_skip_link_is_the_first_tab_stop_and_moves_to_the_main_content(new_page, site):
    page = new_page()
    page.goto(site.url("/en/intake/start"))
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    assert checks.focus_indicator_problem(page) is None
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # The next stop after the skip link is inside the main content, not the header.
    assert page.evaluate("() => document.getElementById('main').contains(document.activeElement)")
