"""This request's words (app/i18n/wording.py): one object for Python and Jinja, its catalog looked up
once per request, what it works out kept per process for each catalog, never anything of a person."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale
from markupsafe import escape

from app.i18n import words
from tests.support import html_page
from tests.support.people import RESULT_PLANS
from tests.support.visitor import Visitor


def test_a_render_inside_force_locale_is_in_that_language(app):
    template = "{{ _('Yes') }} / {{ ngettext('%(num)s answer', '%(num)s answers', 2) }}"
    with app.test_request_context("/en/"):
        assert render_template_string(template) == "Yes / 2 answers"
        with force_locale("fr"):
            french = render_template_string(template)
    assert french.startswith("Oui / 2 ")


def test_python_and_the_page_read_the_same_words_object(app):
    from app.i18n.wording import current_wording

    template = "{{ wording.lang }}|{{ wording is sameas(said) }}|{{ _('Yes') }}"
    with app.test_request_context("/fr/"), force_locale("fr"):
        said = current_wording()
        assert current_wording() is said  # once per request
        assert render_template_string(template, said=said) == "fr|True|Oui"
        assert said.PATHWAY_NAMES is current_wording().PATHWAY_NAMES  # a table worked out once
        with force_locale("en"):
            assert current_wording().lang == "en" and current_wording()("Yes") == "Yes"
        assert current_wording() is said


def test_kept_words_are_messages_and_questionnaire_codes_never_a_persons_answers(app):
    visitor = Visitor(app.test_client())
    visitor.get("/fr/intake/start")
    visitor.submit("/fr/intake/start", {"perspective": "self"})
    answers = RESULT_PLANS["residential"][0]
    visitor.answer_until_done(answers)
    page = visitor.get("/fr/intake/results")
    assert "Vos réponses" in html_page.page_text(page)
    kept = app.extensions["passage_wording"]
    assert kept, "the results page was rendered through the page's words"
    regions = app.extensions["passage_library"].helplines
    kinds = {key[0] for cache in kept.values() for key in cache if isinstance(key, tuple)}
    assert {"table", "site", "change-url", "all-numbers"} <= kinds, kinds
    pages = {page.id for page in app.extensions["passage_library"].questionnaires["intake"].pages}
    for cache in kept.values():
        for key in cache:
            # A message, one question's choices / one option's label, one of app/i18n/words.py's tables,
            # a region's services box or its fold of every number on one page, a part of every page's
            # frame, where a question page is, or a question's field with nothing ticked: never a whole set of answers.
            kinds_kept = ("choices", "label", "table", "helplines", "all-numbers", "site", "change-url", "choice-field")
            assert isinstance(key, str) or key[0] in kinds_kept, key
            if isinstance(key, tuple) and key[0] == "change-url":
                assert key[1:] in {("intake", page, "fr", "") for page in pages}, key
            if isinstance(key, tuple) and key[0] == "label":
                assert not isinstance(key[3], (list, dict)), key
            if isinstance(key, tuple) and key[0] == "table":
                assert isinstance(getattr(words, key[1]), dict), key
            if isinstance(key, tuple) and key[0] == "site":
                _, template, lang, script_root, questionnaire = key
                assert (
                    template.startswith("_site_") and lang == "fr" and script_root == "" and questionnaire in (None, "intake")
                ), key
            if isinstance(key, tuple) and key[0] == "helplines":
                _, region, chosen, shown, lang, script_root, path = key
                assert region in regions and isinstance(chosen, bool) and (shown is None or isinstance(shown, tuple)), key
                assert (lang, script_root, path) == ("fr", "", "/fr/intake/results"), key
            if isinstance(key, tuple) and key[0] == "choice-field":  # a question's field, nothing ticked
                _, item, perspective, region = key
                assert isinstance(item, int) and perspective == "self" and (region is None or region in regions), key
            if isinstance(key, tuple) and key[0] == "all-numbers":
                _, region, chosen, lang, script_root, path = key
                assert region in regions and isinstance(chosen, bool), key
                assert (lang, script_root, path) == ("fr", "", "/fr/intake/results"), key


def test_a_page_message_is_escaped_filled_and_keeps_a_written_percent(app):
    # `_` and `gettext` are the page's own functions; a message with `%%` and nothing
    # to fill still comes out as one `%` (formatting is skipped only when it would change nothing).
    template = "{{ _('100%% <b>sure</b>') }}|{{ gettext('Hello %(name)s', name='<i>') }}|{{ _('Yes') }}"
    with app.test_request_context("/en/"):
        rendered = render_template_string(template)
    assert rendered == "100% <b>sure</b>|Hello &lt;i&gt;|Yes"


def test_the_words_tables_follow_the_language_of_each_render(app):
    template = "{{ wording.LEVEL_NAMES['outpatient'] }}|{{ wording.RATING_MAX }}"
    with app.test_request_context("/en/"):
        english, expected_english = render_template_string(template), str(escape(words.LEVEL_NAMES["outpatient"]))
        with force_locale("fr"):
            french, expected_french = render_template_string(template), str(escape(words.LEVEL_NAMES["outpatient"]))
    assert expected_french != expected_english
    assert english == f"{expected_english}|{words.RATING_MAX}"
    assert french == f"{expected_french}|{words.RATING_MAX}"


def numbers_on(visitor: Visitor, region: str, path: str) -> list[str]:
    visitor.get("/fr/region")
    visitor.submit("/fr/region", {"region": region, "next": path})
    return [a["href"] for a in html_page.parse(visitor.get(path).get_data(as_text=True)).select(".helplines a[href^='tel:']")]


def test_each_region_gets_its_own_services_box_on_the_same_page(app):
    """The box is kept once per region: a second region on the same page never gets the first one's numbers."""
    regions = app.extensions["passage_library"].helplines
    visitor = Visitor(app.test_client())
    for region in ("fr", "be", "ca_qc", "fr"):
        expected = {
            f"tel:{s['number'].replace(' ', '').replace('-', '')}" for s in regions[region]["services"] if s.get("number")
        }
        shown = numbers_on(visitor, region, "/fr/emergency")
        assert shown and set(shown) <= expected, (region, shown)


