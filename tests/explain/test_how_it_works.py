"""The rules page: generated from the rules data, in both languages, linked from every page and the results."""

from __future__ import annotations

import html

import pytest

from app.web.library import get_library
from tests.support import html_page
from tests.support.answer_sets import data_folders
from tests.support.apps import make_app


@pytest.fixture(params=data_folders())
def site(request, tmp_path):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(request.param))
    with app.app_context():
        library = get_library()
    return app.test_client(), library


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_every_rule_appears_with_its_source_link(site):
    client, library = site
    rules = library.rules["intake"]
    page = client.get("/en/how-it-works")
    assert page.status_code == 200
    text = _text(page)
    for rule_id in rules.all_rule_ids():
        assert f'id="rule-{rule_id}"' in text
    for rule in rules.red_flags:
        assert rule.text in text
        assert f'href="#source-{rule.source}"' in text
    soup = html_page.parse(page.get_data(as_text=True))
    for key, source in library.sources.items():
        link = soup.select_one(f'li[id="source-{key}"] a')
        assert link is not None and link["href"] == source["url"], key
        assert html_page.words(link) == " ".join(source["title"].split()), key
    for pathway in rules.pathways:
        for rule in pathway.rules:
            assert " ".join(rule.reason.split()) in " ".join(text.split())


def test_conditions_are_in_plain_words_with_question_texts(site):
    client, library = site
    questionnaire = library.questionnaires["intake"]
    rules = library.rules["intake"]
    text = " ".join(_text(client.get("/en/how-it-works")).split())
    first = rules.red_flags[0].when
    from app.engine import conditions as cond

    leaf = next(ref for ref in cond.references(first) if isinstance(ref, cond.ItemTest))
    assert questionnaire.item(leaf.item).text.for_perspective("self") in text
    assert "{'item'" not in text and '"item":' not in text  # no raw data on the page


def test_severity_thresholds_and_licensing_note_are_shown(site):
    client, library = site
    levels = library.rules["intake"].severity.levels
    text = _text(client.get("/en/how-it-works"))
    rows = {
        html_page.words(th): html_page.words(th.find_next_sibling("td")) for th in html_page.parse(text).select('th[scope="row"]')
    }
    for level in ("mild", "moderate", "severe"):
        assert rows.get(level) == str(levels[level])
    assert "not a validated instrument or an ASAM placement" in text


def test_page_exists_in_french_and_headings_are_in_order(site):
    client, _ = site
    page = client.get("/fr/how-it-works")
    assert page.status_code == 200
    text = _text(page)
    assert '<html lang="fr">' in text
    levels = html_page.heading_levels(text)
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    page_html = html_page.parse(text)
    assert not html_page.inline_scripts(text) and not page_html.find(style=True) and not page_html.find("style")


def test_unknown_questionnaire_is_a_404(site):
    client, _ = site
    assert client.get("/en/how-it-works/nope").status_code == 404


def test_footer_links_to_the_rules_page(site):
    client, _ = site
    assert 'href="/fr/how-it-works"' in _text(client.get("/fr/"))


def test_results_link_to_the_rules_page(mini_visitor):
    mini_visitor.get("/en/intake/start")
    mini_visitor.submit("/en/intake/start", {"perspective": "self"})
    mini_visitor.submit("/en/intake/questions/right_now", {"danger": "none"})
    mini_visitor.submit("/en/intake/questions/use", {"often": "weekly", "days": "3"})
    mini_visitor.submit("/en/intake/questions/mood", {"plan": "no"})
    mini_visitor.get("/en/intake/results")
    assert 'href="/en/how-it-works/intake"' in mini_visitor.text() or 'href="/en/how-it-works"' in mini_visitor.text()
