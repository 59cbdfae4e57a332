"""The results page on a 390 x 844 phone: the next step and a number to tap on the first screen,
everything before the folded details within three screens, no axe-core violation; with and without JavaScript
the page is the same (the copy button is the only addition)."""

from __future__ import annotations

import pytest

from tests.support.people import LANGS, PERSPECTIVES, RESULT_PLANS
from tests.support.visitor import Visitor

from .checks import axe_violations

PHONE = {"width": 390, "height": 844}
SCREENS = 3


def open_results(page, site, lang: str, answers: dict, perspective: str, region: str | None = None) -> None:
    """Open the results of these answers in the browser.

    The answers are given through the app's test client and its session is
    handed to the browser: these tests are about the finished page, and a walk
    in the browser costs seconds (test_flow and test_keyboard walk it there).
    The same app serves the browser, so it reads that session as its own.
    """
    visitor = Visitor(site.app.test_client())
    visitor.finish_intake(lang, perspective, answers, region)
    name = site.app.config["SESSION_COOKIE_NAME"]
    cookie = visitor.client.get_cookie(name)
    assert cookie is not None, "the test client holds no session"
    page.context.add_cookies([{"name": name, "value": cookie.value, "url": site.base_url}])
    page.goto(site.url(f"/{lang}/intake/results"))
    assert page.url == site.url(f"/{lang}/intake/results"), f"the results sent on to {page.url}"


def box(page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not shown"
    return found


@pytest.mark.parametrize("plan", list(RESULT_PLANS))
@pytest.mark.parametrize("perspective", PERSPECTIVES)
@pytest.mark.parametrize("lang", LANGS)
def test_the_next_step_and_a_number_are_on_the_first_phone_screen(new_page, site, lang, perspective, plan):
    page = new_page(viewport=PHONE)
    open_results(page, site, lang, RESULT_PLANS[plan][0], perspective)
    assert page.locator("main h1").count() == 1
    # A family member's own first step ("What you can do today", with a line for them) may come before the person's.
    first_step = box(page, "main section.next-step, main section.family-today")
    assert first_step["y"] < PHONE["height"]
    tel = box(page, 'main section.next-step a[href^="tel:"], main section.family-today a[href^="tel:"]')
    assert tel["y"] + tel["height"] <= PHONE["height"], f"the number ends at {tel['y'] + tel['height']} px"
    first_details = box(page, "main .result-details details")  # the result's folds (not a small one in a box above)
    assert first_details["y"] <= SCREENS * PHONE["height"], f"the folded details start at {first_details['y']} px"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_counselor_can_copy_the_summary_or_select_it(new_page, site, javascript):
    page = new_page(viewport=PHONE, java_script_enabled=javascript)
    open_results(page, site, "en", RESULT_PLANS["outpatient"][0], "counselor")
    button = page.get_by_role("button", name="Copy summary")
    assert button.count() == (1 if javascript else 0)
    assert "Level of care" in page.inner_text("#clinical-summary")
    if javascript:
        assert axe_violations(page) == []


REGIONS = ("us", "ca_qc", "ca_on", "ca_other", "fr", "be", "ch", "uk", "other")


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


@pytest.mark.parametrize("region", REGIONS)
def test_each_region_shows_only_its_own_numbers_with_one_on_the_first_screen(new_page, site, region):
    lang = "fr" if region in ("ca_qc", "fr", "be", "ch") else "en"
    page = new_page(viewport=PHONE)
    open_results(page, site, lang, RESULT_PLANS["hospital_withdrawal"][0], "family", region=region)
    services = site.library.helplines[region]["services"]
    own = {digits(s["number"]) for s in services if s.get("number")}
    shown = {
        digits(href)
        for href in page.eval_on_selector_all('main a[href^="tel:"]', "links => links.map(a => a.getAttribute('href'))")
    }
    assert shown and shown <= own, shown - own
    links = set(page.eval_on_selector_all("main a.service-link", "links => links.map(a => a.getAttribute('href'))"))
    assert links <= {url for s in services for url in (s.get("links") or {}).values()}
    tel = box(page, 'main section.next-step a[href^="tel:"]')
    assert tel["y"] + tel["height"] <= PHONE["height"]
    assert axe_violations(page) == []
