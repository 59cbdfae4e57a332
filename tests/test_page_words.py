"""The words of a rendered page (app/page_words.py): looked up once per render, kept per process
for each catalog and region, and never holding anything of a person."""

from __future__ import annotations

import html_page
from conftest import Visitor
from flask import render_template_string
from flask_babel import force_locale
from result_plans import RESULT_PLANS


def test_a_render_inside_force_locale_is_in_that_language(app):
    template = "{{ _('Yes') }} / {{ ngettext('%(num)s answer', '%(num)s answers', 2) }}"
    with app.test_request_context("/en/"):
        assert render_template_string(template) == "Yes / 2 answers"
        with force_locale("fr"):
            french = render_template_string(template)
    assert french.startswith("Oui / 2 ")


def test_kept_words_are_messages_and_questionnaire_codes_never_a_persons_answers(app):
    visitor = Visitor(app.test_client())
    visitor.get("/fr/intake/start")
    visitor.submit("/fr/intake/start", {"perspective": "self"})
    answers = RESULT_PLANS["residential"][0]
    visitor.answer_until_done(answers)
    page = visitor.get("/fr/intake/results")
    assert "Vos réponses" in html_page.page_text(page)
    kept = app.extensions["passage_page_words"]
    assert kept, "the results page was rendered through the page's words"
    for cache in kept.values():
        for key in cache:
            # A message, or one question's choices / one option's label: never a whole set of answers.
            assert isinstance(key, str) or key[0] in ("choices", "label"), key
            if isinstance(key, tuple) and key[0] == "label":
                assert not isinstance(key[3], (list, dict)), key


def test_a_page_message_is_escaped_filled_and_keeps_a_written_percent(app):
    # `_` and `gettext` are the page's own functions; a message with `%%` and nothing
    # to fill still comes out as one `%` (formatting is skipped only when it would change nothing).
    template = "{{ _('100%% <b>sure</b>') }}|{{ gettext('Hello %(name)s', name='<i>') }}|{{ _('Yes') }}"
    with app.test_request_context("/en/"):
        rendered = render_template_string(template)
    assert rendered == "100% <b>sure</b>|Hello &lt;i&gt;|Yes"