def test_a_typed_number_is_shown_but_never_kept(mini_app):
    from tests.support.walk import see_results

    visitor = Visitor(mini_app.test_client())
    answers = see_results(visitor, mini_app)
    typed = answers["days"]
    assert isinstance(typed, int)
    shown = html_page.page_text(visitor.get("/en/intake/check"))
    assert f"{typed} days" in shown
    kept = mini_app.extensions["passage_wording"]
    labels = [key for cache in kept.values() for key in cache if isinstance(key, tuple) and key[0] == "label"]
    assert labels, "the choices' labels are kept"
    assert all(key[3] != typed for key in labels), labels


def test_change_links_are_in_the_pages_language_and_under_its_prefix(app):
    # Where each answer is changed is kept per process: French, English and a reverse proxy's
    # prefix, one after the other in the same process, each get their own links.
    links = {}
    for lang, prefix in (("fr", ""), ("en", ""), ("fr", "/passage"), ("fr", "")):
        visitor = Visitor(app.test_client())
        visitor.get(f"/{lang}/intake/start")
        visitor.submit(f"/{lang}/intake/start", {"perspective": "self"})
        visitor.answer_until_done(RESULT_PLANS["outpatient"][0])
        page = visitor.client.get(f"/{lang}/intake/results", environ_overrides={"SCRIPT_NAME": prefix})
        hrefs = [a["href"] for a in html_page.parse(page.get_data(as_text=True)).select("#answers a")]
        assert hrefs and all(href.startswith(f"{prefix}/{lang}/intake/questions/") for href in hrefs), hrefs
        assert all(href.endswith("?return=check") for href in hrefs), hrefs  # one link per topic
        links.setdefault((lang, prefix), hrefs)
    assert links["fr", ""] == [href.replace("/en/", "/fr/", 1) for href in links["en", ""]]
