"""Regions: each page shows the chosen region's numbers and no other; the data is checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from app.engine import load_library
from app.engine.loader import QuestionnaireError
from app.engine.regions import SHOWN_KINDS, Region
from tests.support import html_page
from tests.support.apps import MINI
from tests.support.pdf_page import pdf_text
from tests.support.visitor import Visitor
from tests.support.walk import see_results

ROOT = Path(__file__).resolve().parents[2]
REGIONS = ("us", "ca_qc", "ca_on", "ca_other", "fr", "be", "ch", "uk", "other")
PAGES = ("emergency", "crisis", "information/treatment-types")


def digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())


def tel_numbers(html: str) -> set[str]:
    return {digits(number) for number in html_page.tel_numbers(html)}


def numbers_of(library, code: str) -> set[str]:
    region = library.helplines[code]
    found = {digits(s["number"]) for s in region["services"] if s.get("number")}
    return found | ({digits(region["emergency_number"])} if region.get("emergency_number") else set())


def choose(visitor: Visitor, lang: str, code: str, back: str) -> None:
    visitor.get(f"/{lang}/region")
    response = visitor.submit(f"/{lang}/region", {"region": code, "next": back}, follow_redirects=False)
    assert response.status_code == 302


def test_the_region_choices_are_the_fixed_ones_in_order(app):
    assert tuple(app.extensions["passage_library"].helplines) == REGIONS


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_start_page_asks_the_region_and_a_bare_language_preselects_none(visitor, lang):
    soup = BeautifulSoup(visitor.get(f"/{lang}/", headers={"Accept-Language": lang}).get_data(as_text=True), "html.parser")
    radios = soup.select('form.region-form input[name="region"]')
    assert [r["value"] for r in radios] == ["us", "ca", "fr", "be", "ch", "uk", "other"]
    assert [r["value"] for r in soup.select('form.region-form input[name="province"]')] == ["ca_qc", "ca_on", "ca_other"]
    assert not soup.select("form.region-form input[checked]")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_only_the_numbers_of_the_chosen_region(app, lang, page):
    library = app.extensions["passage_library"]
    visitor = Visitor(app.test_client())
    for code in REGIONS:
        choose(visitor, lang, code, f"/{lang}/{page}")
        shown = tel_numbers(visitor.get(f"/{lang}/{page}").get_data(as_text=True))
        assert shown <= numbers_of(library, code), (code, shown - numbers_of(library, code))
        if page == "emergency" and code != "other":
            assert digits(library.helplines[code]["emergency_number"]) in shown


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_another_country_shows_no_number_but_112_and_says_how_to_find_local_help(visitor, lang):
    for page in PAGES:
        choose(visitor, lang, "other", f"/{lang}/{page}")
        html = visitor.get(f"/{lang}/{page}").get_data(as_text=True)
        assert tel_numbers(html) <= {"112"}
        guidance = BeautifulSoup(html, "html.parser").select_one(".other-country-guidance")
        assert guidance is not None and "112" in guidance.get_text()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_changing_region_from_the_results_keeps_the_answers(app, lang):
    library = app.extensions["passage_library"]
    visitor = Visitor(app.test_client())
    see_results(visitor, app, lang=lang)
    results = f"/{lang}/intake/results"
    before = BeautifulSoup(visitor.get(results).get_data(as_text=True), "html.parser").select_one("main").get_text()
    for code in REGIONS:
        choose(visitor, lang, code, results)
        page = visitor.get(results)
        assert page.status_code == 200  # still the results: nothing to answer again
        html = page.get_data(as_text=True)
        assert tel_numbers(html) <= numbers_of(library, code), code
    after = BeautifulSoup(visitor.get(results).get_data(as_text=True), "html.parser").select_one("main")
    assert after.select_one("h1").get_text() in before


@pytest.mark.parametrize(
    ("lang", "code", "present", "absent"),
    [
        ("fr", "uk", "116 123", "1-800-662-4357"),
        ("en", "ca_qc", "1 800 265-2626", "1-844-764-7669"),
    ],
)
def test_the_pdf_gives_the_chosen_region_only(app, lang, code, present, absent):
    visitor = Visitor(app.test_client())
    see_results(visitor, app, lang=lang)
    choose(visitor, lang, code, f"/{lang}/intake/results")
    visitor.get(f"/{lang}/intake/results")
    text = pdf_text(visitor.submit(f"/{lang}/intake/results/pdf", {}).data)
    assert present in text and absent not in text


def test_a_french_reader_gets_the_french_page_and_english_only_links_are_marked(visitor):
    choose(visitor, "fr", "ca_qc", "/fr/information/treatment-types")
    soup = BeautifulSoup(visitor.get("/fr/information/treatment-types").get_data(as_text=True), "html.parser")
    links = {a["href"]: a for a in soup.select("a.service-link")}
    assert "https://www.aidedrogue.ca/" in links and not links["https://www.aidedrogue.ca/"].has_attr("lang")
    choose(visitor, "fr", "ca_on", "/fr/information/treatment-types")
    soup = BeautifulSoup(visitor.get("/fr/information/treatment-types").get_data(as_text=True), "html.parser")
    connex = soup.select_one('a.service-link[href="https://www.connexontario.ca/"]')
    assert connex["lang"] == "en"
    assert connex.find_next_sibling("span").get_text() == "(en anglais)"


def test_no_box_is_shown_empty(visitor):
    choose(visitor, "en", "be", "/en/information/treatment-types")
    soup = BeautifulSoup(visitor.get("/en/information/treatment-types").get_data(as_text=True), "html.parser")
    assert all(box.select("li.service") for box in soup.select("section.helplines"))


# --- The accessor the plan's next step uses ---------------------------------------------------


def test_a_service_kind_resolves_per_region(app):
    helplines = app.extensions["passage_library"].helplines
    assert Region("ca_qc", helplines["ca_qc"]).service("drug_helpline")["number"] == "1 800 265-2626"
    assert Region("us", helplines["us"]).service("alcohol_helpline")["name"] == "SAMHSA's National Helpline"
    assert Region("fr", helplines["fr"]).service("domestic_violence")["number"] == "3919"
    assert Region("be", helplines["be"]).service("domestic_violence")["number"] == "0800 30 030"
    assert Region("ca_on", helplines["ca_on"]).service("domestic_violence") is None  # not verified: 911 stands in
    assert Region("other", helplines["other"]).service("poison") is None
    assert Region("uk", helplines["uk"]).service("emergency")["number"] == "999"


# --- The data check refuses broken region files ------------------------------------------------


def broken_copy(tmp_path: Path, change) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    path = folder / "helplines.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["regions"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def _drop_not_listed_crisis(regions):
    del regions["us"]["not_listed"]["crisis"]


def _drop_source(regions):
    del regions["us"]["services"][0]["source"]


def _drop_checked(regions):
    del regions["us"]["services"][0]["checked"]


def _bad_checked(regions):
    regions["us"]["services"][0]["checked"] = "last week"


def _unknown_source(regions):
    regions["us"]["services"][0]["source"] = "nowhere"


def _english_only_where_french_exists(regions):
    regions["fr"]["services"][0]["source"] = "test-bilingual"
    regions["fr"]["services"][0]["links"] = {"en": "https://example.org/en/"}


def _listed_and_not_listed(regions):
    regions["us"]["not_listed"]["emergency"] = "not_verified"


def _link_without_language(regions):
    regions["us"]["services"][0]["links"] = {"url": "https://example.org/"}


def _support_group(regions) -> dict:
    return next(s for s in regions["us"]["services"] if s["kind"] == "support_group")


def _support_group_without_source(regions):
    del _support_group(regions)["source"]


def _support_group_english_only_where_french_exists(regions):
    group = _support_group(regions)
    group["source"], group["links"] = "test-bilingual", {"en": "https://example.org/en/"}


def _naloxone_neither_listed_nor_explained(regions):
    del regions["fr"]["not_listed"]["naloxone"]


def _brands_from_an_unknown_source(regions):
    regions["fr"]["medicine_brands"] = {"baclofen": {"names": ["Liorésal"], "source": "nowhere", "checked": "2026-12-03"}}


def _brands_without_a_source(regions):
    regions["fr"]["medicine_brands"] = {"baclofen": {"names": ["Liorésal"], "checked": "2026-12-03"}}


@pytest.mark.parametrize(
    "change",
    [
        _drop_not_listed_crisis,
        _drop_source,
        _drop_checked,
        _bad_checked,
        _unknown_source,
        _english_only_where_french_exists,
        _listed_and_not_listed,
        _link_without_language,
        _support_group_without_source,
        _support_group_english_only_where_french_exists,
        _naloxone_neither_listed_nor_explained,
        _brands_from_an_unknown_source,
        _brands_without_a_source,
    ],
)
def test_the_check_command_fails_on_broken_region_data(app, tmp_path, change):
    folder = broken_copy(tmp_path, change)
    sources = yaml.safe_load((folder / "sources.yaml").read_text(encoding="utf-8"))
    sources["test-bilingual"] = {"title": "t", "url": "https://example.org/en/", "url_fr": "https://example.org/fr/"}
    (folder / "sources.yaml").write_text(yaml.safe_dump(sources, allow_unicode=True), encoding="utf-8")
    with pytest.raises(QuestionnaireError):
        load_library(folder)
    result = app.test_cli_runner().invoke(args=["questionnaires", "check", "--folder", str(folder)])
    assert result.exit_code == 1
    assert "Invalid" in result.output


@pytest.mark.parametrize(
    "words",
    [
        {"fr_CA": [{"france": "cookie", "local": "témoin", "source": "nowhere", "checked": "2026-12-06"}]},
        {"fr_CA": [{"france": "cookie", "local": "témoin", "checked": "2026-12-06"}]},
        {"Canada": [{"france": "cookie", "local": "témoin", "source": "test", "checked": "2026-12-06"}]},
    ],
    ids=["unknown_source", "no_source", "not_a_locale"],
)
def test_the_check_command_fails_on_broken_regional_french(app, tmp_path, words):
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    good = {"fr_CA": [{"france": "cookie", "local": "témoin", "source": "test", "checked": "2026-12-06"}]}
    (folder / "regional_french.yaml").write_text(yaml.safe_dump(good, allow_unicode=True), encoding="utf-8")
    assert load_library(folder).regional_french == good  # the unbroken copy loads
    (folder / "regional_french.yaml").write_text(yaml.safe_dump(words, allow_unicode=True), encoding="utf-8")
    with pytest.raises(QuestionnaireError):
        load_library(folder)
    result = app.test_cli_runner().invoke(args=["questionnaires", "check", "--folder", str(folder)])
    assert result.exit_code == 1 and "Invalid" in result.output


def test_the_check_command_passes_the_real_data(app):
    result = app.test_cli_runner().invoke(args=["questionnaires", "check"])
    assert result.exit_code == 0, result.output
    assert "regional French fr_CA, fr_BE, fr_CH, 9 regions: all valid" in result.output


def test_every_region_lists_or_explains_every_kind(app):
    for code, region in app.extensions["passage_library"].helplines.items():
        listed = {s["kind"] for s in region["services"]} | set(region.get("not_listed") or {})
        assert listed >= set(SHOWN_KINDS), code


# --- Region-specific French words --------------------------------------------------------------


def privacy_text(visitor: Visitor, lang: str, code: str) -> str:
    choose(visitor, lang, code, f"/{lang}/privacy")
    return BeautifulSoup(visitor.get(f"/{lang}/privacy").get_data(as_text=True), "html.parser").select_one("main").get_text()


def test_quebec_french_says_temoin_where_france_says_cookie(visitor):
    quebec = privacy_text(visitor, "fr", "ca_qc")
    assert "témoin" in quebec and "cookie" not in quebec.lower()
    assert "cookie" in privacy_text(visitor, "fr", "fr")
    assert "cookie" in privacy_text(visitor, "en", "ca_qc")


def test_regional_words_keep_a_capital_and_whole_words_only():
    from app.engine.regions import regional_french

    words = [{"france": "cookie", "local": "témoin"}, {"france": "BPCO", "local": "MPOC"}]
    assert regional_french("Le cookie, ce cookie. Cookie", words) == "Le témoin, ce témoin. Témoin"
    assert regional_french("la BPCO ou une BPCOX", words) == "la MPOC ou une BPCOX"


# --- Support groups, family groups and naloxone, per region -----------------------------------


def test_the_unbroken_fixture_loads_so_each_broken_copy_fails_for_its_own_change():
    from tests.support.apps import MINI

    assert set(load_library(MINI).helplines) == {"us", "fr", "other"}


@pytest.mark.parametrize("kind", ["support_group", "family_support_group", "naloxone"])
def test_every_group_and_naloxone_entry_has_a_dated_source_and_a_page(app, kind):
    library = app.extensions["passage_library"]
    found = 0
    for code, region in library.helplines.items():
        for service in Region(code, region).services(kind):
            found += 1
            source = library.sources[service["source"]]
            assert source["title"] and source["url"], (code, service["name"])
            assert service["checked"] in ("2026-12-03", "2026-12-06") and service["links"], (code, service["name"])
            if source.get("url_fr"):
                assert service["links"].get("fr") == source["url_fr"], (code, service["name"])
    assert found >= 3


def test_french_speaking_regions_have_their_own_french_language_groups(app):
    library = app.extensions["passage_library"]
    for code in ("fr", "be", "ch", "ca_qc"):
        groups = Region(code, library.helplines[code]).services("support_group")
        assert groups and all("fr" in group["links"] for group in groups), code
    assert (
        Region("ca_qc", library.helplines["ca_qc"]).services("family_support_group")[0]["links"]["fr"]
        == "https://al-anon.org/fr/"
    )


def test_the_phone_boxes_show_no_group_or_naloxone_entry(app):
    for code, region in app.extensions["passage_library"].helplines.items():
        assert not {s["kind"] for s in Region(code, region).services()} & {"support_group", "family_support_group", "naloxone"}, (
            code
        )


def meeting_links(visitor: Visitor, lang: str, code: str):
    choose(visitor, lang, code, f"/{lang}/intake/results")
    soup = BeautifulSoup(visitor.get(f"/{lang}/intake/results").get_data(as_text=True), "html.parser")
    # The plan's supports card lists the region's own groups.
    return soup.select('li.plan-card--supports li[data-kind="support_group"] a.service-link')


def test_french_results_link_the_regions_own_groups_not_an_english_list(app):
    library = app.extensions["passage_library"]
    visitor = Visitor(app.test_client())
    see_results(visitor, app, lang="fr")
    for code in ("fr", "be", "ch", "ca_qc"):
        wanted = [s["links"]["fr"] for s in Region(code, library.helplines[code]).services("support_group")]
        links = meeting_links(visitor, "fr", code)
        assert [a["href"] for a in links] == wanted, code
        assert not any(a.has_attr("lang") for a in links), code
    english_only = meeting_links(visitor, "fr", "uk")
    assert english_only and all(a["lang"] == "en" for a in english_only)
    assert all(a.find_next_sibling("span").get_text() == "(en anglais)" for a in english_only)
    assert meeting_links(visitor, "fr", "other") == []


# --- Brand names: only where the medicine is sold under them ----------------------------------


def baclofen_hint(app, lang: str, code: str) -> str:
    """The hint under "Do you take baclofen?", reached as a person would (first page answered)."""
    from tests.support.walk import form_value, safe_answers, start

    visitor = Visitor(app.test_client())
    first = app.extensions["passage_library"].questionnaires["intake"].pages[0]
    answers = safe_answers(app)
    start(visitor, "self", lang)
    visitor.get(f"/{lang}/intake/questions/{first.id}")
    visitor.submit(
        f"/{lang}/intake/questions/{first.id}", {i.id: form_value(answers[i.id]) for i in first.items if i.id in answers}
    )
    choose(visitor, lang, code, f"/{lang}/intake/questions/substances")
    soup = BeautifulSoup(visitor.get(f"/{lang}/intake/questions/substances").get_data(as_text=True), "html.parser")
    return soup.select_one("#baclofen_use-hint").get_text(" ")


@pytest.mark.parametrize(
    ("code", "shown", "never"),
    [
        ("fr", ["Liorésal", "Baclocur"], []),
        ("be", ["Lioresal"], ["Baclocur", "Liorésal"]),
        ("ch", ["Lioresal"], ["Baclocur", "Liorésal"]),
        ("ca_qc", [], ["Baclocur", "Lioresal", "Liorésal", "Nom commercial"]),
        ("other", [], ["Baclocur", "Lioresal", "Liorésal", "Nom commercial"]),
    ],
)
def test_baclofen_brand_names_are_those_sold_in_the_region(app, code, shown, never):
    hint = baclofen_hint(app, "fr", code)
    assert all(name in hint for name in shown), hint
    assert not any(word in hint for word in never), hint


def test_the_brand_sentence_is_plural_for_two_names_and_translated(app):
    assert "Noms commerciaux\u00a0: Liorésal, Baclocur." in baclofen_hint(app, "fr", "fr")
    assert "Brand name: Lioresal." in baclofen_hint(app, "en", "be")


def service_contact(app, lang: str, service: dict):
    from flask import render_template_string

    with app.test_request_context("/", headers={"Accept-Language": lang}):
        app.preprocess_request()
        html = render_template_string('{% include "_service_contact.html" %}', service=service)
    return BeautifulSoup(html, "html.parser").select_one("a.service-link")


def test_a_translated_name_linking_an_english_page_is_marked_by_hreflang_not_lang(app):
    ontario = app.extensions["passage_library"].helplines["ca_on"]
    naloxone = Region("ca_on", ontario).services("naloxone")[0]
    link = service_contact(app, "fr", naloxone)
    assert link.get_text() == "Trousses de naloxone gratuites en Ontario"
    assert link["hreflang"] == "en" and not link.has_attr("lang")
    assert link.find_next_sibling("span").get_text() == "(en anglais)"
    connex = service_contact(app, "fr", Region("ca_on", ontario).services("locator")[0])
    assert connex["lang"] == "en" and connex["hreflang"] == "en"  # a proper name, written in English


def test_family_results_link_the_regions_family_groups_in_french(app):
    library = app.extensions["passage_library"]
    visitor = Visitor(app.test_client())
    see_results(visitor, app, perspective="family", lang="fr")
    for code in ("be", "ch", "ca_qc", "fr"):
        choose(visitor, "fr", code, "/fr/intake/results")
        soup = BeautifulSoup(visitor.get("/fr/intake/results").get_data(as_text=True), "html.parser")
        section = soup.find(id="family-help-title").find_parent("section")
        wanted = [s["links"]["fr"] for s in Region(code, library.helplines[code]).services("family_support_group")]
        assert [a["href"] for a in section.select("li.service[data-kind=family_support_group] a.service-link")] == wanted, code
    assert wanted == ["https://al-anon.fr/"]  # France's own Al-Anon, never another country's


def test_all_the_numbers_write_a_line_that_serves_two_kinds_once(app):
    # Belgium's Infor-Drogues is both the drug helpline and the line for families: one line, with both kinds named.
    library = app.extensions["passage_library"]
    belgium = Region("be", library.helplines["be"])
    shared = [kinds for kinds, service in belgium.lines() if service["number"] == "02 227 52 52"]
    assert shared == [("drug_helpline", "family_line")]
    visitor = Visitor(app.test_client())
    see_results(visitor, app, perspective="family", lang="fr")
    choose(visitor, "fr", "be", "/fr/intake/results")
    soup = BeautifulSoup(visitor.get("/fr/intake/results").get_data(as_text=True), "html.parser")
    listed = soup.select("details#all-numbers li.service")
    assert len(listed) == len(belgium.lines()) < len(belgium.services())
    infor = [li for li in listed if "02 227 52 52" in li.get_text()]
    assert len(infor) == 1 and infor[0]["data-kind"] == "drug_helpline family_line"
    assert infor[0].select_one(".service-kind").get_text() == "Ligne d’aide drogues et médicaments, Pour les proches"
