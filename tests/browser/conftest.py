"""Browser fixtures: one Chromium and one served app for the whole session, a fresh context per test.

Without Chromium, Playwright or axe-core the browser tests are skipped with
the reason, except where they are required (PASSAGE_REQUIRE_BROWSER=1 or
CI=true, as .ci/run sets): there they fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .site import browser_required, missing_browser_tools, running_browser, running_site

HERE = Path(__file__).resolve().parent
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


def _require_browser_tools():
    reason = missing_browser_tools()
    if reason is None:
        return
    if browser_required():
        pytest.fail(f"The browser tests must run here (PASSAGE_REQUIRE_BROWSER=1 or CI=true) but cannot: {reason}", pytrace=False)
    pytest.skip(f"Browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def site():
    _require_browser_tools()
    with running_site() as running:
        yield running


@pytest.fixture(scope="session")
def browser(site):
    with running_browser() as chromium:
        yield chromium


@pytest.fixture
def new_page(browser, site):
    """Open a page in a fresh context (own cookies and cache); the page must not break the strict CSP.

    Options go to browser.new_context (viewport, java_script_enabled, ...).
    A request to anywhere but the test site is reported (the machine has no
    other network, so it would also fail).
    """
    contexts, problems = [], []

    def open_page(**options):
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(**options)
        contexts.append(context)

        def report_other_sites(request):
            if not request.url.startswith((site.base_url + "/", "data:", "about:")):
                problems.append(f"request to another site: {request.url}")

        context.on("request", report_other_sites)
        page = context.new_page()

        def report_console_error(message):
            # A page answered with an error status (the 404 page) is logged too: that one is expected.
            expected = message.text.startswith("Failed to load resource") and message.location.get("url") == page.url
            if message.type == "error" and not expected:
                problems.append(f"console error: {message.text} ({message.location.get('url')})")

        page.on("console", report_console_error)
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not problems, "the browser reported:\n" + "\n".join(problems)
