"""Where the person is, chosen on the start form, in each region and language on a 390 x 844 phone: the
choice is kept when "Start" is pressed (whatever the browser's language pre-selected), and the results
show that region's numbers only, the next step with a number to tap on the first screen."""

from __future__ import annotations

import pytest

from tests.support.people import RESULT_PLANS
from tests.support.visitor import Visitor

from .checks import axe_violations
from .walk import SUBMIT, follow

PHONE = {"width": 390, "height": 844}
REGIONS = ("us", "ca_qc", "ca_on", "ca_other", "fr", "be", "ch", "uk", "other")
PROVINCES = ("ca_qc", "ca_on", "ca_other")
# The browser's own language pre-selects another country than the one chosen: the choice must win.
BROWSER_LOCALE = {"en": "en-US", "fr": "fr-FR"}
# Each region's walk ends on a plan whose next step is a different kind of service (helpline, doctor, finder).
PLAN_OF = {
    "us": "outpatient",
    "ca_qc": "hospital_withdrawal",
    "ca_on": "outpatient",
    "ca_other": "self_help",
    "fr": "hospital_withdrawal",
    "be": "outpatient",
    "ch": "self_help",
    "uk": "hospital_withdrawal",
    "other": "outpatient",
}
# Québec in French is walked without JavaScript: the province question and the numbers need none.
WITHOUT_SCRIPT = {("ca_qc", "fr")}


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def choose_on_the_start_form(page, site, lang: str, code: str) -> None:
    page.goto(site.url(f"/{lang}/intake/start"))
    page.check('input[name="perspective"][value="self"]')
    page.check(f'input[name="region"][value="{"ca" if code in PROVINCES else code}"]')
    if code in PROVINCES:
        province = page.locator(f'input[name="province"][value="{code}"]')
        assert province.is_visible(), "the province question shows once Canada is ticked"
        province.check()
    follow(page, SUBMIT)
    assert "/intake/questions/" in page.url, page.url


def answer_the_rest_through_the_test_client(page, site, lang: str, answers: dict) -> None:
    """The session the browser started, answered to the end by the test client and handed back: these
    tests are about the start form and the finished page; test_flow walks the questions in the browser."""
    name = site.app.config["SESSION_COOKIE_NAME"]
    (cookie,) = [c for c in page.context.cookies() if c["name"] == name]
    visitor = Visitor(site.app.test_client())
    visitor.client.set_cookie(name, cookie["value"])
    visitor.get(page.url.removeprefix(site.base_url))
    assert visitor.answer_until_done(answers) == f"/{lang}/intake/check"
    page.context.add_cookies([{"name": name, "value": visitor.client.get_cookie(name).value, "url": site.base_url}])
    page.goto(site.url(f"/{lang}/intake/results"))
    assert page.url == site.url(f"/{lang}/intake/results"), page.url


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("code", REGIONS)
def test_the_region_chosen_on_the_start_form_gives_its_numbers_and_a_number_for_the_next_step(new_page, site, code, lang):
    script = (code, lang) not in WITHOUT_SCRIPT
    page = new_page(viewport=PHONE, locale=BROWSER_LOCALE[lang], java_script_enabled=script)
    choose_on_the_start_form(page, site, lang, code)
    answer_the_rest_through_the_test_client(page, site, lang, RESULT_PLANS[PLAN_OF[code]][0])

    region = site.library.helplines[code]
    own = {digits(s["number"]) for s in region["services"] if s.get("number")} | ({"112"} if code == "other" else set())
    shown = {
        digits(h) for h in page.eval_on_selector_all('main a[href^="tel:"]', "links => links.map(a => a.getAttribute('href'))")
    }
    assert shown and shown <= own, (code, shown - own)

    step_tels = page.locator('main section.next-step a[href^="tel:"]')
    assert step_tels.count() >= 1
    first = step_tels.first.bounding_box()
    assert first is not None and first["y"] + first["height"] <= PHONE["height"], f"the number ends at {first}"
    step_numbers = {digits(h) for h in step_tels.evaluate_all("links => links.map(a => a.getAttribute('href'))")}
    if code == "other":
        assert step_numbers == {"112"}
    else:  # a line for the step itself, not only the emergency number
        assert step_numbers - {digits(region["emergency_number"])}, step_numbers
    banner = page.locator("main section.next-step .region-banner").inner_text()
    assert site.gettext(lang, region["name"]) in banner  # "Another country" too: the choice is named
    if code == "other":  # the international advice, said as such beside 112
        advice = page.locator("main section.next-step .next-step-emergency").inner_text()
        assert site.gettext(lang, "Danger now? Call your local emergency number; in the European Union:") in advice
    if code == "ca_qc":
        assert "911" in shown and "15" not in shown
    if code == "ca_on":
        assert "18665312600" in step_numbers  # ConnexOntario, for an outpatient plan's helpline step
    if script:  # axe-core runs as a script in the page
        assert axe_violations(page) == []


# No home: a line that finds somewhere to stay, beside the next step, from the chosen region only.
HOUSING_LANG = {
    "us": "en",
    "ca_qc": "fr",
    "ca_on": "en",
    "ca_other": "fr",
    "fr": "fr",
    "be": "fr",
    "ch": "fr",
    "uk": "en",
    "other": "en",
}


@pytest.mark.parametrize("code", REGIONS)
def test_no_home_shows_the_regions_housing_line_beside_the_next_step(new_page, site, code):
    lang = HOUSING_LANG[code]
    page = new_page(viewport=PHONE, locale=BROWSER_LOCALE[lang])
    choose_on_the_start_form(page, site, lang, code)
    answer_the_rest_through_the_test_client(page, site, lang, {**RESULT_PLANS["outpatient"][0], "housing": "none"})

    housing_line = page.locator("main section.next-step .next-step-housing")
    assert housing_line.is_visible(), code
    tels = {
        digits(h) for h in housing_line.locator('a[href^="tel:"]').evaluate_all("links => links.map(a => a.getAttribute('href'))")
    }
    service = next((s for s in site.library.helplines[code]["services"] if s["kind"] == "housing"), None)
    if service and service.get("number"):
        assert tels == {digits(service["number"])}, (code, tels)
    else:  # none verified (or a council team with no single number): where to ask, never an empty line
        assert not tels and housing_line.inner_text().strip(), code
    shown = {
        digits(h) for h in page.eval_on_selector_all('main a[href^="tel:"]', "links => links.map(a => a.getAttribute('href'))")
    }
    own = {digits(s["number"]) for s in site.library.helplines[code]["services"] if s.get("number")}
    assert shown <= own | ({"112"} if code == "other" else set()), (code, shown - own)
