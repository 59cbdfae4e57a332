"""Where the person is: asked on the start form, pre-selected only from an explicit country in the
browser's language tags, kept when "Start" is pressed; every next step gets a number to tap from the
chosen region only, and a person with no home gets a housing line."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from app.web.region_choice import next_step_contact
from tests.support import html_page
from tests.support.people import RESULT_PLANS
from tests.support.result_lengths import seed, walked_answers
from tests.support.visitor import Visitor

REGIONS = ("us", "ca_qc", "ca_on", "ca_other", "fr", "be", "ch", "uk", "other")
PROVINCES = ("ca_qc", "ca_on", "ca_other")
CONNEXONTARIO = "18665312600"


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def checked(soup: BeautifulSoup, name: str) -> list[str]:
    return [radio["value"] for radio in soup.select(f'form.start-form input[name="{name}"][checked]')]


def numbers_of(app, code: str) -> set[str]:
    region = app.extensions["passage_library"].helplines[code]
    return {digits(s["number"]) for s in region["services"] if s.get("number")}


def start_form_fields(code: str) -> dict[str, str]:
    """What a person ticks on the start form for a region: the country, then the province in Canada."""
    return {"region": "ca", "province": code} if code in PROVINCES else {"region": code}


def finish(app, lang: str, code: str | None, answers: dict, perspective: str = "self", accept: str = "") -> Visitor:
    """Choose where they are on the start form (nothing when `code` is None), press Start, answer until the check page."""
    visitor = Visitor(app.test_client())
    headers = {"Accept-Language": accept} if accept else {}
    visitor.get(f"/{lang}/intake/start", headers=headers)
    fields = {"perspective": perspective, **(start_form_fields(code) if code else {})}
    visitor.submit(f"/{lang}/intake/start", fields)
    assert visitor.page.request.path.startswith(f"/{lang}/intake/questions/"), visitor.page.request.path
    assert visitor.answer_until_done(answers) == f"/{lang}/intake/check"
    return visitor


def chosen_then_answered(app, lang: str, code: str, answers: dict, perspective: str = "self") -> Visitor:
    """Choose where they are on the start form and press Start, then hold the answers a walk through the
    questions would leave (tests/support/result_lengths.walked_answers, checked against real walks there):
    the numbers on the results are what these tests read, not the question pages (finish walks them)."""
    visitor = Visitor(app.test_client())
    visitor.get(f"/{lang}/intake/start")
    visitor.submit(f"/{lang}/intake/start", {"perspective": perspective, **start_form_fields(code)})
    library = app.extensions["passage_library"]
    questionnaire, rules = library.questionnaires["intake"], library.rules["intake"]
    walked, stopped = walked_answers(questionnaire, rules, answers, perspective)
    assert not stopped
    seed(visitor.client, questionnaire, perspective, walked, None)  # the region stays the start form's
    return visitor


# --- Pre-selection: only an explicit country in the browser's language tags ------------------------


@pytest.mark.parametrize(
    ("accept", "country", "province"),
    [
        ("en-CA,en;q=0.8", ["ca"], []),
        ("fr-CA,fr;q=0.9", ["ca"], []),
        ("fr-BE", ["be"], []),
        ("fr-CH,fr;q=0.9,de;q=0.5", ["ch"], []),
        ("en-GB,en;q=0.9", ["uk"], []),
        ("en-US", ["us"], []),
        ("fr-FR", ["fr"], []),
        ("fr", [], []),
        ("en", [], []),
        ("fr;q=0.9,en-CA;q=0.8", ["ca"], []),
        ("de-DE,en-US;q=0.5", [], []),  # the first country named is not one we list: asked, not guessed
        ("", [], []),
    ],
)
@pytest.mark.parametrize("page", ["/{lang}/", "/{lang}/intake/start"])
def test_the_start_form_preselects_only_an_explicit_country(visitor, accept, country, province, page):
    for lang in ("en", "fr"):
        soup = soup_of(visitor.get(page.format(lang=lang), headers={"Accept-Language": accept} if accept else {}))
        assert checked(soup, "region") == country, (lang, accept)
        assert checked(soup, "province") == province, (lang, accept)


def test_canada_is_preselected_but_its_province_is_asked(visitor):
    visitor.get("/fr/intake/start", headers={"Accept-Language": "fr-CA"})
    response = visitor.submit("/fr/intake/start", {"perspective": "self", "region": "ca"}, follow_redirects=False)
    assert response.status_code == 400
    soup = soup_of(response)
    assert soup.select_one(".error-summary a")["href"] == "#province-0"
    assert "province" in soup.select_one("#province-error").get_text()
    assert checked(soup, "region") == ["ca"] and checked(soup, "perspective") == ["self"]  # nothing lost
    assert soup.title.get_text().startswith("Erreur")


def test_a_region_that_is_not_a_choice_is_asked_again_in_the_persons_language(visitor):
    visitor.get("/fr/intake/start")
    response = visitor.submit("/fr/intake/start", {"perspective": "family", "region": "atlantis"}, follow_redirects=False)
    assert response.status_code == 400
    soup = soup_of(response)
    assert soup.select_one("#region-error").get_text(" ", strip=True).endswith("Indiquez le pays où vous vous trouvez")
    assert checked(soup, "perspective") == ["family"]


# --- The region chosen on the start form is the one kept ----------------------------------------


def test_ontario_chosen_on_the_start_form_is_kept_when_start_is_pressed(app):
    visitor = Visitor(app.test_client())
    visitor.get("/en/", headers={"Accept-Language": "en-US"})  # the form opens on the United States
    assert checked(soup_of(visitor.page), "region") == ["us"]
    response = visitor.submit("/en/intake/start", {"perspective": "self", "region": "ca", "province": "ca_on"})
    assert response.request.path.startswith("/en/intake/questions/")
    emergency = visitor.get("/en/emergency", headers={"Accept-Language": "en-US"})
    banner = soup_of(emergency).select_one(".region-banner").get_text(" ", strip=True)
    assert "Canada — Ontario" in banner
    assert set(map(digits, html_page.tel_numbers(emergency.get_data(as_text=True)))) <= numbers_of(app, "ca_on") | {"911"}


def test_ontario_results_give_connexontarios_number_for_the_next_step(app):
    visitor = finish(app, "en", "ca_on", RESULT_PLANS["outpatient"][0])
    soup = soup_of(visitor.get("/en/intake/results"))
    step = soup.select_one("section.next-step")
    assert CONNEXONTARIO in {digits(a["href"]) for a in step.select('a[href^="tel:"]')}
    assert "1-866-531-2600" in step.get_text()
    assert {digits(a["href"]) for a in soup.select('main a[href^="tel:"]')} <= numbers_of(app, "ca_on")


@pytest.mark.parametrize("plan", ["self_help", "outpatient", "hospital_withdrawal"])
def test_quebec_in_french_shows_911_and_never_15(app, plan):
    visitor = finish(app, "fr", "ca_qc", RESULT_PLANS[plan][0], accept="fr-CA")
    for path in ("/fr/intake/results", "/fr/emergency", "/fr/crisis"):
        page = visitor.get(path, headers={"Accept-Language": "fr-CA"})
        soup = soup_of(page)
        tels = {digits(a["href"]) for a in soup.select('a[href^="tel:"]')}
        assert tels <= numbers_of(app, "ca_qc") and "15" not in tels, (path, tels)
        main = soup.select_one("main").get_text(" ")
        assert not re.search(r"(?<![\d-])15(?![\d-])", main), path
        assert "SAMU" not in main
    emergency = soup_of(visitor.get("/fr/emergency"))
    assert "911" in {digits(a["href"]) for a in emergency.select("p.call-now a[href^='tel:']")}


def test_before_any_choice_a_french_browser_in_quebec_is_never_shown_france_s_15(visitor):
    page = visitor.get("/fr/emergency", headers={"Accept-Language": "fr-CA,fr;q=0.9"})
    soup = soup_of(page)
    assert "15" not in {digits(a["href"]) for a in soup.select('a[href^="tel:"]')}
    assert "vous n’avez pas indiqué où vous êtes" in soup.select_one(".region-banner").get_text(" ").lower()


# --- A number to tap for every next step -----------------------------------------------------------

NEXT_STEP_KINDS = ("doctor", "drug_helpline", "crisis", "domestic_violence", "locator", "housing")
# Where no line of the kind could be verified and nothing with a number stands in (the page says where to ask instead).
NO_NUMBER = {("ch", "housing"), ("uk", "housing")}


@pytest.mark.parametrize("code", [c for c in REGIONS if c != "other"])
def test_every_next_step_kind_has_a_number_from_the_region_itself(app, code):
    helplines = app.extensions["passage_library"].helplines
    with app.test_request_context("/en/"):
        from flask import session

        session["region"] = code
        for kind in NEXT_STEP_KINDS:
            contact = next_step_contact(kind)
            if (code, kind) in NO_NUMBER:
                assert contact is None or not contact["service"].get("number"), (code, kind)
                continue
            assert contact is not None and contact["service"].get("number"), (code, kind)
            assert contact["service"] in helplines[code]["services"], (code, kind)


def test_another_country_gets_112_for_the_steps_that_need_help_now(app):
    with app.test_request_context("/en/"):
        from flask import session

        session["region"] = "other"
        assert next_step_contact("crisis")["service"]["number"] == "112"
        assert next_step_contact("domestic_violence")["service"]["number"] == "112"
        assert next_step_contact("drug_helpline") is None  # the page says a doctor or pharmacist can point to services


@pytest.mark.parametrize("code", REGIONS)
@pytest.mark.parametrize("plan", ["self_help", "outpatient", "hospital_withdrawal"])
def test_each_next_step_has_a_tel_link_of_the_chosen_region_only(app, code, plan):
    visitor = chosen_then_answered(app, "en", code, RESULT_PLANS[plan][0])
    soup = soup_of(visitor.get("/en/intake/results"))
    step = soup.select_one("section.next-step")
    step_tels = {digits(a["href"]) for a in step.select('a[href^="tel:"]')}
    assert step_tels, (code, plan)
    own = numbers_of(app, code) | ({"112"} if code == "other" else set())
    assert {digits(a["href"]) for a in soup.select('main a[href^="tel:"]')} <= own
    if code == "other":
        assert step_tels == {"112"}
    else:
        assert step_tels - {digits(app.extensions["passage_library"].helplines[code]["emergency_number"])}, (code, plan)


# --- No home: a housing line beside the next step --------------------------------------------------

HOUSING = {"us": "211", "ca_qc": "211", "ca_on": "211", "ca_other": "211", "fr": "115", "be": "080099340"}


@pytest.mark.parametrize("code", REGIONS)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_home_shows_the_regions_housing_line(app, code, lang):
    answers = {**RESULT_PLANS["outpatient"][0], "housing": "none"}
    visitor = chosen_then_answered(app, lang, code, answers)
    soup = soup_of(visitor.get(f"/{lang}/intake/results"))
    housing = soup.select_one("section.next-step .next-step-housing")
    assert housing is not None, code
    tels = {digits(a["href"]) for a in housing.select('a[href^="tel:"]')}
    if code in HOUSING:
        assert tels == {HOUSING[code]}
    elif code == "uk":
        assert housing.select_one('a[href^="https://england.shelter.org.uk/"]') is not None and not tels
    else:
        assert not tels and housing.get_text(strip=True)


def test_a_home_shows_no_housing_line(app):
    visitor = finish(app, "en", "fr", RESULT_PLANS["outpatient"][0])
    assert soup_of(visitor.get("/en/intake/results")).select_one(".next-step-housing") is None


# --- Unknown region: the international advice, said as such ------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_another_country_and_no_choice_give_the_international_advice_and_say_so(app, lang):
    chose_other = finish(app, lang, "other", RESULT_PLANS["outpatient"][0])
    said_nothing = finish(app, lang, None, RESULT_PLANS["outpatient"][0])
    for visitor, chosen in ((chose_other, True), (said_nothing, False)):
        for path in (f"/{lang}/intake/results", f"/{lang}/emergency"):
            soup = soup_of(visitor.get(path))
            assert {digits(a["href"]) for a in soup.select('a[href^="tel:"]')} <= {"112"}, path
            banner = soup.select_one(".region-banner").get_text(" ", strip=True)
            assert ("Another country" in banner or "Autre pays" in banner) == chosen, banner
        guidance = soup_of(visitor.get(f"/{lang}/crisis")).select_one(".other-country-guidance").get_text(" ")
        assert "112" in guidance


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_change_link_beside_the_numbers_comes_back_with_the_answers(app, lang):
    visitor = finish(app, lang, "fr", RESULT_PLANS["outpatient"][0])
    results = f"/{lang}/intake/results"
    link = soup_of(visitor.get(results)).select_one("section.next-step .region-banner a")
    assert link["href"] == f"/{lang}/region?next=/{lang}/intake/results"
    visitor.get(link["href"])
    response = visitor.submit(f"/{lang}/region", {"region": "ca", "province": "ca_on", "next": results})
    assert response.request.path == results and response.status_code == 200
    assert CONNEXONTARIO in {digits(n) for n in html_page.tel_numbers(response.get_data(as_text=True))}
