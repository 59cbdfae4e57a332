"""Quick exit in a real browser: within the first Tab stops, by link (with or
without JavaScript) or by pressing Shift three times, and nothing of the
answers comes back with the Back button.

The neutral site (QUICK_EXIT_URL) is pointed at a page of the test server for
these tests, so no request leaves this machine.
"""

from __future__ import annotations

import pytest

from .site import LANGUAGES

NEUTRAL_PATH = "/static/favicon.svg"  # any page that says nothing about Passage's questions


@pytest.fixture
def neutral(site):
    """Point quick exit at a page of the test server, then put the setting back."""
    before = site.app.config["QUICK_EXIT_URL"]
    site.app.config["QUICK_EXIT_URL"] = site.url(NEUTRAL_PATH)
    yield site.url(NEUTRAL_PATH)
    site.app.config["QUICK_EXIT_URL"] = before


def open_context(browser, **options):
    return browser.new_context(**options)


def start_answering(page, site, lang):
    """Start as oneself and answer the first page, so the session holds answers."""
    page.goto(site.url(f"/{lang}/intake/start"))
    page.check("input[name=perspective][value=self]")
    page.click("main form button[type=submit]")
    page.check("input[name=danger_now][value=none]")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("load")  # quick-exit.js runs once the page has loaded
    assert "/questions/substances" in page.url


def session_cookies(context):
    return [cookie for cookie in context.cookies() if cookie["name"].endswith("passage_session")]


def assert_nothing_comes_back(page, site, lang):
    page.go_back()
    page.wait_for_load_state()
    if page.url.startswith(site.base_url) and NEUTRAL_PATH not in page.url:
        # Pages are never cached (no-store) and the session is gone: no answer is shown checked.
        assert page.locator("input[name=danger_now]:checked").count() == 0
        assert "/questions/substances" not in page.url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_quick_exit_is_reached_right_after_the_skip_link(lang, new_page, site):
    page = new_page()
    page.goto(site.url(f"/{lang}/"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Tab")
    label = site.gettext(lang, "Leave this site quickly")
    assert page.evaluate("document.activeElement.textContent.trim()") == label


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_quick_exit_link_leaves_and_clears_the_session(javascript, browser, site, neutral):
    context = open_context(browser, java_script_enabled=javascript)
    page = context.new_page()
    start_answering(page, site, "en")
    assert session_cookies(context)
    page.click("a[data-quick-exit]")
    page.wait_for_url(neutral)
    assert session_cookies(context) == []
    assert_nothing_comes_back(page, site, "en")
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pressing_shift_three_times_leaves_at_once(lang, browser, site, neutral):
    context = open_context(browser)
    page = context.new_page()
    start_answering(page, site, lang)
    assert page.is_visible("[data-quick-exit-hint]")  # the shortcut is announced once it works
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(neutral)
    assert session_cookies(context) == []
    assert_nothing_comes_back(page, site, lang)
    context.close()


def test_shift_pressed_slowly_or_with_other_keys_does_not_leave(browser, site):
    context = open_context(browser)
    page = context.new_page()
    start_answering(page, site, "en")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("a")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert "/questions/substances" in page.url
    context.close()


def test_the_shift_hint_is_shown_only_where_there_is_a_keyboard(new_page, site):
    """A phone has no Shift key to press three times: the hint would only confuse (issue 26)."""
    computer = new_page()
    computer.goto(site.url("/en/"))
    computer.wait_for_load_state("load")
    assert computer.locator("[data-quick-exit-hint]").is_visible()
    phone = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.goto(site.url("/fr/"))
    phone.wait_for_load_state("load")
    assert phone.locator("[data-quick-exit]").is_visible()
    assert not phone.locator("[data-quick-exit-hint]").is_visible()
    phone.keyboard.press("a")  # a keyboard joined the phone or tablet
    assert phone.locator("[data-quick-exit-hint]").is_visible()
