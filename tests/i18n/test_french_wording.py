"""French a French health editor would publish (issue 11): each class of fix that can be
checked mechanically, on the catalog and on the pages a French reader sees."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.i18n import words
from tests.support import html_page
from tests.support.people import RESULT_PLANS
from tests.support.visitor import Visitor

ROOT = Path(__file__).resolve().parents[2]
# The official French name of Canada's 9-8-8 line (988.ca/fr) keeps its own words.
OFFICIAL_NAMES = {"9-8-8: Suicide Crisis Helpline"}


def french_entries() -> list[tuple[str, str]]:
    """(English, French) for every entry, each plural form on its own: the catalog's, and the retired
    texts older records still show (app/i18n/retired.py)."""
    pairs = []
    for path in (ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po", ROOT / "translations" / "fr" / "retired.po"):
        pairs += _entries(path)
    return pairs


def _entries(path: Path) -> list[tuple[str, str]]:
    with open(path, "rb") as po:
        catalog = read_po(po)
    pairs = []
    for message in catalog:
        if not message.id:
            continue
        english = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs.extend((english, french) for french in strings)
    return pairs


@pytest.mark.parametrize(
    ("calque", "why"),
    [
        ("ligne d’aide en cas de crise", "a calque of 'crisis line': say ligne d’écoute / de prévention du suicide"),
        ("lieu de vie", "say logement, chez vous or domicile"),
        ("lieux de vie", "say logements or domiciles"),
        ("(désintoxication)", "French clinicians say sevrage"),
        ("Il apprend à", "CRAFT teaches the relatives; it does not learn"),
        ("carisoprodol", "not sold in France, Belgium or Switzerland"),
    ],
)
def test_the_catalog_has_none_of_the_reworked_wordings(calque, why):
    found = [english for english, french in french_entries() if calque in french and english not in OFFICIAL_NAMES]
    assert not found, f"{calque!r} ({why}) in: {found}"


def test_a_pathway_name_is_never_followed_by_a_participle_that_would_need_its_gender():
    for english, french in french_entries():
        if "%(pathway)s" in english:
            assert "»" in french and not french.rstrip().endswith(("suggéré", "suggérée", "à envisager")), french


def test_opioid_examples_include_tramadol_in_both_languages():
    pairs = dict(french_entries())
    english = next(e for e in pairs if e.startswith("Opioids (for example"))
    assert "tramadol" in english and "tramadol" in pairs[english]


@pytest.mark.parametrize(
    ("count", "start", "verb"),
    [(0, "Aucun des 11 signes", "n’a reçu"), (1, "1 des 11 signes", "a reçu"), (3, "3 des 11 signes", "ont reçu")],
)
def test_the_count_of_signs_reads_right_from_zero(app, count, start, verb):
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        sentence = words.signs_answered_yes(count, 11)
    assert sentence.startswith(start) and verb in sentence


def test_the_english_count_of_signs_says_none_for_zero(app):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert words.signs_answered_yes(0, 11).startswith("None of the 11 signs")
        assert "were answered yes" in words.signs_answered_yes(2, 11)


# --- Sources on French pages: English titles and pages are marked, French ones preferred --------


def cited_links(app, lang: str):
    html = Visitor(app.test_client()).get(f"/{lang}/how-it-works").get_data(as_text=True)
    soup = html_page.parse(html)
    return soup, {li["id"].removeprefix("source-"): li.select_one("a.source-link") for li in soup.select('li[id^="source-"]')}


def test_french_pages_mark_every_english_source_and_prefer_the_french_page(app):
    sources = app.extensions["passage_library"].sources
    _, links = cited_links(app, "fr")
    assert set(links) == set(sources)
    for key, link in links.items():
        source = sources[key]
        note = link.find_next_sibling("span", class_="link-language")
        if source.get("url_fr"):
            assert link["href"] == source["url_fr"] and note is None, key
        elif source.get("lang", "en") == "en":
            assert link["lang"] == "en" and link["hreflang"] == "en", key
            assert note is not None and note.get_text() == "(en anglais)", key
        else:
            assert not link.has_attr("lang") and note is None, key


def test_a_french_title_is_given_where_the_source_has_one(app):
    _, links = cited_links(app, "fr")
    assert html_page.words(links["al-anon"]) == "Groupes familiaux Al-Anon"
    assert not links["al-anon"].has_attr("lang")
    assert links["ansm-baclofen"]["href"] == "https://ansm.sante.fr/" and not links["ansm-baclofen"].has_attr("lang")


def test_english_pages_mark_french_only_sources(app):
    _, links = cited_links(app, "en")
    assert links["fr-3114"]["lang"] == "fr"
    assert links["fr-3114"].find_next_sibling("span").get_text() == "(in French)"
    assert not links["nhs-baclofen"].has_attr("lang")


def test_rule_tables_mark_english_titles_on_the_french_page(app):
    sources = app.extensions["passage_library"].sources
    soup, _ = cited_links(app, "fr")
    inline = [a for a in soup.select('a[href^="#source-"]')]
    assert inline
    for anchor in inline:
        source = sources[anchor["href"].removeprefix("#source-")]
        english_title = source.get("lang", "en") == "en" and not source.get("title_fr")
        assert (anchor.get("lang") == "en") == english_title, anchor["href"]


# --- Region words: each region's French, from the region data ---------------------------------


def page_text(visitor: Visitor, region: str, path: str) -> str:
    visitor.get("/fr/region")
    visitor.submit("/fr/region", {"region": region, "next": path})
    return html_page.words(html_page.parse(visitor.get(path).get_data(as_text=True)).select_one("main"))


def test_belgian_french_says_assuetudes_where_france_says_addictologie(visitor):
    belgium = page_text(visitor, "be", "/fr/information/treatment-types")
    assert "services spécialisés en assuétudes" in belgium and "addictologie" not in belgium
    switzerland = page_text(visitor, "ch", "/fr/information/treatment-types")
    assert "services d’addictologie" in switzerland


def french_messages() -> list[tuple[str | tuple[str, str], str]]:
    """(msgid, French) for every entry, each plural form on its own."""
    with open(ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalog = read_po(po)
    pairs = []
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs.extend((message.id, french) for french in strings if message.id)
    return pairs


def served_in(app, region: str, message) -> str:
    """A message as Flask-Babel serves it on a French page of `region` (its catalog: fr, fr_CA…)."""
    from flask_babel import force_locale, get_translations

    from app.i18n.languages import regional_locale

    with app.test_request_context("/fr/"), force_locale(regional_locale("fr", region)):
        translations = get_translations()
        if isinstance(message, tuple):
            return translations.ungettext(message[0], message[1], 2) + translations.ungettext(message[0], message[1], 1)
        return translations.ugettext(message)


@pytest.mark.parametrize(
    ("region", "france", "local"),
    [
        ("ca_qc", "BPCO", "MPOC"),
        ("ca_on", "BPCO", "MPOC"),
        ("ca_other", "BPCO", "MPOC"),
        ("ca_on", "cookie", "témoin"),
        ("ca_qc", "traitement de substitution", "traitement par agonistes opioïdes"),
        ("be", "service d’addictologie", "service spécialisé en assuétudes"),
    ],
)
def test_every_french_text_with_a_france_only_word_reads_in_the_regions_word(app, region, france, local):
    # Served from the region's catalog, built at install from France's (questionnaires/regional_french.yaml).
    messages = [message for message, french in french_messages() if france in french]
    assert messages, france
    for message in messages:
        served = served_in(app, region, message)
        assert local in served and france not in served, served


def test_france_only_words_stay_for_readers_in_france_and_elsewhere(app):
    singular = [(message, french) for message, french in french_messages() if isinstance(message, str)]
    kept = [(message, french) for message, french in singular if "BPCO" in french or "cookie" in french]
    assert kept
    for message, french in kept:
        assert served_in(app, "fr", message) == served_in(app, "other", message) == french


def test_the_results_sources_are_cited_as_on_every_other_page(app):
    # The sources under "Sources and how Passage decides" on a French results page: a French page
    # where one exists, else the English title marked lang="en" with "(en anglais)".
    sources = app.extensions["passage_library"].sources
    visitor = Visitor(app.test_client())
    visitor.get("/fr/intake/start")
    visitor.submit("/fr/intake/start", {"perspective": "self"})
    visitor.answer_until_done(RESULT_PLANS["hospital_withdrawal"][0])
    listed = html_page.parse(visitor.get("/fr/intake/results").get_data(as_text=True)).select("#sources ul.sources a")
    assert len(listed) >= 2
    by_url = {source.get("url_fr", source["url"]): source for source in sources.values()}
    for link in listed:
        source = by_url[link["href"]]
        english = source.get("lang", "en") == "en" and not source.get("url_fr")
        assert (link.get("hreflang") == "en") == english, link
        assert (link.get("lang") == "en") == (
            not source.get("title_fr") and source.get("title_lang", source.get("lang", "en")) == "en"
        )
        if english:
            assert link.find_next_sibling("span").get_text() == "(en anglais)"


def test_severity_in_running_text_says_modere_or_severe_and_the_labels_keep_the_design_words():
    """Issue 26: « trouble de l’usage moyen ou grave » reads oddly in a sentence; clinical French says modéré /
    sévère there. The three severity labels keep DESIGN.md's léger / moyen / grave (the French DSM-5's specifiers)."""
    entries = french_entries()
    running = [french for english, french in entries if "moderate or severe use disorder" in english]
    assert running and all("modéré ou sévère" in french for french in running)
    assert not any("usage moyen ou grave" in french for _, french in entries)
    labels = {english: french for english, french in entries if english.startswith("Signs of a ") and english.endswith("problem")}
    assert labels["Signs of a moderate problem"].endswith("moyen") and labels["Signs of a severe problem"].endswith("grave")


def test_dimension_reasons_address_nobody_as_vous():
    """A dimension's reason is shared by the three perspectives and lands in the counselor's summary and
    record: in French it speaks of the answer, never to « vous » (who did not know)."""
    import re

    import yaml

    rules = yaml.safe_load((ROOT / "questionnaires" / "intake" / "rules.yaml").read_text(encoding="utf-8"))
    french = dict(french_entries())
    reasons = [" ".join(rule["reason"].split()) for dimension in rules["dimensions"] for rule in dimension["rules"]]
    addressed = [french[reason] for reason in reasons if re.search(r"\b(vous|votre|vos)\b", french[reason], re.IGNORECASE)]
    assert addressed == []
